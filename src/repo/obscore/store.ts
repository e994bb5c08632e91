/**
 * The `ivoa.ObsCore` table in the registry's database (stored as `ivoa_obscore`, since SQLite has
 * no schemas): DDL from the column list, batched upserts and deletes, and cone/polygon queries.
 * Spatial indexing follows the registry's strategy (STYLE.md §4), chosen by the engine's named
 * capability: SQLite keeps HEALPix pixel ranges in a side table as a prefilter and tests candidates
 * exactly with the registry's `skyport_region_overlaps` function (lib/sphere); PostgreSQL keeps
 * pgSphere `spoly`/`spoint` columns with GiST indexes. It reuses the registry's own helpers
 * (Params token binding, `regionOfQuery`, `spolyText`) from inside registry/, a deliberate reach past
 * its index.ts so both tables bind values and build geometry literally the same way.
 */
import { coverRanges } from "../../lib/healpix/index.js";
import { circle, polygon, type Region } from "../../lib/sphere/index.js";
import { type ConvexPolygon, encodeConvexPolygon, polygonRaDec } from "../model/index.js";
import type { SkyRegionQuery } from "../registry/index.js";
import { quoteIdent as q, type SqlExecutor, type SqlTransaction, type SqlValue } from "../registry/sql/database.js";
import { chunks, Params } from "../registry/sql-registry/context.js";
import { regionOfQuery } from "../registry/spatial/healpix-ranges.js";
import { spolyText } from "../registry/spatial/pgsphere.js";
import { DEFAULT_OBSCORE_CONFIG, type ObsCoreConfig } from "./config.js";
import { footprintColumns } from "./geometry.js";
import { ACCESS_GROUPS_COLUMN, EMBARGO_UNTIL_COLUMN } from "../policy/index.js";
import type { ObsCoreRow, ObsCoreValue } from "./rows.js";
import { charCol, type SqlKind, type TapColumn, OBSCORE_COLUMNS } from "./tap-schema.js";
import { extraTapColumns } from "./tables.js";

/** Database table names. */
export const OBSCORE_TABLE = "ivoa_obscore";
export const OBSCORE_PIX_TABLE = "ivoa_obscore_pix";

/**
 * NESTED HEALPix order of the SQLite prefilter: 13.7′ pixels, so a detector (≈13′) or a patch
 * touches 4-9 pixels and a 0.5° cone a few dozen.
 */
export const OBSCORE_INDEX_ORDER = 8;

/**
 * Stored beside the published columns, never in TAP_SCHEMA (so ADQL cannot name them): the release
 * facts the access restriction reads with obs_release_date (repo/policy/sql.ts).
 */
export const INTERNAL_COLUMNS: readonly TapColumn[] = [
  charCol(ACCESS_GROUPS_COLUMN, "Groups that may see the row before its release, as |g1|g2| ('' for none)", { std: false, indexed: false }),
  charCol(EMBARGO_UNTIL_COLUMN, "End of the row's embargo (ISO 8601 UTC), null for none", { std: false, indexed: false }),
];

export interface ObsCoreStoreOptions {
  readonly config?: ObsCoreConfig;
  /**
   * Tie rows to the registry's `dataset` table with ON DELETE CASCADE (default true), so no path
   * that deletes datasets can leave a row behind. Off only for synthetic tables (benchmarks).
   */
  readonly datasetForeignKey?: boolean;
}

/**
 * The region indexed for a footprint: the cap about its centre through its farthest vertex, which
 * holds the whole (convex, small) polygon. Covering a cap takes a third of the time of covering the
 * polygon (a closed-form test per cell) at the cost of a few more candidates for the exact test.
 */
function indexCap(p: ConvexPolygon): Region {
  const fp = footprintColumns(p);
  // 1e-7° (0.4 mas) of slack so rounding never drops a vertex from its own cap.
  return fp.s_fov < 179 ? circle(fp.s_ra, fp.s_dec, fp.s_fov / 2 + 1e-7) : polygon(polygonRaDec(p).map(([raDeg, decDeg]) => ({ raDeg, decDeg })));
}

