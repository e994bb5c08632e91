/**
 * SIA 2.0 constraints as ADQL over ivoa.ObsCore (standards.md §8): the SIA service runs through the
 * same checker, compiler, policy and renderer as TAP, never a second query path. Values of one
 * parameter are OR-ed, parameters AND-ed (SIA-03); intervals are inclusive with open infinite ends
 * (SIA-04) and test overlap with the ObsCore interval; NULL never matches (SIA-02) because every
 * comparison with NULL is unknown. Literals are written only from parsed numbers and from strings
 * quoted with '' escaping, so nothing from the request becomes ADQL syntax.
 */
import type { Interval, SiaQuery } from "../../lib/dali/index.js";
import type { Region } from "../../lib/sphere/index.js";

const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  // ADQL has no signed literals; a unary minus in parentheses keeps precedence obvious.
  return x < 0 ? `(-${String(-x)})` : String(x);
};
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const or = (terms: readonly string[]): string => (terms.length === 1 ? (terms[0] as string) : `(${terms.join(" OR ")})`);

/** [lo, hi] overlaps [minCol, maxCol]; open ends drop their side. */
function overlap(i: Interval, minCol: string, maxCol: string, scale = 1): string {
  const t: string[] = [];
  if (Number.isFinite(i.hi)) t.push(`${minCol} <= ${num(i.hi * scale)}`);
  if (Number.isFinite(i.lo)) t.push(`${maxCol} >= ${num(i.lo * scale)}`);
  if (t.length === 0) t.push(`${minCol} IS NOT NULL`);
  return t.length === 1 ? (t[0] as string) : `(${t.join(" AND ")})`;
}

/** A value column within [lo, hi]. */
function within(i: Interval, col: string, scale = 1): string {
  return overlap(i, col, col, scale);
}

/** RA steps of RANGE polygons: edges of constant declination drawn as short great-circle arcs. */
const RANGE_STEP_DEG = 0.25;

/** A RANGE as polygons (each under 90° of RA, so each is a proper < hemisphere polygon). */
function rangePolygons(r: Extract<Region, { kind: "range" }>): string[] | "all" {
  const d1 = Math.max(-90, r.decMinDeg);
  const d2 = Math.min(90, r.decMaxDeg);
  const full = r.fullRa;
  if (full && d1 <= -90 && d2 >= 90) return "all";
  // Whole-RA caps are circles, exactly.
  if (full && d2 >= 90) return [`CIRCLE(0, 90, ${num(90 - d1)})`];
  if (full && d1 <= -90) return [`CIRCLE(0, -90, ${num(90 + d2)})`];
  const lo = Math.max(-89.999999, d1);
  const hi = Math.min(89.999999, d2);
  let ra1 = r.raMinDeg;
  let width = full ? 360 : r.raMaxDeg >= r.raMinDeg ? r.raMaxDeg - r.raMinDeg : r.raMaxDeg + 360 - r.raMinDeg;
  const out: string[] = [];
  while (width > 1e-12) {
    const w = Math.min(90, width);
    const steps = Math.max(1, Math.ceil(w / RANGE_STEP_DEG));
    const pts: string[] = [];
    for (let k = 0; k <= steps; k++) pts.push(`${num(((ra1 + (w * k) / steps) % 360 + 360) % 360)}, ${num(lo)}`);
    for (let k = steps; k >= 0; k--) pts.push(`${num(((ra1 + (w * k) / steps) % 360 + 360) % 360)}, ${num(hi)}`);
    out.push(`POLYGON(${pts.join(", ")})`);
    ra1 += w;
    width -= w;
  }
  return out;
}

function posTerm(p: SiaQuery["pos"][number]): string | "all" {
  if (p.kind === "circle") return `1 = INTERSECTS(s_region, CIRCLE(${num(p.raDeg)}, ${num(p.decDeg)}, ${num(p.radiusDeg)}))`;
  if (p.kind === "polygon") return `1 = INTERSECTS(s_region, POLYGON(${p.vertices.map((v) => `${num(v.raDeg)}, ${num(v.decDeg)}`).join(", ")}))`;
  const polys = rangePolygons(p);
  if (polys === "all") return "all";
  return or(polys.map((g) => `1 = INTERSECTS(s_region, ${g})`));
}

/** The ADQL query of an SIA request. */
export function siaToAdql(q: SiaQuery): string {
  const where: string[] = [];
  const add = <T>(values: readonly T[], term: (v: T) => string) => {
    if (values.length > 0) where.push(or(values.map(term)));
  };
  if (q.pos.length > 0) {
    const terms = q.pos.map(posTerm);
    if (!terms.includes("all")) where.push(or(terms as string[]));
  }
  add(q.band, (i) => overlap(i, "em_min", "em_max"));
  add(q.time, (i) => overlap(i, "t_min", "t_max"));
  add(q.pol, (s) => `pol_states LIKE ${str(`%/${s}/%`)}`);
  add(q.fov, (i) => within(i, "s_fov"));
  // SIA gives SPATRES in degrees; ObsCore's s_resolution is in arcseconds.
  add(q.spatres, (i) => within(i, "s_resolution", 3600));
  add(q.exptime, (i) => within(i, "t_exptime"));
  add(q.timeres, (i) => within(i, "t_resolution"));
  add(q.specrp, (i) => within(i, "em_res_power"));
  // IVOIDs compare case-insensitively (SIA-06).
  add(q.id, (id) => `LOWER(obs_publisher_did) = ${str(id.toLowerCase())}`);
  add(q.collection, (v) => `obs_collection = ${str(v)}`);
  add(q.facility, (v) => `facility_name = ${str(v)}`);
  add(q.instrument, (v) => `instrument_name = ${str(v)}`);
  add(q.dptype, (v) => `dataproduct_type = ${str(v)}`);
  add(q.calib, (v) => `calib_level = ${num(v)}`);
  add(q.target, (v) => `target_name = ${str(v)}`);
  add(q.format, (v) => `access_format = ${str(v)}`);
  return `SELECT * FROM ivoa.ObsCore${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}`;
}
