/**
 * The access policy: release facts from embargo and collection rules, the decision for a caller,
 * and the SQL restriction — which must select exactly the rows the decision allows, on SQLite and
 * on PostgreSQL, for every caller and instant tried (embargo boundaries included).
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { anonymousIdentity, type Identity } from "../auth/index.js";
import { Params } from "../registry/sql-registry/context.js";
import type { SqlDatabase } from "../registry/sql/database.js";
import { PostgresDatabase } from "../registry/sql/postgres.js";
import { SqliteDatabase } from "../registry/sql/sqlite.js";
import { type AccessPolicy, canSee, curation, DEFAULT_POLICY, globMatches, type Release, releaseOf } from "./policy.js";
import { parsePolicy, PolicyError, PolicyStore, policyDocument } from "./store.js";
import { ACCESS_GROUPS_COLUMN, EMBARGO_UNTIL_COLUMN, groupsColumnValue, restrictionSql } from "./sql.js";

const H = 3_600_000;
const T0 = new Date("2026-11-24T00:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * H);

const POLICY: AccessPolicy = {
  embargoHours: 6,
  embargoHoursByInstrument: { LATISS: 2 },
  embargoGroups: ["rubin_staff"],
  rules: [
    { pattern: "DemoCam/runs/secret*", groups: ["team_a", "team_b"] },
    { pattern: "DemoCam/runs/late", groups: ["team_a"], releaseDate: at(48) },
  ],
};

const who = (subject: string, groups: string[], admin = false): Identity => ({ subject, groups, scopes: admin ? ["read:image", "admin"] : ["read:image"], anonymous: false });
const CALLERS: Identity[] = [anonymousIdentity(["read:image"]), who("staff", ["rubin_staff"]), who("a", ["team_a"]), who("b", ["team_b", "x_y"]), who("c", ["team_c"]), who("a_staff", ["team_a", "rubin_staff"]), who("root", [], true)];

test("globs match whole run names", () => {
  assert.ok(globMatches("DemoCam/runs/secret*", "DemoCam/runs/secret/2"));
  assert.ok(!globMatches("DemoCam/runs/secret*", "x/DemoCam/runs/secret"));
  assert.ok(globMatches("a.b", "a.b") && !globMatches("a.b", "aXb"), "dots are literal");
});

test("release facts: embargo per instrument, proprietary runs, release dates", () => {
  assert.deepEqual(releaseOf(POLICY, { run: "DemoCam/runs/visit", instrument: "DemoCam", observationEnd: at(0) }), { publicFrom: at(6), embargoUntil: at(6), groups: [] });
  assert.deepEqual(releaseOf(POLICY, { run: "r", instrument: "LATISS", observationEnd: at(0) }).embargoUntil, at(2));
  assert.deepEqual(releaseOf(POLICY, { run: "DemoCam/runs/coadd", instrument: null, observationEnd: null }), { publicFrom: new Date(0), embargoUntil: null, groups: [] });
  assert.deepEqual(releaseOf(POLICY, { run: "DemoCam/runs/secret1", instrument: "DemoCam", observationEnd: at(0) }), { publicFrom: null, embargoUntil: at(6), groups: ["team_a", "team_b"] });
  assert.deepEqual(releaseOf(POLICY, { run: "DemoCam/runs/late", instrument: "DemoCam", observationEnd: at(0) }).publicFrom, at(48));
  assert.deepEqual(curation(releaseOf(POLICY, { run: "DemoCam/runs/late", instrument: "DemoCam", observationEnd: at(0) })), { data_rights: "proprietary", obs_release_date: "2026-11-26T00:00:00.000Z" });
});

test("decisions: the embargo hides from all but the embargo groups; proprietary runs only show to their groups", () => {
  const embargoed = releaseOf(POLICY, { run: "DemoCam/runs/visit", instrument: "DemoCam", observationEnd: at(0) });
  const secret = releaseOf(POLICY, { run: "DemoCam/runs/secret1", instrument: "DemoCam", observationEnd: at(0) });
  const late = releaseOf(POLICY, { run: "DemoCam/runs/late", instrument: "DemoCam", observationEnd: at(0) });
  const names = (r: Release, h: number) => CALLERS.filter((c) => canSee(POLICY, c, r, at(h))).map((c) => c.subject);
  assert.deepEqual(names(embargoed, 5.99), ["staff", "a_staff", "root"]);
  assert.deepEqual(names(embargoed, 6), CALLERS.map((c) => c.subject), "public once the embargo ends, no rebuild");
  assert.deepEqual(names(secret, 1), ["a_staff", "root"]);
  assert.deepEqual(names(secret, 7), ["a", "b", "a_staff", "root"]);
  assert.deepEqual(names(late, 7), ["a", "a_staff", "root"]);
  assert.deepEqual(names(late, 48), CALLERS.map((c) => c.subject));
});

// The SQL restriction against the decision, on both engines.
const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

function sqlSuite(name: string, open: () => Promise<SqlDatabase>, skip: false | string = false) {
  describe(`policy restriction in SQL: ${name}`, { skip }, () => {
    test("selects exactly the rows canSee allows, for every caller, at and around each boundary", async () => {
      const db = await open();
      await db.exec(`CREATE TABLE obs ("id" TEXT PRIMARY KEY, "obs_release_date" TEXT, "${ACCESS_GROUPS_COLUMN}" TEXT NOT NULL, "${EMBARGO_UNTIL_COLUMN}" TEXT)`);
      const rows: { id: string; r: Release }[] = [];
      const runs = ["DemoCam/runs/visit", "DemoCam/runs/secret1", "DemoCam/runs/late", "DemoCam/runs/coadd"];
      for (const run of runs) {
        for (const [instrument, end] of [["DemoCam", at(0)], ["LATISS", at(3)], [null, null]] as const) {
          rows.push({ id: `${run}|${instrument}`, r: releaseOf(POLICY, { run, instrument, observationEnd: end }) });
        }
      }
      for (const { id, r } of rows) {
        const p = new Params((i) => db.caps.placeholder(i));
        const c = curation(r);
        await db.run(...p.bind(`INSERT INTO obs VALUES (${p.list([id, c.obs_release_date, groupsColumnValue(r.groups), r.embargoUntil ? r.embargoUntil.toISOString() : null])})`));
      }
      for (const hours of [0, 4.99, 5, 5.999, 6, 7, 47.999, 48, 100]) {
        for (const caller of CALLERS) {
          const expected = rows.filter((x) => canSee(POLICY, caller, x.r, at(hours))).map((x) => x.id).sort();
          const restriction = restrictionSql(POLICY, caller, at(hours));
          let sql = "SELECT id FROM obs";
          const p = new Params((i) => db.caps.placeholder(i));
          if (restriction) sql += ` WHERE ${restriction.sql.replace(/\{(\d+)\}/g, (_m, i: string) => p.add(restriction.params[Number(i)]!))}`;
          const got = (await db.all<{ id: string }>(...p.bind(sql))).map((x) => x.id).sort();
          assert.deepEqual(got, expected, `${caller.subject} at +${hours} h`);
        }
      }
    });
  });
}

sqlSuite("sqlite", async () => {
  const db = new SqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), "skyport-policy-")), "p.sqlite3") });
  closers.push(() => db.close());
  return db;
});

let pg: TestPostgres | undefined;
sqlSuite(
  "postgres",
  async () => {
    pg = await startPostgres();
    const cluster = pg;
    closers.unshift(() => cluster.stop());
    const db = new PostgresDatabase({ connectionString: pg.createDatabase("policy"), max: 2 });
    closers.push(() => db.close());
    return db;
  },
  postgresSkip(),
);

test("policy documents: parsed with errors naming the key; stored in and loaded from the registry database", async () => {
  const doc = { embargoHours: 80, embargoHoursByInstrument: { LATISS: 2 }, embargoGroups: ["rubin_staff"], rules: [{ pattern: "DemoCam/runs/t*", groups: ["team"], releaseDate: "2027-01-01T00:00:00Z" }] };
  const p = parsePolicy(doc);
  assert.deepEqual(p.rules[0]!.releaseDate, new Date("2027-01-01T00:00:00Z"));
  assert.deepEqual(parsePolicy(policyDocument(p)), p, "round trip");
  const bad: [unknown, RegExp][] = [
    [{ embargoHours: -1 }, /^embargoHours: expected hours ≥ 0/],
    [{ embargoGroups: ["a b"] }, /^embargoGroups\[0\]: not a group name/],
    [{ rules: [{ pattern: "x", groups: [], releaseDate: "2027-01-01" }] }, /^rules\[0\]\.releaseDate: expected an ISO 8601 instant with a zone/],
    [{ rules: [{ pattern: "", groups: [] }] }, /^rules\[0\]\.pattern/],
    [{ rules: [{ pattern: "x", group: [] }] }, /^rules\[0\]: unknown key group/],
    [{ embargo: 6 }, /^policy: unknown key embargo/],
    [[], /^policy: expected an object/],
  ];
  for (const [d, re] of bad) assert.throws(() => parsePolicy(d), (e: Error) => e instanceof PolicyError && re.test(e.message), JSON.stringify(d));

  const db = new SqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), "skyport-policy-")), "r.sqlite3") });
  const store = new PolicyStore(db);
  assert.deepEqual(await store.load(), DEFAULT_POLICY, "no table yet: the default 6-hour embargo");
  await store.save(p);
  assert.deepEqual(await store.load(), p);
  await store.save(DEFAULT_POLICY);
  assert.deepEqual(await store.load(), DEFAULT_POLICY, "replaced, not added");
  await db.close();
});
