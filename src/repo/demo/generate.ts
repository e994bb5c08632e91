/**
 * `createDemoRelease`: fills a repository with the demo data release (issue 5). It computes the
 * release layout (release-layout.ts), registers records, then per band simulates every sensor of
 * every visit (raw → visit_image with the master bias), coadds the band's patches (deep and
 * good-seeing template) and writes the difference images, whose provenance names the template
 * coadds they overlap (band-pipeline.ts). CPU work runs on a pool of worker threads. Output is
 * deterministic for (options, now): dataset ids derive from the seed, `now` and the data ID, and
 * the only varying bytes are DATE cards (`generatedAt`) and the CHECKSUMs covering them.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { collectBytes } from "../../lib/fits/index.js";
import type { Butler } from "../butler.js";
import type { DataId } from "../model/index.js";
import { type BandContext, finishBand, type SensorSubmission, submitSensors } from "./band-pipeline.js";
import { BANDS, INSTRUMENT } from "./camera.js";
import { tableFits, toCards } from "./fits-products.js";
import { COLLECTIONS, demoPolicy, insertInstrumentRecords, insertSkymapRecords, insertVisitRecords, registerStructure } from "./records.js";
import { PolicyStore } from "../policy/index.js";
import { releaseLayout } from "./release-layout.js";
import { SKYMAP_NAME } from "./skymap.js";
import { truthTableHdu } from "./truth-table.js";
import { DemoPool } from "./worker-pool.js";

/** Options of the demo release. */
export interface DemoOptions {
  /** Number of visits (default 12), cycling ugrizy. */
  readonly visits?: number;
  /** Random seed (default 1). */
  readonly seed?: number;
  /** Sensor size in pixels (default 2048). */
  readonly detectorSize?: number;
  /** Tile-compress the images (default true). */
  readonly compress?: boolean;
  /** Reference time: visits are on nights before it, the last two within 6 h of it (default: now). */
  readonly now?: Date;
  /** Time written in DATE cards (default: the wall clock). */
  readonly generatedAt?: Date;
  /** Worker threads (default: the available parallelism, at most 2; 0 runs in-process). */
  readonly workers?: number;
  /** Progress callback: datasets written so far out of an estimated total. */
  readonly onProgress?: (done: number, total: number, detail: string) => void;
}

/** What was made. */
export interface DemoSummary {
  readonly visits: number;
  readonly detectors: number;
  readonly tract: number;
  readonly patches: number;
  /** Datasets per dataset type. */
  readonly datasets: Readonly<Record<string, number>>;
  /** Bytes written to the datastore. */
  readonly bytes: number;
  readonly collection: string;
}

/** A demo-release usage fault (bad option, repository already holding the demo). */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoError";
  }
}

/** A deterministic dataset UUID (version-5 layout) from the release key and the data ID. */
export function demoDatasetId(releaseKey: string, datasetType: string, dataId: DataId): string {
  const keys = Object.keys(dataId).sort();
  const h = createHash("sha256").update(`${releaseKey}|${datasetType}|${keys.map((k) => `${k}=${dataId[k]}`).join(",")}`).digest("hex");
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function checkOptions(nVisits: number, seed: number, size: number): void {
  if (!Number.isInteger(nVisits) || nVisits < 2) throw new DemoError(`--visits must be an integer ≥ 2, got ${nVisits}`);
  if (!Number.isInteger(seed) || seed < 0) throw new DemoError(`--seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(size) || size < 128 || size > 4096) throw new DemoError(`--detector-size must be an integer in 128…4096, got ${size}`);
}

/** Generates the demo release into `butler` (see module header). Throws DemoError if DemoCam exists. */
export async function createDemoRelease(butler: Butler, options: DemoOptions = {}): Promise<DemoSummary> {
  const config = {
    visits: options.visits ?? 12,
    seed: options.seed ?? 1,
    detectorSize: options.detectorSize ?? 2048,
    compress: options.compress ?? true,
    nowIso: (options.now ?? new Date()).toISOString(),
    generatedAtIso: (options.generatedAt ?? new Date()).toISOString(),
  };
  checkOptions(config.visits, config.seed, config.detectorSize);
  const registry = butler.registry;
  if ((await registry.queryDimensionRecords("instrument")).some((r) => r.name === INSTRUMENT)) {
    throw new DemoError(`the repository already holds ${INSTRUMENT}; the demo release is made once per repository`);
  }
  const layout = releaseLayout(config);
  const { visits, detectors, tract, patches } = layout;
  await registry.transaction(async (r) => {
    // The policy first: every row the release writes gets its release facts from it.
    await new PolicyStore(r.sql).save(demoPolicy(new Date(config.generatedAtIso)));
    await registerStructure(r);
    await insertInstrumentRecords(r, detectors);
    await insertVisitRecords(r, visits, layout.geometry, detectors);
    await insertSkymapRecords(r, tract, patches);
  });

  const counts: Record<string, number> = {};
  let bytes = 0;
  let done = 0;
  const total = 1 + detectors.length + visits.length * detectors.length * 3 + patches.length * BANDS.length * 2;
  const put = async (datasetType: string, run: string, dataId: DataId, data: Uint8Array, inputs: readonly string[] = []) => {
    const id = demoDatasetId(layout.releaseKey, datasetType, dataId);
    await butler.put([{ datasetType, run, dataId, data, id, inputs }]);
    bytes += data.length;
    counts[datasetType] = (counts[datasetType] ?? 0) + 1;
    options.onProgress?.(++done, total, `${datasetType} ${Object.values(dataId).join("/")}`);
    return id;
  };

  const pool = new DemoPool(layout, options.workers ?? Math.min(2, availableParallelism()));
  try {
    const biasJobs = detectors.map((d) => pool.run({ kind: "bias", detector: d.id }));
    for (const j of biasJobs) j.catch(() => undefined); // awaited below; avoid unhandled rejections meanwhile
    const truthMeta = toCards([["PRODUCT", "truth_catalog", "dataset type"], ["NOWMJD", layout.nowMjd, "release reference time, MJD (TAI)"], ...layout.common]);
    const truth = await collectBytes(tableFits(truthMeta, truthTableHdu(layout.sources)));
    await put("truth_catalog", COLLECTIONS.truth, { skymap: SKYMAP_NAME, tract: tract.id }, truth);

    // Master biases, certified from a day before the first visit on.
    const biasIds = new Map<number, string>();
    for (const [i, job] of biasJobs.entries()) {
      const r = await job;
      if (r.kind !== "bias") throw new Error("expected a bias file");
      biasIds.set(detectors[i]!.id, await put("bias", COLLECTIONS.calibRun, { instrument: INSTRUMENT, detector: detectors[i]!.id }, r.file));
    }
    const firstBegin = visits.reduce((a, v) => (v.beginTai < a ? v.beginTai : a), visits[0]!.beginTai);
    await registry.certify(COLLECTIONS.calib, [...biasIds.values()], { begin: firstBegin - 86_400n * 1_000_000_000n, end: null });

    const ctx: BandContext = { layout, pool, biasIds, put };
    let next: SensorSubmission[] = submitSensors(ctx, BANDS[0]);
    for (const [i, band] of BANDS.entries()) {
      const current = next;
      const following = BANDS[i + 1];
      await finishBand(ctx, band, current, () => {
        next = following ? submitSensors(ctx, following) : [];
      });
    }
  } finally {
    await pool.close();
  }
  options.onProgress?.(total, total, "done");
  return { visits: visits.length, detectors: detectors.length, tract: tract.id, patches: patches.length, datasets: counts, bytes, collection: COLLECTIONS.defaults };
}
