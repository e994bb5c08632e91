/**
 * Registry content of the demo release other than datasets: the instrument, filters and sensors;
 * per visit its day_obs, group, exposure, visit (with timespan, region and observing conditions),
 * visit_definition, visit_system membership and per-sensor regions; the skymap, its tract and the
 * patches some visit overlaps; dataset types and collections (lsst-image-services.md §2.1–2.3).
 */
import type { AccessPolicy } from "../policy/index.js";
import { polygon as spherePolygon, type PolygonRegion } from "../../lib/sphere/index.js";
import { type ConvexPolygon, convexPolygonFromRaDec, polygonRaDec, type TaiNs, taiFromDate } from "../model/index.js";
import type { DimensionRecord, Registry } from "../registry/index.js";
import { footprint } from "../../lib/wcs/index.js";
import { BANDS, type DemoDetector, EXPOSURE_TIME_S, INSTRUMENT, physicalFilter, RAFT } from "./camera.js";
import type { DemoVisit } from "./schedule.js";
import { type DemoPatch, type DemoTract, SKYMAP_NAME, TRACT_COUNT } from "./skymap.js";

/** Collection names of the release. */
export const COLLECTIONS = {
  raw: `${INSTRUMENT}/raw/all`,
  calibRun: `${INSTRUMENT}/calib/run`,
  calib: `${INSTRUMENT}/calib`,
  visit: `${INSTRUMENT}/runs/visit`,
  diff: `${INSTRUMENT}/runs/diff`,
  coadd: `${INSTRUMENT}/runs/coadd`,
  /** Good-seeing template coadds: proprietary to DEMO_GROUPS.team (see demoPolicy). */
  templates: `${INSTRUMENT}/runs/templates`,
  truth: `${INSTRUMENT}/runs/truth`,
  defaults: `${INSTRUMENT}/defaults`,
} as const;

/** Dataset types of the release. */
export const DATASET_TYPES = [
  { name: "raw", dimensions: ["instrument", "detector", "exposure"], storageClass: "Exposure", isCalibration: false },
  { name: "bias", dimensions: ["instrument", "detector"], storageClass: "ExposureF", isCalibration: true },
  { name: "visit_image", dimensions: ["instrument", "detector", "visit"], storageClass: "ExposureF", isCalibration: false },
  { name: "difference_image", dimensions: ["instrument", "detector", "visit"], storageClass: "ExposureF", isCalibration: false },
  { name: "deep_coadd", dimensions: ["skymap", "tract", "patch", "band"], storageClass: "ExposureF", isCalibration: false },
  { name: "template_coadd", dimensions: ["skymap", "tract", "patch", "band"], storageClass: "ExposureF", isCalibration: false },
  { name: "truth_catalog", dimensions: ["skymap", "tract"], storageClass: "ArrowAstropy", isCalibration: false },
] as const;

/** The one visit system: one exposure per visit. */
const VISIT_SYSTEM = { id: 0, name: "one-to-one" } as const;

/** The patch's outer box on the sky. */
export function patchRegion(patch: DemoPatch): ConvexPolygon {
  return convexPolygonFromRaDec(footprint(patch.wcs, { corners: "edges" }));
}

/** A sphere-library polygon for a registry region (overlap tests use the same polygons as the records). */
export function sphereRegion(p: ConvexPolygon): PolygonRegion {
  return spherePolygon(polygonRaDec(p).map(([raDeg, decDeg]) => ({ raDeg, decDeg })));
}

/** Timespan of a day_obs: noon to noon UTC of the date it names (Rubin's rollover), TAI. */
function dayObsTimespan(dayObs: number): { begin: TaiNs; end: TaiNs } {
  const y = Math.floor(dayObs / 10000);
  const m = Math.floor(dayObs / 100) % 100;
  const d = dayObs % 100;
  const begin = Date.UTC(y, m - 1, d, 12);
  return { begin: taiFromDate(new Date(begin)), end: taiFromDate(new Date(begin + 86_400_000)) };
}

/** Dataset types and collections (the chain is set once all runs exist). */
export async function registerStructure(r: Registry): Promise<void> {
  for (const t of DATASET_TYPES) await r.registerDatasetType({ ...t, dimensions: [...t.dimensions] });
  for (const run of [COLLECTIONS.raw, COLLECTIONS.calibRun, COLLECTIONS.visit, COLLECTIONS.diff, COLLECTIONS.coadd, COLLECTIONS.templates, COLLECTIONS.truth]) {
    await r.registerRun(run, `DemoCam demo release: ${run.split("/").slice(1).join("/")}`);
  }
  await r.registerCollection(COLLECTIONS.calib, "CALIBRATION", "DemoCam master calibrations with validity ranges");
  await r.registerCollection(COLLECTIONS.defaults, "CHAINED", "The DemoCam demo data release");
  await r.setCollectionChain(COLLECTIONS.defaults, [COLLECTIONS.coadd, COLLECTIONS.templates, COLLECTIONS.diff, COLLECTIONS.visit, COLLECTIONS.calib, COLLECTIONS.raw, COLLECTIONS.truth]);
}

