/**
 * Sanity of the ADQL result corpus (no database involved): structure, expected.json coverage,
 * fixture consistency, and that every query parses (or fails to parse) as its entry says.
 * Run: npx tsx --test test/adql-corpus/corpus.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdqlSyntaxError, parseAdql } from "../../src/lib/adql/index.js";
import { compareOutcome } from "./compare.js";
import { CORPUS_ROWS, CORPUS_SCHEMA, FIXTURE_COLUMNS } from "./fixture.js";
import { ADQL_CORPUS, CORPUS_DEFINITIONS, loadExpected } from "./queries.js";

/**
 * Valid ADQL 2.1 queries the current parser rejects (parser bugs, reported to the lead; the
 * corpus keeps them). Each id listed here must still fail, so the list shrinks when fixed.
 */
const KNOWN_PARSER_BUGS: ReadonlySet<string> = new Set<string>([]);

/** Syntax-error entries the current parser accepts (same idea, other direction). */
const KNOWN_PARSER_ACCEPTS: ReadonlySet<string> = new Set<string>([]);

function parseError(adql: string, draft: boolean | undefined): unknown {
  try {
    parseAdql(adql, draft ? { draftFeatures: true } : {});
    return undefined;
  } catch (e) {
    return e;
  }
}

describe("ADQL result corpus: structure", () => {
  it("has at least 400 entries with unique ids", () => {
    assert.ok(ADQL_CORPUS.length >= 400, `only ${ADQL_CORPUS.length} entries`);
    const ids = new Set<string>();
    for (const e of ADQL_CORPUS) {
      assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
      ids.add(e.id);
    }
  });

  it("has at least 60 error entries, each with a non-empty match", () => {
    const errors = ADQL_CORPUS.filter((e) => e.expect.kind === "error");
    assert.ok(errors.length >= 60, `only ${errors.length} error entries`);
    for (const e of errors) if (e.expect.kind === "error") assert.ok(e.expect.match.length > 0, e.id);
  });

  it("every rows entry has expected rows from the oracle, and nothing stale is left over", () => {
    const expected = loadExpected();
    const rowIds = new Set(CORPUS_DEFINITIONS.filter((d) => d.kind === "rows").map((d) => d.id));
    for (const id of rowIds) assert.ok(id in expected, `no expected.json entry for ${id}: rerun oracle.py`);
    for (const id of Object.keys(expected)) assert.ok(rowIds.has(id), `expected.json has stale entry ${id}: rerun oracle.py`);
    for (const e of ADQL_CORPUS) {
      if (e.expect.kind !== "rows") continue;
      assert.ok(e.expect.columns.length > 0, `${e.id}: no columns`);
      assert.ok(e.oracleSql !== undefined && e.oracleSql.length > 0, `${e.id}: no oracleSql`);
      for (const c of e.expect.columns) assert.equal(c, c.toLowerCase(), `${e.id}: column ${c} not lower case`);
      for (const r of e.expect.rows) assert.equal(r.length, e.expect.columns.length, `${e.id}: row width`);
    }
  });

  it("fixture.ts schema matches fixture.json columns and storage kinds", () => {
    for (const t of CORPUS_SCHEMA.tables) {
      const cols = FIXTURE_COLUMNS[t.dbTable];
      assert.ok(cols !== undefined, `fixture.json lacks ${t.dbTable}`);
      assert.deepEqual(
        t.columns.map((c) => [c.name, c.sqlType]),
        cols.map(([n, k]) => [n, k]),
        t.dbTable,
      );
      assert.ok(t.name.startsWith(`${t.schema}.`), t.name);
      assert.ok((CORPUS_ROWS[t.dbTable] ?? []).length > 0, `${t.dbTable} has no rows`);
    }
    assert.equal(CORPUS_ROWS["corpus_stars"]?.length, 72);
    const notNull = CORPUS_SCHEMA.tables.flatMap((t) => t.columns.filter((c) => c.notNull === true).map((c) => [t.dbTable, c.name] as const));
    for (const [table, column] of notNull) for (const row of CORPUS_ROWS[table] ?? []) assert.notEqual(row[column], null, `${table}.${column} is declared notNull`);
  });
});

describe("ADQL result corpus: parser agreement", () => {
  for (const e of ADQL_CORPUS) {
    const mustParse = e.expect.kind === "rows" || e.phase === "semantic";
    it(`${e.id} ${mustParse ? "parses" : "is a syntax error"}`, () => {
      const error = parseError(e.adql, e.draft);
      if (mustParse) {
        if (KNOWN_PARSER_BUGS.has(e.id)) {
          assert.ok(error instanceof AdqlSyntaxError, `${e.id} is listed as a parser bug but now parses: remove it from KNOWN_PARSER_BUGS`);
          return;
        }
        assert.equal(error, undefined, `${e.id}: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        if (KNOWN_PARSER_ACCEPTS.has(e.id)) {
          assert.equal(error, undefined, `${e.id} is listed as accepted but now fails: remove it from KNOWN_PARSER_ACCEPTS`);
          return;
        }
        assert.ok(error instanceof AdqlSyntaxError, `${e.id}: expected an AdqlSyntaxError`);
        if (e.expect.kind === "error") {
          assert.ok(error.message.toLowerCase().includes(e.expect.match.toLowerCase()), `${e.id}: message "${error.message}" lacks "${e.expect.match}"`);
        }
      }
    });
  }
});

describe("ADQL result corpus: compareOutcome", () => {
  it("accepts every expected result against itself, reversed when unordered, with upper-case names", () => {
    for (const e of ADQL_CORPUS) {
      if (e.expect.kind !== "rows") continue;
      const rows = e.expect.ordered ? e.expect.rows : [...e.expect.rows].reverse();
      const columns = e.expect.columns.map((c) => c.toUpperCase());
      assert.equal(compareOutcome(e.expect, { kind: "rows", columns, rows }), undefined, e.id);
    }
  });

  it("applies the numeric tolerance and reports differences", () => {
    const expect = { kind: "rows", columns: ["a", "b"], rows: [[1.5, "x"], [null, "y"]], ordered: true } as const;
    assert.equal(compareOutcome(expect, { kind: "rows", columns: ["A", "b"], rows: [[1.5 + 1e-12, "x"], [null, "y"]] }), undefined);
    assert.match(compareOutcome(expect, { kind: "rows", columns: ["a", "b"], rows: [[1.5001, "x"], [null, "y"]] }) ?? "", /row 0/);
    assert.match(compareOutcome(expect, { kind: "rows", columns: ["a", "b"], rows: [[null, "y"], [1.5, "x"]] }) ?? "", /row 0/);
    assert.match(compareOutcome(expect, { kind: "rows", columns: ["a"], rows: [] }) ?? "", /columns/);
    assert.match(compareOutcome(expect, { kind: "error", message: "boom" }) ?? "", /boom/);
    const error = { kind: "error", match: "Galaxies" } as const;
    assert.equal(compareOutcome(error, { kind: "error", message: "unknown table corpus.galaxies" }), undefined);
    assert.match(compareOutcome(error, { kind: "error", message: "syntax error" }) ?? "", /lacks/);
    assert.match(compareOutcome(error, { kind: "rows", columns: [], rows: [] }) ?? "", /expected an error/);
  });
});
