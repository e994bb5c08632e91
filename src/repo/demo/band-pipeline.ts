/**
 * The per-band part of the demo release: every sensor of every visit in the band (raw, then the
 * calibrated visit_image with the raw and the master bias as provenance), then the deep and
 * good-seeing template coadds of each patch from exactly the visit images whose footprints overlap
 * it, then the difference images, whose provenance is their visit image and the template coadds of
 * the patches they overlap. Jobs run on the pool (worker-pool.ts); datasets are written here, in a
 * fixed order. The next band's sensors are queued behind this band's coadds so no worker idles.
 */
import { intersects, type PolygonRegion } from "../../lib/sphere/index.js";
import type { DataId } from "../model/index.js";
import { type Band, INSTRUMENT } from "./camera.js";
import type { DemoJobResult, SensorResult } from "./jobs.js";
import { COLLECTIONS } from "./records.js";
import type { ReleaseLayout } from "./release-layout.js";
import { medianFwhmByBand } from "./schedule.js";
import type { MaskedImage } from "./sensor-frames.js";
import { SKYMAP_NAME } from "./skymap.js";
import type { DemoPool } from "./worker-pool.js";

/** Writes one dataset and returns its id. */
export type PutDataset = (datasetType: string, run: string, dataId: DataId, data: Uint8Array, inputs?: readonly string[]) => Promise<string>;

/** What the band pipeline works with. */
export interface BandContext {
  readonly layout: ReleaseLayout;
  readonly pool: DemoPool;
  readonly biasIds: ReadonlyMap<number, string>;
  readonly put: PutDataset;
}

/** A sensor job of the band, submitted to the pool. */
export interface SensorSubmission {
  readonly visitIndex: number;
  readonly detector: number;
  readonly result: Promise<DemoJobResult>;
}

/** A written visit image kept for coadds and differences. */
interface SensorProduct {
  readonly visitIndex: number;
  readonly detector: number;
  readonly region: PolygonRegion;
  readonly planes: MaskedImage;
  readonly difference: Uint8Array;
  readonly id: string;
}

/** Queues the band's sensor jobs (visits in schedule order, sensors by id). */
export function submitSensors(ctx: BandContext, band: Band): SensorSubmission[] {
  const out: SensorSubmission[] = [];
  ctx.layout.visits.forEach((v, visitIndex) => {
    if (v.band !== band) return;
    for (const d of ctx.layout.detectors) {
      const result = ctx.pool.run({ kind: "sensor", visitIndex, detector: d.id });
      result.catch(() => undefined); // awaited in finishBand; a failure there must not also be reported as unhandled
      out.push({ visitIndex, detector: d.id, result });
    }
  });
  return out;
}

async function filesOf(p: Promise<DemoJobResult>): Promise<readonly Uint8Array[]> {
  const r = await p;
  if (r.kind !== "coadd") throw new Error("expected a coadd job result");
  return r.files;
}

const sameInputs = (a: readonly SensorProduct[], b: readonly SensorProduct[]) => a.length === b.length && a.every((s, i) => s.id === b[i]!.id);

/**
 * Finishes a band whose sensors were submitted: writes raws and visit images, coadds, then
 * differences. `afterCoaddsQueued` runs once the coadd jobs are queued (to queue the next band).
 */
export async function finishBand(ctx: BandContext, band: Band, sensors: readonly SensorSubmission[], afterCoaddsQueued: () => void): Promise<void> {
  const { layout } = ctx;
  const products: SensorProduct[] = [];
  for (const s of sensors) {
    const r = (await s.result) as { kind: "sensor" } & SensorResult;
    const visit = layout.visits[s.visitIndex]!;
    const rawId = await ctx.put("raw", COLLECTIONS.raw, { instrument: INSTRUMENT, detector: s.detector, exposure: visit.id }, r.raw);
    const id = await ctx.put("visit_image", COLLECTIONS.visit, { instrument: INSTRUMENT, detector: s.detector, visit: visit.id }, r.visitImage, [rawId, ctx.biasIds.get(s.detector)!]);
    products.push({ visitIndex: s.visitIndex, detector: s.detector, region: layout.sensorRegions[s.visitIndex]![s.detector]!, planes: r.planes, difference: r.difference, id });
  }

  const medianFwhm = medianFwhmByBand(layout.visits).get(band) ?? Number.POSITIVE_INFINITY;
  type Product = "deep_coadd" | "template_coadd";
  const coadds: { products: Product[]; patchId: number; inputs: SensorProduct[]; files: Promise<readonly Uint8Array[]> }[] = [];
  const queue = (products: Product[], patchId: number, inputs: SensorProduct[]) => {
    const job = { kind: "coadd", products, band, patchId, inputs: inputs.map((s) => ({ visitIndex: s.visitIndex, detector: s.detector, planes: s.planes })) } as const;
    const files = filesOf(ctx.pool.run(job));
    files.catch(() => undefined); // awaited below
    coadds.push({ products, patchId, inputs, files });
  };
  for (const patch of layout.patches) {
    const overlapping = products.filter((s) => intersects(s.region, layout.patchRegions.get(patch.id)!));
    if (overlapping.length === 0) continue;
    const good = overlapping.filter((s) => layout.visits[s.visitIndex]!.psfFwhmArcsec <= medianFwhm);
    // When every overlapping input has good seeing, the template is the deep coadd's image.
    if (sameInputs(good, overlapping)) queue(["deep_coadd", "template_coadd"], patch.id, overlapping);
    else {
      queue(["deep_coadd"], patch.id, overlapping);
      if (good.length > 0) queue(["template_coadd"], patch.id, good);
    }
  }
  afterCoaddsQueued();
  const templates = new Map<number, string>();
  for (const c of coadds) {
    const files = await c.files;
    for (const [i, product] of c.products.entries()) {
      const id = await ctx.put(product, COLLECTIONS.coadd, { skymap: SKYMAP_NAME, tract: layout.tract.id, patch: c.patchId, band }, files[i]!, c.inputs.map((s) => s.id));
      if (product === "template_coadd") templates.set(c.patchId, id);
    }
  }

  for (const s of products) {
    const visit = layout.visits[s.visitIndex]!;
    const used = layout.patches.filter((p) => templates.has(p.id) && intersects(s.region, layout.patchRegions.get(p.id)!)).map((p) => templates.get(p.id)!);
    await ctx.put("difference_image", COLLECTIONS.diff, { instrument: INSTRUMENT, detector: s.detector, visit: visit.id }, s.difference, [s.id, ...used]);
  }
}
