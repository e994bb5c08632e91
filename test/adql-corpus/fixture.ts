/**
 * Fixture of the ADQL result corpus: four small tables in schema `corpus`, described in TAP_SCHEMA
 * terms (`CORPUS_SCHEMA`) with their rows (`CORPUS_ROWS`). The data lives in fixture.json
 * (generated once, deterministically, by gen_fixture.py), which oracle.py reads too, so the
 * compiler under test and the independent oracle always see the same rows.
 *
 * Tables (ADQL name → dbTable):
 * - corpus.stars  → corpus_stars  (72 rows): id, name, ra, de, mag (7 NULLs), band, epoch, flags.
 *   Stars 1-36 are scattered over RA 8..42, Dec -12..32 (where most fields are), 37-44 sit near
 *   RA 0/360, 45-50 near the north pole, 51-53 near the south pole, 54-60 anywhere, and 61-72 well
 *   inside fields F01-F09 and F13 (cross-match members).
 *   `dec` is an SQL-92 reserved word, so the declination column is called `de`.
 * - corpus.fields → corpus_fields (15 rows): field_id, fname, footprint (DALI polygon text), center_ra,
 *   center_dec, radius. F10 straddles RA 0, F11 is a cap around the north pole, F13 a triangle,
 *   F14 a pentagon, F15 holds no star.
 * - corpus.obs    → corpus_obs    (100 rows): obs_id, star_id (2 NULLs, 2 dangling = 99), field_id,
 *   band, mjd, exptime. Stars 46-72 have no observation.
 * - corpus.bands  → corpus_bands  (5 rows): band, "size" (reserved word), "Mixed Case", wl_eff.
 *   Star band 'u' has no row here; band 'y' has no star (outer joins).
 */
import { readFileSync } from "node:fs";
import type { TapColumn, TapSchemaDescription, TapTable } from "../../src/repo/obscore/tap-schema.js";

/** One cell value of the fixture. */
export type CorpusValue = string | number | null;

/** The layout of fixture.json. */
interface FixtureFile {
  readonly tables: readonly {
    readonly dbTable: string;
    readonly columns: readonly (readonly [string, string])[];
    readonly rows: readonly (readonly CorpusValue[])[];
  }[];
}

function isCell(v: unknown): v is CorpusValue {
  return v === null || typeof v === "string" || typeof v === "number";
}

function parseFixture(text: string): FixtureFile {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== "object" || raw === null || !("tables" in raw) || !Array.isArray(raw.tables)) throw new Error("fixture.json: no tables");
  const tables: FixtureFile["tables"][number][] = [];
  for (const t of raw.tables as unknown[]) {
    if (typeof t !== "object" || t === null || !("dbTable" in t) || !("columns" in t) || !("rows" in t)) throw new Error("fixture.json: bad table");
    const { dbTable, columns, rows } = t;
    if (typeof dbTable !== "string" || !Array.isArray(columns) || !Array.isArray(rows)) throw new Error("fixture.json: bad table");
    const cols: [string, string][] = [];
    for (const c of columns as unknown[]) {
      if (!Array.isArray(c) || typeof c[0] !== "string" || typeof c[1] !== "string") throw new Error(`fixture.json: bad column in ${dbTable}`);
      cols.push([c[0], c[1]]);
    }
    const rs: CorpusValue[][] = [];
    for (const r of rows as unknown[]) {
      if (!Array.isArray(r) || r.length !== cols.length || !r.every(isCell)) throw new Error(`fixture.json: bad row in ${dbTable}`);
      rs.push(r);
    }
    tables.push({ dbTable, columns: cols, rows: rs });
  }
  return { tables };
}

const FIXTURE = parseFixture(readFileSync(new URL("./fixture.json", import.meta.url), "utf8"));

const col = (name: string, sqlType: TapColumn["sqlType"], description: string, o: Partial<TapColumn> = {}): TapColumn => {
  const datatype = sqlType === "text" ? "char" : sqlType;
  return { name, datatype, ...(sqlType === "text" ? { arraysize: "*" } : {}), description, principal: true, indexed: false, std: false, sqlType, ...o };
};

