/**
 * Fuzzing the whole ADQL pipeline (issue 8, Done-when 3): the corpus queries, mutated (tokens
 * dropped, duplicated, swapped, replaced by keywords, operators or odd characters) and random
 * token soups, go through parse → check → compile for both dialects. Every input must either
 * compile or fail with an ADQL error (AdqlSyntaxError or AdqlCheckError) — never anything else.
 * A sample of the compiled mutants also runs on SQLite, where every failure must be a user-safe
 * SkyportError after the service's classification.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AdqlCheckError, AdqlSyntaxError, POSTGRES_DIALECT, SQLITE_DIALECT, translateAdql } from "../src/lib/adql/index.js";
import { isSkyportError } from "../src/lib/errors/index.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { executeAdql } from "../src/services/tap/execute.js";
import { tapLookup } from "../src/services/tap/schema-lookup.js";
import { asQueryError } from "../src/services/tap/service.js";
import { CORPUS_SCHEMA } from "./adql-corpus/fixture.js";
import { ADQL_CORPUS } from "./adql-corpus/queries.js";
import { loadCorpus } from "./support/adql-corpus.js";
import { mulberry32 } from "./support/random.js";

const SQLITE_LOOKUP = tapLookup(CORPUS_SCHEMA, "healpix-ranges");
const PG_LOOKUP = tapLookup(CORPUS_SCHEMA, "pgsphere");
const INSERTS = ["SELECT", "FROM", "WHERE", "(", ")", ",", "'", '"', "=", "<", "1", "-", "*", "/", "||", "AND", "OR", "NOT", "NULL", "TOP", "DISTINCT", "GROUP BY", "ORDER BY", "HAVING", "JOIN", "ON", "USING", "UNION", "WITH", "AS", "CONTAINS", "POINT", "CIRCLE", "POLYGON", "BOX", "DISTANCE", "AREA", "CENTROID", "COORD1", "CAST", "COALESCE", "IN_UNIT", "ILIKE", "EXISTS", "IN", "BETWEEN", "OFFSET", "corpus.stars", "ra", "de", "footprint", '"size"', "1e309", "0x", ".", ";", "\u0000", "é", "--", "/*"];

function mutate(q: string, rnd: () => number): string {
  const tokens = q.match(/'(?:[^']|'')*'|"[^"]*"|\d*\.?\d+(?:[eE][-+]?\d+)?|\w+|>=|<=|<>|!=|\|\||[^\s\w]/g) ?? [];
  const n = rnd() < 0.7 ? 1 : 2;
  for (let k = 0; k < n && tokens.length > 0; k++) {
    const i = Math.floor(rnd() * tokens.length);
    const op = Math.floor(rnd() * 4);
    const pick = INSERTS[Math.floor(rnd() * INSERTS.length)] as string;
    if (op === 0) tokens.splice(i, 1);
    else if (op === 1) tokens.splice(i, 0, tokens[i] as string);
    else if (op === 2) tokens.splice(i, 1, pick);
    else tokens.splice(i, 0, pick);
  }
  return tokens.join(" ");
}

const NUMBERS = ["0", "1", "-1", "2.5", "90", "-90", "360", "1e300", "0.000001", "180", "-0.5", "1000000"];
const STRINGS = ["''", "'ICRS'", "'%'", "'a''b'", "'2020-01-01'", "'not a date'", "'é'", "'1 2 3'"];

/** Replaces literal values only, so most mutants still compile and reach the database. */
function mutateValues(q: string, rnd: () => number): string {
  return q
    .replace(/\b\d+(?:\.\d+)?\b/g, (m) => (rnd() < 0.3 ? (NUMBERS[Math.floor(rnd() * NUMBERS.length)] as string) : m))
    .replace(/'(?:[^']|'')*'/g, (m) => (rnd() < 0.3 ? (STRINGS[Math.floor(rnd() * STRINGS.length)] as string) : m));
}

function soup(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 25);
  return Array.from({ length: n }, () => INSERTS[Math.floor(rnd() * INSERTS.length)]).join(" ");
}

const isAdqlError = (e: unknown) => e instanceof AdqlSyntaxError || e instanceof AdqlCheckError;

test("mutated and random queries only ever give ADQL errors, on both dialects", () => {
  const rnd = mulberry32(20261124);
  const bases = ADQL_CORPUS.map((e) => e.adql);
  let inputs = 0;
  let compiled = 0;
  for (let round = 0; round < 14; round++) {
    for (const base of bases) {
      const q = round % 7 === 6 ? soup(rnd) : round % 7 === 5 ? mutateValues(base, rnd) : mutate(base, rnd);
      for (const [dialect, lookup] of [[SQLITE_DIALECT, SQLITE_LOOKUP], [POSTGRES_DIALECT, PG_LOOKUP]] as const) {
        inputs++;
        try {
          translateAdql(q, { lookup, dialect, maxrec: 100 });
          compiled++;
        } catch (e) {
          assert.ok(isAdqlError(e), `non-ADQL error for ${JSON.stringify(q)}: ${(e as Error)?.stack ?? e}`);
        }
      }
    }
  }
  assert.ok(inputs >= 20_000, `${inputs} inputs`);
  assert.ok(compiled > 1000, `${compiled} inputs compiled (mutations must not all be rejected)`);
});

test("compiled mutants run on SQLite or fail with a classified, user-safe error", async () => {
  const db = new SqliteDatabase({ path: ":memory:" });
  try {
    await loadCorpus(db);
    const rnd = mulberry32(7);
    let ran = 0;
    for (const e of ADQL_CORPUS) {
      const q = mutateValues(e.adql, rnd);
      const session = await db.openReadSession();
      try {
        const r = executeAdql(session, SQLITE_LOOKUP, q, { timeoutMs: 5000, maxrec: 50 });
        for await (const _ of r.rows) void _;
        ran++;
      } catch (err) {
        const c = asQueryError(err);
        assert.ok(isSkyportError(c) && c.userSafe, `unclassified failure for ${JSON.stringify(q)}: ${(err as Error)?.stack ?? err}`);
      } finally {
        await session.close();
      }
    }
    assert.ok(ran > 300, `only ${ran} mutants ran`);
  } finally {
    await db.close();
  }
});
