/**
 * Runs compiled expressions on an in-memory SQLite database (better-sqlite3, test only) and
 * compares the matched rows with answers worked out by hand, so the SQL's meaning is tested, not
 * just its spelling: half-open timespans, stride ranges, NOT IN, NULLs, GLOB, bound BigInts.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { type ExpressionSqlTarget, globForSqlite } from "./compile.js";
import { createTableLookup } from "./lookup.js";
import { compileWhere, parseTimeLiteral, timeBind } from "./index.js";

const db = new Database(":memory:");
after(() => db.close());

const T = (iso: string): bigint => parseTimeLiteral(`${iso}/tai`);
db.exec(`CREATE TABLE visit (id INTEGER PRIMARY KEY, band TEXT, exposure_time REAL, target_name TEXT, can_see_sky INTEGER, t_begin INTEGER, t_end INTEGER)`);
const insert = db.prepare("INSERT INTO visit VALUES (?, ?, ?, ?, ?, ?, ?)");
// Visits 1..6: one hour each from 2020-01-01T00:00 TAI, visit 6 starting exactly when 5 ends.
const ROWS: [number, string, number, string | null, number][] = [
  [1, "g", 15, "COSMOS_1", 1],
  [2, "r", 30, "COSMOS_2", 1],
  [3, "r", 30.5, "SDSS", 0],
  [4, "i", 60, null, 1],
  [5, "z", 15, "cosmos_5", 0],
  [6, "y", 90, "COSMOS_6", 1],
];
for (const [id, band, exp, name, sky] of ROWS) {
  insert.run(id, band, exp, name, sky, T(`2020-01-01T0${id - 1}:00:00`), T(`2020-01-01T0${id}:00:00`));
}

const lookup = createTableLookup({
  visit: { key: "int", fields: { exposure_time: "float", target_name: "string", can_see_sky: "bool", timespan: "timespan" } },
  band: { key: "string" },
});
const target: ExpressionSqlTarget = {
  column: (element, field) => (element === "band" ? `"band"` : field === null ? `"id"` : `"${field}"`),
  timespanColumns: () => ({ begin: `"t_begin"`, end: `"t_end"` }),
  placeholder: () => "?",
  regionOverlaps: () => "0",
  glob: (expr, pattern, bind) => `${expr} GLOB ${bind(globForSqlite(pattern))}`,
  param: (v) => (typeof v === "boolean" ? (v ? 1 : 0) : v),
};

function ids(where: string, bind: Readonly<Record<string, unknown>> = {}): number[] {
  const { sql, params } = compileWhere(where, { lookup, bind, target });
  return db
    .prepare(`SELECT id FROM visit WHERE ${sql} ORDER BY id`)
    .all(...(params as (string | number | bigint | null)[]))
    .map((r) => (r as { id: number }).id);
}

describe("compiled SQL on SQLite", () => {
  const cases: [string, number[], Record<string, unknown>?][] = [
    ["visit IN (1..5:2)", [1, 3, 5]],
    ["visit IN (2..6000:2)", [2, 4, 6]],
    ["visit NOT IN (1..2000:3)", [2, 3, 5, 6]],
    ["visit NOT IN (2, 4) AND visit IN (1..4)", [1, 3]],
    ["band IN ('r', 'g') AND visit.exposure_time >= 30", [2, 3]],
    ["visit.exposure_time > 30.0 OR NOT visit.can_see_sky", [3, 4, 5, 6]],
    ["visit.can_see_sky = TRUE AND visit.exposure_time * 2 = 30", [1]],
    ["visit.target_name = NULL", [4]],
    ["visit.target_name != NULL AND GLOB(visit.target_name, 'COSMOS_*')", [1, 2, 6]],
    ["GLOB(visit.target_name, '[Cc]osmos_?') OR GLOB(visit.target_name, 'C?SMOS_[!12]')", [5, 6]],
    // Half-open [begin, end): 01:00 belongs to visit 2, not visit 1.
    ["visit.timespan OVERLAPS T'2020-01-01T01:00:00/tai'", [2]],
    ["visit.timespan OVERLAPS (T'2020-01-01T01:00:00/tai', T'2020-01-01T02:00:00/tai')", [2]],
    ["visit.timespan OVERLAPS (T'2020-01-01T00:59:59.999999999/tai', T'2020-01-01T02:00:00.000000001/tai')", [1, 2, 3]],
    ["visit.timespan OVERLAPS (T'2020-01-01T04:30:00/tai', NULL)", [5, 6]],
    ["visit.timespan OVERLAPS :ts", [3], { ts: { begin: T("2020-01-01T02:00:00"), end: T("2020-01-01T03:00:00") } }],
    ["visit.timespan < T'2020-01-01T02:00:00/tai'", [1, 2]],
    ["visit.timespan > T'2020-01-01T04:00:00/tai'", [6]],
    ["visit.timespan.begin >= :t", [4, 5, 6], { t: timeBind(T("2020-01-01T03:00:00")) }],
    // 2020-01-01T00:30:00 UTC is 00:30:37 TAI: inside visit 1.
    ["visit.timespan OVERLAPS T'2020-01-01T00:30:00'", [1]],
    ["visit.timespan OVERLAPS :d", [1], { d: new Date("2020-01-01T00:59:22.999Z") }],
    ["visit.timespan OVERLAPS :d", [2], { d: new Date("2020-01-01T00:59:23.000Z") }],
    ["visit IN (:list) AND band = :b", [2, 3], { list: [1, 2, 3, 4], b: "r" }],
    ["visit = :big OR visit = -(-1)", [1], { big: 2n ** 62n }],
    ["visit % 2 = 0 AND visit / 2 >= 2", [4, 6]],
    ["FALSE OR visit IN (5..1) OR (visit = 3 AND TRUE)", [3]],
  ];
  for (const [where, expected, bind] of cases) it(where, () => assert.deepEqual(ids(where, bind), expected));
});
