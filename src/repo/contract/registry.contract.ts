/**
 * The registry contract (STYLE.md §7): one suite every Registry implementation must pass. Backend
 * test files call `registryContract` with a factory that makes an empty registry.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mjdTaiFromTai } from "../model/index.js";
import type { Registry } from "../registry/registry.js";
import { loadFixtures, MINUTE, T0 } from "./registry-fixtures.js";

export type RegistryFactory = () => Promise<Registry>;

async function withRegistry(factory: RegistryFactory, fn: (r: Registry) => Promise<void>): Promise<void> {
  const r = await factory();
  try {
    await fn(r);
  } finally {
    await r.close();
  }
}

async function populated(factory: RegistryFactory, fn: (r: Registry) => Promise<void>): Promise<void> {
  await withRegistry(factory, async (r) => {
    await loadFixtures(r);
    await fn(r);
  });
}

async function rawsAndImages(r: Registry) {
  await r.registerRun("TestCam/raw/all");
  await r.registerRun("TestCam/runs/1");
  const raws = await r.insertDatasets("raw", "TestCam/raw/all", [1, 2, 3, 4].flatMap((e) => [1, 2, 3].map((d) => ({ dataId: { instrument: "TestCam", exposure: e, detector: d } }))));
  const images = await r.insertDatasets("visit_image", "TestCam/runs/1", [1, 2, 3, 4].flatMap((v) => [1, 2, 3].map((d) => ({ dataId: { instrument: "TestCam", visit: v, detector: d } }))));
  return { raws, images };
}

export function registryContract(name: string, factory: RegistryFactory): void {
  describe(`registry contract: ${name}`, () => {
    test("dimension records round trip with timespans, regions, booleans and hashes", () =>
      populated(factory, async (r) => {
        const visits = await r.queryDimensionRecords("visit");
        assert.equal(visits.length, 4);
        const v1 = visits[0]!;
        assert.equal(v1.id, 1);
        assert.equal(v1.physical_filter, "TC-g");
        assert.equal(v1.psf_fwhm, 0.7);
        assert.deepEqual(v1.timespan, { begin: T0, end: T0 + MINUTE / 2n });
        assert.equal(v1.region?.vertices.length, 4);
        const exp = (await r.queryDimensionRecords("exposure", { dataId: { exposure: 2 } }))[0]!;
        assert.equal(exp.has_simulated, true);
        assert.equal(exp.obs_id, "TC_O_20250601_000002");
        const sky = (await r.queryDimensionRecords("skymap"))[0]!;
        assert.deepEqual([...(sky.hash as Uint8Array)], [1, 2, 3]);
        // band is a view of physical_filter, filled automatically.
        assert.deepEqual((await r.queryDimensionRecords("band")).map((b) => b.name), ["g", "r"]);
      }));

    test("record conflicts: fail, skip and replace", () =>
      populated(factory, async (r) => {
        const rec = { instrument: "TestCam", id: 1, full_name: "S01", raft: "R00", name_in_raft: "S01", purpose: "WAVEFRONT" };
        await assert.rejects(r.insertDimensionRecords("detector", [rec]), /already exists/);
        assert.equal(await r.insertDimensionRecords("detector", [rec], "skip"), 0);
        await r.insertDimensionRecords("detector", [rec], "replace");
        assert.equal((await r.queryDimensionRecords("detector", { dataId: { detector: 1 } }))[0]!.purpose, "WAVEFRONT");
        await assert.rejects(r.insertDimensionRecords("detector", [{ instrument: "TestCam", id: 9, full_name: "S09", colour: "blue" }]), /unknown field colour/);
        await assert.rejects(r.insertDimensionRecords("detector", [{ instrument: "TestCam", id: "nine", full_name: "S09" }]), /not a valid int/);
      }));

    test("records query by data ID through implied dimensions, ordered and limited", () =>
      populated(factory, async (r) => {
        const rVisits = await r.queryDimensionRecords("visit", { dataId: { band: "r" } });
        assert.deepEqual(rVisits.map((v) => v.id), [3, 4]);
        const ordered = await r.queryDimensionRecords("visit", { orderBy: ["-visit.psf_fwhm"], limit: 2 });
        assert.deepEqual(ordered.map((v) => v.id), [4, 3]);
        const paged = await r.queryDimensionRecords("visit", { orderBy: ["visit.timespan.begin"], limit: 2, offset: 1 });
        assert.deepEqual(paged.map((v) => v.id), [2, 3]);
      }));

    test("records query by timespan and region", () =>
      populated(factory, async (r) => {
        const during = await r.queryDimensionRecords("visit", { timespan: { begin: T0 + 9n * MINUTE, end: T0 + 21n * MINUTE } });
        assert.deepEqual(during.map((v) => v.id), [2, 3]);
        const cone = await r.queryDimensionRecords("visit", { region: { kind: "circle", raDeg: 50, decDeg: 0.2, radiusDeg: 0.1 } });
        assert.deepEqual(cone.map((v) => v.id), [4]);
        // Detector 3 of each visit at RA 10 sits at dec 0.6 ± 0.095: a small cone at dec 0.62 hits only those.
        const det = await r.queryDimensionRecords("visit_detector_region", { region: { kind: "circle", raDeg: 10, decDeg: 0.62, radiusDeg: 0.01 } });
        assert.deepEqual(det.map((d) => [d.visit, d.detector]), [[1, 3], [2, 3], [3, 3]]);
        const nothing = await r.queryDimensionRecords("visit", { region: { kind: "polygon", vertices: [[200, -10], [201, -10], [201, -9], [200, -9]] } });
        assert.deepEqual(nothing, []);
      }));

    test("dataset types: idempotent registration, conflicts refused, normalised dimensions", () =>
      withRegistry(factory, async (r) => {
        const t = { name: "calexp", dimensions: ["visit", "detector"], storageClass: "ExposureF", isCalibration: false };
        assert.equal(await r.registerDatasetType(t), true);
        assert.equal(await r.registerDatasetType(t), false);
        await assert.rejects(r.registerDatasetType({ ...t, storageClass: "ImageF" }), /already exists/);
        assert.deepEqual((await r.getDatasetType("calexp"))?.dimensions, ["instrument", "detector", "visit"]);
        await assert.rejects(r.registerDatasetType({ ...t, name: "bad name!" }), /invalid dataset type name/);
        assert.deepEqual((await r.queryDatasetTypes("cal*")).map((x) => x.name), ["calexp"]);
      }));

    test("datasets: data IDs are validated and expanded; duplicates refused", () =>
      populated(factory, async (r) => {
        const { raws } = await rawsAndImages(r);
        assert.equal(raws.length, 12);
        assert.deepEqual(raws[0]!.dataId, { instrument: "TestCam", detector: 1, physical_filter: "TC-g", band: "g", group: "g1", day_obs: 20250601, exposure: 1 });
        await assert.rejects(r.insertDatasets("raw", "TestCam/raw/all", [{ dataId: { instrument: "TestCam", exposure: 1, detector: 1 } }]), /already exists/);
        await assert.rejects(r.insertDatasets("raw", "TestCam/raw/all", [{ dataId: { instrument: "TestCam", exposure: 99, detector: 1 } }]), /no exposure record/);
        await assert.rejects(r.insertDatasets("raw", "TestCam/raw/all", [{ dataId: { instrument: "TestCam", exposure: 1 } }]), /lacks detector/);
        await assert.rejects(r.insertDatasets("raw", "TestCam/raw/all", [{ dataId: { instrument: "TestCam", exposure: 1, detector: 2, band: "r" } }]), /contradicts/);
        await assert.rejects(r.insertDatasets("raw", "nope", [{ dataId: { instrument: "TestCam", exposure: 1, detector: 1 } }]), /no collection named nope/);
        const got = await r.getDataset(raws[5]!.id);
        assert.deepEqual(got, raws[5]);
        assert.equal(await r.getDataset("00000000-0000-4000-8000-000000000000"), undefined);
        assert.equal(await r.getDataset("not-a-uuid"), undefined);
      }));

    test("dataset queries: data ID, implied dimension, region, timespan, order, count", () =>
      populated(factory, async (r) => {
        await rawsAndImages(r);
        const colls = ["TestCam/runs/1"];
        assert.equal((await r.queryDatasets("visit_image", { collections: colls })).length, 12);
        assert.equal(await r.countDatasets("visit_image", { collections: colls }), 12);
        const gImages = await r.queryDatasets("visit_image", { collections: colls, dataId: { band: "g" } });
        const byVisit = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]!;
        assert.deepEqual(gImages.map((d) => [d.dataId.visit as number, d.dataId.detector as number]).sort(byVisit), [[1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3]]);
        const cone = await r.queryDatasets("visit_image", { collections: colls, region: { kind: "circle", raDeg: 10, decDeg: 0.2, radiusDeg: 0.05 } });
        assert.deepEqual(cone.map((d) => [d.dataId.visit as number, d.dataId.detector as number]).sort(byVisit), [[1, 1], [2, 1], [3, 1]]);
        const late = await r.queryDatasets("visit_image", { collections: colls, timespan: { begin: T0 + 25n * MINUTE, end: null }, dataId: { detector: 2 } });
        assert.deepEqual(late.map((d) => d.dataId.visit), [4]);
        const ordered = await r.queryDatasets("visit_image", { collections: colls, dataId: { detector: 1 }, orderBy: ["-visit.psf_fwhm"], limit: 2 });
        assert.deepEqual(ordered.map((d) => d.dataId.visit), [4, 3]);
        const both = await r.queryDatasets("*", { collections: ["TestCam/raw/all", "TestCam/runs/1"], dataId: { detector: 3, band: "r" } });
        assert.deepEqual(both.map((d) => d.datasetType).sort(), ["raw", "raw", "visit_image", "visit_image"]);
      }));

    test("where expressions with bind values, ranges, times, regions and globs", () =>
      populated(factory, async (r) => {
        const { images } = await rawsAndImages(r);
        const colls = ["TestCam/runs/1"];
        const vd = (refs: { dataId: Record<string, unknown> }[]) => refs.map((d) => [d.dataId.visit as number, d.dataId.detector as number]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        const q1 = await r.queryDatasets("visit_image", { collections: colls, where: "band = 'r' AND detector IN (1..2)" });
        assert.deepEqual(vd(q1), [[3, 1], [3, 2], [4, 1], [4, 2]]);
        const q2 = await r.queryDatasets("visit_image", { collections: colls, where: "visit.psf_fwhm > :seeing AND NOT (detector = 3)", bind: { seeing: 0.85 } });
        assert.deepEqual(vd(q2), [[3, 1], [3, 2], [4, 1], [4, 2]]);
        const q3 = await r.queryDatasets("visit_image", { collections: colls, where: "visit.timespan OVERLAPS (T'2025-06-01 03:09:00', T'2025-06-01 03:11:00') AND detector = 1" });
        assert.deepEqual(vd(q3), [[2, 1]]);
        const q4 = await r.queryDatasets("visit_image", { collections: colls, where: "visit_detector_region.region OVERLAPS CIRCLE(50, 0.6, 0.01)" });
        assert.deepEqual(vd(q4), [[4, 3]]);
        const q5 = await r.queryDatasets("visit_image", { collections: colls, where: "visit_image.dataset_id = UUID(:id)", bind: { id: images[4]!.id } });
        assert.deepEqual(q5.map((d) => d.id), [images[4]!.id]);
        const recs = await r.queryDimensionRecords("exposure", { where: "GLOB(exposure.obs_id, '*_00000[12]') OR exposure.seq_num IN (4)" });
        assert.deepEqual(recs.map((e) => e.id), [1, 2, 4]);
        const pts = await r.queryDimensionRecords("visit", { where: "visit.region OVERLAPS POINT(10.1, 0.3) AND visit.exposure_time >= 30" });
        assert.deepEqual(pts.map((v) => v.id), [1, 2, 3]);
        await assert.rejects(r.queryDatasets("visit_image", { collections: colls, where: "visit.exposur_time > 3" }), /exposure_time/);
        await assert.rejects(r.queryDatasets("visit_image", { collections: colls, where: "detector = )" }), /line 1, column 12/);
        await assert.rejects(r.queryDatasets("visit_image", { collections: colls, where: "detector = :missing" }), /missing/);
      }));

    test("collections: chains search find-first in order; tagged; cycles refused", () =>
      populated(factory, async (r) => {
        const { images } = await rawsAndImages(r);
        await r.registerRun("TestCam/runs/2");
        const rerun = await r.insertDatasets("visit_image", "TestCam/runs/2", [{ dataId: { instrument: "TestCam", visit: 1, detector: 1 } }]);
        await r.registerCollection("TestCam/release", "CHAINED", "the release");
        await r.setCollectionChain("TestCam/release", ["TestCam/runs/2", "TestCam/runs/1"]);
        const found = await r.findDataset("visit_image", { instrument: "TestCam", visit: 1, detector: 1 }, ["TestCam/release"]);
        assert.equal(found?.id, rerun[0]!.id);
        const all = await r.queryDatasets("visit_image", { collections: ["TestCam/release"] });
        assert.equal(all.length, 12);
        const noFind = await r.queryDatasets("visit_image", { collections: ["TestCam/release"], findFirst: false });
        assert.equal(noFind.length, 13);
        assert.deepEqual((await r.getCollection("TestCam/release"))?.children, ["TestCam/runs/2", "TestCam/runs/1"]);
        assert.deepEqual((await r.resolveCollections(["TestCam/release"])).map((c) => c.name), ["TestCam/runs/2", "TestCam/runs/1"]);
        await r.registerCollection("loop", "CHAINED");
        await r.setCollectionChain("loop", ["TestCam/release"]);
        await assert.rejects(r.setCollectionChain("TestCam/release", ["loop"]), /cycle/);
        await r.registerCollection("TestCam/best", "TAGGED");
        await r.associate("TestCam/best", [images[0]!.id, images[1]!.id]);
        assert.deepEqual((await r.queryDatasets("visit_image", { collections: ["TestCam/best"] })).map((d) => d.id).sort(), [images[0]!.id, images[1]!.id].sort());
        await assert.rejects(r.associate("TestCam/best", [rerun[0]!.id]), /already holds/);
        await r.disassociate("TestCam/best", [images[0]!.id]);
        assert.equal((await r.queryDatasets("visit_image", { collections: ["TestCam/best"] })).length, 1);
        assert.deepEqual((await r.queryCollections("TestCam/runs/*")).map((c) => c.name), ["TestCam/runs/1", "TestCam/runs/2"]);
        assert.deepEqual((await r.queryCollections(undefined, ["CHAINED"])).map((c) => c.name), ["TestCam/release", "loop"]);
        await assert.rejects(r.registerRun("TestCam/best"), /already exists as TAGGED/);
      }));

    test("calibration collections: validity ranges, lookup by time, overlaps refused", () =>
      populated(factory, async (r) => {
        await r.registerRun("TestCam/calib/run");
        const [b1, b2] = await r.insertDatasets("bias", "TestCam/calib/run", [{ dataId: { instrument: "TestCam", detector: 1 } }, { dataId: { instrument: "TestCam", detector: 2 } }]);
        await r.registerRun("TestCam/calib/run2");
        const [b1new] = await r.insertDatasets("bias", "TestCam/calib/run2", [{ dataId: { instrument: "TestCam", detector: 1 } }]);
        await r.registerCollection("TestCam/calib", "CALIBRATION");
        await r.certify("TestCam/calib", [b1!.id, b2!.id], { begin: T0 - 100n * MINUTE, end: T0 + 15n * MINUTE });
        await r.certify("TestCam/calib", [b1new!.id], { begin: T0 + 15n * MINUTE, end: null });
        await assert.rejects(r.certify("TestCam/calib", [b1new!.id], { begin: T0, end: T0 + MINUTE }), /overlapping/);
        const early = await r.findDataset("bias", { instrument: "TestCam", detector: 1 }, ["TestCam/calib"], T0);
        const late = await r.findDataset("bias", { instrument: "TestCam", detector: 1 }, ["TestCam/calib"], T0 + 20n * MINUTE);
        assert.equal(early?.id, b1!.id);
        assert.equal(late?.id, b1new!.id);
        assert.equal(await r.findDataset("bias", { instrument: "TestCam", detector: 2 }, ["TestCam/calib"], T0 + 20n * MINUTE), undefined);
      }));

    test("provenance is queryable both ways", () =>
      populated(factory, async (r) => {
        const { raws, images } = await rawsAndImages(r);
        await r.registerRun("TestCam/coadd");
        const [coadd] = await r.insertDatasets("deep_coadd", "TestCam/coadd", [{ dataId: { skymap: "rings", tract: 0, patch: 0, band: "g" } }]);
        const gImages = images.filter((i) => i.dataId.band === "g");
        await r.addProvenance(coadd!.id, gImages.map((i) => i.id));
        await r.addProvenance(images[0]!.id, [raws[0]!.id]);
        assert.deepEqual((await r.getInputs(coadd!.id)).map((d) => d.id), gImages.map((i) => i.id).sort());
        assert.deepEqual((await r.getOutputs(images[0]!.id)).map((d) => d.datasetType), ["deep_coadd"]);
        assert.deepEqual((await r.getInputs(images[0]!.id)).map((d) => d.id), [raws[0]!.id]);
        await assert.rejects(r.addProvenance(coadd!.id, ["00000000-0000-4000-8000-000000000001"]), /unknown dataset/);
      }));

    test("transactions are all or nothing", () =>
      populated(factory, async (r) => {
        await r.registerRun("TestCam/tx");
        await assert.rejects(
          r.transaction(async (tx) => {
            await tx.insertDatasets("raw", "TestCam/tx", [{ dataId: { instrument: "TestCam", exposure: 1, detector: 1 } }]);
            await tx.registerRun("TestCam/tx2");
            throw new Error("boom");
          }),
          /boom/,
        );
        assert.equal(await r.countDatasets("raw", { collections: ["TestCam/tx"] }), 0);
        assert.equal(await r.getCollection("TestCam/tx2"), undefined);
        await r.transaction(async (tx) => {
          await tx.insertDatasets("raw", "TestCam/tx", [{ dataId: { instrument: "TestCam", exposure: 1, detector: 1 } }]);
        });
        assert.equal(await r.countDatasets("raw", { collections: ["TestCam/tx"] }), 1);
      }));

    test("removing datasets and runs trashes datastore records (two-phase)", () =>
      populated(factory, async (r) => {
        const { raws, images } = await rawsAndImages(r);
        await r.putDatastoreRecords(raws.map((d) => ({ datasetId: d.id, path: `raw/${d.id}.fits`, formatter: "fits", fileSize: 2880, checksum: null })));
        assert.equal((await r.getDatastoreRecord(raws[0]!.id))?.fileSize, 2880);
        await r.removeDatasets([raws[0]!.id]);
        assert.equal(await r.getDataset(raws[0]!.id), undefined);
        assert.equal(await r.getDatastoreRecord(raws[0]!.id), undefined);
        assert.deepEqual(await r.listTrash(), [{ datasetId: raws[0]!.id, path: `raw/${raws[0]!.id}.fits` }]);
        await r.forgetTrash([raws[0]!.id]);
        assert.deepEqual(await r.listTrash(), []);
        await r.registerCollection("TestCam/chain", "CHAINED");
        await r.setCollectionChain("TestCam/chain", ["TestCam/raw/all"]);
        await assert.rejects(r.removeCollection("TestCam/raw/all"), /part of the chain/);
        await r.setCollectionChain("TestCam/chain", []);
        await r.removeCollection("TestCam/raw/all");
        assert.equal((await r.listTrash()).length, 11);
        assert.equal(await r.getCollection("TestCam/raw/all"), undefined);
        assert.equal((await r.queryDatasets("visit_image", { collections: ["TestCam/runs/1"] })).length, images.length);
        assert.ok(mjdTaiFromTai(T0) > 60000);
      }));
  });
}
