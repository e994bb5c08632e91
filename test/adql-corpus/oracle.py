#!/usr/bin/python3
"""Independent oracle for the ADQL result corpus.

Loads fixture.json into an in-memory SQLite database, registers Python implementations of the ADQL
math and geometry functions (written from first principles, see below), runs the hand-written
`oracleSql` of every rows-entry of queries.ts and writes expected.json:
    {id: {"columns": [...], "rows": [[...], ...]}}

Usage (from the repository root):
    /usr/bin/python3 test/adql-corpus/oracle.py

The query list is read from `node --import tsx test/adql-corpus/export-queries.ts`, which prints
the corpus definitions (id, oracleSql, ordered, columns) as JSON; no Skyport code is involved.

Geometry model (ADQL 2.1 §4.2, DALI): spherical, degrees. Values are passed around inside SQLite
as tagged strings: 'P ra dec' (point), 'C ra dec r' (circle), 'Y ra1 dec1 ...' (polygon, the
smaller of the two regions its edges bound, so the vertex order does not matter), 'B ra dec w h'
(BOX). Edges are great-circle arcs. Any predicate that falls within 1e-6 deg of a boundary is
reported as AMBIGUOUS (the corpus must not depend on boundary rounding), as is any BOX test whose
answer differs between the "great-circle polygon" and "RA/Dec range" readings of BOX.
"""
import json
import math
import os
import sqlite3
import subprocess
import sys
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
EPS = 1e-6  # degrees: closer than this to a boundary is ambiguous
CURRENT = {"id": None}
WARNINGS = []


def warn(msg):
    WARNINGS.append(f"{CURRENT['id']}: {msg}")


# ------------------------------------------------------------------ vectors
def vec(ra, de):
    r, d = math.radians(ra), math.radians(de)
    return np.array([math.cos(d) * math.cos(r), math.cos(d) * math.sin(r), math.sin(d)])


def unit(v):
    return v / np.linalg.norm(v)


def angle(a, b):
    """Angle between unit vectors, degrees (atan2 form: accurate at all separations)."""
    return math.degrees(math.atan2(np.linalg.norm(np.cross(a, b)), float(np.dot(a, b))))


def to_radec(v):
    v = unit(v)
    ra = math.degrees(math.atan2(v[1], v[0])) % 360.0
    de = math.degrees(math.asin(max(-1.0, min(1.0, v[2]))))
    return ra, de


def distance_deg(ra1, de1, ra2, de2):
    """Vincenty great-circle distance in degrees."""
    p1, p2 = math.radians(de1), math.radians(de2)
    dl = math.radians(ra2 - ra1)
    num = math.hypot(math.cos(p2) * math.sin(dl), math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl))
    den = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(num, den))


# ------------------------------------------------------------------ shapes
class Poly:
    """Convex spherical polygon: vertices as unit vectors, edge normals pointing inwards."""

    def __init__(self, pairs):
        if len(pairs) < 3:
            raise ValueError("polygon needs 3 vertices")
        self.pairs = pairs
        self.v = [vec(a, d) for a, d in pairs]
        inner = unit(sum(self.v))
        n = len(self.v)
        normals = [unit(np.cross(self.v[i], self.v[(i + 1) % n])) for i in range(n)]
        if sum(float(np.dot(m, inner)) for m in normals) < 0:
            normals = [-m for m in normals]
        self.normals = normals

    def edges(self):
        n = len(self.v)
        return [(self.v[i], self.v[(i + 1) % n]) for i in range(n)]

    def signed_edge_distances(self, p):
        """Angular distance (deg) of p to each edge's great circle, positive inside."""
        return [math.degrees(math.asin(max(-1.0, min(1.0, float(np.dot(m, p)))))) for m in self.normals]


def parse_geom(g):
    if g is None:
        return None
    parts = g.split()
    tag, nums = parts[0], [float(x) for x in parts[1:]]
    if tag == "P":
        return ("P", vec(nums[0], nums[1]), nums)
    if tag == "C":
        return ("C", vec(nums[0], nums[1]), nums)
    if tag == "Y":
        return ("Y", Poly(list(zip(nums[0::2], nums[1::2]))), nums)
    if tag == "B":
        return ("B", box_polygon(*nums), nums)
    raise ValueError(g)


