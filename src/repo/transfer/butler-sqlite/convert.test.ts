/**
 * Converts obs_lsst's real LATISS Gen3 registry (shared/data/butler-exports/obs_lsst-latiss) into
 * fresh Skyport registries (SQLite, and PostgreSQL when available) and checks the result against
 * values read independently from the source with plain SQL: counts of dataset types, collections
 * by type, datasets per type and per collection, specific records, find-first lookups through the
 * LATISS/defaults chain, and that a refused conversion leaves the target unchanged.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { postgresSkip, startPostgres, type TestPostgres } from "../../../../test/support/postgres.js";
import { taiFromIsoTai } from "../../model/index.js";
import { openRegistry, type Registry } from "../../registry/index.js";
import { type ConversionReport, convertButlerSqlite, formatConversionReport } from "./index.js";

const SOURCE = sharedData("butler-exports", "obs_lsst-latiss", "gen3.sqlite3");
const skip = sharedSkip();
const TYPE_NAMES: Record<number, string> = { 1: "RUN", 2: "TAGGED", 3: "CHAINED", 4: "CALIBRATION" };

/** Expected values, read from the source with plain SQL (no converter code involved). */
function readExpected() {
  const db = new Database(SOURCE, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const q = <T>(sql: string) => db.prepare(sql).all() as T[];
    const types = q<{ name: string; storage_class: string; calib: bigint }>(`SELECT name, storage_class, calibration_association_table IS NOT NULL AS calib FROM dataset_type ORDER BY name`);
    const byType = q<{ type: bigint; n: bigint }>(`SELECT type, count(*) AS n FROM collection GROUP BY type`);
    const perType = q<{ name: string; n: bigint }>(`SELECT t.name, count(*) AS n FROM dataset d JOIN dataset_type t ON t.id = d.dataset_type_id GROUP BY t.name`);
    const perRun = q<{ name: string; n: bigint }>(`SELECT c.name, count(d.id) AS n FROM run r JOIN collection c ON c.collection_id = r.collection_id LEFT JOIN dataset d ON d.run_id = r.collection_id GROUP BY c.name`);
    const calibTables = q<{ t: string }>(`SELECT DISTINCT calibration_association_table AS t FROM dataset_type WHERE calibration_association_table IS NOT NULL`);
    const perCalib = new Map<string, number>();
    for (const { t } of calibTables) {
      for (const r of q<{ name: string; n: bigint }>(`SELECT c.name, count(*) AS n FROM "${t}" x JOIN collection c ON c.collection_id = x.collection_id GROUP BY c.name`)) {
        perCalib.set(r.name, (perCalib.get(r.name) ?? 0) + Number(r.n));
      }
    }
    const chain = q<{ parent: string; child: string }>(`SELECT p.name AS parent, c.name AS child FROM collection_chain cc JOIN collection p ON p.collection_id = cc.parent JOIN collection c ON c.collection_id = cc.child ORDER BY cc.parent, cc.position`);
    const exposure = q<Record<string, unknown>>(`SELECT * FROM exposure`)[0]!;
    const instrument = q<Record<string, unknown>>(`SELECT * FROM instrument`)[0]!;
    const raw = q<{ id: string; path: string; formatter: string; file_size: bigint; detector: bigint; exposure: bigint }>(
      `SELECT d.id, f.path, f.formatter, f.file_size, t.detector, t.exposure FROM dataset d JOIN dataset_type dt ON dt.id = d.dataset_type_id JOIN dataset_tags_00000001 t ON t.dataset_id = d.id JOIN file_datastore_records f ON f.dataset_id = d.id WHERE dt.name = 'raw'`,
    )[0]!;
    return {
      types,
      byType: Object.fromEntries(byType.map((r) => [TYPE_NAMES[Number(r.type)]!, Number(r.n)])),
      perType: Object.fromEntries(perType.map((r) => [r.name, Number(r.n)])),
      perRun: Object.fromEntries(perRun.map((r) => [r.name, Number(r.n)])),
      perCalib: Object.fromEntries(perCalib),
      chain,
      exposure,
      instrument,
      raw,
      datasets: Number(q<{ n: bigint }>(`SELECT count(*) AS n FROM dataset`)[0]!.n),
      physicalFilters: Number(q<{ n: bigint }>(`SELECT count(*) AS n FROM physical_filter`)[0]!.n),
    };
  } finally {
    db.close();
  }
}

