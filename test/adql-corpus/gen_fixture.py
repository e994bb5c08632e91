#!/usr/bin/python3
"""Generates fixture.json: the deterministic data of the ADQL result corpus.

Run once (output is committed with the corpus); the same seed always yields the same file:
    /usr/bin/python3 test/adql-corpus/gen_fixture.py

Data rules (so that SQLite and PostgreSQL cannot legitimately disagree):
* decimal values never end in 0 or 5 at their last stored decimal, so ROUND(x, n) never hits a
  half-way tie (SQLite and PostgreSQL round ties differently for doubles);
* positions are random, but the oracle flags any geometry test that lands within 1e-6 deg of a
  boundary, so the corpus only keeps unambiguous cases;
* polygons are convex, smaller than a hemisphere and written counter-clockwise as seen from the
  centre of the sphere (DALI); the oracle treats every polygon as its smaller side anyway.
"""
import datetime as _dt
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261124)


def dec_value(lo, hi, decimals):
    """A value in [lo, hi) with `decimals` decimals whose last digit is neither 0 nor 5."""
    while True:
        v = round(rng.uniform(lo, hi), decimals)
        last = round(abs(v) * 10 ** decimals) % 10
        if last not in (0, 5):
            return v


def vec(ra, de):
    r, d = math.radians(ra), math.radians(de)
    return (math.cos(d) * math.cos(r), math.cos(d) * math.sin(r), math.sin(d))


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def orient_ccw_from_inside(verts):
    """Order vertices so that, seen from the sphere's centre, they run counter-clockwise.

    Seen from the centre, east (increasing RA) is to the left; walking counter-clockwise keeps the
    interior on the left, which makes cross(v_i, v_i+1) point away from the interior."""
    vs = [vec(a, d) for a, d in verts]
    c = [sum(v[i] for v in vs) for i in range(3)]
    s = dot(cross(vs[0], vs[1]), c)
    return verts if s < 0 else list(reversed(verts))


def norm_ra(ra):
    ra = ra % 360.0
    return ra


def fmt(x):
    return repr(round(x, 6))


