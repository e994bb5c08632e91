#!/usr/bin/env python3
"""Peer for bench/votable.ts: astropy.io.votable writing the same ObsCore-shaped table (31
columns, polygon s_region as a variable double array, some nulls) as BINARY2, timed around
VOTableFile.to_xml only (table construction excluded). Prints rows_per_s=<wall> and
cpu_rows_per_s=<per CPU-second of this process>.

Usage: votable_write.py NROWS      Tool: Debian python3-astropy 5.2.1.
"""
import io
import sys
import time
import warnings

import numpy as np
from astropy.io.votable.tree import Field, Resource, Table, VOTableFile

warnings.simplefilter("ignore")

STR = dict(arraysize="*")
COLUMNS = [
    ("dataproduct_type", "char", STR), ("dataproduct_subtype", "char", STR), ("calib_level", "short", {}),
    ("obs_collection", "char", STR), ("obs_id", "char", STR), ("obs_publisher_did", "char", STR),
    ("access_url", "char", STR), ("access_format", "char", STR), ("access_estsize", "long", {}),
    ("target_name", "char", STR), ("s_ra", "double", {}), ("s_dec", "double", {}), ("s_fov", "double", {}),
    ("s_region", "double", dict(arraysize="*", xtype="polygon")), ("s_resolution", "double", {}),
    ("s_xel1", "long", {}), ("s_xel2", "long", {}), ("t_min", "double", {}), ("t_max", "double", {}),
    ("t_exptime", "double", {}), ("t_resolution", "double", {}), ("t_xel", "long", {}), ("em_min", "double", {}),
    ("em_max", "double", {}), ("em_res_power", "double", {}), ("em_xel", "long", {}), ("o_ucd", "char", STR),
    ("pol_xel", "long", {}), ("instrument_name", "char", STR), ("facility_name", "char", STR), ("lsst_visit", "long", {}),
]


def main(n):
    vot = VOTableFile(version="1.4")
    res = Resource()
    vot.resources.append(res)
    table = Table(vot)
    res.tables.append(table)
    table.fields.extend(Field(vot, name=name, datatype=dt, **extra) for name, dt, extra in COLUMNS)
    table.create_arrays(n)
    a = table.array
    i = np.arange(n)
    ra = (i * 0.137) % 360
    dec = ((i * 0.071) % 170) - 85
    ids = np.array([f"2024111900{k % 10000:05d}-R22_S11" for k in range(n)], dtype=object)
    a["dataproduct_type"] = "image"
    a["dataproduct_subtype"] = "lsst.calexp"
    a["dataproduct_subtype"].mask = i % 5 == 0
    a["calib_level"] = 2
    a["obs_collection"] = "LSST.DP1"
    a["obs_id"] = ids
    a["obs_publisher_did"] = np.array(["ivo://org.rubinobs/usdac/dp1?repo/calexp/" + s for s in ids], dtype=object)
    a["access_url"] = np.array(["https://data.lsst.cloud/api/datalink/links?ID=ivo%3A%2F%2Forg.rubinobs%2Fusdac%2Fdp1%3Frepo%2Fcalexp%2F" + s for s in ids], dtype=object)
    a["access_format"] = "application/x-votable+xml;content=datalink"
    a["access_estsize"] = 32000 + i % 1000
    a["target_name"] = np.array([f"field_{k % 97}" for k in range(n)], dtype=object)
    a["target_name"].mask = i % 3 == 0
    a["s_ra"] = ra
    a["s_dec"] = dec
    a["s_fov"] = 0.2
    region = np.empty(n, dtype=object)
    for k in range(n):
        region[k] = np.ma.array([ra[k], dec[k], ra[k] + 0.2, dec[k], ra[k] + 0.2, dec[k] + 0.2, ra[k], dec[k] + 0.2], mask=False)
    a["s_region"] = region
    a["s_resolution"] = 0.7
    a["s_xel1"] = 4072
    a["s_xel2"] = 4000
    a["t_min"] = 60000.1 + i * 1e-4
    a["t_max"] = 60000.1 + i * 1e-4 + 3.5e-4
    a["t_exptime"] = 30.0
    a["t_resolution"] = 30.0
    a["t_resolution"].mask = i % 7 == 0
    a["t_xel"] = 1
    a["em_min"] = 3.3e-7 + (i % 6) * 1e-7
    a["em_max"] = 3.3e-7 + (i % 6) * 1e-7 + 1.5e-7
    a["em_res_power"] = 4.2
    a["em_res_power"].mask = i % 4 == 0
    a["em_xel"] = 1
    a["o_ucd"] = "phot.flux.density"
    a["pol_xel"] = 1
    a["instrument_name"] = "LSSTCam"
    a["facility_name"] = "Rubin:Simonyi"
    a["lsst_visit"] = 2024111900000 + i
    out = io.BytesIO()
    t0 = time.perf_counter()
    c0 = time.process_time()
    vot.to_xml(out, tabledata_format="binary2")
    cpu = time.process_time() - c0
    dt = time.perf_counter() - t0
    print(f"rows_per_s={n / dt:.1f} cpu_rows_per_s={n / cpu:.1f} bytes={out.tell()} seconds={dt:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