function sqlType(kind: SqlKind, ex: SqlExecutor): string {
  return kind === "text" ? "TEXT" : kind === "int" ? "INTEGER" : kind === "long" ? ex.caps.bigintType : ex.caps.floatType;
}

/** The ObsCore table over one executor (the database, or an open transaction). */
export class ObsCoreStore {
  readonly columns: readonly TapColumn[];
  private readonly fk: boolean;

  constructor(
    private readonly ex: SqlExecutor,
    options: ObsCoreStoreOptions = {},
  ) {
    this.columns = [...OBSCORE_COLUMNS, ...extraTapColumns(options.config ?? DEFAULT_OBSCORE_CONFIG), ...INTERNAL_COLUMNS];
    this.fk = options.datasetForeignKey ?? true;
  }

  private get pgsphere(): boolean {
    return this.ex.caps.spatial === "pgsphere";
  }

  /**
   * Creates the table, its indexes and the spatial index when absent (idempotent). A table made
   * before the release-fact columns existed gets them added; it returns true then, and the rows
   * need a rebuild to fill them.
   */
  async ensureSchema(): Promise<boolean> {
    const added = await this.addMissingColumns();
    const idCol = `"dataset_id" TEXT PRIMARY KEY${this.fk ? ` REFERENCES "dataset" ("id") ON DELETE CASCADE` : ""}`;
    const cols = this.columns.map((c) => `${q(c.name)} ${sqlType(c.sqlType, this.ex)}${c.notNull ? " NOT NULL" : ""}`);
    const spatialCols = this.pgsphere ? [`"pgs_region" spoly`, `"pgs_position" spoint`] : [`"region_hex" TEXT`];
    const t = q(OBSCORE_TABLE);
    const ddl = [`CREATE TABLE IF NOT EXISTS ${t} (${[idCol, ...cols, ...spatialCols].join(", ")})`];
    const index = (name: string, cols: readonly string[], using = "") =>
      ddl.push(`CREATE INDEX IF NOT EXISTS ${q(`${OBSCORE_TABLE}_${name}_idx`)} ON ${t}${using} (${cols.map(q).join(", ")})`);
    index("obs_id", ["obs_id"]);
    index("did", ["obs_publisher_did"]);
    index("dataproduct", ["dataproduct_type", "dataproduct_subtype"]);
    index("instrument", ["instrument_name"]);
    index("t_min", ["t_min"]);
    index("em_min", ["em_min"]);
    // Declination first, then RA: a cone's declination band is read from the index alone and the
    // exact test runs on index entries, so only matching rows are fetched (10x on 1M rows).
    ddl.push(`DROP INDEX IF EXISTS ${q(`${OBSCORE_TABLE}_s_dec_idx`)}`);
    index("s_dec_ra", ["s_dec", "s_ra"]);
    for (const c of this.columns) if (c.indexed && !c.std) index(c.name, [c.name]);
    if (this.pgsphere) {
      index("pgs_region", ["pgs_region"], " USING gist");
      index("pgs_position", ["pgs_position"], " USING gist");
    } else {
      ddl.push(
        `CREATE TABLE IF NOT EXISTS ${q(OBSCORE_PIX_TABLE)} ("pix" INTEGER NOT NULL, "dataset_id" TEXT NOT NULL REFERENCES ${t} ("dataset_id") ON DELETE CASCADE, PRIMARY KEY ("pix", "dataset_id")) WITHOUT ROWID`,
        `CREATE INDEX IF NOT EXISTS ${q(`${OBSCORE_PIX_TABLE}_dataset_idx`)} ON ${q(OBSCORE_PIX_TABLE)} ("dataset_id")`,
      );
    }
    for (const stmt of ddl) await this.ex.exec(stmt);
    return added;
  }

  /** Whether a statement runs; in a savepoint when it can be, since a failure aborts a PostgreSQL transaction. */
  private async runs(sql: string): Promise<boolean> {
    const ex = this.ex as SqlExecutor & Partial<Pick<SqlTransaction, "transaction">>;
    const attempt = ex.transaction ? ex.transaction(async (t) => void (await t.all(sql))) : ex.all(sql);
    return attempt.then(
      () => true,
      () => false,
    );
  }

