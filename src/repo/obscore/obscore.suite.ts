/**
 * The observation-metadata suite, run on SQLite (obscore.sqlite.test.ts) and PostgreSQL + pgSphere
 * (obscore.postgres.test.ts): rows for the registry fixtures with exact expected values, live
 * add/delete through the indexer hooks, rebuild, cone and polygon queries, the CAOM2 provenance
 * walk and the visit table.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { contains, polygonFromFlat } from "../../lib/sphere/index.js";
import { loadFixtures, square } from "../contract/registry-fixtures.js";
import { type DatasetRef, dateFromTai, polygonRaDec } from "../model/index.js";
import { PolicyStore } from "../policy/index.js";
import type { Registry } from "../registry/index.js";
import { DATALINK_FORMAT, DEFAULT_OBSCORE_CONFIG } from "./config.js";
import { Caom2Store } from "./caom2/store.js";
import { createObsCoreIndexer } from "./indexer.js";
import type { ObsCoreValue } from "./rows.js";
import { ObsCoreStore } from "./store.js";
import { OBSCORE_MANDATORY } from "./tap-schema.js";
import { VisitStore } from "./visits.js";

/** Polygon vertices and centres are computed in double precision from the same fixture squares. */
const TOL_DEG = 1e-9;
/** T0 = 2025-06-01 03:00:00 TAI = 02:59:23 UTC (TAI−UTC = 37 s); MJD 60827 is 2025-06-01. */
const T0_MJD_UTC = 60827 + (2 * 3600 + 59 * 60 + 23) / 86400;
const RUN = "TestCam/runs/1";

interface Loaded {
  readonly vi: Map<string, DatasetRef>;
  readonly raw: DatasetRef;
  readonly coadd: DatasetRef;
  readonly bias: DatasetRef;
}

const indexer = createObsCoreIndexer();

async function write(registry: Registry, fn: (r: Registry) => Promise<DatasetRef[]>): Promise<DatasetRef[]> {
  return registry.transaction(async (r) => {
    const refs = await fn(r);
    await indexer.onDatasetsWritten({ registry: r, executor: r.sql }, refs);
    return refs;
  });
}

async function load(registry: Registry): Promise<Loaded> {
  await loadFixtures(registry);
  await registry.registerRun(RUN);
  await indexer.ensureSchema(registry.sql);
  const vi = new Map<string, DatasetRef>();
  let raw: DatasetRef | undefined;
  let coadd: DatasetRef | undefined;
  let bias: DatasetRef | undefined;
  await write(registry, async (r) => {
    for (const visit of [1, 2, 3]) {
      const refs = await r.insertDatasets("visit_image", RUN, [1, 2].map((detector) => ({ dataId: { instrument: "TestCam", visit, detector } })));
      for (const ref of refs) vi.set(`${visit}/${ref.dataId.detector}`, ref);
    }
    [raw] = await r.insertDatasets("raw", RUN, [{ dataId: { instrument: "TestCam", exposure: 1, detector: 1 } }]);
    [coadd] = await r.insertDatasets("deep_coadd", RUN, [{ dataId: { skymap: "rings", tract: 0, patch: 0, band: "g" } }]);
    [bias] = await r.insertDatasets("bias", RUN, [{ dataId: { instrument: "TestCam", detector: 1 } }]);
    await r.addProvenance(coadd!.id, [vi.get("1/2")!.id, vi.get("2/2")!.id]);
    await r.putDatastoreRecords([{ datasetId: vi.get("1/2")!.id, path: "a.fits", formatter: "fits", fileSize: 2048 * 1024 + 1, checksum: "ab" }]);
    return [...vi.values(), raw!, coadd!, bias!];
  });
  return { vi, raw: raw!, coadd: coadd!, bias: bias! };
}

