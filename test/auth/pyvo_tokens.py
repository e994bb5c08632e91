"""pyvo reaches Skyport's protected services with a token (issue 11, Done-when 3).

argv: base URL, token. Prints JSON: what each client form saw.
Bearer: an Authorization header on the requests session (what pyvo's AuthSession does for tokens);
Basic: the token as the password of HTTP Basic (what TOPCAT-style clients send).
"""
import json
import sys

import pyvo
import requests

base, token = sys.argv[1], sys.argv[2]
out = {}

bearer = requests.Session()
bearer.headers["Authorization"] = f"Bearer {token}"
tap = pyvo.dal.TAPService(f"{base}/tap", session=bearer)
out["bearer_sync_count"] = int(tap.run_sync("SELECT COUNT(*) AS n FROM ivoa.ObsCore")["n"][0])
out["bearer_async_count"] = int(tap.run_async("SELECT COUNT(*) AS n FROM ivoa.ObsCore")["n"][0])

basic = requests.Session()
basic.auth = ("skyport", token)
sia = pyvo.dal.sia2.SIAService(f"{base}/sia", session=basic)
# pyvo 1.2 SIA2 searches use the session given to search(), not the service's.
rows = sia.search(calib_level=3, maxrec=1000, session=basic)
out["basic_sia_subtypes"] = sorted({str(r["dataproduct_subtype"]) for r in rows})
out["basic_sia_rows"] = len(rows)

anonymous = requests.Session()
try:
    pyvo.dal.TAPService(f"{base}/tap", session=anonymous).run_sync("SELECT COUNT(*) AS n FROM ivoa.ObsCore")
    out["anonymous"] = "allowed"
except pyvo.dal.DALAccessError as e:
    out["anonymous"] = f"refused: {e}"
print(json.dumps(out))