const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** Asserts the converted registry and report against the source's own values. */
async function checkConverted(r: Registry, report: ConversionReport): Promise<void> {
  const x = readExpected();
  // Dataset types: names, storage classes, calibration flags.
  const types = await r.queryDatasetTypes();
  assert.deepEqual(types.map((t) => [t.name, t.storageClass, t.isCalibration]), x.types.map((t) => [t.name, t.storage_class, t.calib === 1n]));
  assert.deepEqual((await r.getDatasetType("raw"))?.dimensions, ["instrument", "detector", "exposure"]);
  // Collections by type.
  const colls = await r.queryCollections();
  const byType: Record<string, number> = {};
  for (const c of colls) byType[c.type] = (byType[c.type] ?? 0) + 1;
  assert.deepEqual(byType, x.byType);
  assert.deepEqual({ ...report.collectionsByType }, { RUN: 0, TAGGED: 0, CHAINED: 0, CALIBRATION: 0, ...x.byType });
  // Datasets per type and per RUN, counted by the target registry.
  const runs = colls.filter((c) => c.type === "RUN").map((c) => c.name);
  for (const [name, n] of Object.entries(x.perType)) assert.equal(await r.countDatasets(name, { collections: runs, findFirst: false }), n, `datasets of ${name}`);
  for (const [run, n] of Object.entries(x.perRun)) assert.equal(await r.countDatasets("*", { collections: [run], findFirst: false }), n, `datasets in ${run}`);
  assert.equal(report.datasets, x.datasets);
  for (const c of report.collections) if (c.type === "CALIBRATION") assert.equal(c.datasets, x.perCalib[c.name], `certifications in ${c.name}`);
  // The chain, children in order.
  for (const parent of new Set(x.chain.map((c) => c.parent))) {
    assert.deepEqual((await r.getCollection(parent))?.children, x.chain.filter((c) => c.parent === parent).map((c) => c.child));
  }
  // Specific records.
  const [inst] = await r.queryDimensionRecords("instrument");
  assert.equal(inst?.name, "LATISS");
  assert.equal(inst?.class_name, x.instrument.class_name);
  assert.equal(inst?.visit_max, Number(x.instrument.visit_max));
  assert.equal(inst?.detector_max, 0);
  assert.equal((await r.queryDimensionRecords("physical_filter")).length, x.physicalFilters);
  const [exp] = await r.queryDimensionRecords("exposure");
  assert.equal(exp?.obs_id, "AT_C_20180920_000065");
  assert.equal(exp?.obs_id, x.exposure.obs_id);
  assert.equal(exp?.physical_filter, x.exposure.physical_filter);
  assert.equal(exp?.group, x.exposure.group_name);
  assert.equal(exp?.day_obs, 20180920);
  assert.deepEqual(exp?.timespan, { begin: x.exposure.timespan_begin, end: x.exposure.timespan_end });
  assert.deepEqual(exp?.timespan, { begin: 1537510338209997118n, end: 1537510365209997118n });
  // A dataset's data ID and datastore record.
  const rawId = uuid(x.raw.id);
  const ref = await r.getDataset(rawId);
  assert.equal(ref?.run, "LATISS/raw/all");
  assert.deepEqual({ instrument: ref?.dataId.instrument, detector: ref?.dataId.detector, exposure: ref?.dataId.exposure }, { instrument: "LATISS", detector: Number(x.raw.detector), exposure: Number(x.raw.exposure) });
  assert.equal(ref?.dataId.physical_filter, "unknown~unknown");
  assert.deepEqual(await r.getDatastoreRecord(rawId), { datasetId: rawId, path: x.raw.path, formatter: x.raw.formatter, fileSize: Number(x.raw.file_size), checksum: null });
  assert.equal(report.datastoreRecords, 5);
  // Find-first through the CHAINED collection: raw from its RUN, calibrations by validity time.
  const chain = ["LATISS/defaults"];
  const dataId = { instrument: "LATISS", detector: 0 };
  assert.equal((await r.findDataset("raw", { ...dataId, exposure: 3018092000065 }, chain))?.id, rawId);
  const observed = x.exposure.timespan_begin as bigint;
  assert.equal((await r.findDataset("defects", dataId, chain, observed))?.id, "2659affe-ab43-4d19-9f85-238fb014bc23");
  assert.equal((await r.findDataset("defects", dataId, chain, taiFromIsoTai("1990-01-01 00:00:00")))?.id, "b1d05abd-5687-4a86-b4f3-71c65be3be8e");
  assert.equal((await r.findDataset("bias", dataId, chain, observed))?.id, "848b4770-38c6-4652-9637-7e90fe055921");
  assert.equal((await r.findDataset("camera", { instrument: "LATISS" }, chain, observed))?.id, "ef5b7383-704f-4ed8-9917-56f98f5b25f6");
}

