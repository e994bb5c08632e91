"""pyvo's DataLink client against Skyport (issue 9, Done-when 1 and 3). Usage: pyvo_datalink.py BASE.
Prints JSON with what the client saw; the TypeScript test judges it."""
import io
import json
import sys
import urllib.parse

import numpy as np
import pyvo
from PIL import Image

base = sys.argv[1]
out = {}
sia = pyvo.dal.sia2.SIAService(base + "/sia")
res = sia.search(calib_level=3, maxrec=100)
coadds = [r for r in res if str(r["dataproduct_subtype"]) == "lsst.deep_coadd"]
row = coadds[0]
did = str(row["obs_publisher_did"])
uuid = did.split("id=")[1]
dl = row.getdatalink()
out["semantics"] = sorted({str(s) for s in dl["semantics"]})


def did_of(url):
    return urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["ID"][0]


progenitors = [did_of(str(r["access_url"])) for r in dl if str(r["semantics"]) == "#progenitor"]
out["progenitors"] = sorted(p.split("id=")[1] for p in progenitors)
tap = pyvo.dal.TAPService(base + "/tap")
prov = tap.run_sync(f"SELECT inputID FROM caom2.ProvenanceInput WHERE planeID = '{uuid}'")
out["caom2_inputs"] = sorted(str(r["inputID"]) for r in prov)

# Walk one level down and back up: a visit image's links list the coadd as a derivation.
child = pyvo.dal.adhoc.DatalinkResults.from_result_url(base + "/datalink/links?ID=" + urllib.parse.quote(progenitors[0]))
out["child_semantics"] = sorted({str(s) for s in child["semantics"]})
out["child_derivations"] = sorted(did_of(str(r["access_url"])).split("id=")[1] for r in child if str(r["semantics"]) == "#derivation")

this = [r for r in dl if str(r["semantics"]) == "#this"][0]
session = tap._session
f = session.get(str(this["access_url"]))
out["this_type"] = f.headers.get("Content-Type")
out["this_length_ok"] = int(this["content_length"]) == len(f.content)
out["this_fits"] = f.content[:30].decode("ascii", "replace")
part = session.get(str(this["access_url"]), headers={"Range": "bytes=2880-5759"})
out["range_status"] = part.status_code
out["range_ok"] = part.content == f.content[2880:5760]

previews = {}
for r in dl:
    if str(r["semantics"]) != "#preview":
        continue
    url = str(r["access_url"])
    first = session.get(url)
    second = session.get(url)
    im = Image.open(io.BytesIO(first.content))
    im.load()
    a = np.asarray(im, dtype=float)
    previews[str(r["content_type"])] = {
        "format": im.format, "mode": im.mode, "size": list(im.size), "std": float(a.std()),
        "p99_minus_median": float(np.percentile(a, 99.9) - np.median(a)),
        "cache": [first.headers.get("X-Preview-Cache"), second.headers.get("X-Preview-Cache")],
        "same": first.content == second.content,
    }
out["previews"] = previews

# A TAP result row carries the DataLink descriptor too.
t = tap.run_sync(f"SELECT obs_publisher_did, s_ra FROM ivoa.ObsCore WHERE obs_publisher_did = '{did}'")
out["tap_row_semantics"] = sorted({str(s) for s in t[0].getdatalink()["semantics"]})
print(json.dumps(out))
