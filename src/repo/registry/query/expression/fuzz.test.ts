/**
 * Fuzzing the whole pipeline (parse → check → compile for both placeholder styles) with random
 * strings, token soups and mutated corpus expressions: the only exceptions allowed are
 * ExpressionSyntaxError and ExpressionCheckError, and every run must finish quickly.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ExpressionError } from "./errors.js";
import { BIND } from "./fixtures/binds.js";
import { CHECK_BIND } from "./fixtures/check-corpus.js";
import { VALID } from "./fixtures/parse-corpus.js";
import { fakeTarget } from "./fixtures/targets.js";
import { LOOKUP } from "./fixtures/universe.js";
import { compileWhere } from "./index.js";
import { checkOrderBy } from "./order-by.js";

const BINDS = { ...BIND, ...CHECK_BIND };
const SQLITE = fakeTarget("sqlite");
const POSTGRES = fakeTarget("postgres");
/** Longest a single run may take; a hang or quadratic blow-up fails the property. */
const MAX_RUN_MS = 1000;

function runPipeline(text: string): void {
  const started = performance.now();
  try {
    const s = compileWhere(text, { lookup: LOOKUP, bind: BINDS, target: SQLITE });
    const p = compileWhere(text, { lookup: LOOKUP, bind: BINDS, target: POSTGRES });
    assert.equal(s.params.length, p.params.length);
    assert.equal((s.sql.match(/\?/g) ?? []).length - (p.sql.match(/\?/g) ?? []).length, s.params.length);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    assert.ok(e.position.offset >= 0 && e.position.offset <= text.length, "position outside the text");
    assert.ok(e.message.includes(`line ${e.position.line}, column ${e.position.column}`));
  }
  assert.ok(performance.now() - started < MAX_RUN_MS, "run too slow");
}

const VOCABULARY = [
  "visit", "band", "instrument", "detector", "visit.exposure_time", "visit.timespan", "visit.timespan.begin", "visit.region", "exposure.can_see_sky",
  "raw.dataset_id", "ingest_date", "nope", "AND", "OR", "NOT", "IN", "OVERLAPS", "NULL", "TRUE", "FALSE", "=", "!=", "<>", "<", "<=", ">", ">=",
  "+", "-", "*", "/", "%", "(", ")", ",", "..", ":", ".", "1", "-2", "3.5", "1e3", "903334", "'g'", "'it''s'", "'", "T'2020-01-01'", "T'58938.5'",
  "T'bad'", "UUID('4d2f5ef5-1cd3-4c3f-9b0b-21e5a0b2d5b3')", "POINT(1, 2)", "CIRCLE(1, 2, 3)", "POLYGON(0,0,1,0,1,1)", "REGION('CIRCLE 1 2 3')",
  "GLOB(", ":v", ":visits", ":ts", ":region", ":missing", ":t", ":nan", "1..5", "1..10:2",
];

/** Random edits of a valid expression: delete, insert a token, duplicate or swap a slice. */
const mutated = fc
  .tuple(
    fc.constantFrom(...VALID.map(([text]) => text)),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...VOCABULARY), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    let s = text;
    for (const [at, len, token, op] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (op === 0) s = s.slice(0, i) + s.slice(i + len);
      else if (op === 1) s = `${s.slice(0, i)} ${token} ${s.slice(i)}`;
      else if (op === 2) s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else s = s.slice(i) + s.slice(0, i);
    }
    return s;
  });

describe("fuzz: only expression errors, never a crash or a hang", () => {
  it("random strings", { timeout: 20_000 }, () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), runPipeline), { numRuns: 1500 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), runPipeline), { numRuns: 500 });
  });

  it("token soups", { timeout: 20_000 }, () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 25 }).map((ts) => ts.join(" ")), runPipeline), { numRuns: 2000 });
  });

  it("mutated corpus expressions", { timeout: 20_000 }, () => {
    fc.assert(fc.property(mutated, runPipeline), { numRuns: 2000 });
  });

  it("ORDER BY terms", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 4 }).map((t) => t.join(""))), (term) => {
        try {
          checkOrderBy([term], LOOKUP);
        } catch (e) {
          if (!(e instanceof ExpressionError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
