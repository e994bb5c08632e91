"""pyvo drives SODA cut-outs through the DataLink service descriptors (issue 10, Done-when 3;
issue 9, Done-when 1). Usage: pyvo_soda.py BASE OUTDIR.

For a visit image and a deep coadd found with SIA2: follow the row's DataLink, take the sync
SODA descriptor (standardID SODA#sync-1.0) and let pyvo's SodaQuery fill the ID from it and send a
CIRCLE; take the async descriptor (SODA#async-1.0), build the same query and run it as a UWS job
with pyvo's job class (create, run, wait, fetch). Saves the parent (#this) and both cut-outs in
OUTDIR and prints JSON describing them; the TypeScript test judges them with the astropy oracle.
"""
import json
import os
import sys

import pyvo
from pyvo.dal.adhoc import SodaQuery
from pyvo.dal.tap import AsyncTAPJob

base, outdir = sys.argv[1], sys.argv[2]
sia = pyvo.dal.sia2.SIAService(base + "/sia")
out = {"cases": []}
session = None
for subtype, level in (("lsst.visit_image", 2), ("lsst.deep_coadd", 3)):
    res = sia.search(calib_level=level, maxrec=200)
    row = [r for r in res if str(r["dataproduct_subtype"]) == subtype][0]
    ra, dec = float(row["s_ra"]), float(row["s_dec"])
    dl = row.getdatalink()
    session = dl._session
    this = [r for r in dl if str(r["semantics"]) == "#this"][0]
    name = subtype.split(".")[1]
    parent = os.path.join(outdir, f"{name}.parent.fits")
    with open(parent, "wb") as f:
        f.write(session.get(str(this["access_url"])).content)
    cutout_rows = [r for r in dl if str(r["semantics"]) == "#cutout"]
    case = {"subtype": subtype, "parent": parent, "circle": [ra, dec, 0.004], "did": str(row["obs_publisher_did"])}

    sync_res = dl.get_adhocservice_by_ivoid("ivo://ivoa.net/std/SODA#sync-1.0")
    q = SodaQuery.from_resource(cutout_rows, sync_res, session=session)
    q.circle = (ra, dec, 0.004)
    case["sync_url"] = q.baseurl
    case["sync_id"] = q.get("ID")
    data = q.execute_stream().read()
    path = os.path.join(outdir, f"{name}.sync.fits")
    with open(path, "wb") as f:
        f.write(data)
    case["sync"] = path

    async_res = dl.get_adhocservice_by_ivoid("ivo://ivoa.net/std/SODA#async-1.0")
    qa = SodaQuery.from_resource(cutout_rows, async_res, session=session)
    qa.circle = (ra, dec, 0.004)
    case["async_url"] = qa.baseurl
    r = session.post(qa.baseurl, data=dict(qa), allow_redirects=False)
    case["async_create_status"] = r.status_code
    job = AsyncTAPJob(r.headers["Location"], session=session)
    job.run()
    job.wait(timeout=120)
    case["async_phase"] = job.phase
    uris = [str(u) for u in job.result_uris]
    case["async_results"] = len(uris)
    path = os.path.join(outdir, f"{name}.async.fits")
    with open(path, "wb") as f:
        f.write(session.get(uris[0]).content)
    case["async"] = path
    job.delete()

    # The sky-region descriptor: its ID is the region (coadd type and band, or the visit), not this file.
    region = [r for r in dl.iter_adhocservices() if any(p.name == "ID" and "mosaic=" in str(p.value) for p in r.groups[0].entries)]
    case["region_descriptors"] = len(region)
    if region:
        qr = SodaQuery.from_resource(cutout_rows, region[0], session=session)
        qr.circle = (ra, dec, 0.004)
        case["region_id"] = qr.get("ID")
        body = qr.execute_stream().read()
        case["region_mosaic_card"] = b"MOSAIC  =                    T" in body[:28800]
    out["cases"].append(case)

# A shape off every image: 204 from sync; an async job still completes, with an error-labelled result.
q.circle = (ra + 90 if ra < 270 else ra - 90, dec, 0.004)
resp = session.get(q.baseurl, params=dict(q))
out["miss_status"] = resp.status_code
out["miss_length"] = len(resp.content)
qa.circle = (ra + 90 if ra < 270 else ra - 90, dec, 0.004)
qa["CIRCLE"] = [f"{ra} {dec} 0.004", f"{qa.circle[0]} {dec} 0.004"]
r = session.post(qa.baseurl, data=[(k, v) for k, vs in dict(qa).items() for v in (vs if isinstance(vs, list) else [vs])], allow_redirects=False)
job = AsyncTAPJob(r.headers["Location"], session=session)
job.run()
job.wait(timeout=120)
out["multi_phase"] = job.phase
out["multi_results"] = [session.get(str(u)).content[:40].decode("latin-1") for u in job.result_uris]
job.delete()
print(json.dumps(out))
