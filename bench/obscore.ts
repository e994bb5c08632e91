/**
 * bench/obscore: build of a generated 1M-row ivoa.ObsCore table (detector footprints of 3×3-detector
 * visits over an LSST-sized footprint, RA 0-360°, Dec -70…+10°, ≈22 000 deg²), then a 0.5° cone and
 * a 0.5°-square polygon intersection query on s_region, p50/p95, on SQLite (HEALPix prefilter +
 * exact test) and PostgreSQL + pgSphere (GiST). BENCH_OBSCORE_ROWS overrides the size.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { convexPolygonFromRaDec } from "../src/repo/model/index.js";
import { footprintColumns, type ObsCoreRow, ObsCoreStore } from "../src/repo/obscore/index.js";
import { openRegistry, type Registry } from "../src/repo/registry/index.js";
import { postgresSkip, startPostgres } from "../test/support/postgres.js";
import { mulberry32 as rng } from "../test/support/random.js";
import { type Bench, type BenchFigure, quantile, timeCalls } from "./harness.js";

const DET_DEG = 0.22;
const BANDS = ["u", "g", "r", "i", "z", "y"] as const;
const DEC_MIN = -70;
const DEC_MAX = 10;

function square(ra: number, dec: number, side: number) {
  const h = side / 2;
  const c = Math.cos((dec * Math.PI) / 180);
  return convexPolygonFromRaDec([[ra - h / c, dec - h], [ra + h / c, dec - h], [ra + h / c, dec + h], [ra - h / c, dec + h]]);
}

/** A uniformly random pointing in the footprint (uniform in sin(dec)). */
function pointing(rand: () => number, margin = 0): [number, number] {
  const s0 = Math.sin(((DEC_MIN + margin) * Math.PI) / 180);
  const s1 = Math.sin(((DEC_MAX - margin) * Math.PI) / 180);
  return [rand() * 360, (Math.asin(s0 + rand() * (s1 - s0)) * 180) / Math.PI];
}

/** Rows of visit `v`: 9 detectors in a 3 × 3 grid around a random pointing. */
function visitRows(v: number, rand: () => number): ObsCoreRow[] {
  const [ra, dec] = pointing(rand, 1);
  const band = BANDS[v % 6]!;
  const t = 60800 + v / 1000;
  const rows: ObsCoreRow[] = [];
  for (let d = 0; d < 9; d++) {
    const region = square(ra + (((d % 3) - 1) * DET_DEG) / Math.cos((dec * Math.PI) / 180), dec + (Math.floor(d / 3) - 1) * DET_DEG, DET_DEG * 0.98);
    const id = `00000000-0000-4000-8000-${(v * 9 + d).toString(16).padStart(12, "0")}`;
    const did = `ivo://skyport.example/bench?id=${id}`;
    rows.push({
      dataset_id: id,
      region,
      values: {
        ...footprintColumns(region),
        dataproduct_type: "image", dataproduct_subtype: "lsst.visit_image", calib_level: 2, obs_collection: "Bench", obs_id: `v${v}`,
        obs_publisher_did: did, access_url: `https://skyport.example/datalink/links?ID=${encodeURIComponent(did)}`,
        access_format: "application/x-votable+xml;content=datalink", access_estsize: 70_000, s_resolution: 0.7, s_xel1: 4072, s_xel2: 4000,
        t_min: t, t_max: t + 30 / 86400, t_exptime: 30, t_resolution: 30, t_xel: 1, em_min: 4e-7, em_max: 5.5e-7, em_res_power: 3.2, em_xel: 1,
        o_ucd: "phot.flux.density", pol_states: "/I/", pol_xel: 1, facility_name: "Bench", instrument_name: "BenchCam", data_rights: "public",
        lsst_visit: v, lsst_detector: d, lsst_band: band, lsst_filter: `${band}_bench`, lsst_dataset_type: "visit_image", lsst_run: "bench",
      },
    });
  }
  return rows;
}

