/**
 * Source variants the LATISS registry does not exercise, made from a temporary copy of it: a
 * TAGGED collection (memberships from the tags table), a visit with a sphgeom region and a visit
 * system (universe-1 `visit.visit_system` → visit_system_membership), and a copy switched to WAL
 * mode (read through a temporary copy, the original left byte-identical).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { convexPolygonFromRaDec, encodeConvexPolygon } from "../../model/index.js";
import { openRegistry } from "../../registry/index.js";
import { convertButlerSqlite } from "./index.js";

const SOURCE = sharedData("butler-exports", "obs_lsst-latiss", "gen3.sqlite3");
const RAW_ID = "cfedc2bf9e0a5d35b5db71a356e436ca";

describe("convertButlerSqlite: source variants", { skip: sharedSkip() }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "skyport-bsq-var-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("TAGGED memberships, visit regions and visit systems convert", async () => {
    const copy = join(dir, "tagged.sqlite3");
    copyFileSync(SOURCE, copy);
    const region = convexPolygonFromRaDec([[10, -5], [10.2, -5], [10.2, -4.8], [10, -4.8]]);
    const db = new Database(copy);
    db.exec(`INSERT INTO collection (collection_id, name, type, doc) VALUES (9, 'u/someone/best', 2, 'hand-picked')`);
    db.exec(`INSERT INTO collection_summary_dataset_type VALUES (9, 1); INSERT INTO collection_summary_instrument VALUES (9, 'LATISS')`);
    db.prepare(`INSERT INTO dataset_tags_00000001 VALUES (1, ?, 9, 'LATISS', 0, 3018092000065)`).run(RAW_ID);
    db.exec(`INSERT INTO visit_system VALUES ('LATISS', 0, 'one-to-one')`);
    // Regions are base64 text in daf_butler's SQLite schema (a TEXT column).
    db.prepare(`INSERT INTO visit (instrument, id, physical_filter, visit_system, name, day_obs, region, timespan_begin, timespan_end) VALUES ('LATISS', 7, 'unknown~unknown', 0, 'v7', 20180920, ?, 1537510338209997118, 1537510365209997118)`)
      .run(Buffer.from(encodeConvexPolygon(region), "hex").toString("base64"));
    db.close();
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "tagged-target.sqlite3") });
    try {
      const report = await convertButlerSqlite(copy, r);
      assert.equal(report.tagged, 1);
      assert.deepEqual((await r.getCollection("u/someone/best"))?.doc, "hand-picked");
      const found = await r.queryDatasets("raw", { collections: ["u/someone/best"] });
      assert.deepEqual(found.map((d) => d.id), ["cfedc2bf-9e0a-5d35-b5db-71a356e436ca"]);
      const [visit] = await r.queryDimensionRecords("visit");
      assert.deepEqual(visit?.region, region);
      assert.deepEqual([visit?.day_obs, visit?.physical_filter], [20180920, "unknown~unknown"]);
      assert.deepEqual(await r.queryDimensionRecords("visit_system_membership"), [{ instrument: "LATISS", visit: 7, visit_system: 0 }]);
      const hits = await r.queryDimensionRecords("visit", { region: { kind: "circle", raDeg: 10.1, decDeg: -4.9, radiusDeg: 0.01 } });
      assert.equal(hits.length, 1);
    } finally {
      await r.close();
    }
  });

  test("a WAL-mode source is read through a copy and left byte-identical", async () => {
    const wal = join(dir, "wal.sqlite3");
    copyFileSync(SOURCE, wal);
    const db = new Database(wal);
    db.pragma("journal_mode = WAL");
    db.close();
    const digest = () => createHash("sha256").update(readFileSync(wal)).digest("hex");
    const before = digest();
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "wal-target.sqlite3") });
    try {
      const report = await convertButlerSqlite(wal, r, { dryRun: true });
      assert.equal(report.datasets, 5);
    } finally {
      await r.close();
    }
    assert.equal(digest(), before);
  });
});
