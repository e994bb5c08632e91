#!/usr/bin/python3
"""Peer for bench/fits.ts: astropy's memmap path for a 300x300 section, timed per call.

Usage: fits_section.py FILE SIZE WARMUP X0,Y0 X1,Y1 ...   (0-based pixel origins of the sections)
Each call opens the file with fits.open(memmap=True), slices data[y:y+SIZE, x:x+SIZE] and copies it
(the copy forces the pixels to be read). Prints {"ms": [per-call milliseconds, sorted], "sum": ...}.
Tool: Debian python3-astropy 5.2.1.
"""
import json
import sys
import time

from astropy.io import fits

path, size, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
origins = [tuple(int(v) for v in a.split(",")) for a in sys.argv[4:]]


def call(x, y):
    with fits.open(path, memmap=True) as hl:
        return hl[0].data[y:y + size, x:x + size].copy()


for x, y in origins[:warmup]:
    call(x, y)
times = []
total = 0.0
for x, y in origins:
    t0 = time.perf_counter()
    d = call(x, y)
    times.append((time.perf_counter() - t0) * 1000)
    total += float(d.sum(dtype="f8"))
print(json.dumps({"ms": sorted(times), "sum": total}))
