/**
 * ObsCore rows from dataset references (ObsCore 1.1; LSST's mapping in lsst-image-services.md
 * §1.2-1.4): the configuration picks product type, level and identifier templates per dataset
 * type; the footprint, time span, observing conditions and file size come from the repository
 * through an {@link ObsCoreContext}. Pure apart from those lookups, so live updates and rebuilds
 * produce identical rows.
 */
import { type ConvexPolygon, type DataId, type DatasetRef, dateFromTai, mjdUtcFromTai, type Timespan } from "../model/index.js";
import { ACCESS_GROUPS_COLUMN, curation, EMBARGO_UNTIL_COLUMN, groupsColumnValue, isoInstant, releaseOf } from "../policy/index.js";
import type { DimensionRecord } from "../registry/index.js";
import { formatTemplate, type ObsCoreConfig, type TemplateValues } from "./config.js";
import type { ObsCoreContext } from "./context.js";
import { footprintColumns } from "./geometry.js";

/** A stored cell value. */
export type ObsCoreValue = string | number | null;

/** One ObsCore row: the dataset it describes, its column values, and its footprint for indexing. */
export interface ObsCoreRow {
  readonly dataset_id: string;
  /** ObsCore, extension and internal (release facts) column name → value. */
  readonly values: Readonly<Record<string, ObsCoreValue>>;
  /** The exact footprint (s_region as a polygon), for the spatial index. */
  readonly region: ConvexPolygon | null;
}