def box_polygon(ra, de, w, h):
    c = 1.0  # corners at RA +- w/2, Dec +- h/2 joined by great circles
    return Poly([(ra - w / 2 * c, de - h / 2), (ra + w / 2 * c, de - h / 2), (ra + w / 2 * c, de + h / 2), (ra - w / 2 * c, de + h / 2)])


def point_in_poly(p, poly):
    d = poly.signed_edge_distances(p)
    m = min(d)
    if abs(m) < EPS:
        warn(f"point within {abs(m):.2e} deg of a polygon edge")
    return m >= 0


def point_in_circle(p, c, r):
    d = angle(p, c)
    if abs(d - r) < EPS:
        warn(f"point within {abs(d - r):.2e} deg of a circle")
    return d <= r


def arc_distance(p, a, b):
    """Angular distance (deg) from p to the great-circle arc a-b (arc shorter than 180 deg)."""
    n = unit(np.cross(a, b))
    q = p - float(np.dot(p, n)) * n
    if np.linalg.norm(q) > 1e-15:
        q = unit(q)
        if float(np.dot(np.cross(a, q), n)) >= 0 and float(np.dot(np.cross(q, b), n)) >= 0:
            return angle(p, q)
    return min(angle(p, a), angle(p, b))


def arcs_cross(a1, a2, b1, b2):
    n1, n2 = np.cross(a1, a2), np.cross(b1, b2)
    x = np.cross(n1, n2)
    if np.linalg.norm(x) < 1e-15:
        return False
    x = unit(x)
    for q in (x, -x):
        on_a = float(np.dot(np.cross(a1, q), n1)) >= 0 and float(np.dot(np.cross(q, a2), n1)) >= 0
        on_b = float(np.dot(np.cross(b1, q), n2)) >= 0 and float(np.dot(np.cross(q, b2), n2)) >= 0
        if on_a and on_b:
            return True
    return False


def contains(g1, g2):
    """1 if geometry g1 lies inside (or on) g2, else 0 (ADQL CONTAINS)."""
    a, b = parse_geom(g1), parse_geom(g2)
    if a is None or b is None:
        return None
    ta, tb = a[0], b[0]
    if ta == "P" and tb == "B":
        ra, de = a[2]
        bra, bde, w, h = b[2]
        as_poly = point_in_poly(a[1], b[1])
        dra = (ra - bra + 180.0) % 360.0 - 180.0
        as_range = abs(dra) <= w / 2 and abs(de - bde) <= h / 2
        if as_poly != as_range:
            warn("BOX readings disagree")
        return int(as_poly)
    if tb == "B":
        warn("BOX used as a container of a non-point")
        tb = "Y"
    if ta == "B":
        ta = "Y"
    if ta == "P":
        if tb == "C":
            return int(point_in_circle(a[1], b[1], b[2][2]))
        if tb == "Y":
            return int(point_in_poly(a[1], b[1]))
        d = angle(a[1], b[1])
        if d < EPS:
            warn("point compared with a point")
        return 0
    if tb == "P":
        return 0
    if ta == "C" and tb == "C":
        d, r1, r2 = angle(a[1], b[1]), a[2][2], b[2][2]
        if abs(d + r1 - r2) < EPS:
            warn("circle touching circle from inside")
        return int(d + r1 <= r2)
    if ta == "C" and tb == "Y":
        r = a[2][2]
        dists = b[1].signed_edge_distances(a[1])
        m = min(dists) - r
        if abs(m) < EPS:
            warn("circle touching polygon edge")
        return int(m >= 0)
    if ta == "Y" and tb == "C":
        return int(all(point_in_circle(v, b[1], b[2][2]) for v in a[1].v))
    if ta == "Y" and tb == "Y":
        return int(all(point_in_poly(v, b[1]) for v in a[1].v))
    raise ValueError(f"contains({g1}, {g2})")


INTERSECTS_SEEN = {}


def intersects(g1, g2):
    """1 if the geometries share at least one point, else 0 (ADQL INTERSECTS)."""
    res = _intersects(g1, g2)
    if g1 is not None and g2 is not None and not g1.startswith("P") and not g2.startswith("P"):
        INTERSECTS_SEEN[(g1, g2)] = res
    return res


