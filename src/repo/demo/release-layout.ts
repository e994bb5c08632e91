/**
 * The deterministic layout of a demo release, computed the same way in the main thread and in
 * worker threads from a small serialisable configuration: the schedule, the sensors and their
 * WCSs and regions, the tract and the patches some sensor overlaps, the truth catalogue, and the
 * header cards every product carries. Nothing here touches the repository.
 */
import { intersects, type PolygonRegion } from "../../lib/sphere/index.js";
import type { Wcs } from "../../lib/wcs/index.js";
import { mjdTaiFromTai, taiFromDate } from "../model/index.js";
import { type DemoDetector, demoDetectors } from "./camera.js";
import { generateTruthCatalog, type TruthSource } from "./catalog.js";
import { detectorRegion, detectorWcs, visitRegion } from "./detector-wcs.js";
import type { CardList, EncodeOptions } from "./fits-products.js";
import { provenanceCards } from "./headers.js";
import { patchRegion, sphereRegion, type VisitGeometry } from "./records.js";
import { FIELD_DEC_DEG, FIELD_RA_DEG, type DemoVisit, makeSchedule } from "./schedule.js";
import { type DemoPatch, type DemoTract, patchesNear, tractContaining } from "./skymap.js";

/** What fixes a release: plain values, so it can be posted to a worker. */
export interface ReleaseConfig {
  readonly visits: number;
  readonly seed: number;
  readonly detectorSize: number;
  readonly compress: boolean;
  /** ISO instants: the reference "now" and the DATE written in headers. */
  readonly nowIso: string;
  readonly generatedAtIso: string;
}

/** The computed layout (see module header). */
export interface ReleaseLayout {
  readonly config: ReleaseConfig;
  readonly releaseKey: string;
  readonly nowMjd: number;
  readonly visits: readonly DemoVisit[];
  readonly detectors: readonly DemoDetector[];
  readonly wcs: readonly (readonly Wcs[])[];
  readonly geometry: readonly VisitGeometry[];
  /** Sphere-library regions of each sensor footprint, [visit index][detector id]. */
  readonly sensorRegions: readonly (readonly PolygonRegion[])[];
  readonly tract: DemoTract;
  readonly patches: readonly DemoPatch[];
  readonly patchRegions: ReadonlyMap<number, PolygonRegion>;
  readonly sources: readonly TruthSource[];
  readonly common: CardList;
  encode(key: string): EncodeOptions;
}

/** Computes the layout of a release. */
export function releaseLayout(config: ReleaseConfig): ReleaseLayout {
  const now = new Date(config.nowIso);
  const size = config.detectorSize;
  const visits = makeSchedule(config.visits, config.seed, now);
  const detectors = demoDetectors(size);
  const wcs = visits.map((v) => detectors.map((d) => detectorWcs(v, d, size)));
  const geometry = wcs.map((ws) => ({ region: visitRegion(ws, size), detectorRegions: ws.map(detectorRegion) }));
  const sensorRegions = geometry.map((g) => g.detectorRegions.map(sphereRegion));
  const tract = tractContaining(FIELD_RA_DEG, FIELD_DEC_DEG);
  const patchById = new Map<number, DemoPatch>();
  const patchRegions = new Map<number, PolygonRegion>();
  for (const regions of sensorRegions) {
    for (const region of regions) {
      const corners = region.vertices.map((c) => tract.wcs.worldToPix(c.raDeg, c.decDeg));
      for (const p of patchesNear(tract, corners.map((c) => c[0]), corners.map((c) => c[1]))) {
        if (patchById.has(p.id)) continue;
        const pr = sphereRegion(patchRegion(p));
        if (intersects(region, pr)) {
          patchById.set(p.id, p);
          patchRegions.set(p.id, pr);
        }
      }
    }
  }
  const nowMjd = mjdTaiFromTai(taiFromDate(now));
  const releaseKey = `${config.seed}|${now.toISOString()}|${config.visits}|${size}`;
  return {
    config,
    releaseKey,
    nowMjd,
    visits,
    detectors,
    wcs,
    geometry,
    sensorRegions,
    tract,
    patches: [...patchById.values()].sort((a, b) => a.id - b.id),
    patchRegions,
    sources: generateTruthCatalog({ seed: config.seed, nowMjd }),
    common: provenanceCards(new Date(config.generatedAtIso), config.seed),
    encode: (key: string) => ({ compress: config.compress, ditherKey: `${releaseKey}|${key}` }),
  };
}
