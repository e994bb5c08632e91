/**
 * Runs the ADQL result corpus (test/adql-corpus) through the real pipeline — translate, stream in
 * a read session, decode — on one engine, and compares with the oracle's expected rows: numbers to
 * a relative 1e-9, unordered results as multisets, errors by a substring of the message.
 */
import { ADQL_CORPUS, type CorpusEntry } from "../adql-corpus/queries.js";
import { CORPUS_ROWS, CORPUS_SCHEMA } from "../adql-corpus/fixture.js";
import type { SqlDatabase } from "../../src/repo/registry/index.js";
import { executeAdql } from "../../src/services/tap/execute.js";
import { physicalColumnName, type SpatialKind, tapLookup } from "../../src/services/tap/schema-lookup.js";

const SQL_TYPE: Record<string, (db: SqlDatabase) => string> = {
  text: () => "TEXT",
  int: () => "INTEGER",
  long: (db) => db.caps.bigintType,
  double: (db) => db.caps.floatType,
};

/** Creates and fills the corpus tables. */
export async function loadCorpus(db: SqlDatabase): Promise<void> {
  for (const t of CORPUS_SCHEMA.tables) {
    const cols = t.columns.map((c, i) => ({ c, phys: physicalColumnName(c, i) }));
    await db.exec(`DROP TABLE IF EXISTS "${t.dbTable}"`);
    await db.exec(`CREATE TABLE "${t.dbTable}" (${cols.map(({ c, phys }) => `"${phys}" ${(SQL_TYPE[c.sqlType] as (d: SqlDatabase) => string)(db)}`).join(", ")})`);
    const rows = CORPUS_ROWS[t.dbTable] ?? [];
    for (const r of rows) {
      const ph = cols.map((_, i) => db.caps.placeholder(i + 1)).join(", ");
      await db.run(`INSERT INTO "${t.dbTable}" VALUES (${ph})`, cols.map(({ c }) => r[c.name] ?? null));
    }
  }
}

export type Outcome = { readonly id: string; readonly ok: true } | { readonly id: string; readonly ok: false; readonly why: string };

const close = (a: unknown, b: unknown): boolean => {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300) || (Math.abs(a) < 1e-12 && Math.abs(b) < 1e-12);
  if (typeof a === "bigint" || typeof b === "bigint") return String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  // Geometry comes back as DALI numbers; the oracle writes DALI text.
  if (Array.isArray(a) && typeof b === "string") return close(a, b.trim().split(/\s+/).map(Number));
  return a === b;
};

function rowsMatch(got: unknown[][], want: readonly (readonly unknown[])[], ordered: boolean): string | undefined {
  if (got.length !== want.length) return `got ${got.length} rows, want ${want.length}`;
  if (ordered) {
    for (let i = 0; i < got.length; i++) if (!close(got[i], want[i])) return `row ${i}: got ${JSON.stringify(got[i])}, want ${JSON.stringify(want[i])}`;
    return undefined;
  }
  const left = [...want];
  for (const g of got) {
    const k = left.findIndex((w) => close(g, w));
    if (k < 0) return `unexpected row ${JSON.stringify(g)}`;
    left.splice(k, 1);
  }
  return undefined;
}

/** Runs one entry; the outcome says why it failed. */
export async function runEntry(db: SqlDatabase, spatial: SpatialKind, e: CorpusEntry): Promise<Outcome> {
  const lookup = tapLookup(CORPUS_SCHEMA, spatial);
  const session = await db.openReadSession();
  try {
    let got: unknown[][];
    let names: string[];
    try {
      const r = executeAdql(session, lookup, e.adql, { timeoutMs: 20_000, draftFeatures: e.draft ?? false });
      names = r.columns.map((c) => c.name.toLowerCase());
      got = [];
      for await (const row of r.rows) got.push(row.map((v) => (typeof v === "bigint" ? Number(v) : v)));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (e.expect.kind === "error") return msg.toLowerCase().includes(e.expect.match.toLowerCase()) ? { id: e.id, ok: true } : { id: e.id, ok: false, why: `error '${msg}' lacks '${e.expect.match}'` };
      return { id: e.id, ok: false, why: `error: ${msg}` };
    }
    if (e.expect.kind === "error") return { id: e.id, ok: false, why: `expected an error containing '${e.expect.match}', got ${got.length} rows` };
    const wantNames = e.expect.columns.map((c) => c.toLowerCase());
    if (names.join(",") !== wantNames.join(",")) return { id: e.id, ok: false, why: `columns ${names.join(",")} ≠ ${wantNames.join(",")}` };
    const why = rowsMatch(got, e.expect.rows, e.expect.ordered);
    return why === undefined ? { id: e.id, ok: true } : { id: e.id, ok: false, why };
  } finally {
    await session.close();
  }
}

/** The corpus entries for an engine. */
export function corpusFor(engine: "sqlite" | "postgres"): CorpusEntry[] {
  return ADQL_CORPUS.filter((e) => !e.engines || e.engines.includes(engine));
}
