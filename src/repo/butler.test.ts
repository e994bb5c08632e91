import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Butler } from "./butler.js";
import { loadFixtures } from "./contract/registry-fixtures.js";
import { FileDatastore } from "./datastore/index.js";
import { openRegistry } from "./registry/index.js";

async function butler() {
  const dir = mkdtempSync(join(tmpdir(), "skyport-butler-"));
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") });
  await loadFixtures(registry);
  await registry.registerRun("TestCam/raw/all");
  return { b: new Butler(registry, new FileDatastore(join(dir, "datastore"))), dir };
}

function files(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
}

test("ingest places files and records together", async () => {
  const { b, dir } = await butler();
  const src = join(dir, "raw1.fits");
  writeFileSync(src, "A".repeat(2880));
  const [ref] = await b.ingest([{ datasetType: "raw", run: "TestCam/raw/all", dataId: { instrument: "TestCam", exposure: 1, detector: 1 }, sourcePath: src }]);
  const rec = await b.registry.getDatastoreRecord(ref!.id);
  assert.match(rec!.path, /^TestCam\/raw\/all\/raw\/g\/20250601\/raw_g_TC-g_1_1_TestCam_[0-9a-f-]{36}\.fits$/);
  assert.equal(rec!.fileSize, 2880);
  const f = await b.open(ref!.id);
  assert.equal(new TextDecoder().decode(await f.read(0, 3)), "AAA");
  await f.close();
  await b.close();
});

test("a failed ingest batch leaves registry and datastore as they were", async () => {
  const { b, dir } = await butler();
  const good = join(dir, "good.fits");
  writeFileSync(good, "G".repeat(2880));
  const items = [
    { datasetType: "raw", run: "TestCam/raw/all", dataId: { instrument: "TestCam", exposure: 1, detector: 1 }, sourcePath: good },
    { datasetType: "raw", run: "TestCam/raw/all", dataId: { instrument: "TestCam", exposure: 2, detector: 1 }, sourcePath: good },
    { datasetType: "raw", run: "TestCam/raw/all", dataId: { instrument: "TestCam", exposure: 3, detector: 1 }, sourcePath: join(dir, "missing.fits") },
  ];
  await assert.rejects(b.ingest(items), /not a readable file/);
  assert.equal(await b.registry.countDatasets("raw", { collections: ["TestCam/raw/all"] }), 0);
  assert.deepEqual(files(join(dir, "datastore")).filter((f) => !f.startsWith(".")), []);
  await b.close();
});

test("removal is two-phase: records to trash, then files, then forgotten", async () => {
  const { b, dir } = await butler();
  const refs = await b.put([1, 2, 3].map((d) => ({ datasetType: "raw", run: "TestCam/raw/all", dataId: { instrument: "TestCam", exposure: 4, detector: d }, data: new Uint8Array(2880) })));
  assert.equal(files(join(dir, "datastore")).length, 3);
  assert.equal(await b.removeDatasets([refs[0]!.id, refs[1]!.id]), 2);
  assert.equal(files(join(dir, "datastore")).length, 1);
  assert.deepEqual(await b.registry.listTrash(), []);
  assert.equal(await b.registry.countDatasets("raw", { collections: ["TestCam/raw/all"] }), 1);
  await b.close();
});
