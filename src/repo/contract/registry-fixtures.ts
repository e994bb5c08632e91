/**
 * A small repository used by the registry contract: one instrument with two filters and three
 * detectors, visits with timespans and detector footprints, a skymap with a tract and patches, and
 * dataset types of each kind. Footprints are exact small squares so spatial answers are obvious.
 */
import { convexPolygonFromRaDec, taiFromIsoTai } from "../model/index.js";
import type { DimensionRecord, Registry } from "../registry/registry.js";

/** A square of side `sideDeg` centred on (ra, dec), as a convex polygon (small-angle). */
export function square(raDeg: number, decDeg: number, sideDeg: number) {
  const h = sideDeg / 2;
  const c = Math.cos((decDeg * Math.PI) / 180);
  return convexPolygonFromRaDec([
    [raDeg - h / c, decDeg - h],
    [raDeg + h / c, decDeg - h],
    [raDeg + h / c, decDeg + h],
    [raDeg - h / c, decDeg + h],
  ]);
}

export const T0 = taiFromIsoTai("2025-06-01 03:00:00");
export const MINUTE = 60_000_000_000n;

/** Visits 1..4: 1-2 in g at RA 10, 3 in r at RA 10, 4 in r at RA 50. Detector d sits at dec d·0.2. */
export const VISITS = [
  { id: 1, filter: "TC-g", ra: 10, start: T0 },
  { id: 2, filter: "TC-g", ra: 10, start: T0 + 10n * MINUTE },
  { id: 3, filter: "TC-r", ra: 10, start: T0 + 20n * MINUTE },
  { id: 4, filter: "TC-r", ra: 50, start: T0 + 30n * MINUTE },
] as const;

export async function loadFixtures(r: Registry): Promise<void> {
  await r.insertDimensionRecords("instrument", [{ name: "TestCam", visit_max: 1000, exposure_max: 1000, detector_max: 10, class_name: "skyport.TestCam" }]);
  await r.insertDimensionRecords("physical_filter", [
    { instrument: "TestCam", name: "TC-g", band: "g" },
    { instrument: "TestCam", name: "TC-r", band: "r" },
  ]);
  await r.insertDimensionRecords("detector", [1, 2, 3].map((id) => ({ instrument: "TestCam", id, full_name: `S0${id}`, raft: "R00", name_in_raft: `S0${id}`, purpose: "SCIENCE" })));
  await r.insertDimensionRecords("day_obs", [{ instrument: "TestCam", id: 20250601, timespan: { begin: T0 - 600n * MINUTE, end: T0 + 840n * MINUTE } }]);
  await r.insertDimensionRecords("group", VISITS.map((v) => ({ instrument: "TestCam", name: `g${v.id}` })));
  const exposures: DimensionRecord[] = VISITS.map((v) => ({
    instrument: "TestCam", id: v.id, obs_id: `TC_O_20250601_${String(v.id).padStart(6, "0")}`, physical_filter: v.filter, group: `g${v.id}`, day_obs: 20250601,
    exposure_time: 30, dark_time: 31, observation_type: "science", observation_reason: "science", seq_num: v.id, has_simulated: true, can_see_sky: true,
    timespan: { begin: v.start, end: v.start + MINUTE / 2n },
  }));
  await r.insertDimensionRecords("exposure", exposures);
  await r.insertDimensionRecords("visit", VISITS.map((v) => ({
    instrument: "TestCam", id: v.id, name: `v${v.id}`, physical_filter: v.filter, day_obs: 20250601, exposure_time: 30, psf_fwhm: 0.6 + v.id / 10,
    airmass: 1.1, zero_point: 31.4, timespan: { begin: v.start, end: v.start + MINUTE / 2n }, region: square(v.ra, 0.2, 0.8),
  })));
  await r.insertDimensionRecords("visit_detector_region", VISITS.flatMap((v) => [1, 2, 3].map((d) => ({
    instrument: "TestCam", visit: v.id, detector: d, region: square(v.ra, d * 0.2, 0.19),
  }))));
  await r.insertDimensionRecords("visit_definition", VISITS.map((v) => ({ instrument: "TestCam", exposure: v.id, visit: v.id })));
  await r.insertDimensionRecords("skymap", [{ name: "rings", hash: new Uint8Array([1, 2, 3]), tract_max: 10, patch_nx_max: 2, patch_ny_max: 2 }]);
  await r.insertDimensionRecords("tract", [{ skymap: "rings", id: 0, region: square(10, 0.4, 2) }]);
  await r.insertDimensionRecords("patch", [0, 1].map((p) => ({ skymap: "rings", tract: 0, id: p, cell_x: p, cell_y: 0, region: square(9.5 + p, 0.4, 1.05) })));
  await r.registerDatasetType({ name: "raw", dimensions: ["instrument", "detector", "exposure"], storageClass: "Exposure", isCalibration: false });
  await r.registerDatasetType({ name: "visit_image", dimensions: ["instrument", "detector", "visit"], storageClass: "ExposureF", isCalibration: false });
  await r.registerDatasetType({ name: "deep_coadd", dimensions: ["skymap", "tract", "patch", "band"], storageClass: "ExposureF", isCalibration: false });
  await r.registerDatasetType({ name: "bias", dimensions: ["instrument", "detector"], storageClass: "ExposureF", isCalibration: true });
}