async function build(r: Registry, store: ObsCoreStore, n: number, log: (s: string) => void): Promise<number> {
  const rand = rng(42);
  const t0 = performance.now();
  const visitsPerTx = 500;
  const nVisits = Math.ceil(n / 9);
  for (let v0 = 0; v0 < nVisits; v0 += visitsPerTx) {
    const rows: ObsCoreRow[] = [];
    for (let v = v0; v < Math.min(nVisits, v0 + visitsPerTx); v++) rows.push(...visitRows(v, rand));
    await r.transaction(async (tx) => new ObsCoreStore(tx.sql, { datasetForeignKey: false }).insertRows(rows));
    if ((v0 / visitsPerTx) % 40 === 0) log(`  ${Math.min(nVisits, v0 + visitsPerTx) * 9} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await store.analyze();
  return (performance.now() - t0) / 1000;
}

async function measure(label: string, r: Registry, n: number, quick: boolean): Promise<BenchFigure[]> {
  const log = (s: string) => process.stderr.write(`${label}: ${s}\n`);
  const store = new ObsCoreStore(r.sql, { datasetForeignKey: false });
  await store.ensureSchema();
  const secs = await build(r, store, n, log);
  const rand = rng(7);
  let found = 0;
  const cone = async () => {
    const [raDeg, decDeg] = pointing(rand, 2);
    found = (await store.queryRegion({ kind: "circle", raDeg, decDeg, radiusDeg: 0.5 })).length;
  };
  const poly = async () => {
    const [ra, dec] = pointing(rand, 2);
    const c = Math.cos((dec * Math.PI) / 180);
    const h = 0.25;
    found = (await store.queryRegion({ kind: "polygon", vertices: [[ra - h / c, dec - h], [ra + h / c, dec - h], [ra + h / c, dec + h], [ra - h / c, dec + h]] })).length;
  };
  const iterations = quick ? 20 : 200;
  const coneTimes = await timeCalls(cone, iterations, 5);
  const coneFound = found;
  const polyTimes = await timeCalls(poly, iterations, 5);
  const fig = (name: string, times: number[], last: number): BenchFigure[] => [
    { name: `${label}: ${name} p50`, value: quantile(times, 0.5), unit: "ms", target: "< 10 ms", meetsTarget: quantile(times, 0.5) < 10 },
    { name: `${label}: ${name} p95`, value: quantile(times, 0.95), unit: "ms", note: `last query returned ${last} rows (all columns)` },
  ];
  return [
    { name: `${label}: build ${n} ObsCore rows (with spatial index)`, value: n / secs, unit: "rows/s", note: `${secs.toFixed(0)} s` },
    ...fig("0.5° cone on s_region", coneTimes, coneFound),
    ...fig("0.5° square polygon on s_region", polyTimes, found),
  ];
}

export const run: Bench = async ({ quick }) => {
  const n = Number(process.env.BENCH_OBSCORE_ROWS ?? (quick ? 20_000 : 1_000_000));
  const figures: BenchFigure[] = [];
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-obscore-"));
  // A registry database, so the exact-test SQL function is registered as in production.
  const sqlite = await openRegistry({ kind: "sqlite", path: join(dir, "bench.sqlite3") });
  try {
    figures.push(...(await measure("SQLite", sqlite, n, quick)));
  } finally {
    await sqlite.close();
  }
  if (postgresSkip() === false) {
    const pg = await startPostgres();
    try {
      const reg = await openRegistry({ kind: "postgres", url: pg.createDatabase("bench_obscore") });
      try {
        figures.push(...(await measure("PostgreSQL", reg, n, quick)));
      } finally {
        await reg.close();
      }
    } finally {
      pg.stop();
    }
  } else figures.push({ name: "PostgreSQL", value: Number.NaN, unit: "ms", note: "skipped: PostgreSQL 15 with pgSphere not installed" });
  return figures;
};