def _intersects(g1, g2):
    a, b = parse_geom(g1), parse_geom(g2)
    if a is None or b is None:
        return None
    if a[0] == "P":
        return contains(g1, g2)
    if b[0] == "P":
        return contains(g2, g1)
    if a[0] == "B" or b[0] == "B":
        warn("BOX used in INTERSECTS with a non-point")
    ta = "Y" if a[0] == "B" else a[0]
    tb = "Y" if b[0] == "B" else b[0]
    if ta == "Y" and tb == "C":
        a, b, ta, tb = b, a, tb, ta
    if ta == "C" and tb == "C":
        d, s = angle(a[1], b[1]), a[2][2] + b[2][2]
        if abs(d - s) < EPS:
            warn("circles touching")
        return int(d <= s)
    if ta == "C" and tb == "Y":
        c, r, poly = a[1], a[2][2], b[1]
        inside = min(poly.signed_edge_distances(c))
        if inside >= 0:
            return 1
        m = min(arc_distance(c, e1, e2) for e1, e2 in poly.edges())
        if abs(m - r) < EPS:
            warn("circle touching polygon")
        return int(m <= r)
    if ta == "Y" and tb == "Y":
        pa, pb = a[1], b[1]
        if any(min(pb.signed_edge_distances(v)) >= 0 for v in pa.v):
            return 1
        if any(min(pa.signed_edge_distances(v)) >= 0 for v in pb.v):
            return 1
        return int(any(arcs_cross(a1, a2, b1, b2) for a1, a2 in pa.edges() for b1, b2 in pb.edges()))
    raise ValueError(f"intersects({g1}, {g2})")


def triangle_excess(a, b, c):
    """Spherical excess (sr) of a triangle by l'Huilier's theorem."""
    x, y, z = math.radians(angle(b, c)), math.radians(angle(a, c)), math.radians(angle(a, b))
    s = (x + y + z) / 2
    t = math.tan(s / 2) * math.tan((s - x) / 2) * math.tan((s - y) / 2) * math.tan((s - z) / 2)
    return 4 * math.atan(math.sqrt(max(0.0, t)))


def area(g):
    """Area in square degrees."""
    a = parse_geom(g)
    if a is None:
        return None
    sr2deg = (180.0 / math.pi) ** 2
    if a[0] == "P":
        return 0.0
    if a[0] == "C":
        return 2 * math.pi * (1 - math.cos(math.radians(a[2][2]))) * sr2deg
    v = a[1].v
    return sum(triangle_excess(v[0], v[i], v[i + 1]) for i in range(1, len(v) - 1)) * sr2deg


def girard_area(g):
    """Area (sq deg) of a convex polygon from its interior angles (cross-check of area())."""
    poly = parse_geom(g)[1]
    n = len(poly.v)
    total = 0.0
    for i in range(n):
        prev_n, next_n = poly.normals[i - 1], poly.normals[i]
        total += math.pi - math.acos(max(-1.0, min(1.0, float(np.dot(prev_n, next_n)))))
    return (total - (n - 2) * math.pi) * (180.0 / math.pi) ** 2


def centroid(g):
    a = parse_geom(g)
    if a is None:
        return None
    if a[0] in ("P", "C"):
        return f"P {a[2][0]!r} {a[2][1]!r}"
    s = sum(a[1].v)
    ra, de = to_radec(s)
    return f"P {ra!r} {de!r}"


def coord(g, i):
    a = parse_geom(g)
    if a is None:
        return None
    if a[0] != "P":
        raise ValueError("COORD of a non-point")
    return a[2][i]


# ------------------------------------------------------------------ scalars
def nulls(f):
    def wrapped(*args):
        if any(x is None for x in args):
            return None
        return f(*args)

    return wrapped


def dec_round(x, n=0, mode=ROUND_HALF_UP):
    """ROUND/TRUNCATE on the shortest decimal form of x (the value as written in the data)."""
    q = Decimal(1).scaleb(-int(n))
    scaled = abs(float(x)) * 10 ** int(n)
    if mode == ROUND_HALF_UP and abs(scaled - math.floor(scaled) - 0.5) < max(1e-6, 1e-12 * scaled):
        warn(f"ROUND({x!r}, {n}) is (nearly) a half-way tie")
    return float(Decimal(repr(float(x))).quantize(q, rounding=mode))


def fmt_num(x):
    return repr(float(x))


