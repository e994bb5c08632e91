"""pyvo's SIA2 client against Skyport (issue 9, Done-when 1): every SIA 2.0 parameter, alone and
combined, checked against the ObsCore rows filtered here in Python (independently of the server's
query path). Usage: pyvo_sia.py BASE_URL. Prints a JSON list of failures (empty = all good) and
the number of checks.
"""
import json
import math
import sys

import pyvo
from astropy.time import Time

base = sys.argv[1]
tap = pyvo.dal.TAPService(base + "/tap")
cols = ("obs_publisher_did, s_ra, s_dec, s_fov, em_min, em_max, t_min, t_max, t_exptime, calib_level, dataproduct_type, "
        "obs_collection, instrument_name, facility_name, s_resolution, access_format, target_name, pol_states, t_resolution, em_res_power")
rows = [dict(zip(r.keys(), r.values())) for r in (dict(x) for x in tap.run_sync(f"SELECT {cols} FROM ivoa.ObsCore", maxrec=100000))]
universe = {r["obs_publisher_did"]: r for r in rows}
sia = pyvo.dal.sia2.SIAService(base + "/sia")
failures = []
checks = 0


def val(x):
    try:
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else x
    except TypeError:
        return x


def overlap(lo, hi, a, b):
    a, b = val(a), val(b)
    return a is not None and b is not None and a <= hi and b >= lo


def sep(ra1, dec1, ra2, dec2):
    r = math.radians
    c = math.sin(r(dec1)) * math.sin(r(dec2)) + math.cos(r(dec1)) * math.cos(r(dec2)) * math.cos(r(ra1 - ra2))
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def check(name, result, must, may=lambda r: False):
    """must(row): the row must be returned; may(row): the row may be returned (boundary cases)."""
    global checks
    checks += 1
    got = {str(r["obs_publisher_did"]) for r in result}
    want = {d for d, r in universe.items() if must(r)}
    allowed = want | {d for d, r in universe.items() if may(r)}
    missing = sorted(want - got)
    extra = sorted(got - allowed)
    if missing or extra or len(want) == 0 and name.endswith("+"):
        failures.append({"check": name, "missing": missing[:5], "extra": extra[:5], "want": len(want), "got": len(got)})


some = rows[0]
ra0, dec0 = float(some["s_ra"]), float(some["s_dec"])
# POS: rows whose centre is inside the circle must come back; rows too far for any overlap must not.
r = 0.05
check("POS circle+", sia.search(pos=(ra0, dec0, r)), lambda x: sep(ra0, dec0, x["s_ra"], x["s_dec"]) < r,
      lambda x: sep(ra0, dec0, x["s_ra"], x["s_dec"]) <= r + float(x["s_fov"]) / 2 + 1e-9)
check("POS range+", sia.search(pos=(ra0 - 0.05, ra0 + 0.05, dec0 - 0.05, dec0 + 0.05)),
      lambda x: abs(x["s_ra"] - ra0) < 0.05 and abs(x["s_dec"] - dec0) < 0.05,
      lambda x: abs(x["s_ra"] - ra0) < 0.05 + float(x["s_fov"]) and abs(x["s_dec"] - dec0) < 0.05 + float(x["s_fov"]))
d = 0.04
check("POS polygon+", sia.search(pos=(ra0 - d, dec0 - d, ra0 + d, dec0 - d, ra0 + d, dec0 + d, ra0 - d, dec0 + d)),
      lambda x: abs(x["s_ra"] - ra0) < d * 0.9 and abs(x["s_dec"] - dec0) < d * 0.9,
      lambda x: sep(ra0, dec0, x["s_ra"], x["s_dec"]) <= d * 1.5 + float(x["s_fov"]))