# ---------------------------------------------------------------- stars
PREFIXES = ["Alpha", "beta", "Gamma", "DELTA", "eps", "Zeta"]
NULL_MAG = {5, 12, 19, 33, 41, 47, 58}
stars = []
for i in range(1, 61):
    name = f"{PREFIXES[i % 6]}-{i:02d}"
    if i == 17:
        name = "O'Hara-17"
    if i == 23:
        name = "gamma_23"
    if i <= 36:
        ra, de = dec_value(8, 42, 6), dec_value(-12, 32, 6)
    elif i <= 44:
        ra = dec_value(359.0, 360.0, 6) if i % 2 == 0 else dec_value(0.0, 1.0, 6)
        de = dec_value(-2, 2, 6)
    elif i <= 50:
        ra, de = dec_value(0, 360, 6), dec_value(86, 89.9, 6)
    elif i <= 53:
        ra, de = dec_value(0, 360, 6), dec_value(-89.9, -87, 6)
    else:
        ra, de = dec_value(0, 360, 6), dec_value(-60, 60, 6)
    mag = None if i in NULL_MAG else dec_value(9, 21, 3)
    band = "u" if i in (7, 29, 52) else rng.choice(["g", "r", "i", "z"])
    t = 1420070400 + rng.randrange(0, 10 * 365 * 86400)  # 2015-01-01 .. ~2024-12


    epoch = _dt.datetime.fromtimestamp(t, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    flags = rng.randrange(0, 16)
    stars.append([i, name, ra, de, mag, band, epoch, flags])

# ---------------------------------------------------------------- fields
def square(ra0, de0, h):
    c = math.cos(math.radians(de0))
    return [(norm_ra(ra0 - h / c), de0 - h), (norm_ra(ra0 + h / c), de0 - h), (norm_ra(ra0 + h / c), de0 + h), (norm_ra(ra0 - h / c), de0 + h)]


fields = []
for k in range(1, 16):
    if k <= 9:
        ra0, de0, r = dec_value(10, 40, 4), dec_value(-8, 28, 4), dec_value(1.0, 4.0, 2)
        verts = square(ra0, de0, r * 0.7)
    elif k == 10:  # straddles RA 0
        ra0, de0, r = 0.3, 0.2, 1.6
        verts = square(ra0, de0, 1.2)
    elif k == 11:  # cap around the north pole
        ra0, de0, r = 0.0, 90.0, 5.0
        verts = [(45.0, 86.0), (135.0, 86.0), (225.0, 86.0), (315.0, 86.0)]
    elif k == 12:  # near the south pole, not containing it
        ra0, de0, r = 120.0, -80.0, 3.0
        verts = square(ra0, de0, 2.0)
    elif k == 13:  # triangle in the cluster
        ra0, de0, r = 22.0, 4.0, 3.0
        verts = [(20.0, 2.0), (24.0, 2.5), (22.0, 6.5)]
    elif k == 14:  # wide pentagon
        ra0, de0, r = 25.0, 10.0, 10.0
        verts = [(25.0 + 9 * math.sin(math.radians(a)) / math.cos(math.radians(10 + 9 * math.cos(math.radians(a)))), 10.0 + 9 * math.cos(math.radians(a))) for a in (0, 72, 144, 216, 288)]
    else:  # far away: no stars
        ra0, de0, r = 200.0, 45.0, 1.0
        verts = square(ra0, de0, 0.7)
    verts = orient_ccw_from_inside([(round(a, 6), round(d, 6)) for a, d in verts])
    region = " ".join(f"{fmt(a)} {fmt(d)}" for a, d in verts)
    fields.append([k, f"F{k:02d}", region, ra0, de0, r])

# ---------------------------------------------------------------- obs
obs = []
for j in range(1, 101):
    if j in (13, 57):
        star = None
    elif j in (31, 88):
        star = 99  # no such star: for RIGHT / FULL OUTER joins
    else:
        star = rng.randrange(1, 46)  # stars 46..72 never observed
    field = rng.randrange(1, 15)
    band = rng.choice(["g", "r", "i", "z", "y"])
    mjd = dec_value(58000, 61000, 5)
    exptime = rng.choice([15.0, 30.0, 60.0, 120.0, 300.0])
    obs.append([1000 + j, star, field, band, mjd, exptime])

# ---------------------------------------------------------------- field members (drawn last so
# that everything above keeps its values): stars 61-72 lie well inside fields F01-F09 / F13.
for i in range(61, 73):
    k = (i - 61) % 10 + 1
    if k == 10:
        k = 13
    _, _, _, ra0, de0, r = fields[k - 1]
    h = 0.45 * r * 0.7 if k != 13 else 0.8
    ra = round(ra0 + rng.uniform(-h, h) / math.cos(math.radians(de0)), 6)
    de = round(de0 + rng.uniform(-h, h), 6)
    if round(ra * 1e6) % 10 in (0, 5):
        ra = round(ra + 3e-6, 6)
    if round(abs(de) * 1e6) % 10 in (0, 5):
        de = round(de + 3e-6, 6)
    mag = dec_value(9, 21, 3)
    band = rng.choice(["g", "r", "i", "z"])
    t = 1420070400 + rng.randrange(0, 10 * 365 * 86400)
    epoch = _dt.datetime.fromtimestamp(t, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    stars.append([i, f"{PREFIXES[i % 6]}-{i:02d}", ra, de, mag, band, epoch, rng.randrange(0, 16)])

bands = [
    ["g", 148, "Green", 477.3],
    ["r", 139, "Red", 621.4],
    ["i", 129, "Infra", 754.6],
    ["z", 104, "ZED", 869.1],
    ["y", 96, "why", 971.2],
]

fixture = {
    "comment": "Generated by gen_fixture.py; read by fixture.ts and oracle.py. Do not edit by hand.",
    "tables": [
        {"dbTable": "corpus_stars", "columns": [["id", "long"], ["name", "text"], ["ra", "double"], ["de", "double"], ["mag", "double"], ["band", "text"], ["epoch", "text"], ["flags", "int"]], "rows": stars},
        {"dbTable": "corpus_fields", "columns": [["field_id", "int"], ["fname", "text"], ["footprint", "text"], ["center_ra", "double"], ["center_dec", "double"], ["radius", "double"]], "rows": fields},
        {"dbTable": "corpus_obs", "columns": [["obs_id", "long"], ["star_id", "long"], ["field_id", "int"], ["band", "text"], ["mjd", "double"], ["exptime", "double"]], "rows": obs},
        {"dbTable": "corpus_bands", "columns": [["band", "text"], ["size", "int"], ["Mixed Case", "text"], ["wl_eff", "double"]], "rows": bands},
    ],
}
with open(os.path.join(HERE, "fixture.json"), "w") as f:
    json.dump(fixture, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote fixture.json")
