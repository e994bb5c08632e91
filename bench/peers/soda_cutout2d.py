#!/usr/bin/python3
"""Peer for bench/soda.ts: astropy's Cutout2D doing the work of one SODA cut-out, timed per call.

Usage: soda_cutout2d.py FILE HDU RADIUS_ARCSEC WARMUP RA,DEC RA,DEC ...   (ICRS degrees)
Each call: fits.open(FILE) (memmap, astropy's default), the WCS of HDU from its header, Cutout2D
of a square of side 2 x RADIUS centred on the position (SkyCoord), and the cut-out written as a
FITS file (the primary header without its structural cards + the cut-out's WCS) into a BytesIO --
open, cut, produce a FITS file, as the SODA service does per request.

The data handed to Cutout2D is `hdu.section` when the HDU has one (plain images: only the rows
touched are read from the memmap), else `hdu.data`: astropy 5.2.1's CompImageHDU has no section,
so a tile-compressed image is decompressed whole on every call (that is what it does).
Prints {"ms": [per-call milliseconds, sorted], "bytes": [output sizes], "access": "section"|"data"}.
Tool: Debian python3-astropy 5.2.1.
"""
import io
import json
import sys
import time
import warnings

import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits
from astropy.nddata import Cutout2D
from astropy.wcs import WCS, FITSFixedWarning

warnings.simplefilter("ignore", FITSFixedWarning)

path, hdu_index, radius, warmup = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
positions = [tuple(float(v) for v in a.split(",")) for a in sys.argv[5:]]
size = 2 * radius * u.arcsec
access = None


def call(ra, dec):
    global access
    with fits.open(path) as hl:
        hdu = hl[hdu_index]
        wcs = WCS(hdu.header)
        data = hdu.section if hasattr(hdu, "section") else hdu.data
        access = "section" if hasattr(hdu, "section") else "data"
        cut = Cutout2D(data, SkyCoord(ra, dec, unit="deg", frame="icrs"), size, wcs=wcs)
        header = fits.Header([c for c in hl[0].header.cards if c.keyword not in ("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "CHECKSUM", "DATASUM")])
        header.update(cut.wcs.to_header())
        out = io.BytesIO()
        fits.PrimaryHDU(cut.data, header=header).writeto(out)
        return out.getbuffer().nbytes


for ra, dec in positions[:warmup]:
    call(ra, dec)
times = []
sizes = []
for ra, dec in positions:
    t0 = time.perf_counter()
    n = call(ra, dec)
    times.append((time.perf_counter() - t0) * 1000)
    sizes.append(n)
print(json.dumps({"ms": sorted(times), "bytes": sizes, "access": access}))
