/**
 * bench/repo: a generated registry of visit_image datasets (default 1M: visits × detectors with
 * per-detector footprints), then a dataset query by region + band + time, p50/p95, on SQLite and
 * on PostgreSQL (a private cluster on loopback when pgSphere is installed); and the raw ingest rate
 * in files per second on real raws from shared/data. BENCH_REPO_DATASETS overrides the size.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Butler } from "../src/repo/butler.js";
import { FileDatastore } from "../src/repo/datastore/index.js";
import { ingestRaws } from "../src/repo/ingest/raw-ingest.js";
import { convexPolygonFromRaDec, taiFromIsoTai } from "../src/repo/model/index.js";
import { type DimensionRecord, openRegistry, type Registry } from "../src/repo/registry/index.js";
import { postgresSkip, startPostgres } from "../test/support/postgres.js";
import { sharedData } from "../test/support/oracles.js";
import { mulberry32 as rng } from "../test/support/random.js";
import { type Bench, type BenchFigure, quantile, timeCalls } from "./harness.js";

const BANDS = ["u", "g", "r", "i", "z", "y"] as const;
const DETECTORS = 100;
const DET_DEG = 0.11;

function square(ra: number, dec: number, side: number) {
  const h = side / 2;
  const c = Math.cos((dec * Math.PI) / 180);
  return convexPolygonFromRaDec([[ra - h / c, dec - h], [ra + h / c, dec - h], [ra + h / c, dec + h], [ra - h / c, dec + h]]);
}

const T0 = taiFromIsoTai("2025-01-01 00:00:00");
const HOUR = 3_600_000_000_000n;

export async function populate(r: Registry, nDatasets: number, log: (s: string) => void): Promise<number> {
  const nVisits = Math.ceil(nDatasets / DETECTORS);
  const rand = rng(42);
  await r.insertDimensionRecords("instrument", [{ name: "BenchCam", visit_max: 1e9, exposure_max: 1e9, detector_max: DETECTORS, class_name: "bench" }]);
  await r.insertDimensionRecords("physical_filter", BANDS.map((b) => ({ instrument: "BenchCam", name: `${b}_bench`, band: b })));
  await r.insertDimensionRecords("detector", Array.from({ length: DETECTORS }, (_, d) => ({ instrument: "BenchCam", id: d, full_name: `D${d}` })));
  await r.insertDimensionRecords("day_obs", [{ instrument: "BenchCam", id: 20250101 }]);
  await r.registerDatasetType({ name: "visit_image", dimensions: ["instrument", "visit", "detector"], storageClass: "ExposureF", isCalibration: false });
  await r.registerRun("BenchCam/runs/bench");
  const t0 = performance.now();
  const batch = 200;
  for (let v0 = 0; v0 < nVisits; v0 += batch) {
    await r.transaction(async (tx) => {
      const visits: DimensionRecord[] = [];
      const regions: DimensionRecord[] = [];
      const items: { dataId: Record<string, string | number> }[] = [];
      for (let v = v0; v < Math.min(nVisits, v0 + batch); v++) {
        // Pointings over a 40° × 20° patch of sky; a 10 × 10 detector grid of 0.11° each.
        const ra = 30 + rand() * 40;
        const dec = -40 + rand() * 20;
        const start = T0 + BigInt(v) * HOUR / 10n;
        visits.push({ instrument: "BenchCam", id: v, name: `v${v}`, physical_filter: `${BANDS[v % 6]}_bench`, day_obs: 20250101, exposure_time: 30, timespan: { begin: start, end: start + 30_000_000_000n }, region: square(ra, dec, DET_DEG * 10) });
        for (let d = 0; d < DETECTORS; d++) {
          const dra = ((d % 10) - 4.5) * DET_DEG / Math.cos((dec * Math.PI) / 180);
          const ddec = (Math.floor(d / 10) - 4.5) * DET_DEG;
          regions.push({ instrument: "BenchCam", visit: v, detector: d, region: square(ra + dra, dec + ddec, DET_DEG * 0.98) });
          items.push({ dataId: { instrument: "BenchCam", visit: v, detector: d } });
        }
      }
      await tx.insertDimensionRecords("visit", visits);
      await tx.insertDimensionRecords("visit_detector_region", regions);
      await tx.insertDatasets("visit_image", "BenchCam/runs/bench", items);
    });
    if ((v0 / batch) % 10 === 0) log(`  ${Math.min(nVisits, v0 + batch) * DETECTORS} datasets, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return (performance.now() - t0) / 1000;
}

async function measure(label: string, r: Registry, n: number, quick: boolean): Promise<BenchFigure[]> {
  const log = (s: string) => process.stderr.write(`${label}: ${s}\n`);
  const buildSecs = await populate(r, n, log);
  await r.analyze();
  const rand = rng(7);
  const query = async () => {
    const ra = 35 + rand() * 30;
    const dec = -35 + rand() * 10;
    const hourFrom = BigInt(Math.floor(rand() * Math.max(1, n / DETECTORS / 10)));
    return r.queryDatasets("visit_image", {
      collections: ["BenchCam/runs/bench"],
      region: { kind: "circle", raDeg: ra, decDeg: dec, radiusDeg: 0.5 },
      dataId: { band: BANDS[Number(hourFrom) % 6]! },
      timespan: { begin: T0 + hourFrom * HOUR, end: T0 + (hourFrom + 2000n) * HOUR },
    });
  };
  const times = await timeCalls(query, quick ? 20 : 100, 5);
  const found = (await query()).length;
  return [
    { name: `${label}: build ${n} datasets`, value: n / buildSecs, unit: "datasets/s" },
    { name: `${label}: region+band+time query p50`, value: quantile(times, 0.5), unit: "ms", target: "< 20 ms", meetsTarget: quantile(times, 0.5) < 20 },
    { name: `${label}: region+band+time query p95`, value: quantile(times, 0.95), unit: "ms", note: `last query returned ${found}` },
  ];
}

async function ingestRate(): Promise<BenchFigure> {
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-ingest-"));
  const butler = new Butler(await openRegistry({ kind: "sqlite", path: join(dir, "r.sqlite3") }), new FileDatastore(join(dir, "ds")));
  // Real raw headers, copied under distinct detector-free names: one file per exposure is not
  // available, so the rate is measured on repeated ingests into fresh runs.
  const src = sharedData("fits", "exposures", "comCamSim-CC_S_20240404_000780_R22_S01.fits");
  const n = 20;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const p = join(dir, `raw${i}.fits`);
    copyFileSync(src, p);
    await ingestRaws(butler, [p], { run: `bench/run${i}` });
  }
  const secs = (performance.now() - t0) / 1000;
  await butler.close();
  return { name: "raw ingest (header read + translate + copy + register), one file per batch", value: n / secs, unit: "files/s" };
}

export const run: Bench = async ({ quick }) => {
  const n = Number(process.env.BENCH_REPO_DATASETS ?? (quick ? 20_000 : 1_000_000));
  const figures: BenchFigure[] = [];
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-repo-"));
  const sqlite = await openRegistry({ kind: "sqlite", path: join(dir, "bench.sqlite3") });
  figures.push(...(await measure("SQLite", sqlite, n, quick)));
  await sqlite.close();
  if (postgresSkip() === false) {
    const pg = await startPostgres();
    try {
      const reg = await openRegistry({ kind: "postgres", url: pg.createDatabase("bench") });
      figures.push(...(await measure("PostgreSQL", reg, n, quick)));
      await reg.close();
    } finally {
      pg.stop();
    }
  }
  figures.push(await ingestRate());
  return figures;
};
