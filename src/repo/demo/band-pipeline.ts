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

async function coaddFilesOf(p: Promise<DemoJobResult>): Promise<{ deep: Uint8Array; template: Uint8Array | undefined }> {
  const r = await p;
  if (r.kind !== "coadd") throw new Error("expected a coadd job result");
  return r;
}


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
  // One job per patch: the deep coadd of every overlapping visit image and the good-seeing
  // template of those with a PSF no wider than the band's median, each input warped once.
  const coadds: { patchId: number; inputs: SensorProduct[]; good: SensorProduct[]; files: Promise<{ deep: Uint8Array; template: Uint8Array | undefined }> }[] = [];
  for (const patch of layout.patches) {
    const overlapping = products.filter((s) => intersects(s.region, layout.patchRegions.get(patch.id)!));
    if (overlapping.length === 0) continue;
    const isGood = (s: SensorProduct) => layout.visits[s.visitIndex]!.psfFwhmArcsec <= medianFwhm;
    const job = { kind: "coadd", band, patchId: patch.id, inputs: overlapping.map((s) => ({ visitIndex: s.visitIndex, detector: s.detector, planes: s.planes, template: isGood(s) })) } as const;
    const files = coaddFilesOf(ctx.pool.run(job));
    files.catch(() => undefined); // awaited below
    coadds.push({ patchId: patch.id, inputs: overlapping, good: overlapping.filter(isGood), files });
  }
  afterCoaddsQueued();
  const templates = new Map<number, string>();
  const dataId = (patchId: number) => ({ skymap: SKYMAP_NAME, tract: layout.tract.id, patch: patchId, band });
  for (const c of coadds) {
    const files = await c.files;
    await ctx.put("deep_coadd", COLLECTIONS.coadd, dataId(c.patchId), files.deep, c.inputs.map((s) => s.id));
    if (files.template) templates.set(c.patchId, await ctx.put("template_coadd", COLLECTIONS.templates, dataId(c.patchId), files.template, c.good.map((s) => s.id)));
  }
  for (const s of products) {
    const visit = layout.visits[s.visitIndex]!;
    const used = layout.patches.filter((p) => templates.has(p.id) && intersects(s.region, layout.patchRegions.get(p.id)!)).map((p) => templates.get(p.id)!);
    await ctx.put("difference_image", COLLECTIONS.diff, { instrument: INSTRUMENT, detector: s.detector, visit: visit.id }, s.difference, [s.id, ...used]);
  }
}
