/**
 * A table of observing conditions per visit (`skyport.visit`, stored as `skyport_visit`): seeing,
 * sky, airmass, zero point, exposure time, time span and footprint, from the visit dimension
 * records (default-universe.ts VISIT_CONDITION_FIELDS). Joinable to ObsCore on
 * (instrument_name, lsst_visit) = (instrument, visit).
 */
import { mjdUtcFromTai } from "../model/index.js";
import type { DimensionRecord, Registry } from "../registry/index.js";
import { quoteIdent as q, type SqlExecutor } from "../registry/sql/database.js";
import { chunks, Params } from "../registry/sql-registry/context.js";
import { footprintColumns } from "./geometry.js";
import type { ObsCoreValue } from "./rows.js";
import { charCol, doubleCol, longCol, type TapTable } from "./tap-schema.js";

export const VISIT_TABLE = "skyport_visit";

const own = { std: false } as const;

/** TAP_SCHEMA description of the visit table. */
export const VISIT_TABLE_DESCRIPTION: TapTable = {
  schema: "skyport",
  name: "skyport.visit",
  dbTable: VISIT_TABLE,
  description: "Observing conditions of each visit; join to ivoa.ObsCore on instrument_name = instrument AND lsst_visit = visit.",
  columns: [
    charCol("instrument", "Instrument that took the visit", { ...own, ucd: "meta.id;instr", principal: true, notNull: true, indexed: true }),
    longCol("visit", "Visit identifier", { ...own, ucd: "meta.id;obs", principal: true, notNull: true, indexed: true }),
    charCol("visit_name", "Visit name", { ...own, ucd: "meta.id" }),
    charCol("band", "Abstract band", { ...own, ucd: "meta.id;instr.bandpass", principal: true }),
    charCol("physical_filter", "Physical filter", { ...own, ucd: "meta.id;instr.filter" }),
    doubleCol("seeing", "Median PSF FWHM over the visit's detectors (delivered seeing)", { ...own, unit: "arcsec", ucd: "instr.obsty.seeing", principal: true }),
    doubleCol("sky_bg", "Median sky background per pixel", { ...own, unit: "nJy", ucd: "instr.skyLevel" }),
    doubleCol("sky_noise", "Median sky noise per pixel", { ...own, unit: "nJy", ucd: "stat.stdev;instr.skyLevel" }),
    doubleCol("airmass", "Airmass at mid-visit", { ...own, ucd: "obs.airMass", principal: true }),
    doubleCol("zero_point", "Photometric zero point (AB mag giving 1 count/s)", { ...own, unit: "mag", ucd: "phot.mag;arith.zp", principal: true }),
    doubleCol("limiting_mag", "5-sigma point-source limiting magnitude", { ...own, unit: "mag", ucd: "phot.mag;stat.max" }),
    doubleCol("exposure_time", "Total exposure time", { ...own, unit: "s", ucd: "time.duration;obs.exposure", principal: true }),
    doubleCol("t_min", "Start time, MJD (UTC)", { ...own, unit: "d", ucd: "time.start;obs.exposure", principal: true, indexed: true }),
    doubleCol("t_max", "Stop time, MJD (UTC)", { ...own, unit: "d", ucd: "time.end;obs.exposure" }),
    doubleCol("s_ra", "Centre of the visit footprint, ICRS", { ...own, unit: "deg", ucd: "pos.eq.ra" }),
    doubleCol("s_dec", "Centre of the visit footprint, ICRS", { ...own, unit: "deg", ucd: "pos.eq.dec" }),
    { ...doubleCol("s_region", "Visit footprint (DALI polygon, ICRS degrees)", { ...own, ucd: "pos.outline;obs.field" }), arraysize: "*", xtype: "polygon", sqlType: "text" },
  ],
};

function num(v: unknown): number | null {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
}

