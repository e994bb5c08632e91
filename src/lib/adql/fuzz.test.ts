import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CORPUS } from "./fixtures/corpus.js";
import { AdqlSyntaxError, parseAdql, toAdql, withoutPositions } from "./index.js";

/** Per-input time budget (the brief: no hang > 100 ms per input). */
const MAX_MS_PER_INPUT = 100;

const FRAGMENTS = [
  "SELECT", "TOP", "DISTINCT", "ALL", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "OFFSET",
  "UNION", "INTERSECT", "EXCEPT", "WITH", "AS", "JOIN", "NATURAL", "LEFT", "OUTER", "CROSS", "ON", "USING",
  "AND", "OR", "NOT", "IN", "EXISTS", "BETWEEN", "LIKE", "ILIKE", "IS", "NULL", "CASE", "WHEN", "THEN", "END",
  "CAST", "INTEGER", "COUNT", "SUM", "POINT", "CIRCLE", "POLYGON", "CONTAINS", "DISTANCE", "COALESCE", "IN_UNIT",
  "a", "t", "ivoa.obscore", "\"x\"\"y\"", "'s''t'", "'", "\"", "1", ".5", "1E5", "1e-", "0x1F", "(", ")", ",", ".",
  "*", "+", "-", "/", "||", "=", "<>", "!=", "<", ">=", "&", "|", "^", "~", ";", "--", "\n", "é", "#", "size",
];

const PREFIXES = ["", "SELECT ", "SELECT a FROM t WHERE ", "SELECT a FROM t ", "SELECT * FROM "];

function check(input: string, draftFeatures: boolean): void {
  const start = performance.now();
  try {
    const ast = parseAdql(input, { draftFeatures });
    // Whatever parses must print to something that parses back to the same tree.
    assert.deepEqual(withoutPositions(parseAdql(toAdql(ast), { draftFeatures })), withoutPositions(ast));
  } catch (e) {
    if (!(e instanceof AdqlSyntaxError)) throw e;
  }
  const ms = performance.now() - start;
  assert.ok(ms < MAX_MS_PER_INPUT, `took ${ms.toFixed(1)} ms on ${JSON.stringify(input.slice(0, 200))}`);
}

test("fuzz: random token soups only ever raise AdqlSyntaxError", () => {
  fc.assert(
    fc.property(fc.constantFrom(...PREFIXES), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.boolean(), (prefix, parts, draft) => {
      check(prefix + parts.join(" "), draft);
    }),
    { numRuns: 8000, seed: 20261124 },
  );
});

test("fuzz: mutated corpus queries only ever raise AdqlSyntaxError", () => {
  const queries = CORPUS.map((c) => c.query);
  const mutation = fc.record({
    index: fc.nat(queries.length - 1),
    at: fc.nat(400),
    cut: fc.nat(6),
    insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })),
  });
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (muts, draft) => {
      const first = muts[0];
      let q = queries[first?.index ?? 0] ?? "";
      for (const m of muts) {
        const at = m.at % (q.length + 1);
        q = q.slice(0, at) + m.insert + q.slice(at + m.cut);
      }
      check(q, draft);
    }),
    { numRuns: 12000, seed: 8 },
  );
});

test("fuzz: arbitrary strings only ever raise AdqlSyntaxError", () => {
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => check(s, false)), { numRuns: 2000, seed: 3 });
});
