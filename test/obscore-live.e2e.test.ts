/**
 * ObsCore kept live through the composed repository (issue 6 wiring): a demo release written
 * through the Butler has its ObsCore rows in the same transactions, `skyport obscore rebuild
 * --check` finds no difference, and removing a dataset removes its row.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ensureRepository } from "../src/compose.js";
import { loadConfig } from "../src/config/index.js";
import { ObsCoreStore } from "../src/repo/obscore/index.js";
import { cliCommand } from "./support/server.js";

test("demo rows appear live in ObsCore, rebuild --check agrees, deletes cascade", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skyport-obscore-live-"));
  const env = { SKYPORT_DATA_DIR: dir, SKYPORT_DEMO_VISITS: "2", SKYPORT_DEMO_DETECTOR_SIZE: "256" };
  const { config } = loadConfig({ env, cwd: dir });
  const butler = await ensureRepository(config);
  try {
    const store = new ObsCoreStore(butler.registry.sql);
    const published = ["raw", "visit_image", "difference_image", "deep_coadd", "template_coadd"];
    let expected = 0;
    for (const t of published) expected += await butler.registry.countDatasets(t, { collections: ["DemoCam/defaults"] });
    assert.ok(expected > 10, `demo has ${expected} published datasets`);
    assert.equal(await store.count(), expected);
    const check = spawnSync(process.execPath, [...cliCommand(), "obscore", "rebuild", "--check"], { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    const [one] = await butler.registry.queryDatasets("visit_image", { collections: ["DemoCam/defaults"], limit: 1 });
    await butler.removeDatasets([one!.id]);
    assert.equal(await store.count(), expected - 1);
  } finally {
    await butler.close();
  }
});