describe("convertButlerSqlite: obs_lsst LATISS gen3.sqlite3", { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "skyport-bsq-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("converts into a fresh SQLite registry, leaving the source untouched", async () => {
    const digest = () => createHash("sha256").update(readFileSync(SOURCE)).digest("hex");
    const before = digest();
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "fresh.sqlite3") });
    try {
      const report = await convertButlerSqlite(SOURCE, r);
      assert.equal(report.written, true);
      assert.deepEqual(report.source.universe, { namespace: "daf_butler", version: 1 });
      await checkConverted(r, report);
      // Derived dimensions and mapped fields of the older universe are reported.
      const el = (n: string) => report.elements.find((e) => e.element === n);
      assert.deepEqual([el("group")?.origin, el("group")?.converted, el("day_obs")?.converted], ["derived", 1, 1]);
      assert.equal(el("physical_filter")?.sourceRows, 79);
      const note = (f: string) => report.fields.find((n) => `${n.element}.${n.field}` === f);
      assert.deepEqual([note("exposure.group_name")?.kind, note("exposure.group_name")?.to], ["renamed", "group"]);
      assert.deepEqual([note("exposure.group_id")?.kind, note("exposure.group_id")?.values], ["dropped", 1]);
    } finally {
      await r.close();
    }
    assert.equal(digest(), before);
  });

  test("a conflicting target refuses the conversion and stays unchanged", async () => {
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "conflict.sqlite3") });
    try {
      await r.registerRun("existing/run");
      // Same name as the source's bias type, different storage class: refused after the dimension
      // records are already written inside the transaction, so this also proves the rollback.
      await r.registerDatasetType({ name: "bias", dimensions: ["instrument", "detector"], storageClass: "Exposure", isCalibration: true });
      await assert.rejects(convertButlerSqlite(SOURCE, r), /dataset type bias already exists/);
      assert.deepEqual((await r.queryCollections()).map((c) => c.name), ["existing/run"]);
      assert.deepEqual((await r.queryDatasetTypes()).map((t) => t.name), ["bias"]);
      assert.equal((await r.queryDimensionRecords("instrument")).length, 0);
      assert.equal((await r.queryDimensionRecords("physical_filter")).length, 0);
      // A dry run reads and maps everything but writes nothing.
      const dry = await convertButlerSqlite(SOURCE, r, { dryRun: true });
      assert.equal(dry.written, false);
      assert.equal(dry.datasets, 5);
      assert.equal((await r.queryDimensionRecords("instrument")).length, 0);
    } finally {
      await r.close();
    }
  });

  test("converting twice fails on the existing records, unless told to skip them, then on dataset IDs", async () => {
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "twice.sqlite3") });
    try {
      await convertButlerSqlite(SOURCE, r);
      await assert.rejects(convertButlerSqlite(SOURCE, r), /instrument record \["LATISS"\] already exists/);
      await assert.rejects(convertButlerSqlite(SOURCE, r, { onExistingRecord: "skip" }), /already exists|is taken/);
      assert.equal(await r.countDatasets("*", { collections: ["LATISS/raw/all"], findFirst: false }), 1);
    } finally {
      await r.close();
    }
  });

  test("the report renders as tables (what `skyport repo convert-butler-sqlite` prints)", async () => {
    const r = await openRegistry({ kind: "sqlite", path: join(dir, "dry.sqlite3") });
    try {
      const text = formatConversionReport(await convertButlerSqlite(SOURCE, r, { dryRun: true }));
      assert.match(text, /universe daf_butler v1/);
      assert.match(text, /dry run: nothing written/);
      assert.match(text, /^LATISS\/defaults\s+CHAINED\s+0\s+LATISS\/raw\/all, LATISS\/calib, skymaps$/m);
      assert.match(text, /^LATISS\/calib\s+CALIBRATION\s+4$/m);
      assert.match(text, /^exposure\.group_id\s+dropped\s+1\s+no such field/m);
    } finally {
      await r.close();
    }
  });
});

describe("convertButlerSqlite into PostgreSQL", { skip: skip || postgresSkip() }, () => {
  let pg: TestPostgres | undefined;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  test("gives the same registry content as SQLite", async () => {
    const r = await openRegistry({ kind: "postgres", url: pg!.createDatabase("butler_convert") });
    try {
      await checkConverted(r, await convertButlerSqlite(SOURCE, r));
    } finally {
      await r.close();
    }
  });
});