def num_mod(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return int(math.fmod(a, b))
    return math.fmod(a, b)


FUNCS = {
    "py_point": (2, lambda ra, de: f"P {fmt_num(ra)} {fmt_num(de)}"),
    "py_circle": (3, lambda ra, de, r: f"C {fmt_num(ra)} {fmt_num(de)} {fmt_num(r)}"),
    "py_box": (4, lambda ra, de, w, h: f"B {fmt_num(ra)} {fmt_num(de)} {fmt_num(w)} {fmt_num(h)}"),
    "py_region": (1, lambda text: "Y " + text),
    "py_circle_p": (2, lambda p, r: f"C {' '.join(p.split()[1:])} {fmt_num(r)}"),
    "py_contains": (2, contains),
    "py_intersects": (2, intersects),
    "py_area": (1, area),
    "py_centroid": (1, centroid),
    "py_coord1": (1, lambda g: coord(g, 0)),
    "py_coord2": (1, lambda g: coord(g, 1)),
    "py_dist": (4, distance_deg),
    "py_distp": (2, lambda p, q: distance_deg(*[float(x) for x in p.split()[1:3]], *[float(x) for x in q.split()[1:3]])),
    "py_abs": (1, abs),
    "py_ceil": (1, lambda x: float(math.ceil(x))),
    "py_floor": (1, lambda x: float(math.floor(x))),
    "py_sqrt": (1, math.sqrt),
    "py_power": (2, lambda a, b: float(a) ** float(b)),
    "py_exp": (1, math.exp),
    "py_ln": (1, math.log),
    "py_log10": (1, math.log10),
    "py_mod": (2, num_mod),
    "py_sin": (1, lambda x: math.sin(x)),
    "py_cos": (1, lambda x: math.cos(x)),
    "py_tan": (1, lambda x: math.tan(x)),
    "py_asin": (1, math.asin),
    "py_acos": (1, math.acos),
    "py_atan": (1, math.atan),
    "py_atan2": (2, math.atan2),
    "py_cot": (1, lambda x: 1.0 / math.tan(x)),
    "py_degrees": (1, math.degrees),
    "py_radians": (1, math.radians),
    "py_pi": (0, lambda: math.pi),
    "py_round": (2, lambda x, n: dec_round(x, n)),
    "py_round0": (1, lambda x: dec_round(x, 0)),
    "py_trunc": (2, lambda x, n: dec_round(x, n, ROUND_DOWN)),
    "py_trunc0": (1, lambda x: dec_round(x, 0, ROUND_DOWN)),
}


def py_polygon(*args):
    if any(a is None for a in args):
        return None
    if all(isinstance(a, str) for a in args):  # POLYGON(point, point, ...)
        return "Y " + " ".join(" ".join(a.split()[1:3]) for a in args)
    return "Y " + " ".join(fmt_num(a) for a in args)


def build_db():
    with open(os.path.join(HERE, "fixture.json")) as f:
        fixture = json.load(f)
    db = sqlite3.connect(":memory:")
    kinds = {"long": "INTEGER", "int": "INTEGER", "double": "REAL", "text": "TEXT"}
    for t in fixture["tables"]:
        cols = ", ".join(f'"{name}" {kinds[kind]}' for name, kind in t["columns"])
        db.execute(f"CREATE TABLE {t['dbTable']} ({cols})")
        marks = ", ".join("?" for _ in t["columns"])
        db.executemany(f"INSERT INTO {t['dbTable']} VALUES ({marks})", t["rows"])
    db.execute("PRAGMA case_sensitive_like = ON")  # ADQL LIKE is case-sensitive
    for name, (n, f) in FUNCS.items():
        db.create_function(name, n, nulls(f), deterministic=True)
    db.create_function("py_polygon", -1, py_polygon, deterministic=True)
    return db


def self_test():
    """Cross-checks of the geometry against independent formulas and astropy."""
    from astropy import units as u
    from astropy.coordinates import SkyCoord

    a, b = SkyCoord(359.9 * u.deg, 1.0 * u.deg), SkyCoord(0.2 * u.deg, -0.5 * u.deg)
    assert abs(a.separation(b).deg - distance_deg(359.9, 1.0, 0.2, -0.5)) < 1e-10
    a, b = SkyCoord(10 * u.deg, 89.0 * u.deg), SkyCoord(190 * u.deg, 89.5 * u.deg)
    assert abs(a.separation(b).deg - distance_deg(10, 89, 190, 89.5)) < 1e-10
    for g in ["Y 10 10 11 10 11 11 10 11", "Y 45 86 135 86 225 86 315 86", "Y 22 6.5 24 2.5 20 2", "Y 359 -1 1 -1 1 1 359 1"]:
        assert abs(area(g) - girard_area(g)) < 1e-7 * max(1.0, area(g)), g
    # a cap of radius r vs. a many-sided polygon inscribed in it
    c = vec(30, 60)
    e1 = unit(np.cross([0.0, 0.0, 1.0], c))
    e2 = np.cross(c, e1)
    rr = math.radians(2)
    pts = [to_radec(math.cos(rr) * c + math.sin(rr) * (math.cos(t) * e1 + math.sin(t) * e2)) for t in np.linspace(0, 2 * math.pi, 721)[:-1]]
    ring = " ".join(f"{ra!r} {de!r}" for ra, de in pts)
    assert abs(area("Y " + ring) - area("C 30 60 2")) / area("C 30 60 2") < 1e-4
    assert contains("P 0.1 0", "Y 359 -1 1 -1 1 1 359 1") == 1
    assert contains("P 2 0", "Y 359 -1 1 -1 1 1 359 1") == 0
    assert contains("P 17 89.9", "Y 45 86 135 86 225 86 315 86") == 1
    assert contains("P 17 85.9", "Y 45 86 135 86 225 86 315 86") == 0
    assert intersects("C 0 0 1", "C 1.5 0 0.6") == 1 and intersects("C 0 0 1", "C 1.7 0 0.6") == 0
    assert intersects("Y 0 0 2 0 2 2 0 2", "Y 1 1 3 1 3 3 1 3") == 1
    assert intersects("Y 0 0 2 0 2 2 0 2", "Y 0.5 -1 1.5 -1 1.5 3 0.5 3") == 1  # crossing edges only
    assert intersects("Y 0 0 2 0 2 2 0 2", "Y 3 0 4 0 4 2 3 2") == 0
    assert intersects("C 1 -0.5 0.6", "Y 0 0 2 0 2 2 0 2") == 1 and intersects("C 1 -0.7 0.6", "Y 0 0 2 0 2 2 0 2") == 0
    WARNINGS.clear()


def gnomonic_inside(ra, de, pairs):
    """Independent point-in-polygon: gnomonic projection about the vertex mean (great circles
    become straight lines), then a planar even-odd ray test."""
    c = unit(sum(vec(a, d) for a, d in pairs))
    e1 = unit(np.cross([0.0, 0.0, 1.0], c)) if abs(c[2]) < 0.999 else np.array([1.0, 0.0, 0.0])
    e2 = np.cross(c, e1)

    def proj(v):
        t = float(np.dot(v, c))
        return (float(np.dot(v, e1)) / t, float(np.dot(v, e2)) / t) if t > 0 else None

    p = proj(vec(ra, de))
    if p is None:
        return False
    poly = [proj(vec(a, d)) for a, d in pairs]
    inside = False
    for i in range(len(poly)):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % len(poly)]
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def cross_check():
    """Compares contains() with the gnomonic test and astropy separations on the fixture."""
    from astropy import units as u
    from astropy.coordinates import SkyCoord

    with open(os.path.join(HERE, "fixture.json")) as f:
        tables = {t["dbTable"]: t["rows"] for t in json.load(f)["tables"]}
    stars = tables["corpus_stars"]
    polys = [[float(x) for x in r[2].split()] for r in tables["corpus_fields"]]
    sky = SkyCoord([r[2] for r in stars] * u.deg, [r[3] for r in stars] * u.deg)
    checked = 0
    for nums in polys:
        pairs = list(zip(nums[0::2], nums[1::2]))
        g = "Y " + " ".join(repr(x) for x in nums)
        for r in stars:
            assert contains(f"P {r[2]!r} {r[3]!r}", g) == int(gnomonic_inside(r[2], r[3], pairs)), (r, g)
            checked += 1
    for fr in tables["corpus_fields"]:
        sep = sky.separation(SkyCoord(fr[3] * u.deg, fr[4] * u.deg)).deg
        for r, d in zip(stars, sep):
            assert contains(f"P {r[2]!r} {r[3]!r}", f"C {fr[3]!r} {fr[4]!r} {fr[5]!r}") == int(d <= fr[5]), (r, fr)
            checked += 1
    WARNINGS.clear()
    return checked


