import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkExpression } from "./check.js";
import { compileExpression, compileOrderBy, type ExpressionSqlTarget, globToRegex } from "./compile.js";
import { BIND } from "./fixtures/binds.js";
import { SQL_CASES } from "./fixtures/sql-cases.js";
import { fakeTarget } from "./fixtures/targets.js";
import { LOOKUP } from "./fixtures/universe.js";
import { compileWhere } from "./index.js";
import { checkOrderBy } from "./order-by.js";
import { parseExpression } from "./parser.js";

const sqliteParams = (params: readonly unknown[]): unknown[] => params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));

describe("SQL for SQLite and PostgreSQL placeholders", () => {
  it("has the expected number of cases", () => assert.equal(SQL_CASES.length, 60));

  for (const c of SQL_CASES) {
    it(c.where, () => {
      const s = compileWhere(c.where, { lookup: LOOKUP, bind: BIND, target: fakeTarget("sqlite") });
      const p = compileWhere(c.where, { lookup: LOOKUP, bind: BIND, target: fakeTarget("postgres") });
      assert.equal(s.sql, c.sqlite);
      assert.equal(p.sql, c.postgres);
      assert.deepEqual(p.params, c.params);
      assert.deepEqual(s.params, c.sqliteParams ?? sqliteParams(c.params));
      // Same number of placeholders as parameters, and no literal value leaks into the SQL.
      assert.equal((s.sql.match(/\?/g) ?? []).length, s.params.length);
      for (const v of c.params) if (typeof v === "string" && v.length > 2 && !v.startsWith("{")) assert.ok(!p.sql.includes(v), `${v} interpolated`);
    });
  }
});

describe("compiler", () => {
  it("continues placeholder numbering after earlier parameters", () => {
    const r = compileWhere("visit = 1 AND band = 'g'", { lookup: LOOKUP, target: fakeTarget("postgres"), paramOffset: 3 });
    assert.equal(r.sql, `"visit"."key" = $4 AND "band"."key" = $5`);
    assert.deepEqual(r.params, [1, "g"]);
  });

  it("hands parameters to the registry's own collector when given one", () => {
    const collected: unknown[] = [];
    const addParam = (v: unknown): string => {
      collected.push(v);
      return `$${collected.length + 10}`;
    };
    const r = compileWhere("visit = 1 AND exposure.can_see_sky = TRUE", { lookup: LOOKUP, target: fakeTarget("sqlite"), addParam });
    assert.equal(r.sql, `"visit"."key" = $11 AND "exposure"."can_see_sky" = $12`);
    assert.deepEqual([r.params, collected], [[], [1, 1]]);
  });

  it("compiles a 10 000-value IN list with 10 000 parameters", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 900_000 + i * 2);
    const r = compileWhere(`visit IN (${values.join(",")})`, { lookup: LOOKUP, target: fakeTarget("postgres") });
    assert.equal(r.params.length, 10_000);
    assert.ok(r.sql.endsWith("$10000)"));
  });

  it("only ever takes identifiers from the target", () => {
    const calls: string[] = [];
    const base = fakeTarget("sqlite");
    const target: ExpressionSqlTarget = {
      ...base,
      column: (e, f) => {
        calls.push(`${e}.${f}`);
        return "C";
      },
      timespanColumns: (e, f) => {
        calls.push(`${e}.${f}:ts`);
        return { begin: "B", end: "E" };
      },
    };
    const checked = checkExpression(parseExpression("visit.exposure_time > 1 AND exposure.timespan OVERLAPS T'2020-01-01' AND band = 'x'"), "", { lookup: LOOKUP });
    assert.equal(compileExpression(checked, target).sql, "C > ? AND (B <= ? AND ? < E) AND C = ?");
    assert.deepEqual(calls, ["visit.exposure_time", "exposure.timespan:ts", "exposure.timespan:ts", "band.null"]);
  });

  it("compiles ORDER BY terms", () => {
    const terms = checkOrderBy(["visit.timespan.begin", "-visit.exposure_time", "detector", "-exposure.timespan"], LOOKUP);
    assert.deepEqual(compileOrderBy(terms, fakeTarget("sqlite")), [
      `"visit"."timespan_begin" ASC`,
      `"visit"."exposure_time" DESC`,
      `"detector"."key" ASC`,
      `"exposure"."timespan_begin" DESC`,
    ]);
    assert.throws(() => checkOrderBy(["visit.region"], LOOKUP), /cannot sort by visit.region/);
    assert.throws(() => checkOrderBy(["-visit.exposure_tme"], LOOKUP), /did you mean visit.exposure_time/);
  });

  it("turns globs into anchored POSIX regular expressions", () => {
    assert.equal(globToRegex("HSC*"), "^HSC.*$");
    assert.equal(globToRegex("a?b"), "^a.b$");
    assert.equal(globToRegex("R[0-9][!3]"), "^R[0-9][^3]$");
    assert.equal(globToRegex("1.5+(x)"), "^1\\.5\\+\\(x\\)$");
    assert.equal(globToRegex("[unclosed"), "^\\[unclosed$");
    const re = new RegExp(globToRegex("COSMOS_*.fits"));
    assert.ok(re.test("COSMOS_12.fits") && !re.test("COSMOS_12xfits") && !re.test("xCOSMOS_1.fits"));
  });
});