check("BAND+", sia.search(band=(600e-9, 650e-9)), lambda x: overlap(600e-9, 650e-9, x["em_min"], x["em_max"]))
check("BAND value+", sia.search(band=620e-9), lambda x: overlap(620e-9, 620e-9, x["em_min"], x["em_max"]))
t0 = float(some["t_min"])
check("TIME+", sia.search(time=(Time(t0 - 0.001, format="mjd"), Time(t0 + 0.001, format="mjd"))), lambda x: overlap(t0 - 0.001, t0 + 0.001, x["t_min"], x["t_max"]))
check("EXPTIME+", sia.search(exptime=(10, 1000)), lambda x: val(x["t_exptime"]) is not None and 10 <= x["t_exptime"] <= 1000)
check("CALIB+", sia.search(calib_level=2), lambda x: x["calib_level"] == 2)
check("CALIB or+", sia.search(calib_level=[1, 3]), lambda x: x["calib_level"] in (1, 3))
check("DPTYPE+", sia.search(data_type="image"), lambda x: x["dataproduct_type"] == "image")
coll = str(some["obs_collection"])
check("COLLECTION+", sia.search(collection=coll), lambda x: x["obs_collection"] == coll)
check("COLLECTION other", sia.search(collection=coll.lower() + "-nope"), lambda x: False)
check("INSTRUMENT+", sia.search(instrument=str(some["instrument_name"])), lambda x: x["instrument_name"] == some["instrument_name"])
check("FACILITY+", sia.search(facility=str(some["facility_name"])), lambda x: x["facility_name"] == some["facility_name"])
fov = float(some["s_fov"])
check("FOV+", sia.search(field_of_view=(fov * 0.99, fov * 1.01)), lambda x: fov * 0.99 <= x["s_fov"] <= fov * 1.01)
res = val(some["s_resolution"])
if res is not None:
    check("SPATRES+", sia.search(spatial_resolution=(res / 3600 * 0.9, res / 3600 * 1.1)),
          lambda x: val(x["s_resolution"]) is not None and res * 0.9 <= x["s_resolution"] <= res * 1.1)
fmt = str(some["access_format"])
check("FORMAT+", sia.search(res_format=fmt), lambda x: x["access_format"] == fmt)
did = str(some["obs_publisher_did"])
check("ID case-insensitive+", sia.search(publisher_did=did.upper()), lambda x: str(x["obs_publisher_did"]).lower() == did.lower())
check("POL+", sia.search(pol="I"), lambda x: "/I/" in str(val(x["pol_states"]) or ""))
check("POL other", sia.search(pol=["Q", "U"]), lambda x: any(f"/{s}/" in str(val(x["pol_states"]) or "") for s in ("Q", "U")))
check("TARGET (none set)", sia.search(target_name="M31"), lambda x: x["target_name"] == "M31")
check("TIMERES (not recorded)", sia.search(timeres=(0, 10)), lambda x: val(x["t_resolution"]) is not None and 0 <= x["t_resolution"] <= 10)
check("SPECRP+", sia.search(spectral_resolving_power=(0, 100)), lambda x: val(x["em_res_power"]) is not None and 0 <= x["em_res_power"] <= 100)
check("BAND and CALIB and POS+", sia.search(pos=(ra0, dec0, 1.0), band=(600e-9, 650e-9), calib_level=[2, 3]),
      lambda x: sep(ra0, dec0, x["s_ra"], x["s_dec"]) < 1.0 and overlap(600e-9, 650e-9, x["em_min"], x["em_max"]) and x["calib_level"] in (2, 3),
      lambda x: sep(ra0, dec0, x["s_ra"], x["s_dec"]) < 1.0 + float(x["s_fov"]) and overlap(600e-9, 650e-9, x["em_min"], x["em_max"]) and x["calib_level"] in (2, 3))
limited = sia.search(calib_level=[1, 2, 3], maxrec=3)
checks += 1
if len(limited) != 3:
    failures.append({"check": "MAXREC", "got": len(limited)})
print(json.dumps({"failures": failures, "checks": checks, "rows": len(rows)}))
