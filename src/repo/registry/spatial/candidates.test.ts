/**
 * The SQLite region path that starts dataset queries from materialised HEALPix candidates (RUN
 * collections only) must select exactly what the IN-prefilter path selects (taken by TAGGED
 * collections) and what a brute-force test with lib/sphere gives, with band, time, where, order,
 * limit and count constraints beside the region.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { circle, intersects, polygon } from "../../../lib/sphere/index.js";
import { convexPolygonFromRaDec, type DatasetRef, taiFromIsoTai } from "../../model/index.js";
import { mulberry32 } from "../../../../test/support/random.js";
import { openRegistry, type Registry, type SkyRegionQuery } from "../index.js";

const BANDS = ["g", "r", "i"] as const;
const T0 = taiFromIsoTai("2025-01-01 00:00:00");
const MINUTE = 60_000_000_000n;
const N_VISITS = 120;
const N_DET = 9;

type Corners = [number, number][];
function square(ra: number, dec: number, side: number): Corners {
  const h = side / 2;
  const c = Math.cos((dec * Math.PI) / 180);
  return [[ra - h / c, dec - h], [ra + h / c, dec - h], [ra + h / c, dec + h], [ra - h / c, dec + h]];
}

interface Truth {
  readonly visit: number;
  readonly detector: number;
  readonly band: string;
  readonly begin: bigint;
  readonly end: bigint;
  readonly corners: Corners;
}

describe("SQLite dataset queries driven by HEALPix candidates", () => {
  let r: Registry;
  const truth: Truth[] = [];
  const RUN = "Cam/runs/a";
  const TAG = "Cam/tagged";

  before(async () => {
    r = await openRegistry({ kind: "sqlite", path: join(mkdtempSync(join(tmpdir(), "skyport-cand-")), "r.sqlite3") });
    const rand = mulberry32(11);
    await r.insertDimensionRecords("instrument", [{ name: "Cam", visit_max: 1e6, exposure_max: 1e6, detector_max: N_DET, class_name: "test" }]);
    await r.insertDimensionRecords("physical_filter", BANDS.map((b) => ({ instrument: "Cam", name: `${b}_f`, band: b })));
    await r.insertDimensionRecords("detector", Array.from({ length: N_DET }, (_, d) => ({ instrument: "Cam", id: d, full_name: `D${d}` })));
    await r.insertDimensionRecords("day_obs", [{ instrument: "Cam", id: 20250101 }]);
    await r.registerDatasetType({ name: "visit_image", dimensions: ["instrument", "visit", "detector"], storageClass: "ExposureF", isCalibration: false });
    await r.registerDatasetType({ name: "visit_summary", dimensions: ["instrument", "visit"], storageClass: "ExposureCatalog", isCalibration: false });
    await r.registerRun(RUN);
    await r.registerCollection(TAG, "TAGGED");
    const ids: string[] = [];
    for (let v = 0; v < N_VISITS; v++) {
      const ra = 20 + rand() * 4;
      const dec = -2 + rand() * 4;
      const band = BANDS[v % 3]!;
      const begin = T0 + BigInt(v) * MINUTE;
      const end = begin + MINUTE / 2n;
      await r.insertDimensionRecords("visit", [{ instrument: "Cam", id: v, name: `v${v}`, physical_filter: `${band}_f`, day_obs: 20250101, exposure_time: 30, timespan: { begin, end }, region: convexPolygonFromRaDec(square(ra, dec, 0.9)) }]);
      const regions = [];
      for (let d = 0; d < N_DET; d++) {
        const corners = square(ra + ((d % 3) - 1) * 0.3, dec + (Math.floor(d / 3) - 1) * 0.3, 0.29);
        regions.push({ instrument: "Cam", visit: v, detector: d, region: convexPolygonFromRaDec(corners) });
        truth.push({ visit: v, detector: d, band, begin, end, corners });
      }
      await r.insertDimensionRecords("visit_detector_region", regions);
      const refs = await r.insertDatasets("visit_image", RUN, Array.from({ length: N_DET }, (_, d) => ({ dataId: { instrument: "Cam", visit: v, detector: d } })));
      const sums = await r.insertDatasets("visit_summary", RUN, [{ dataId: { instrument: "Cam", visit: v } }]);
      ids.push(...refs.map((x) => x.id), ...sums.map((x) => x.id));
    }
    await r.associate(TAG, ids);
    await r.analyze();
  });

  after(() => r.close());

  const key = (refs: readonly DatasetRef[]) => refs.map((x) => `${x.datasetType}:${x.dataId.visit}/${x.dataId.detector ?? "-"}`);

  function queries(seed: number, n: number): { region: SkyRegionQuery; band: string; begin: bigint; end: bigint }[] {
    const rand = mulberry32(seed);
    return Array.from({ length: n }, (_, i) => {
      const ra = 20 + rand() * 4;
      const dec = -2 + rand() * 4;
      const region: SkyRegionQuery =
        i % 4 === 3 ? { kind: "polygon", vertices: square(ra, dec, 0.2 + rand()) } : { kind: "circle", raDeg: ra, decDeg: dec, radiusDeg: 0.05 + rand() * 0.6 };
      const from = BigInt(Math.floor(rand() * N_VISITS));
      return { region, band: BANDS[i % 3]!, begin: T0 + from * MINUTE, end: T0 + (from + 40n) * MINUTE };
    });
  }

  it("selects what the IN-prefilter path and a brute-force test select", async () => {
    let total = 0;
    for (const q of queries(5, 40)) {
      const options = { region: q.region, dataId: { band: q.band }, timespan: { begin: q.begin, end: q.end } };
      const driven = await r.queryDatasets("visit_image", { collections: [RUN], ...options });
      const prefiltered = await r.queryDatasets("visit_image", { collections: [TAG], ...options });
      assert.deepEqual(key(driven), key(prefiltered));
      const qRegion = q.region.kind === "circle" ? circle(q.region.raDeg, q.region.decDeg, q.region.radiusDeg) : polygon(q.region.vertices.map(([raDeg, decDeg]) => ({ raDeg, decDeg })));
      const expected = truth
        .filter((t) => t.band === q.band && t.begin < q.end && t.end > q.begin)
        .filter((t) => intersects(polygon(t.corners.map(([raDeg, decDeg]) => ({ raDeg, decDeg }))), qRegion))
        .map((t) => `visit_image:${t.visit}/${t.detector}`)
        .sort();
      assert.deepEqual([...key(driven)].sort(), expected);
      assert.equal(await r.countDatasets("visit_image", { collections: [RUN], ...options }), driven.length);
      total += driven.length;
    }
    assert.ok(total > 50, `the queries found datasets (${total})`);
  });

  it("keeps order, limit, where expressions and several dataset types", async () => {
    for (const q of queries(9, 12)) {
      const options = { region: q.region, where: "detector IN (0..5) AND visit.exposure_time > 10", orderBy: ["-visit", "detector"], limit: 7 };
      assert.deepEqual(key(await r.queryDatasets("visit_image", { collections: [RUN], ...options })), key(await r.queryDatasets("visit_image", { collections: [TAG], ...options })));
      const visits = { region: q.region, dataId: { band: q.band } };
      assert.deepEqual(key(await r.queryDatasets("visit_summary", { collections: [RUN], ...visits })), key(await r.queryDatasets("visit_summary", { collections: [TAG], ...visits })));
      assert.deepEqual(key(await r.queryDatasets("*", { collections: [RUN], ...visits })), key(await r.queryDatasets("*", { collections: [TAG], ...visits })));
    }
  });
});