def inside_mask(g, pts):
    """Vectorised membership of unit vectors `pts` (n x 3) in a circle or convex polygon."""
    a = parse_geom(g)
    if a[0] == "C":
        return pts @ a[1] >= math.cos(math.radians(a[2][2]))
    return np.all(pts @ np.array(a[1].normals).T >= 0, axis=1)


def monte_carlo_intersects(n=3000, seed=7):
    """Samples points in the bounding cap of each INTERSECTS pair seen: a point in both shapes
    proves an intersection (so a 0 answer is a bug); 1 answers without a witness are counted."""
    rng = np.random.default_rng(seed)
    unconfirmed = 0
    for (g1, g2), res in INTERSECTS_SEEN.items():
        a = parse_geom(g1)
        centre = a[1] if a[0] == "C" else unit(sum(a[1].v))
        radius = a[2][2] if a[0] == "C" else max(angle(centre, v) for v in a[1].v)
        e1 = unit(np.cross([0.0, 0.0, 1.0], centre)) if abs(centre[2]) < 0.999 else np.array([1.0, 0.0, 0.0])
        e2 = np.cross(centre, e1)
        cz = rng.uniform(math.cos(math.radians(radius)), 1.0, n)
        phi = rng.uniform(0, 2 * math.pi, n)
        sz = np.sqrt(1 - cz * cz)
        pts = np.outer(cz, centre) + np.outer(sz * np.cos(phi), e1) + np.outer(sz * np.sin(phi), e2)
        both = bool(np.any(inside_mask(g1, pts) & inside_mask(g2, pts)))
        if both and res == 0:
            raise AssertionError(f"INTERSECTS({g1}, {g2}) = 0 but a common point exists")
        if res == 1 and not both:
            unconfirmed += 1
    return len(INTERSECTS_SEEN), unconfirmed