/** Records one dataset's row is made from. */
interface Records {
  readonly visitId: number | undefined;
  readonly visit?: DimensionRecord;
  readonly exposure?: DimensionRecord;
  readonly detector?: DimensionRecord;
  readonly region: ConvexPolygon | null;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : typeof v === "bigint" ? Number(v) : null;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/** The visit of a dataset: its own, or (raws) the one its exposure belongs to. */
async function visitOf(ctx: ObsCoreContext, dataId: DataId): Promise<number | undefined> {
  if (typeof dataId.visit === "number") return dataId.visit;
  if (dataId.exposure === undefined) return undefined;
  const def = await ctx.record("visit_definition", { instrument: dataId.instrument ?? "", exposure: dataId.exposure });
  return num(def?.visit) ?? undefined;
}

async function loadRecords(ctx: ObsCoreContext, dataId: DataId): Promise<Records> {
  const visitId = await visitOf(ctx, dataId);
  const withVisit = visitId === undefined ? dataId : { ...dataId, visit: visitId };
  // Sequential on purpose: inside a transaction every lookup shares one connection.
  const visit = visitId === undefined ? undefined : await ctx.record("visit", withVisit);
  const exposure = dataId.exposure === undefined ? undefined : await ctx.record("exposure", dataId);
  const detector = dataId.detector === undefined ? undefined : await ctx.record("detector", dataId);
  // The most specific footprint available: detector in visit, visit, patch, tract.
  let region: ConvexPolygon | null = null;
  if (visitId !== undefined && dataId.detector !== undefined) region = (await ctx.record("visit_detector_region", withVisit))?.region ?? null;
  if (!region && visitId !== undefined && dataId.detector === undefined) region = visit?.region ?? null;
  if (!region && dataId.patch !== undefined) region = (await ctx.record("patch", dataId))?.region ?? null;
  if (!region && dataId.tract !== undefined && dataId.patch === undefined) region = (await ctx.record("tract", dataId))?.region ?? null;
  return { visitId, ...(visit ? { visit } : {}), ...(exposure ? { exposure } : {}), ...(detector ? { detector } : {}), region };
}

/** UTC ISO date-time without the zone letter (templates append "Z", as LSST's do). */
function isoUtc(t: bigint | null | undefined): string | null {
  return t === null || t === undefined ? null : dateFromTai(t).toISOString().slice(0, 23);
}

function templateValues(ref: DatasetRef, recs: Records): TemplateValues {
  const values: Record<string, string | number | null> = { ...ref.dataId, id: ref.id, run: ref.run, dataset_type: ref.datasetType };
  if (recs.visitId !== undefined) values.visit = recs.visitId;
  else if (ref.dataId.exposure !== undefined) values.visit = ref.dataId.exposure;
  for (const [name, rec] of [["visit", recs.visit], ["exposure", recs.exposure], ["detector", recs.detector]] as const) {
    if (!rec) continue;
    for (const [k, v] of Object.entries(rec)) if (typeof v === "string" || typeof v === "number") values[`${name}.${k}`] = v;
    values[`${name}.timespan_begin_utc`] = isoUtc(rec.timespan?.begin);
  }
  return values;
}

/** Band (or physical filter) → [em_min, em_max] metres, physical filter first. */
function spectralRange(config: ObsCoreConfig, dataId: DataId): readonly [number, number] | undefined {
  const pf = dataId.physical_filter;
  const band = dataId.band;
  return (typeof pf === "string" ? config.spectral_ranges[pf] : undefined) ?? (typeof band === "string" ? config.spectral_ranges[band] : undefined);
}

function timeColumns(ts: Timespan | undefined, exptimeS: number | null): Record<string, ObsCoreValue> {
  return {
    t_min: ts?.begin != null ? mjdUtcFromTai(ts.begin) : null,
    t_max: ts?.end != null ? mjdUtcFromTai(ts.end) : null,
    t_exptime: exptimeS,
    // One exposure: the time resolution is the exposure itself.
    t_resolution: exptimeS,
    t_xel: ts ? 1 : null,
  };
}

/** The end of the latest exposure or visit among a dataset's direct inputs, if any. */
async function latestInputEnd(ctx: ObsCoreContext, ref: DatasetRef): Promise<Date | null> {
  let latest: bigint | null = null;
  for (const input of (await ctx.inputs?.(ref.id)) ?? []) {
    const d = input.dataId;
    const element = d.visit !== undefined ? "visit" : d.exposure !== undefined ? "exposure" : undefined;
    if (!element) continue;
    const end = (await ctx.record(element, d))?.timespan?.end;
    if (end !== undefined && end !== null && (latest === null || end > latest)) latest = end;
  }
  return latest === null ? null : dateFromTai(latest);
}

/**
 * data_rights and obs_release_date, and the internal columns of the access restriction, from the
 * policy: the observation's end (exposure or visit) starts the embargo; the RUN collection picks
 * the collection rule. Data without an observation of its own (coadds) carries its inputs' pixels,
 * so its embargo runs from the end of the latest visit it was made from.
 */
async function curationColumns(ref: DatasetRef, instrument: string | null, ts: Timespan | undefined, config: ObsCoreConfig, ctx: ObsCoreContext): Promise<Record<string, ObsCoreValue>> {
  if (!ctx.policy) return { data_rights: config.data_rights, obs_release_date: config.obs_release_date, [ACCESS_GROUPS_COLUMN]: "", [EMBARGO_UNTIL_COLUMN]: null };
  const observationEnd = ts?.end != null ? dateFromTai(ts.end) : await latestInputEnd(ctx, ref);
  const release = releaseOf(ctx.policy, { run: ref.run, instrument, observationEnd });
  return {
    ...curation(release),
    [ACCESS_GROUPS_COLUMN]: groupsColumnValue(release.groups),
    [EMBARGO_UNTIL_COLUMN]: release.embargoUntil ? isoInstant(release.embargoUntil) : null,
  };
}

/**
 * The ObsCore row of one dataset, or undefined when its dataset type is not configured.
 * @throws Error when a NOT NULL column (obs_id, obs_publisher_did) cannot be formatted.
 */
export async function obsCoreRow(ref: DatasetRef, config: ObsCoreConfig, ctx: ObsCoreContext): Promise<ObsCoreRow | undefined> {
  const tc = config.dataset_types[ref.datasetType];
  if (!tc) return undefined;
  const recs = await loadRecords(ctx, ref.dataId);
  const tv = templateValues(ref, recs);
  const obsId = formatTemplate(tc.obs_id_fmt, tv);
  const did = formatTemplate(config.obs_publisher_did_fmt, tv);
  if (obsId === null || did === null) throw new Error(`ObsCore: cannot format obs_id/obs_publisher_did of ${ref.datasetType} ${ref.id} (${JSON.stringify(ref.dataId)})`);
  // Coadds have no instrument dimension: the configured fallback, else the repository's only one.
  const instrument = typeof ref.dataId.instrument === "string" ? ref.dataId.instrument : (config.fallback_instrument ?? (await ctx.soleInstrument?.()) ?? null);
  const timeRec = recs.exposure ?? recs.visit;
  const exptime = num(timeRec?.exposure_time);
  const em = spectralRange(config, ref.dataId);
  const file = await ctx.datastoreRecord(ref.id);
  const shape = await ctx.imageShape?.(ref, file);
  const xel = shape ?? tc.s_xel;
  const fp = recs.region ? footprintColumns(recs.region) : undefined;
  const values: Record<string, ObsCoreValue> = {
    dataproduct_type: tc.dataproduct_type,
    dataproduct_subtype: tc.dataproduct_subtype ?? null,
    calib_level: tc.calib_level,
    obs_collection: config.obs_collection,
    obs_id: obsId,
    obs_title: tc.obs_title_fmt ? formatTemplate(tc.obs_title_fmt, tv) : null,
    obs_creator_did: config.obs_creator_did_fmt ? formatTemplate(config.obs_creator_did_fmt, tv) : null,
    obs_publisher_did: did,
    ...(await curationColumns(ref, instrument, timeRec?.timespan, config, ctx)),
    access_url: formatTemplate(config.datalink_url_fmt, { base: config.public_base_url, did_url: encodeURIComponent(did) }),
    access_format: tc.access_format ?? config.access_format,
    access_estsize: file?.fileSize != null ? Math.ceil(file.fileSize / 1024) : null,
    target_name: str(recs.visit?.target_name) ?? str(recs.exposure?.target_name),
    s_ra: fp?.s_ra ?? null,
    s_dec: fp?.s_dec ?? null,
    s_fov: fp?.s_fov ?? null,
    s_region: fp?.s_region ?? null,
    // The delivered seeing of the visit; coadds have no single value.
    s_resolution: num(recs.visit?.psf_fwhm),
    s_xel1: xel?.[0] ?? null,
    s_xel2: xel?.[1] ?? null,
    ...timeColumns(timeRec?.timespan, exptime),
    em_min: em?.[0] ?? null,
    em_max: em?.[1] ?? null,
    // Resolving power of a broad band: centre wavelength over width.
    em_res_power: em ? (em[0] + em[1]) / 2 / (em[1] - em[0]) : null,
    em_xel: em ? 1 : null,
    o_ucd: tc.o_ucd ?? null,
    pol_states: config.pol_states,
    pol_xel: config.pol_states === null ? null : config.pol_states.split("/").filter((s) => s !== "").length,
    facility_name: (instrument ? config.facility_map?.[instrument] : undefined) ?? config.facility_name,
    instrument_name: instrument,
  };
  for (const [name, col] of Object.entries(config.extra_columns)) {
    const text = formatTemplate(col.template, tv);
    values[name] = text === null ? null : col.type === "string" ? text : Number.isFinite(Number(text)) ? Number(text) : null;
  }
  return { dataset_id: ref.id, values, region: recs.region };
}

/** The rows of many datasets (unconfigured dataset types are skipped), in input order. */
export async function obsCoreRows(refs: readonly DatasetRef[], config: ObsCoreConfig, ctx: ObsCoreContext): Promise<ObsCoreRow[]> {
  const out: ObsCoreRow[] = [];
  for (const ref of refs) {
    const row = await obsCoreRow(ref, config, ctx);
    if (row) out.push(row);
  }
  return out;
}