/** The visit table row of one visit record. */
export function visitRow(rec: DimensionRecord, bandOf: (physicalFilter: string) => string | null): Record<string, ObsCoreValue> {
  const fp = rec.region ? footprintColumns(rec.region) : undefined;
  const pf = typeof rec.physical_filter === "string" ? rec.physical_filter : null;
  return {
    instrument: String(rec.instrument),
    visit: num(rec.id),
    visit_name: typeof rec.name === "string" ? rec.name : null,
    band: pf ? bandOf(pf) : null,
    physical_filter: pf,
    seeing: num(rec.psf_fwhm),
    sky_bg: num(rec.sky_bg),
    sky_noise: num(rec.sky_noise),
    airmass: num(rec.airmass),
    zero_point: num(rec.zero_point),
    limiting_mag: num(rec.limiting_mag),
    exposure_time: num(rec.exposure_time),
    t_min: rec.timespan?.begin != null ? mjdUtcFromTai(rec.timespan.begin) : null,
    t_max: rec.timespan?.end != null ? mjdUtcFromTai(rec.timespan.end) : null,
    s_ra: fp?.s_ra ?? null,
    s_dec: fp?.s_dec ?? null,
    s_region: fp?.s_region ?? null,
  };
}

/** The visit conditions table over one executor. */
export class VisitStore {
  constructor(private readonly ex: SqlExecutor) {}

  async ensureSchema(): Promise<void> {
    const cols = VISIT_TABLE_DESCRIPTION.columns.map((c) => `${q(c.name)} ${c.sqlType === "text" ? "TEXT" : c.sqlType === "long" ? this.ex.caps.bigintType : this.ex.caps.floatType}${c.notNull ? " NOT NULL" : ""}`);
    await this.ex.exec(`CREATE TABLE IF NOT EXISTS ${q(VISIT_TABLE)} (${cols.join(", ")}, PRIMARY KEY ("instrument", "visit"))`);
    await this.ex.exec(`CREATE INDEX IF NOT EXISTS ${q(`${VISIT_TABLE}_t_min_idx`)} ON ${q(VISIT_TABLE)} ("t_min")`);
  }

  /**
   * Rewrites the rows of the given visits (all visits when `visits` is absent) from the registry's
   * visit records; visits that no longer exist lose their rows.
   */
  async sync(registry: Registry, visits?: readonly { readonly instrument: string; readonly visit: number }[]): Promise<number> {
    const filters = await registry.queryDimensionRecords("physical_filter");
    const bands = new Map(filters.map((f) => [`${String(f.instrument)}|${String(f.name)}`, typeof f.band === "string" ? f.band : null]));
    const records: DimensionRecord[] = [];
    if (visits) {
      for (const v of visits) records.push(...(await registry.queryDimensionRecords("visit", { dataId: { instrument: v.instrument, visit: v.visit } })));
      for (const part of chunks(visits, 200)) {
        const p = new Params(this.ex.caps.placeholder);
        await this.ex.run(...p.bind(`DELETE FROM ${q(VISIT_TABLE)} WHERE ${part.map((v) => `("instrument" = ${p.add(v.instrument)} AND "visit" = ${p.add(v.visit)})`).join(" OR ")}`));
      }
    } else {
      records.push(...(await registry.queryDimensionRecords("visit")));
      await this.ex.run(`DELETE FROM ${q(VISIT_TABLE)}`);
    }
    const names = VISIT_TABLE_DESCRIPTION.columns.map((c) => c.name);
    for (const part of chunks(records, 200)) {
      const p = new Params(this.ex.caps.placeholder);
      const tuples = part.map((rec) => {
        const row = visitRow(rec, (pf) => bands.get(`${String(rec.instrument)}|${pf}`) ?? null);
        return `(${names.map((n) => p.add(row[n] ?? null)).join(", ")})`;
      });
      await this.ex.run(...p.bind(`INSERT INTO ${q(VISIT_TABLE)} (${names.map(q).join(", ")}) VALUES ${tuples.join(", ")}`));
    }
    return records.length;
  }

  /** The stored rows, ordered by instrument and visit. */
  async rows(): Promise<Record<string, ObsCoreValue>[]> {
    return this.ex.all(`SELECT * FROM ${q(VISIT_TABLE)} ORDER BY "instrument", "visit"`);
  }
}
