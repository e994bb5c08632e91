#!/usr/bin/env python3
"""Peer timing for bench/fits-compress.ts: astropy 5.2.1 (cfitsio's C decompressor) reading a
tile-compressed image, whole and as a section.

Usage: fits_rice.py FILE ITERATIONS [X0 Y0 SIZE]
Prints JSON: {"full_ms": [...], "section_ms": [...] or null, "checksum": float}
(full = open + hdul[1].data; section = open + hdul[1].section[y0:y0+size, x0:x0+size] when
astropy supports sections of compressed HDUs, else the data slice).
"""
import json
import sys
import time

import numpy as np
from astropy.io import fits


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    full, sec = [], []
    checksum = 0.0
    for _ in range(n):
        t0 = time.perf_counter()
        with fits.open(path) as h:
            d = h[1].data
            checksum = float(np.asarray(d[0, :8], dtype=np.float64).sum())
        full.append((time.perf_counter() - t0) * 1000)
    if len(sys.argv) > 5:
        x0, y0, size = (int(v) for v in sys.argv[3:6])
        for _ in range(n):
            t0 = time.perf_counter()
            with fits.open(path) as h:
                hdu = h[1]
                s = hdu.section[y0:y0 + size, x0:x0 + size] if hasattr(hdu, "section") else hdu.data[y0:y0 + size, x0:x0 + size]
                np.asarray(s).sum()
            sec.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"full_ms": sorted(full), "section_ms": sorted(sec) if sec else None, "checksum": checksum}))


if __name__ == "__main__":
    main()
