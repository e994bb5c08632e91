/**
 * The CPU-heavy units of the demo release as pure jobs over a release layout, so they can run in
 * worker threads (worker-pool.ts) or in-process with the same result: a sensor job simulates one
 * sensor in one visit and returns its raw, visit_image and difference_image files plus the
 * calibrated planes (in shared memory, for coadds); a coadd job warps given planes onto a patch and
 * returns the coadd file; a bias job returns a master bias file.
 */
import { collectBytes } from "../../lib/fits/index.js";
import { EXPOSURE_TIME_S, type Band } from "./camera.js";
import { CoaddAccumulator } from "./coadd.js";
import { exposureFile, exposureHdus, imagePlaneHdu, rawFits, wcsCards } from "./fits-products.js";
import { biasMetadata, coaddMetadata, rawMetadata, rawSectionCards, visitImageMetadata } from "./headers.js";
import type { ReleaseLayout } from "./release-layout.js";
import { mjdTaiFromTai } from "../model/index.js";
import { biasFrame, calibrate, difference, type MaskedImage, renderScenes, simulateRaw } from "./sensor-frames.js";
import { SKYMAP_NAME } from "./skymap.js";

/** A job for the pool. */
export type DemoJob =
  | { readonly kind: "bias"; readonly detector: number }
  | { readonly kind: "sensor"; readonly visitIndex: number; readonly detector: number }
  | {
      readonly kind: "coadd";
      /** Products made from these inputs: a template whose inputs equal the deep coadd's is the same image. */
      readonly products: readonly ("deep_coadd" | "template_coadd")[];
      readonly band: Band;
      readonly patchId: number;
      readonly inputs: readonly { readonly visitIndex: number; readonly detector: number; readonly planes: MaskedImage }[];
    };

/** Files of one sensor in one visit, and its calibrated planes (shared memory). */
export interface SensorResult {
  readonly raw: Uint8Array;
  readonly visitImage: Uint8Array;
  readonly difference: Uint8Array;
  readonly planes: MaskedImage;
}

/** Result of any job: the files it made (coadds: one per product), and planes for a sensor job. */
export type DemoJobResult =
  | { readonly kind: "bias"; readonly file: Uint8Array }
  | { readonly kind: "coadd"; readonly files: readonly Uint8Array[] }
  | ({ readonly kind: "sensor" } & SensorResult);

const biasCache = new WeakMap<ReleaseLayout, Map<number, Float32Array>>();

function bias(layout: ReleaseLayout, detector: number): Float32Array {
  let m = biasCache.get(layout);
  if (!m) {
    m = new Map();
    biasCache.set(layout, m);
  }
  let b = m.get(detector);
  if (!b) {
    b = biasFrame(layout.config.seed, detector, layout.config.detectorSize);
    m.set(detector, b);
  }
  return b;
}

/** Copies an array into shared memory, so the main thread and coadd workers can read it without copies. */
function shared<T extends Float32Array | Int32Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

async function sensorJob(layout: ReleaseLayout, vi: number, detector: number): Promise<SensorResult> {
  const { seed, detectorSize: size } = layout.config;
  const visit = layout.visits[vi]!;
  const det = layout.detectors[detector]!;
  const wcs = layout.wcs[vi]![detector]!;
  const b = bias(layout, detector);
  const midMjd = mjdTaiFromTai(visit.beginTai) + EXPOSURE_TIME_S / 2 / 86_400;
  const scenes = renderScenes(visit, wcs, size, layout.sources, midMjd);
  const raw = simulateRaw(seed, visit, detector, scenes.epochSky, b);
  const cards = wcsCards(wcs);
  const key = `${visit.id}/${detector}`;
  const rawFile = await collectBytes(rawFits(raw.stored, raw.width, raw.height, rawMetadata(visit, det, layout.common), [...rawSectionCards(size), ...cards], layout.encode(`raw/${key}`)));
  const cal = calibrate(seed, visit, detector, raw, b, scenes.epochSky);
  const noise = { imageNoise: visit.skyNoiseNJy, varianceNoise: (visit.skyNoiseNJy * visit.skyNoiseNJy) / 16 };
  const hdus = exposureHdus({ ...cal, ...noise, wcs: cards, unit: "nJy" }, layout.encode(`visit_image/${key}`));
  const visitImage = await collectBytes(exposureFile(visitImageMetadata(visit, det, "visit_image", layout.common), hdus));
  // The difference shares MASK and VARIANCE with the visit image (same planes, same bytes).
  const diff = difference(visit, cal, scenes.staticSky);
  const diffImage = imagePlaneHdu({ ...diff, imageNoise: visit.skyNoiseNJy, wcs: cards, unit: "nJy" }, layout.encode(`difference_image/${key}`));
  const differenceFile = await collectBytes(exposureFile(visitImageMetadata(visit, det, "difference_image", layout.common), { ...hdus, image: diffImage }));
  const planes: MaskedImage = { width: size, height: size, image: shared(cal.image), variance: shared(cal.variance), mask: shared(cal.mask) };
  return { raw: rawFile, visitImage, difference: differenceFile, planes };
}

async function coaddJob(layout: ReleaseLayout, job: Extract<DemoJob, { kind: "coadd" }>): Promise<Uint8Array[]> {
  const patch = layout.patches.find((p) => p.id === job.patchId)!;
  const acc = new CoaddAccumulator(patch.width, patch.height, patch.wcs);
  for (const input of job.inputs) {
    const visit = layout.visits[input.visitIndex]!;
    acc.add(input.planes, layout.wcs[input.visitIndex]![input.detector]!, 1 / (visit.skyNoiseNJy * visit.skyNoiseNJy));
  }
  const planes = acc.finish();
  // The finest noise is where most inputs overlap: quantise to a fraction of it. No-data variance
  // (+Inf) is stored as the largest quantised value (quantize-known-noise.ts).
  let minVar = Number.POSITIVE_INFINITY;
  for (const v of planes.variance) if (v < minVar) minVar = v;
  const noise = Number.isFinite(minVar) && minVar > 0 ? { imageNoise: Math.sqrt(minVar), varianceNoise: minVar / 16 } : {};
  const hdus = exposureHdus({ ...planes, ...noise, wcs: wcsCards(patch.wcs), unit: "nJy" }, layout.encode(`${job.products.join("+")}/${patch.id}/${job.band}`));
  const files: Uint8Array[] = [];
  for (const product of job.products) {
    files.push(await collectBytes(exposureFile(coaddMetadata(product, SKYMAP_NAME, layout.tract.id, patch.id, job.band, job.inputs.length, layout.common), hdus)));
  }
  return files;
}

async function biasJob(layout: ReleaseLayout, detector: number): Promise<Uint8Array> {
  const size = layout.config.detectorSize;
  const planes = { width: size, height: size, image: bias(layout, detector), mask: new Int32Array(size * size), variance: new Float32Array(size * size).fill(0.09), imageNoise: 0.3, varianceNoise: 0.09 / 16, wcs: [], unit: "adu" };
  return collectBytes(exposureFile(biasMetadata(layout.detectors[detector]!, layout.common), exposureHdus(planes, layout.encode(`bias/${detector}`))));
}

/** Runs a job in the current thread. */
export async function runDemoJob(layout: ReleaseLayout, job: DemoJob): Promise<DemoJobResult> {
  if (job.kind === "sensor") return { kind: "sensor", ...(await sensorJob(layout, job.visitIndex, job.detector)) };
  if (job.kind === "coadd") return { kind: "coadd", files: await coaddJob(layout, job) };
  return { kind: "bias", file: await biasJob(layout, job.detector) };
}
