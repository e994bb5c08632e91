"""pyvo as an astronomer would use it against Skyport's TAP service (issue 8, Done-when 2).

Usage: pyvo_client.py TAP_URL UPLOAD_VOTABLE_PATH
Prints one JSON object with what each client path returned; the TypeScript test judges it.
"""
import json
import sys

import pyvo

url, upload_path = sys.argv[1], sys.argv[2]
svc = pyvo.dal.TAPService(url)
out = {}

q = "SELECT obs_id, dataproduct_subtype, calib_level FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image' ORDER BY obs_id"
sync = svc.run_sync(q)
out["sync_rows"] = [[str(r["obs_id"]), str(r["dataproduct_subtype"]), int(r["calib_level"])] for r in sync]

out["run_async_rows"] = [[str(r["obs_id"]), str(r["dataproduct_subtype"]), int(r["calib_level"])] for r in svc.run_async(q)]

job = svc.submit_job("SELECT COUNT(*) AS n FROM ivoa.ObsCore WHERE calib_level = 3")
job.run()
job.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
out["job_phase"] = job.phase
out["job_count"] = int(job.fetch_result()[0]["n"])
job.delete()

bad = svc.submit_job("SELECT nonexistent_column FROM ivoa.ObsCore")
bad.run()
bad.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
out["bad_job_phase"] = bad.phase
try:
    bad.raise_if_error()
    out["bad_job_raised"] = False
except pyvo.dal.DALQueryError:
    out["bad_job_raised"] = True
# pyvo 1.2 does not surface the message; read the job's error document as a client would.
err = bad._session.get(bad.url + "/error")
out["bad_job_error_type"] = err.headers.get("Content-Type")
out["bad_job_error"] = err.text

limited = svc.run_sync("SELECT obs_id FROM ivoa.ObsCore", maxrec=5)
out["maxrec_rows"] = len(limited)
# pyvo 1.2 reports the overflow INFO as query_status (newer pyvo also warns).
out["maxrec_status"] = limited.query_status
exact = svc.run_sync("SELECT TOP 3 obs_id FROM ivoa.ObsCore", maxrec=5)
out["top_status"] = exact.query_status

joined = svc.run_sync(
    "SELECT u.wanted, o.obs_id, o.calib_level FROM TAP_UPLOAD.mine AS u JOIN ivoa.ObsCore AS o ON o.obs_id = u.wanted "
    "WHERE o.dataproduct_subtype = 'lsst.raw' ORDER BY o.obs_id",
    uploads={"mine": upload_path},
)
out["upload_rows"] = [[str(r["wanted"]), str(r["obs_id"]), int(r["calib_level"])] for r in joined]
async_joined = svc.run_async("SELECT COUNT(*) AS n FROM TAP_UPLOAD.mine", uploads={"mine": upload_path})
out["upload_async_count"] = int(async_joined[0]["n"])

tables = svc.tables
out["tables"] = sorted(t.name for t in tables)
out["obscore_columns"] = [c.name for c in tables["ivoa.ObsCore"].columns]
ts = svc.run_sync("SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = 'ivoa'")
out["tap_schema_ivoa_tables"] = [str(r["table_name"]) for r in ts]
print(json.dumps(out))