  private async addMissingColumns(): Promise<boolean> {
    // No table yet: it is created below with every column.
    if (!(await this.runs(`SELECT 1 FROM ${q(OBSCORE_TABLE)} WHERE 1 = 0`))) return false;
    let added = false;
    for (const c of INTERNAL_COLUMNS) {
      if (await this.runs(`SELECT ${q(c.name)} FROM ${q(OBSCORE_TABLE)} WHERE 1 = 0`)) continue;
      await this.ex.exec(`ALTER TABLE ${q(OBSCORE_TABLE)} ADD COLUMN ${q(c.name)} ${sqlType(c.sqlType, this.ex)}`);
      added = true;
    }
    return added;
  }

  /** Inserts rows, replacing any existing rows of the same datasets. */
  async upsertRows(rows: readonly ObsCoreRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.deleteByDatasetIds(rows.map((r) => r.dataset_id));
    await this.insertRows(rows);
  }

  /** Inserts rows of datasets that have none yet (bulk loads); a duplicate is an error. */
  async insertRows(rows: readonly ObsCoreRow[]): Promise<void> {
    const names = ["dataset_id", ...this.columns.map((c) => c.name), ...(this.pgsphere ? ["pgs_region", "pgs_position"] : ["region_hex"])];
    const perRow = names.length;
    const batch = Math.max(1, Math.floor(Math.min(this.ex.caps.maxParameters, 30_000) / perRow));
    for (const part of chunks(rows, batch)) {
      const p = new Params(this.ex.caps.placeholder);
      const tuples = part.map((r) => `(${this.rowValues(r, p).join(", ")})`);
      await this.ex.run(...p.bind(`INSERT INTO ${q(OBSCORE_TABLE)} (${names.map(q).join(", ")}) VALUES ${tuples.join(", ")}`));
    }
    if (!this.pgsphere) await this.indexPixels(rows);
  }

  private rowValues(r: ObsCoreRow, p: Params): string[] {
    // Rows built without release facts (synthetic tables) are public: no groups, not null.
    const out = [p.add(r.dataset_id), ...this.columns.map((c) => p.add(r.values[c.name] ?? (c.name === ACCESS_GROUPS_COLUMN ? "" : null)))];
    if (!this.pgsphere) return [...out, p.add(r.region ? encodeConvexPolygon(r.region) : null)];
    const ra = r.values.s_ra;
    const dec = r.values.s_dec;
    const poly = r.region ? `CAST(${p.add(spolyText(polygonRaDec(r.region)))} AS spoly)` : "NULL";
    const pos = typeof ra === "number" && typeof dec === "number" ? `CAST(${p.add(`(${ra.toPrecision(17)}d, ${dec.toPrecision(17)}d)`)} AS spoint)` : "NULL";
    return [...out, poly, pos];
  }

  private async indexPixels(rows: readonly ObsCoreRow[]): Promise<void> {
    const pairs: [number, string][] = [];
    for (const r of rows) {
      if (!r.region) continue;
      for (const [b, e] of coverRanges(indexCap(r.region), OBSCORE_INDEX_ORDER)) for (let pix = b; pix < e; pix++) pairs.push([pix, r.dataset_id]);
    }
    for (const part of chunks(pairs, 2000)) {
      const values: SqlValue[] = part.flat();
      await this.ex.run(`INSERT OR IGNORE INTO ${q(OBSCORE_PIX_TABLE)} ("pix", "dataset_id") VALUES ${part.map(() => "(?, ?)").join(", ")}`, values);
    }
  }

  /** Removes the rows of these datasets (and their index entries); returns how many went. */
  async deleteByDatasetIds(ids: readonly string[]): Promise<number> {
    let n = 0;
    for (const part of chunks(ids, 500)) {
      const p = new Params(this.ex.caps.placeholder);
      n += await this.ex.run(...p.bind(`DELETE FROM ${q(OBSCORE_TABLE)} WHERE "dataset_id" IN (${p.list(part)})`));
    }
    return n;
  }

