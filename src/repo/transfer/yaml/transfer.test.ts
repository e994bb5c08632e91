import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { defaultUniverse, universeFromConfig } from "../../model/index.js";
import { openRegistry } from "../../registry/index.js";
import { exportYaml, importExport } from "./index.js";

const DIR = sharedData("butler-exports", "daf_butler");
const dir = mkdtempSync(join(tmpdir(), "skyport-transfer-"));
let n = 0;
const fresh = () => openRegistry({ kind: "sqlite", path: join(dir, `t${++n}.sqlite3`) });

/** Export files and the files each must be layered on. */
const EXPORTS: Record<string, string[]> = {
  "base.yaml": [],
  "datasets.yaml": ["base.yaml"],
  "spatial.yaml": ["base.yaml"],
  "ci_hsc-subset.yaml": [],
  "ci_hsc-subset-skymap.yaml": [],
  "hsc-rc2-subset-v0.yaml": [],
  "lsstcam-subset.yaml": [],
};

describe("butler export YAML", { skip: sharedSkip() }, () => {
  test("every export file in shared/data is listed here", () => {
    const found = readdirSync(DIR).filter((f) => f.endsWith(".yaml") && readFileSync(join(DIR, f), "utf8").includes("Butler Data Repository Export"));
    assert.deepEqual(found.sort(), Object.keys(EXPORTS).sort());
  });

  test("our default universe has LSST's elements, keys and relationships", () => {
    const lsst = universeFromConfig(parse(readFileSync(join(DIR, "dimensions.yaml"), "utf8")));
    const ours = defaultUniverse();
    const skip = new Set(["ssp_hypothesis_table", "ssp_hypothesis_bundle", "ssp_balanced_index"]);
    for (const e of lsst.elements.values()) {
      if (skip.has(e.name)) continue;
      const o = ours.elements.get(e.name);
      assert.ok(o, `missing element ${e.name}`);
      assert.deepEqual(o.keys.map((k) => k.name), e.keys.map((k) => k.name), `${e.name} keys`);
      assert.deepEqual(o.requires, e.requires, `${e.name} requires`);
      assert.deepEqual(o.implies, e.implies, `${e.name} implies`);
      for (const m of e.metadata) assert.ok(o.metadata.some((x) => x.name === m.name), `${e.name}.${m.name}`);
      assert.equal(o.temporal, e.temporal, `${e.name} temporal`);
      assert.equal(o.spatial, e.spatial, `${e.name} spatial`);
    }
  });

  for (const [file, deps] of Object.entries(EXPORTS)) {
    test(`${file} imports, and export → import → export is stable`, async () => {
      const r1 = await fresh();
      try {
        for (const d of deps) await importExport(r1, readFileSync(join(DIR, d), "utf8"));
        const report = await importExport(r1, readFileSync(join(DIR, file), "utf8"));
        const total = Object.values(report.records).reduce((a, b) => a + b, 0) + Object.values(report.datasets).reduce((a, b) => a + b, 0);
        assert.ok(total > 0, "imported something");
        const e1 = await exportYaml(r1);
        const r2 = await fresh();
        try {
          await importExport(r2, e1);
          const e2 = await exportYaml(r2);
          assert.equal(e2, e1);
        } finally {
          await r2.close();
        }
      } finally {
        await r1.close();
      }
    });
  }

  test("imported values are the file's values", async () => {
    const r = await fresh();
    try {
      await importExport(r, readFileSync(join(DIR, "base.yaml"), "utf8"));
      const report = await importExport(r, readFileSync(join(DIR, "datasets.yaml"), "utf8"));
      assert.deepEqual(report.datasets, { bias: 6, flat: 7 });
      const flat = await r.getDataset("60c8a65c-7290-4c38-b1de-e3b1cdcf872d");
      assert.deepEqual(flat?.dataId, { instrument: "Cam1", band: "g", physical_filter: "Cam1-G", detector: 2 });
      assert.equal(flat?.run, "imported_g");
      const found = await r.findDataset("bias", { instrument: "Cam1", detector: 2 }, ["imported_r", "imported_g"]);
      assert.equal(found?.id, "87f3e68d-258d-41b7-8ea5-edf3557ccb30");
    } finally {
      await r.close();
    }
    const s = await fresh();
    try {
      const rep = await importExport(s, readFileSync(join(DIR, "lsstcam-subset.yaml"), "utf8"));
      assert.ok((rep.records.exposure ?? 0) >= 2);
      const exp = (await s.queryDimensionRecords("exposure", { dataId: { exposure: 2025120200439 } }))[0]!;
      assert.equal(exp.obs_id, "MC_O_20251202_000439");
      assert.equal(exp.physical_filter, "z_20");
      // '2025-12-03 07:59:07.425363958' TAI, to the nanosecond.
      assert.equal(exp.timespan?.begin, BigInt(Date.UTC(2025, 11, 3, 7, 59, 7)) * 1_000_000n + 425_363_958n);
      const vdr = await s.queryDimensionRecords("visit_detector_region");
      assert.ok(vdr.length >= 4 && vdr.every((x) => (x.region?.vertices.length ?? 0) >= 3));
    } finally {
      await s.close();
    }
  });

  test("malformed files fail with a clear message and change nothing", async () => {
    const r = await fresh();
    try {
      await assert.rejects(importExport(r, "description: Something else\nversion: 1.0.2\ndata: []\n"), /not a butler export/);
      await assert.rejects(importExport(r, "description: Butler Data Repository Export\nversion: 3\ndata: []\n"), /version 3 is not supported/);
      const base = readFileSync(join(DIR, "base.yaml"), "utf8");
      const broken = `${base}\n  -\n    type: dimension\n    element: nonsense\n    records: []\n`;
      await assert.rejects(importExport(r, broken), /unknown dimension element nonsense/);
      assert.deepEqual(await r.queryDimensionRecords("instrument"), []);
    } finally {
      await r.close();
    }
  });
});
