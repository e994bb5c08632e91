import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkExpression, MAX_IN_VALUES } from "./check.js";
import type { CheckedExpr } from "./checked.js";
import { ExpressionCheckError } from "./errors.js";
import { BIND } from "./fixtures/binds.js";
import { CHECK_BIND, CHECK_ERRORS } from "./fixtures/check-corpus.js";
import { ELEMENTS, FROM_REAL_UNIVERSE, LOOKUP } from "./fixtures/universe.js";
import { defaultUniverse } from "../../../model/index.js";
import { closestNames, createTableLookup, editDistance, lookupFromElements } from "./lookup.js";
import { timeBind } from "./operands.js";
import { parseExpression } from "./parser.js";

const ALL_BINDS = { ...BIND, ...CHECK_BIND };

function check(text: string, bind: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown> = ALL_BINDS): CheckedExpr {
  return checkExpression(parseExpression(text), text, { lookup: LOOKUP, bind });
}

function checkError(text: string, bind?: Readonly<Record<string, unknown>>): ExpressionCheckError {
  try {
    check(text, bind);
  } catch (e) {
    assert.ok(e instanceof ExpressionCheckError, `expected ExpressionCheckError, got ${String(e)}`);
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe("check-error corpus", () => {
  it("has the expected number of cases", () => assert.equal(CHECK_ERRORS.length, 81));

  for (const [text, kind, line, column, fragment, suggestions] of CHECK_ERRORS) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const e = checkError(text);
      assert.equal(e.kind, kind, e.message);
      assert.deepEqual([e.position.line, e.position.column], [line, column], e.message);
      assert.ok(e.reason.includes(fragment), `${JSON.stringify(e.reason)} lacks ${JSON.stringify(fragment)}`);
      assert.deepEqual(e.suggestions.slice(0, suggestions.length), suggestions, e.message);
      assert.equal(e.code, "UsageFault");
    });
  }
});