  /** The SQL condition selecting rows of alias `o` whose s_region overlaps `query`. */
  overlapsCondition(query: SkyRegionQuery, p: Params): string {
    if (this.pgsphere) {
      if (query.kind === "circle") {
        return `"o"."pgs_region" && CAST(${p.add(`<(${query.raDeg.toPrecision(17)}d, ${query.decDeg.toPrecision(17)}d), ${query.radiusDeg.toPrecision(17)}d>`)} AS scircle)`;
      }
      return `"o"."pgs_region" && CAST(${p.add(spolyText(query.vertices))} AS spoly)`;
    }
    const ranges = coverRanges(regionOfQuery(query), OBSCORE_INDEX_ORDER);
    if (ranges.length === 0) return "1 = 0";
    const terms = ranges.map(([b, e]) => (e - b === 1 ? `"x"."pix" = ${p.add(b)}` : `"x"."pix" BETWEEN ${p.add(b)} AND ${p.add(e - 1)}`)).join(" OR ");
    // Prefilter on the pixel index, then the exact test (lib/sphere via the registry's function).
    return `"o"."dataset_id" IN (SELECT "x"."dataset_id" FROM ${q(OBSCORE_PIX_TABLE)} AS "x" WHERE ${terms}) AND skyport_region_overlaps("o"."region_hex", ${p.add(JSON.stringify(query))}) = 1`;
  }

  /**
   * Rows whose footprint overlaps a cone or polygon, ordered by dataset ID.
   * @param columns the columns to return (default: all ObsCore and extension columns)
   */
  async queryRegion(query: SkyRegionQuery, options: { readonly columns?: readonly string[]; readonly limit?: number } = {}): Promise<Record<string, ObsCoreValue>[]> {
    const p = new Params(this.ex.caps.placeholder);
    const cols = this.selectList(options.columns);
    let sql = `SELECT ${cols} FROM ${q(OBSCORE_TABLE)} AS "o" WHERE ${this.overlapsCondition(query, p)} ORDER BY "o"."dataset_id"`;
    if (options.limit !== undefined) sql += ` LIMIT ${p.add(options.limit)}`;
    return this.ex.all<Record<string, ObsCoreValue>>(...p.bind(sql));
  }

  private selectList(columns?: readonly string[]): string {
    const names = columns ?? ["dataset_id", ...this.columns.map((c) => c.name)];
    return names.map((n) => `"o".${q(n)}`).join(", ");
  }

  /** Every row (or the rows of some datasets) as stored, ordered by dataset ID. */
  async rows(ids?: readonly string[]): Promise<ObsCoreRow[]> {
    const out: ObsCoreRow[] = [];
    const read = async (where: string, p: Params) => {
      const sql = `SELECT ${this.selectList()} FROM ${q(OBSCORE_TABLE)} AS "o"${where} ORDER BY "o"."dataset_id"`;
      for (const r of await this.ex.all<Record<string, ObsCoreValue>>(...p.bind(sql))) {
        const { dataset_id, ...values } = r;
        out.push({ dataset_id: String(dataset_id), values, region: null });
      }
    };
    if (!ids) await read("", new Params(this.ex.caps.placeholder));
    else {
      for (const part of chunks(ids, 500)) {
        const p = new Params(this.ex.caps.placeholder);
        await read(` WHERE "o"."dataset_id" IN (${p.list(part)})`, p);
      }
    }
    return out.sort((a, b) => (a.dataset_id < b.dataset_id ? -1 : a.dataset_id > b.dataset_id ? 1 : 0));
  }

  /** Refreshes the planner's statistics after a bulk load (ANALYZE is the same on both engines). */
  async analyze(): Promise<void> {
    await this.ex.exec(`ANALYZE ${q(OBSCORE_TABLE)}`);
    if (!this.pgsphere) await this.ex.exec(`ANALYZE ${q(OBSCORE_PIX_TABLE)}`);
  }

  /** Number of rows. */
  async count(): Promise<number> {
    const [r] = await this.ex.all<{ n: number | bigint }>(`SELECT COUNT(*) AS "n" FROM ${q(OBSCORE_TABLE)}`);
    return Number(r?.n ?? 0);
  }
}