function close(actual: ObsCoreValue | undefined, expected: number, tol: number, what: string): void {
  assert.equal(typeof actual, "number", what);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

/** Runs the suite against registries made by `open` (a fresh one per test). */
export function obsCoreSuite(label: string, open: () => Promise<Registry>): void {
  test(`${label}: rows for the fixtures, with exact values`, async () => {
    const registry = await open();
    try {
      const { vi, raw, coadd, bias } = await load(registry);
      const store = new ObsCoreStore(registry.sql);
      const rows = new Map((await store.rows()).map((r) => [r.dataset_id, r.values]));
      assert.equal(rows.size, 8, "6 visit images + 1 raw + 1 coadd; the bias is not configured");
      assert.equal(rows.has(bias.id), false);
      for (const [id, v] of rows) {
        for (const c of ["calib_level", "obs_collection", "obs_id", "obs_publisher_did"]) assert.notEqual(v[c], null, `${c} of ${id}`);
        for (const c of OBSCORE_MANDATORY) assert.ok(c in v, `column ${c}`);
        assert.equal(v.dataproduct_type, "image");
        assert.equal(v.access_format, DATALINK_FORMAT);
        const poly = polygonFromFlat((v.s_region as string).split(" ").map(Number));
        assert.ok(contains(poly, v.s_ra as number, v.s_dec as number), `s_region of ${id} contains its centre`);
      }
      const v = rows.get(vi.get("1/2")!.id)!;
      const did = `ivo://skyport.example/demo?repo=demo&id=${vi.get("1/2")!.id}`;
      assert.equal(v.obs_id, "v1");
      assert.equal(v.calib_level, 2);
      assert.equal(v.obs_publisher_did, did);
      assert.equal(v.access_url, `http://localhost:8080/datalink/links?ID=${encodeURIComponent(did)}`);
      assert.equal(v.access_estsize, 2049);
      assert.equal(v.em_min, 402.6e-9);
      assert.equal(v.em_max, 548.3e-9);
      close(v.t_min, T0_MJD_UTC, 1e-9, "t_min");
      close(v.t_max, T0_MJD_UTC + 30 / 86400, 1e-9, "t_max");
      assert.equal(v.t_exptime, 30);
      close(v.s_resolution, 0.7, 1e-12, "s_resolution = visit psf_fwhm");
      assert.equal(v.obs_title, "visit_image - g - v1-S02 2025-06-01T02:59:23.000Z");
      assert.deepEqual([v.lsst_visit, v.lsst_detector, v.lsst_band, v.lsst_filter, v.lsst_tract, v.lsst_dataset_type, v.lsst_run], [1, 2, "g", "TC-g", null, "visit_image", RUN]);
      const expectedPoly = polygonRaDec(square(10, 0.4, 0.19)).flat();
      const got = (v.s_region as string).split(" ").map(Number);
      assert.equal(got.length, expectedPoly.length);
      for (const [i, x] of got.entries()) close(x, expectedPoly[i]!, TOL_DEG, `s_region[${i}]`);
      close(v.s_ra, 10, 1e-6, "s_ra");
      close(v.s_dec, 0.4, 1e-6, "s_dec");
      const r = rows.get(raw.id)!;
      assert.deepEqual([r.obs_id, r.calib_level, r.lsst_visit, r.lsst_detector, r.em_min], ["TC_O_20250601_000001", 1, 1, 1, 402.6e-9]);
      const c = rows.get(coadd.id)!;
      assert.deepEqual([c.obs_id, c.calib_level, c.t_min, c.lsst_tract, c.lsst_patch, c.lsst_band, c.em_max], ["rings-0-0", 3, null, 0, 0, "g", 548.3e-9]);
      close(c.s_ra, 9.5, 1e-6, "coadd s_ra");
    } finally {
      await registry.close();
    }
  });

  test(`${label}: live add and delete, cone and polygon queries, rebuild`, async () => {
    const registry = await open();
    try {
      const { vi } = await load(registry);
      const store = new ObsCoreStore(registry.sql);
      const ids = (rows: Record<string, ObsCoreValue>[]) => rows.map((r) => String(r.dataset_id)).sort();
      const cone = await store.queryRegion({ kind: "circle", raDeg: 10, decDeg: 0.4, radiusDeg: 0.05 });
      assert.equal(cone.length, 4, "detector 2 of visits 1-3 and the patch-0 coadd");
      assert.ok(ids(cone).includes(vi.get("3/2")!.id));
      const at50 = { kind: "polygon", vertices: [[49.9, 0.1], [50.1, 0.1], [50.1, 0.7], [49.9, 0.7]] } as const;
      assert.equal((await store.queryRegion(at50)).length, 0);
      const before = await store.count();
      const added = await write(registry, (r) => r.insertDatasets("visit_image", RUN, [1, 2, 3].map((detector) => ({ dataId: { instrument: "TestCam", visit: 4, detector } }))));
      assert.equal(await store.count(), before + 3, "exactly the new visit's rows");
      assert.deepEqual(ids(await store.queryRegion(at50)), added.map((r) => r.id).sort());
      const gone = vi.get("1/1")!.id;
      await registry.transaction(async (r) => {
        await indexer.onDatasetsRemoved({ registry: r, executor: r.sql }, [gone]);
        await r.removeDatasets([gone]);
      });
      assert.equal((await store.rows([gone])).length, 0);
      // A path that forgets the hook still loses the row: the foreign key cascades.
      const orphan = vi.get("2/1")!.id;
      await registry.removeDatasets([orphan]);
      assert.equal((await store.rows([orphan])).length, 0);
      assert.equal(await store.count(), before + 1);
      // New observing conditions for visit 3 reach its rows and the visit table in one transaction.
      const [v3] = await registry.queryDimensionRecords("visit", { dataId: { instrument: "TestCam", visit: 3 } });
      await registry.transaction(async (r) => {
        await r.insertDimensionRecords("visit", [{ ...v3!, psf_fwhm: 1.25 }], "replace");
        await indexer.onVisitsChanged({ registry: r, executor: r.sql }, [{ instrument: "TestCam", visit: 3 }]);
      });
      const v3row = (await store.rows([vi.get("3/2")!.id]))[0]?.values;
      assert.deepEqual([v3row?.s_resolution, typeof v3row?.s_region], [1.25, "string"]);
      const clean = await indexer.rebuild(registry, { check: true });
      assert.deepEqual([clean.added, clean.removed, clean.changed], [[], [], []]);
      assert.equal(clean.expected, before + 1);
      const victim = vi.get("3/2")!.id;
      await registry.sql.run(`UPDATE "ivoa_obscore" SET "em_min" = 1 WHERE "dataset_id" = ${registry.sql.caps.placeholder(1)}`, [victim]);
      assert.deepEqual((await indexer.rebuild(registry, { check: true })).changed, [victim]);
      assert.deepEqual((await indexer.rebuild(registry)).changed, [victim]);
      assert.deepEqual((await indexer.rebuild(registry, { check: true })).changed, []);
      assert.equal((await store.rows([victim]))[0]?.values.em_min, DEFAULT_OBSCORE_CONFIG.spectral_ranges.r?.[0]);
    } finally {
      await registry.close();
    }
  });

  test(`${label}: CAOM2 walk from a coadd plane to its inputs; visit table`, async () => {
    const registry = await open();
    try {
      const { vi, coadd } = await load(registry);
      const caom = new Caom2Store(registry.sql);
      const plane = await caom.plane(coadd.id);
      assert.equal(plane?.uri, "caom:Skyport.Demo/rings-0-0/deep_coadd-g");
      const provenance = (await registry.getInputs(coadd.id)).map((r) => r.id).sort();
      const inputs = await caom.inputPlanes(coadd.id);
      assert.deepEqual(inputs.map((p) => String(p.planeID)).sort(), provenance);
      assert.deepEqual(inputs.map((p) => p.uri), ["caom:Skyport.Demo/v1/visit_image-2", "caom:Skyport.Demo/v2/visit_image-2"]);
      assert.equal(inputs[0]?.calibrationLevel, 2);
      await indexer.rebuild(registry);
      assert.deepEqual((await caom.inputPlanes(coadd.id)).map((p) => String(p.planeID)).sort(), provenance, "rebuild keeps the walk");
      assert.equal((await caom.plane(vi.get("1/2")!.id))?.publisherID, `ivo://skyport.example/demo?repo=demo&id=${vi.get("1/2")!.id}`);
      const visits = await new VisitStore(registry.sql).rows();
      assert.deepEqual(visits.map((v) => [v.visit, v.band]), [[1, "g"], [2, "g"], [3, "r"], [4, "r"]]);
      close(visits[0]?.seeing, 0.7, 1e-12, "seeing");
      close(visits[0]?.t_min, T0_MJD_UTC, 1e-9, "visit t_min");
      assert.equal(visits[0]?.airmass, 1.1);
    } finally {
      await registry.close();
    }
  });

  test(`${label}: a configured TAGGED collection publishes what is associated`, async () => {
    const registry = await open();
    try {
      await loadFixtures(registry);
      await registry.registerRun(RUN);
      await registry.registerCollection("TestCam/published", "TAGGED");
      const tagged = createObsCoreIndexer({ config: { ...DEFAULT_OBSCORE_CONFIG, collections: ["TestCam/published"] }, caom2: false, visits: false });
      await tagged.ensureSchema(registry.sql);
      const tx = (r: Registry) => ({ registry: r, executor: r.sql });
      const refs = await registry.transaction(async (r) => {
        const made = await r.insertDatasets("visit_image", RUN, [1, 2].map((detector) => ({ dataId: { instrument: "TestCam", visit: 1, detector } })));
        await tagged.onDatasetsWritten(tx(r), made);
        return made;
      });
      const store = new ObsCoreStore(registry.sql);
      assert.equal(await store.count(), 0, "not in the published collection yet");
      await registry.transaction(async (r) => {
        await r.associate("TestCam/published", [refs[0]!.id]);
        await tagged.onDatasetsWritten(tx(r), refs);
      });
      assert.deepEqual((await store.rows()).map((r) => r.dataset_id), [refs[0]!.id]);
      assert.deepEqual((await tagged.rebuild(registry, { check: true })).added, []);
      await registry.transaction(async (r) => {
        await r.disassociate("TestCam/published", [refs[0]!.id]);
        await tagged.onDatasetsWritten(tx(r), refs);
      });
      assert.equal(await store.count(), 0);
      // The default configuration (every RUN) would publish both.
      const all = await createObsCoreIndexer({ caom2: false, visits: false }).rebuild(registry, { check: true });
      assert.deepEqual([...all.added].sort(), refs.map((r) => r.id).sort());
    } finally {
      await registry.close();
    }
  });

  test(`${label}: release facts from the repository's policy, refreshed by a rebuild; an older table gets the columns`, async () => {
    const registry = await open();
    try {
      const { vi, coadd } = await load(registry);
      const store = new ObsCoreStore(registry.sql);
      const values = async (id: string) => (await store.rows([id]))[0]!.values;
      const [visit1] = await registry.queryDimensionRecords("visit", { dataId: { instrument: "TestCam", visit: 1 } });
      const embargoEnd = new Date(dateFromTai(visit1!.timespan!.end!).getTime() + 6 * 3_600_000).toISOString();
      // The default policy: public 6 h after the end of the visit; a coadd 6 h after its latest input visit (2).
      const v1 = await values(vi.get("1/1")!.id);
      assert.deepEqual([v1.data_rights, v1.obs_release_date, v1.skyport_embargo_until, v1.skyport_access_groups], ["public", embargoEnd, embargoEnd, ""]);
      const [visit2] = await registry.queryDimensionRecords("visit", { dataId: { instrument: "TestCam", visit: 2 } });
      const coaddEnd = new Date(dateFromTai(visit2!.timespan!.end!).getTime() + 6 * 3_600_000).toISOString();
      const c = await values(coadd.id);
      assert.deepEqual([c.data_rights, c.obs_release_date, c.skyport_embargo_until, c.skyport_access_groups], ["public", coaddEnd, coaddEnd, ""]);

      await new PolicyStore(registry.sql).save({ embargoHours: 1, embargoHoursByInstrument: {}, embargoGroups: [], rules: [{ pattern: "TestCam/runs/*", groups: ["team_b", "team_a"] }] });
      const report = await indexer.rebuild(registry);
      assert.equal(report.changed.length, 8, "every row's release facts changed");
      const p1 = await values(vi.get("1/1")!.id);
      const end1h = new Date(dateFromTai(visit1!.timespan!.end!).getTime() + 3_600_000).toISOString();
      assert.deepEqual([p1.data_rights, p1.obs_release_date, p1.skyport_embargo_until, p1.skyport_access_groups], ["proprietary", null, end1h, "|team_a|team_b|"]);
      assert.equal((await indexer.rebuild(registry, { check: true })).changed.length, 0);

      await registry.sql.exec(`ALTER TABLE "ivoa_obscore" DROP COLUMN "skyport_embargo_until"`);
      assert.equal(await indexer.ensureSchema(registry.sql), true, "the column is added back");
      assert.equal(await indexer.ensureSchema(registry.sql), false);
      assert.equal((await indexer.rebuild(registry)).changed.length, 8, "and filled by the rebuild");
    } finally {
      await registry.close();
    }
  });
}
