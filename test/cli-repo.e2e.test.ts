/** The `skyport repo` commands run as a user would run them, against a temporary data directory. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData, sharedSkip } from "./support/oracles.js";
import { cliCommand } from "./support/server.js";

function skyport(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [...cliCommand(), ...args], { cwd, encoding: "utf8", env: { ...process.env, SKYPORT_DATA_DIR: join(cwd, "data") }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("repo create, import, query, chain, export and ingest from the command line", { skip: sharedSkip() }, () => {
  const cwd = mkdtempSync(join(tmpdir(), "skyport-cli-"));
  const missing = skyport(cwd, "repo", "query-collections");
  assert.equal(missing.code, 1);
  assert.equal(missing.err, "skyport: no registry here (create one with `skyport repo create`)\n");
  assert.equal(skyport(cwd, "repo", "create").code, 0);
  const base = sharedData("butler-exports", "daf_butler");
  const imp = skyport(cwd, "repo", "import", join(base, "base.yaml"), join(base, "datasets.yaml"));
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /datasets\.yaml: 0 records, 2 collections, 0 dataset types, 13 datasets/);
  const q = skyport(cwd, "repo", "query-datasets", "bias", "--collections", "imported_r,imported_g", "--format", "tsv");
  assert.equal(q.code, 0, q.err);
  const lines = q.out.trim().split("\n");
  assert.equal(lines[0], "type\trun\tid\tinstrument\tdetector");
  assert.equal(lines.length, 5);
  assert.ok(lines.some((l) => l.startsWith("bias\timported_g\te15ab039-bc8b-4135-87c5-90902a7c0b22\tCam1\t1")));
  assert.ok(lines.some((l) => l.startsWith("bias\timported_r\t87f3e68d-258d-41b7-8ea5-edf3557ccb30\tCam1\t2")));
  assert.equal(skyport(cwd, "repo", "collection-chain", "Cam1/defaults", "imported_r", "imported_g").out, "Cam1/defaults = [imported_r, imported_g]\n");
  const exp = skyport(cwd, "repo", "export", "--collections", "Cam1/defaults");
  assert.match(exp.out, /^description: Butler Data Repository Export\nversion: 1\.0\.2\n/);
  const ing = skyport(cwd, "repo", "ingest-raws", sharedData("fits", "exposures", "comCamSim-CC_S_20240404_000780_R22_S01.fits"));
  assert.equal(ing.code, 0, ing.err);
  assert.match(ing.err, /ingested 1 raw/);
  const bad = skyport(cwd, "repo", "ingest-raws", sharedData("fits", "basic", "arange.fits"));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^skyport: .*arange\.fits: .*no translator recognises this header/);
  const recs = skyport(cwd, "repo", "query-dimension-records", "exposure", "--format", "json");
  assert.equal(JSON.parse(recs.out.trim()).obs_id, "CC_S_20240404_000780");
});
