/**
 * Synthetic ObsCore rows for bench/tap, spread over the sky the way the DaCHS peer's
 * scale_obscore.sh spreads its 1M rows ("sky" mode: one square footprint of 0.1138° per row,
 * 2 × 0.0568889°, centres uniform over the sphere with |Dec| < 85°), so a 0.5° cone meets about
 * as many rows on both servers (~19). The column values follow bench/obscore.ts (LSST visit-image
 * rows with every ObsCore and extension column filled). Rows go in through ObsCoreStore.insertRows
 * with the `dataset` foreign key off, as in bench/obscore.ts: they have no registry datasets.
 */
import { performance } from "node:perf_hooks";
import { convexPolygonFromRaDec } from "../../src/repo/model/index.js";
import { footprintColumns, type ObsCoreRow, ObsCoreStore } from "../../src/repo/obscore/index.js";
import type { Registry } from "../../src/repo/registry/index.js";
import { mulberry32 } from "../../test/support/random.js";

/** Half side of a footprint, degrees (scale_obscore.sh's `h`). */
const HALF_SIDE_DEG = 0.0568889;
/** Largest |Dec| of a centre, degrees (scale_obscore.sh's sky mode). */
export const DEC_LIMIT_DEG = 85;
const BANDS = ["u", "g", "r", "i", "z", "y"] as const;
const D2R = Math.PI / 180;

/** A point uniform over the sphere with |Dec| < limit (uniform in sin Dec). */
export function skyPoint(rand: () => number, limitDeg = DEC_LIMIT_DEG): [number, number] {
  const s = Math.sin(limitDeg * D2R);
  return [rand() * 360, Math.asin(s * (2 * rand() - 1)) / D2R];
}

/**
 * Release facts as the access policy writes them (repo/policy): 1 row in 100 proprietary to
 * "bench-team", 1 in 100 under an embargo that never ends, the rest public since 2025.
 */
function releaseFacts(i: number): Record<string, string | null> {
  if (i % 100 === 7) return { data_rights: "proprietary", obs_release_date: null, skyport_access_groups: "|bench-team|", skyport_embargo_until: "2025-01-01T00:00:00.000Z" };
  if (i % 100 === 57) return { data_rights: "public", obs_release_date: "2100-01-01T00:00:00.000Z", skyport_access_groups: "", skyport_embargo_until: "2100-01-01T00:00:00.000Z" };
  return { data_rights: "public", obs_release_date: "2025-01-01T00:00:00.000Z", skyport_access_groups: "", skyport_embargo_until: "2025-01-01T00:00:00.000Z" };
}

function row(i: number, rand: () => number): ObsCoreRow {
  const [ra, dec] = skyPoint(rand);
  const h = HALF_SIDE_DEG;
  const c = Math.cos(dec * D2R);
  const region = convexPolygonFromRaDec([
    [ra - h / c, dec - h],
    [ra + h / c, dec - h],
    [ra + h / c, dec + h],
    [ra - h / c, dec + h],
  ]);
  const band = BANDS[i % 6]!;
  const visit = Math.floor(i / 189);
  const t = 60000 + 730 * rand();
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
  const did = `ivo://skyport.example/bench?id=${id}`;
  return {
    dataset_id: id,
    region,
    values: {
      ...footprintColumns(region),
      dataproduct_type: "image", dataproduct_subtype: "lsst.visit_image", calib_level: 2, obs_collection: "Bench", obs_id: `v${visit}_${i % 189}`,
      obs_publisher_did: did, access_url: `https://skyport.example/datalink/links?ID=${encodeURIComponent(did)}`,
      access_format: "application/x-votable+xml;content=datalink", access_estsize: 16_388, s_resolution: 0.7, s_xel1: 2048, s_xel2: 2048,
      t_min: t, t_max: t + 30 / 86400, t_exptime: 30, t_resolution: 30, t_xel: 1, em_min: 4e-7, em_max: 5.52e-7, em_res_power: 3.2, em_xel: 1,
      o_ucd: "phot.flux.density", pol_states: "/I/", pol_xel: 1, facility_name: "Bench", instrument_name: "BenchCam",
      lsst_visit: visit, lsst_detector: i % 189, lsst_band: band, lsst_filter: `${band}_bench`, lsst_dataset_type: "visit_image", lsst_run: "bench",
      ...releaseFacts(i),
    },
  };
}

/**
 * Creates the ObsCore table without the dataset foreign key (before the server's own
 * `CREATE TABLE IF NOT EXISTS` would add one) and fills it with `n` rows; returns seconds taken.
 */
export async function buildObsCore(registry: Registry, n: number, log: (line: string) => void): Promise<number> {
  const store = new ObsCoreStore(registry.sql, { datasetForeignKey: false });
  await store.ensureSchema();
  const have = await store.count();
  if (have === n) {
    // Tables built before rows had release facts: public, as they were then.
    await registry.sql.run(`UPDATE "ivoa_obscore" SET "skyport_access_groups" = '' WHERE "skyport_access_groups" IS NULL`);
    log(`  reusing ${n} ObsCore rows`);
    return 0;
  }
  if (have !== 0) throw new Error(`the ObsCore table already holds ${have} rows, not ${n}; use an empty database`);
  const rand = mulberry32(42);
  const t0 = performance.now();
  const perTx = 5000;
  for (let i0 = 0; i0 < n; i0 += perTx) {
    const rows: ObsCoreRow[] = [];
    for (let i = i0; i < Math.min(n, i0 + perTx); i++) rows.push(row(i, rand));
    await registry.transaction(async (tx) => new ObsCoreStore(tx.sql, { datasetForeignKey: false }).insertRows(rows));
    if ((i0 / perTx) % 20 === 0) log(`  ${Math.min(n, i0 + perTx)} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await store.analyze();
  return (performance.now() - t0) / 1000;
}
