import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { Butler } from "../butler.js";
import { FileDatastore } from "../datastore/index.js";
import { openRegistry } from "../registry/index.js";
import { ingestRaws } from "./raw-ingest.js";

const RAWS = [
  "latiss-3018092000065-det000.fits",
  "lsstCam-3019031900001-R10-S02-det029.fits",
  "comCamSim-CC_S_20240404_000780_R22_S01.fits",
].map((f) => sharedData("fits", "exposures", f));

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), "skyport-ingest-"));
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "r.sqlite3") });
  return { butler: new Butler(registry, new FileDatastore(join(dir, "ds"))), dir };
}

function stored(dir: string): string[] {
  const root = join(dir, "ds");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && !d.parentPath.includes(".")).map((d) => d.name);
}

test("real raws ingest with their exposure, detector and filter records", { skip: sharedSkip() }, async () => {
  const { butler } = await fresh();
  const refs = await ingestRaws(butler, RAWS);
  assert.equal(refs.length, 3);
  const latiss = refs.find((r) => r.dataId.instrument === "LATISS")!;
  assert.equal(latiss.dataId.exposure, 3018092000065);
  assert.equal(latiss.dataId.detector, 0);
  assert.equal(latiss.run, "LATISS/raw/all");
  const exp = (await butler.registry.queryDimensionRecords("exposure", { dataId: { instrument: "LATISS" } }))[0]!;
  assert.equal(exp.obs_id, "AT_C_20180920_000065");
  assert.equal(exp.day_obs, 20180920);
  const lsst = refs.find((r) => r.dataId.instrument === "LSSTCam")!;
  assert.equal(lsst.dataId.detector, 29);
  assert.equal((await butler.registry.queryDimensionRecords("detector", { dataId: { instrument: "LSSTCam", detector: 29 } }))[0]!.full_name, "R10_S02");
  // The stored file is the original bytes.
  const f = await butler.open(latiss.id);
  assert.ok(f.size > 2880);
  await f.close();
  // Ingesting the same file again is refused (same data ID in the same run).
  await assert.rejects(ingestRaws(butler, [RAWS[0]!]), /already exists/);
  await butler.close();
});

test("an untranslatable file fails the batch by name and card, leaving the repository as it was", { skip: sharedSkip() }, async () => {
  const { butler, dir } = await fresh();
  await ingestRaws(butler, [RAWS[0]!]);
  const before = { raws: await butler.registry.countDatasets("raw", { collections: ["LATISS/raw/all"] }), files: stored(dir).length, exposures: (await butler.registry.queryDimensionRecords("exposure")).length };
  const bad = join(dir, "not-a-raw.fits");
  copyFileSync(sharedData("fits", "basic", "arange.fits"), bad);
  await assert.rejects(ingestRaws(butler, [RAWS[1]!, bad]), (e: Error) => e.message.includes("not-a-raw.fits") && /INSTRUME|TELESCOP|no translator/.test(e.message));
  const garbage = join(dir, "garbage.fits");
  writeFileSync(garbage, "this is not FITS at all".repeat(200));
  await assert.rejects(ingestRaws(butler, [RAWS[1]!, garbage]), /garbage\.fits.*not a readable FITS file/);
  const after = { raws: await butler.registry.countDatasets("raw", { collections: ["LATISS/raw/all"] }), files: stored(dir).length, exposures: (await butler.registry.queryDimensionRecords("exposure")).length };
  assert.deepEqual(after, before);
  assert.equal((await butler.registry.queryDimensionRecords("instrument")).map((i) => i.name).join(), "LATISS");
  await butler.close();
});