/** Instrument, filters and sensors. */
export async function insertInstrumentRecords(r: Registry, detectors: readonly DemoDetector[]): Promise<void> {
  await r.insertDimensionRecords("instrument", [{ name: INSTRUMENT, visit_max: 10 ** 13, visit_system: VISIT_SYSTEM.id, exposure_max: 10 ** 13, detector_max: 4, class_name: "skyport.demo.DemoCam" }]);
  await r.insertDimensionRecords("physical_filter", BANDS.map((b) => ({ instrument: INSTRUMENT, name: physicalFilter(b), band: b })));
  await r.insertDimensionRecords("detector", detectors.map((d) => ({ instrument: INSTRUMENT, id: d.id, full_name: d.fullName, raft: RAFT, name_in_raft: d.nameInRaft, purpose: "SCIENCE" })));
  await r.insertDimensionRecords("visit_system", [{ instrument: INSTRUMENT, ...VISIT_SYSTEM }]);
}

/** The geometry of one visit for its records. */
export interface VisitGeometry {
  readonly region: ConvexPolygon;
  readonly detectorRegions: readonly ConvexPolygon[];
}

/** day_obs, group, exposure, visit and the join records of every visit. */
export async function insertVisitRecords(r: Registry, visits: readonly DemoVisit[], geometry: readonly VisitGeometry[], detectors: readonly DemoDetector[]): Promise<void> {
  const days = [...new Set(visits.map((v) => v.dayObs))];
  await r.insertDimensionRecords("day_obs", days.map((id) => ({ instrument: INSTRUMENT, id, timespan: dayObsTimespan(id) })));
  await r.insertDimensionRecords("group", visits.map((v) => ({ instrument: INSTRUMENT, name: v.obsId })));
  const common = (v: DemoVisit) => ({
    instrument: INSTRUMENT,
    id: v.id,
    physical_filter: physicalFilter(v.band),
    day_obs: v.dayObs,
    exposure_time: EXPOSURE_TIME_S,
    observation_reason: "science",
    science_program: "demo",
    target_name: "DEMO_FIELD",
    seq_num: v.seqNum,
    zenith_angle: (Math.acos(1 / v.airmass) * 180) / Math.PI,
    timespan: { begin: v.beginTai, end: v.endTai },
  });
  const exposures: DimensionRecord[] = visits.map((v) => ({
    ...common(v),
    obs_id: v.obsId,
    group: v.obsId,
    dark_time: EXPOSURE_TIME_S + 1,
    observation_type: "science",
    seq_start: v.seqNum,
    seq_end: v.seqNum,
    tracking_ra: v.boresightRaDeg,
    tracking_dec: v.boresightDecDeg,
    sky_angle: v.rotationDeg,
    has_simulated: true,
    can_see_sky: true,
  }));
  await r.insertDimensionRecords("exposure", exposures);
  await r.insertDimensionRecords("visit", visits.map((v, i) => ({
    ...common(v),
    name: v.obsId,
    region: geometry[i]!.region,
    psf_fwhm: v.psfFwhmArcsec,
    sky_bg: v.skyNJy,
    sky_noise: v.skyNoiseNJy,
    airmass: v.airmass,
    zero_point: v.zeroPointMag,
    limiting_mag: v.limitingMag,
    boresight_ra: v.boresightRaDeg,
    boresight_dec: v.boresightDecDeg,
    rotation_angle: v.rotationDeg,
  })));
  await r.insertDimensionRecords("visit_definition", visits.map((v) => ({ instrument: INSTRUMENT, exposure: v.id, visit: v.id })));
  await r.insertDimensionRecords("visit_system_membership", visits.map((v) => ({ instrument: INSTRUMENT, visit: v.id, visit_system: VISIT_SYSTEM.id })));
  await r.insertDimensionRecords("visit_detector_region", visits.flatMap((v, i) => detectors.map((d) => ({ instrument: INSTRUMENT, visit: v.id, detector: d.id, region: geometry[i]!.detectorRegions[d.id]! }))));
}

/** The skymap, the field's tract and the given patches. */
export async function insertSkymapRecords(r: Registry, tract: DemoTract, patches: readonly DemoPatch[]): Promise<void> {
  const hash = new TextEncoder().encode(`${SKYMAP_NAME}:rings:120:0.2:2000:100`);
  await r.insertDimensionRecords("skymap", [{ name: SKYMAP_NAME, hash, tract_max: TRACT_COUNT, patch_nx_max: tract.patchesPerSide, patch_ny_max: tract.patchesPerSide }]);
  const corners = footprint(tract.wcs, { corners: "edges" });
  await r.insertDimensionRecords("tract", [{ skymap: SKYMAP_NAME, id: tract.id, region: convexPolygonFromRaDec(corners) }]);
  await r.insertDimensionRecords("patch", patches.map((p) => ({ skymap: SKYMAP_NAME, tract: tract.id, id: p.id, cell_x: p.x, cell_y: p.y, region: patchRegion(p) })));
}

/** The groups of the demo's access policy. */
export const DEMO_GROUPS = {
  /** May see the proprietary template coadds. */
  team: "demo-team",
  /** Sees visits during their embargo (like Rubin staff). */
  staff: "demo-staff",
} as const;

/**
 * The demo's access policy, so a new user sees it at work: the survey's 6-hour embargo after each
 * visit (the release's last two visits fall inside it when it is made), and the template coadds
 * proprietary to DEMO_GROUPS.team for a year after the release is generated.
 */
export function demoPolicy(generatedAt: Date): AccessPolicy {
  return {
    embargoHours: 6,
    embargoHoursByInstrument: {},
    embargoGroups: [DEMO_GROUPS.staff],
    rules: [{ pattern: COLLECTIONS.templates, groups: [DEMO_GROUPS.team], releaseDate: new Date(generatedAt.getTime() + 365 * 86_400_000) }],
  };
}