describe("checker", () => {
  it("reads the real dimension universe", () => {
    if (FROM_REAL_UNIVERSE) assert.ok(ELEMENTS.length >= 19, `only ${ELEMENTS.length} elements`);
    assert.equal(LOOKUP.fieldType("visit", null), "int");
    assert.equal(LOOKUP.fieldType("instrument", null), "string");
    assert.equal(LOOKUP.fieldType("visit", "region"), "region");
    assert.equal(LOOKUP.fieldType("day_obs", "timespan"), "timespan");
    assert.equal(LOOKUP.fieldType("exposure", "can_see_sky"), "bool");
    assert.equal(LOOKUP.fieldType("visit_detector_region", null), undefined);
    assert.equal(LOOKUP.fieldType("raw", "dataset_id"), "uuid");
    assert.equal(LOOKUP.fieldType("ingest_date", null), "datetime");
    assert.equal(LOOKUP.fieldType("skymap", "hash"), undefined);
  });

  it("builds a lookup from the repository model's universe (the registry's bridge)", () => {
    const lookup = lookupFromElements(defaultUniverse().elements.values(), ["raw"]);
    assert.equal(lookup.fieldType("visit", null), "int");
    assert.equal(lookup.fieldType("visit", "timespan"), "timespan");
    assert.equal(lookup.fieldType("visit", "region"), "region");
    assert.equal(lookup.fieldType("detector", "raft"), "string");
    assert.equal(lookup.fieldType("raw", "run"), "string");
    const text = "visit.exposure_time > 30 AND raw.dataset_id = :id";
    assert.doesNotThrow(() => checkExpression(parseExpression(text), text, { lookup, bind: BIND }));
  });

  it("puts the position and suggestions into the message", () => {
    const e = checkError("visit.exposure_tme > 30");
    assert.equal(e.message, "'visit' has no field 'exposure_tme' (did you mean visit.exposure_time?) at line 1, column 1\n  visit.exposure_tme > 30\n  ^");
    assert.equal(e.hint, "did you mean visit.exposure_time?");
  });

  it("substitutes binds from a Map as well as an object", () => {
    const r = check("visit = :v AND band = :b", new Map<string, unknown>([["v", 5], ["b", "g"]]));
    assert.equal(r.kind, "logical");
    assert.throws(() => check("visit = :v", new Map()), /no value bound to :v/);
    // Inherited properties are not binds.
    assert.throws(() => check("visit = :toString", {}), /no value bound to :toString/);
  });

  it("accepts numbers, bigints, Dates, timeBind and timespans as binds", () => {
    assert.doesNotThrow(() => check("visit = :big AND visit.exposure_time > :ra"));
    const t = check("visit.timespan.begin < :t", { t: timeBind(7n) });
    assert.deepEqual(t.kind === "compare" && t.right.kind === "value" && t.right.value, 7n);
    const d = check("visit.timespan.begin < :t", { t: new Date(Date.UTC(2020, 2, 30, 12, 20, 33)) });
    assert.deepEqual(d.kind === "compare" && d.right.kind === "value" && d.right.value, 1_585_570_870_000_000_000n);
    assert.doesNotThrow(() => check("visit.timespan OVERLAPS :ts", { ts: { begin: new Date(0), end: null } }));
  });

  it("accepts model convex polygons (unit vectors) as region binds", () => {
    const c = Math.SQRT1_2;
    const r = check("visit.region OVERLAPS :p", { p: { kind: "convex-polygon", vertices: [[1, 0, 0], [c, c, 0], [c, 0, c]] } });
    assert.equal(r.kind, "region-overlaps");
    if (r.kind !== "region-overlaps" || r.region.kind !== "polygon") return assert.fail("no polygon");
    assert.equal(r.region.vertices.length, 3);
  });

  it("canonicalises UUIDs compared with strings", () => {
    const r = check("raw.dataset_id = '4D2F5EF51CD34C3F9B0B21E5A0B2D5B3'");
    assert.equal(r.kind === "compare" && r.right.kind === "value" && r.right.value, "4d2f5ef5-1cd3-4c3f-9b0b-21e5a0b2d5b3");
  });

  it("expands short ranges and keeps long ones", () => {
    const r = check("visit IN (1..5:2, 10..5000)");
    if (r.kind !== "in") return assert.fail(r.kind);
    assert.deepEqual(r.values.map((v) => v.kind === "value" && v.value), [1, 3, 5]);
    assert.deepEqual(r.ranges, [{ start: 10, stop: 5000, stride: 1 }]);
  });

  it("caps IN lists", () => {
    const list = Array.from({ length: MAX_IN_VALUES + 1 }, (_, i) => i);
    assert.equal(checkError("visit IN (:list)", { list }).reason, `IN list has more than ${MAX_IN_VALUES} values`);
    assert.doesNotThrow(() => check("visit IN (:list)", { list: list.slice(1) }));
  });

  it("works without the optional name listings", () => {
    const bare = { fieldType: (e: string, f: string | null) => (e === "visit" && f === null ? ("int" as const) : undefined) };
    assert.doesNotThrow(() => checkExpression(parseExpression("visit = 1"), "visit = 1", { lookup: bare }));
    const e = (() => {
      try {
        checkExpression(parseExpression("vist = 1"), "vist = 1", { lookup: bare });
      } catch (err) {
        return err;
      }
    })();
    assert.ok(e instanceof ExpressionCheckError && e.suggestions.length === 0);
  });

  it("suggests by edit distance", () => {
    assert.equal(editDistance("visit", "visti"), 1);
    assert.equal(editDistance("Visit", "visit"), 0);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.deepEqual(closestNames("detecter", ["detector", "day_obs", "exposure"]), ["detector"]);
    assert.deepEqual(closestNames("zzzzzz", ["detector", "visit"]), []);
    const table = createTableLookup({ band: { key: "string" } });
    assert.equal(table.fieldType("toString", null), undefined);
    assert.equal(table.fieldType("band", "name"), undefined);
  });
});