def export_queries():
    out = subprocess.run(["node", "--import", "tsx", os.path.join(HERE, "export-queries.ts")], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def clean(v):
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError("non-finite result")
        return v
    return v


def sort_key(row):
    return [(0, "") if v is None else (1, v) if isinstance(v, (int, float)) else (2, v) for v in row]


def main():
    self_test()
    print(f"geometry cross-check: {cross_check()} point tests agree with gnomonic/astropy")
    db = build_db()
    queries = export_queries()
    expected = {}
    failures = 0
    for q in queries:
        if "oracleSql" not in q:
            continue
        CURRENT["id"] = q["id"]
        try:
            cur = db.execute(q["oracleSql"])
            rows = [[clean(v) for v in r] for r in cur.fetchall()]
        except Exception as e:  # noqa: BLE001 - report and continue
            print(f"FAIL {q['id']}: {e}\n  {q['oracleSql']}", file=sys.stderr)
            failures += 1
            continue
        # Determinism check: scan order reversed must not change the answer (catches ORDER BY
        # ties in ordered entries and TOP/LIMIT over an undefined order).
        db.execute("PRAGMA reverse_unordered_selects = ON")
        again = [[clean(v) for v in r] for r in db.execute(q["oracleSql"]).fetchall()]
        db.execute("PRAGMA reverse_unordered_selects = OFF")
        if (rows != again) if q["ordered"] else (sorted(rows, key=sort_key) != sorted(again, key=sort_key)):
            warn("result depends on scan order (ORDER BY ties or TOP without a total order)")
        columns = q.get("columns") or [d[0].lower() for d in cur.description]
        if len(columns) != (len(cur.description)):
            print(f"FAIL {q['id']}: {len(columns)} column names for {len(cur.description)} columns", file=sys.stderr)
            failures += 1
            continue
        if not q["ordered"]:
            rows.sort(key=sort_key)
        expected[q["id"]] = {"columns": columns, "rows": rows}
    pairs, unconfirmed = monte_carlo_intersects()
    print(f"INTERSECTS Monte-Carlo check: {pairs} pairs, no missed overlap, {unconfirmed} positive answers without a sampled witness")
    for w in WARNINGS:
        print("AMBIGUOUS " + w, file=sys.stderr)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write("{\n")
        items = sorted(expected.items())
        for i, (k, v) in enumerate(items):
            f.write(f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{',' if i < len(items) - 1 else ''}\n")
        f.write("}\n")
    print(f"expected.json: {len(expected)} entries, {failures} failures, {len(WARNINGS)} ambiguities")
    sys.exit(1 if failures or WARNINGS else 0)


if __name__ == "__main__":
    main()
