#!/usr/bin/python3
"""Peer timing for bench/wcs.ts: astropy's WCS.all_pix2world (wcslib + SIP) on the same header and
points. Usage: wcs_pix2world.py HEADER_TEXT_FILE POINTS_FILE OUT_FILE REPEATS
POINTS_FILE holds little-endian float64 pairs (x1, y1, 1-based pixels). Timing covers only the
all_pix2world call (perf_counter, best of REPEATS), not I/O. Prints JSON {"n", "best_s", "times_s"}
and writes the world coordinates (float64 pairs) of the last run to OUT_FILE for a cross-check.
Tool: /usr/bin/python3 with Debian python3-astropy 5.2.1 (bundled WCSLIB 7.12).
"""
import json
import sys
import time
import warnings

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

warnings.simplefilter("ignore")
header_path, points_path, out_path, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
header = fits.Header.fromstring(open(header_path, encoding="latin-1").read())
w = WCS(header)
pix = np.fromfile(points_path, dtype="<f8").reshape(-1, 2)
times = []
world = None
for _ in range(repeats):
    t0 = time.perf_counter()
    world = w.all_pix2world(pix, 1)
    times.append(time.perf_counter() - t0)
np.ascontiguousarray(world, dtype="<f8").tofile(out_path)
print(json.dumps({"n": int(pix.shape[0]), "best_s": min(times), "times_s": times}))