const STARS: TapTable = {
  schema: "corpus",
  name: "corpus.stars",
  dbTable: "corpus_stars",
  description: "ADQL corpus: 72 synthetic stars",
  columns: [
    col("id", "long", "Star identifier", { notNull: true, indexed: true, ucd: "meta.id;meta.main" }),
    col("name", "text", "Star name (mixed case)", { notNull: true }),
    col("ra", "double", "Right ascension, ICRS", { unit: "deg", ucd: "pos.eq.ra;meta.main", notNull: true }),
    col("de", "double", "Declination, ICRS", { unit: "deg", ucd: "pos.eq.dec;meta.main", notNull: true }),
    col("mag", "double", "Magnitude, NULL when unmeasured", { unit: "mag", ucd: "phot.mag" }),
    col("band", "text", "Photometric band of mag", { notNull: true }),
    col("epoch", "text", "Epoch of position (ISO-8601, UTC)", { xtype: "timestamp", ucd: "time.epoch", notNull: true }),
    col("flags", "int", "Quality flags", { notNull: true }),
  ],
};

const FIELDS: TapTable = {
  schema: "corpus",
  name: "corpus.fields",
  dbTable: "corpus_fields",
  description: "ADQL corpus: 15 survey fields with polygon footprints",
  columns: [
    col("field_id", "int", "Field identifier", { notNull: true, indexed: true, ucd: "meta.id;meta.main" }),
    col("fname", "text", "Field name", { notNull: true }),
    { ...col("footprint", "double", "Footprint (DALI polygon, ICRS degrees)", { notNull: true, ucd: "pos.outline" }), arraysize: "*", xtype: "polygon", sqlType: "text", unit: "deg" },
    col("center_ra", "double", "Field centre RA", { unit: "deg", ucd: "pos.eq.ra", notNull: true }),
    col("center_dec", "double", "Field centre Dec", { unit: "deg", ucd: "pos.eq.dec", notNull: true }),
    col("radius", "double", "Field radius (circle around the centre)", { unit: "deg", notNull: true }),
  ],
};

const OBS: TapTable = {
  schema: "corpus",
  name: "corpus.obs",
  dbTable: "corpus_obs",
  description: "ADQL corpus: 100 observations linking stars to fields",
  columns: [
    col("obs_id", "long", "Observation identifier", { notNull: true, indexed: true, ucd: "meta.id;meta.main" }),
    col("star_id", "long", "Observed star (NULL: none; 99: unknown star)", { ucd: "meta.id" }),
    col("field_id", "int", "Field of the observation", { notNull: true, ucd: "meta.id" }),
    col("band", "text", "Filter", { notNull: true }),
    col("mjd", "double", "Observation time (MJD)", { unit: "d", notNull: true }),
    col("exptime", "double", "Exposure time", { unit: "s", notNull: true }),
  ],
};

const BANDS: TapTable = {
  schema: "corpus",
  name: "corpus.bands",
  dbTable: "corpus_bands",
  description: "ADQL corpus: band descriptions with awkward (delimited) column names",
  columns: [
    col("band", "text", "Band name", { notNull: true }),
    col("size", "int", "Band width (a reserved word: write \"size\")", { unit: "nm", notNull: true }),
    col("Mixed Case", "text", "A column whose name needs a delimited identifier", { notNull: true }),
    col("wl_eff", "double", "Effective wavelength", { unit: "nm", notNull: true }),
  ],
};

/** The corpus tables in TAP_SCHEMA terms (schema `corpus`, dbTables `corpus_*`). */
export const CORPUS_SCHEMA: TapSchemaDescription = {
  schemas: [{ name: "corpus", description: "Small deterministic tables for the ADQL result corpus" }],
  tables: [STARS, FIELDS, OBS, BANDS],
  keys: [
    { keyId: "corpus_obs_star", fromTable: "corpus.obs", targetTable: "corpus.stars", description: "Observed star", columns: [{ from: "star_id", target: "id" }] },
    { keyId: "corpus_obs_field", fromTable: "corpus.obs", targetTable: "corpus.fields", description: "Field observed", columns: [{ from: "field_id", target: "field_id" }] },
  ],
};

/** Rows per dbTable, keyed by TAP column name (values: string, number or null). */
export const CORPUS_ROWS: Record<string, Record<string, CorpusValue>[]> = Object.fromEntries(
  FIXTURE.tables.map((t) => [t.dbTable, t.rows.map((r) => Object.fromEntries(t.columns.map(([name], i) => [name, r[i] ?? null])))]),
);

/** Column names and storage kinds per dbTable as written in fixture.json (for consistency tests). */
export const FIXTURE_COLUMNS: Record<string, readonly (readonly [string, string])[]> = Object.fromEntries(FIXTURE.tables.map((t) => [t.dbTable, t.columns]));
