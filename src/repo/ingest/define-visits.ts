/**
 * Defining visits from exposures, one visit per exposure (the "one-to-one" visit system): visit
 * records copy the exposure's pointing, filter, time and observing metadata; visit_definition
 * links them; each detector's footprint (from its raw's WCS) becomes a visit_detector_region and
 * the visit's region is the convex hull of those footprints.
 */
import { readHduIndex } from "../../lib/fits/index.js";
import { footprint, Wcs } from "../../lib/wcs/index.js";
import type { Butler } from "../butler.js";
import { type ConvexPolygon, convexPolygonFromRaDec, type UnitVector } from "../model/index.js";
import type { DimensionRecord } from "../registry/index.js";
import { RAW_DATASET_TYPE } from "./raw-ingest.js";

export interface DefineVisitsReport {
  readonly visits: number;
  readonly regions: number;
  /** Raws whose WCS could not be read (their detector has no region). */
  readonly withoutWcs: readonly string[];
}

/** Convex hull (counter-clockwise) of points given as unit vectors, via the tangent plane at their mean. */
export function sphericalHull(points: readonly UnitVector[]): ConvexPolygon | undefined {
  if (points.length < 3) return undefined;
  const c = points.reduce<[number, number, number]>((a, p) => [a[0] + p[0], a[1] + p[1], a[2] + p[2]], [0, 0, 0]);
  const n = Math.hypot(...c);
  const centre: UnitVector = [c[0] / n, c[1] / n, c[2] / n];
  // Orthonormal basis (e, f) of the tangent plane at the centre.
  const ref: UnitVector = Math.abs(centre[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const e = normal([ref[1] * centre[2] - ref[2] * centre[1], ref[2] * centre[0] - ref[0] * centre[2], ref[0] * centre[1] - ref[1] * centre[0]]);
  const f: UnitVector = [centre[1] * e[2] - centre[2] * e[1], centre[2] * e[0] - centre[0] * e[2], centre[0] * e[1] - centre[1] * e[0]];
  const planar = points.map((p) => {
    const d = p[0] * centre[0] + p[1] * centre[1] + p[2] * centre[2];
    return { p, x: (p[0] * e[0] + p[1] * e[1] + p[2] * e[2]) / d, y: (p[0] * f[0] + p[1] * f[1] + p[2] * f[2]) / d };
  });
  planar.sort((a, b) => a.x - b.x || a.y - b.y);
  const cross = (o: (typeof planar)[number], a: (typeof planar)[number], b: (typeof planar)[number]) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: typeof planar = [];
  for (const p of planar) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: typeof planar = [];
  for (const p of [...planar].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  if (hull.length < 3) return undefined;
  // Counter-clockwise in the (e, f) plane seen from outside the sphere is counter-clockwise on the sky.
  return { kind: "convex-polygon", vertices: hull.map((h) => h.p) };
}

function normal(v: [number, number, number]): UnitVector {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Reads a raw's WCS footprint (corners on the sky) from its stored file, or undefined. */
async function rawFootprint(butler: Butler, datasetId: string): Promise<ConvexPolygon | undefined> {
  const file = await butler.open(datasetId);
  try {
    const index = await readHduIndex(file, { maxHdus: 1000 });
    for (const hdu of index.hdus) {
      const h = hdu.header;
      if (Number(h.get("NAXIS")) !== 2 && Number(h.get("ZNAXIS")) !== 2) continue;
      try {
        const wcs = Wcs.fromHeader((k) => h.get(k));
        if (!wcs.celestial) continue;
        return convexPolygonFromRaDec(footprint(wcs));
      } catch {
        /* no usable WCS in this HDU */
      }
    }
    return undefined;
  } finally {
    await file.close();
  }
}

/** Defines one-to-one visits for an instrument's science exposures that have none yet. */
export async function defineVisits(butler: Butler, instrument: string, collections: readonly string[] = [`${instrument}/raw/all`]): Promise<DefineVisitsReport> {
  const r = butler.registry;
  const exposures = await r.queryDimensionRecords("exposure", { dataId: { instrument } });
  const existing = new Set((await r.queryDimensionRecords("visit", { dataId: { instrument } })).map((v) => v.id as number));
  const todo = exposures.filter((e) => !existing.has(e.id as number) && (e.observation_type === "science" || e.can_see_sky === true));
  const withoutWcs: string[] = [];
  const visits: DimensionRecord[] = [];
  const regions: DimensionRecord[] = [];
  for (const e of todo) {
    const raws = await r.queryDatasets(RAW_DATASET_TYPE.name, { collections, dataId: { instrument, exposure: e.id as number }, findFirst: true });
    const corners: UnitVector[] = [];
    for (const raw of raws) {
      const poly = await rawFootprint(butler, raw.id).catch(() => undefined);
      if (!poly) {
        withoutWcs.push(raw.id);
        continue;
      }
      regions.push({ instrument, visit: e.id, detector: raw.dataId.detector, region: poly });
      corners.push(...poly.vertices);
    }
    const region = sphericalHull(corners);
    visits.push({
      instrument,
      id: e.id,
      name: e.obs_id,
      physical_filter: e.physical_filter,
      day_obs: e.day_obs,
      seq_num: e.seq_num,
      exposure_time: e.exposure_time,
      target_name: e.target_name,
      observation_reason: e.observation_reason,
      science_program: e.science_program,
      azimuth: e.azimuth,
      zenith_angle: e.zenith_angle,
      boresight_ra: e.tracking_ra,
      boresight_dec: e.tracking_dec,
      ...(e.zenith_angle !== null && e.zenith_angle !== undefined ? { airmass: 1 / Math.cos(((e.zenith_angle as number) * Math.PI) / 180) } : {}),
      ...(e.timespan ? { timespan: e.timespan } : {}),
      ...(region ? { region } : {}),
    });
  }
  await r.transaction(async (tx) => {
    await tx.insertDimensionRecords("visit_system", [{ instrument, id: 0, name: "one-to-one" }], "skip");
    await tx.insertDimensionRecords("visit", visits);
    await tx.insertDimensionRecords("visit_definition", visits.map((v) => ({ instrument, exposure: v.id, visit: v.id })));
    await tx.insertDimensionRecords("visit_system_membership", visits.map((v) => ({ instrument, visit: v.id, visit_system: 0 })));
    if (regions.length) await tx.insertDimensionRecords("visit_detector_region", regions);
    await butler.hooks?.onVisitsChanged({ registry: tx, executor: tx.sql }, visits.map((v) => ({ instrument, visit: v.id as number })));
  });
  return { visits: visits.length, regions: regions.length, withoutWcs };
}
