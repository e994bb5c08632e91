#!/usr/bin/env python3
"""Peer timings for bench/healpix.ts: healpy (HEALPix C++) ang2pix NESTED over N points
(lonlat=True, degrees: the call includes healpy's own degree conversion and theta check) at the
given orders, and query_disc (radius 1 deg, exact and inclusive) at order 12 around the first NDISC
points. Each ang2pix figure is the best of REPS calls after one full-size warm-up call, as on our
side. The points are read from INPUT (little-endian float64 [ra(N), dec(N)], the very points the
TypeScript side timed) or, without INPUT, drawn uniformly on the sphere. Timing excludes point
generation and I/O; prints one JSON object.
Usage: healpix_ang2pix.py N ORDER[,ORDER...] NDISC [REPS [INPUT]]"""
import json
import sys
import time

import healpy as hp
import numpy as np

n = int(sys.argv[1])
orders = [int(o) for o in sys.argv[2].split(",")]
ndisc = int(sys.argv[3])
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 7
if len(sys.argv) > 5:
    a = np.fromfile(sys.argv[5], dtype="<f8")
    ra, dec = a[:n].copy(), a[n : 2 * n].copy()
else:
    rng = np.random.default_rng(42)
    ra = rng.uniform(0.0, 360.0, n)
    dec = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
out = {"healpy": hp.__version__, "ang2pix_ns_per_point": {}, "query_disc_ms": {}}
for order in orders:
    nside = 2**order
    hp.ang2pix(nside, ra, dec, nest=True, lonlat=True)  # warm-up, full size
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        hp.ang2pix(nside, ra, dec, nest=True, lonlat=True)
        best = min(best, time.perf_counter() - t0)
    out["ang2pix_ns_per_point"][str(order)] = best / n * 1e9
vecs = hp.ang2vec(ra[:ndisc], dec[:ndisc], lonlat=True)
for inclusive in (False, True):
    t0 = time.perf_counter()
    for v in vecs:
        hp.query_disc(4096, v, np.radians(1.0), inclusive=inclusive, nest=True)
    out["query_disc_ms"]["inclusive" if inclusive else "exact"] = (time.perf_counter() - t0) / ndisc * 1e3
json.dump(out, sys.stdout)
