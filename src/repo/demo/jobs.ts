/**
 * The CPU-heavy units of the demo release as pure jobs over a release layout, so they can run in
 * worker threads (worker-pool.ts) or in-process with the same result: a sensor job simulates one
 * sensor in one visit and returns its raw, visit_image and difference_image files plus the
 * calibrated planes (in shared memory, for coadds); a coadd job warps given planes onto a patch,
 * each once, into the deep coadd and the good-seeing template, and returns their files; a bias job
 * returns a master bias file.
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
      readonly band: Band;
      readonly patchId: number;
      /**
       * The deep coadd's inputs; `template` marks those of the good-seeing template too (none:
       * no template; all: the template is the deep coadd's image). Each input is warped once.
       */
      readonly inputs: readonly { readonly visitIndex: number; readonly detector: number; readonly planes: MaskedImage; readonly template: boolean }[];
    };

/** Files of one sensor in one visit, and its calibrated planes (shared memory). */
export interface SensorResult {
  readonly raw: Uint8Array;
  readonly visitImage: Uint8Array;
  readonly difference: Uint8Array;
  readonly planes: MaskedImage;
}

/** Result of any job: the files it made (coadds: deep, and the template when it has inputs), and planes for a sensor job. */
export type DemoJobResult =
  | { readonly kind: "bias"; readonly file: Uint8Array }
  | { readonly kind: "coadd"; readonly deep: Uint8Array; readonly template: Uint8Array | undefined }
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

/** Shared memory for the calibrated planes, so the main thread and coadd workers read them without copies. */
const sharedMemory = (n: number) => new SharedArrayBuffer(n);

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
  const cal = calibrate(seed, visit, detector, raw, b, scenes.epochSky, sharedMemory);
  const noise = { imageNoise: visit.skyNoiseNJy, varianceNoise: (visit.skyNoiseNJy * visit.skyNoiseNJy) / 16 };
  const hdus = exposureHdus({ ...cal, ...noise, wcs: cards, unit: "nJy" }, layout.encode(`visit_image/${key}`));
  const visitImage = await collectBytes(exposureFile(visitImageMetadata(visit, det, "visit_image", layout.common), hdus));
  // The difference shares MASK and VARIANCE with the visit image (same planes, same bytes).
  const diff = difference(visit, cal, scenes.staticSky);
  const diffImage = imagePlaneHdu({ ...diff, imageNoise: visit.skyNoiseNJy, wcs: cards, unit: "nJy" }, layout.encode(`difference_image/${key}`));
  const differenceFile = await collectBytes(exposureFile(visitImageMetadata(visit, det, "difference_image", layout.common), { ...hdus, image: diffImage }));
  const planes: MaskedImage = { width: size, height: size, image: cal.image, variance: cal.variance, mask: cal.mask };
  return { raw: rawFile, visitImage, difference: differenceFile, planes };
}

/** The coadd file(s) of one accumulated product; `products` share the image (same inputs). */
async function coaddFiles(layout: ReleaseLayout, acc: CoaddAccumulator, products: readonly ("deep_coadd" | "template_coadd")[], job: Extract<DemoJob, { kind: "coadd" }>, nInputs: number): Promise<Uint8Array[]> {
  const patch = layout.patches.find((p) => p.id === job.patchId)!;
  const planes = acc.finish();
  // The finest noise is where most inputs overlap: quantise to a fraction of it. No-data variance
  // (+Inf) is stored as the largest quantised value (quantize-known-noise.ts).
  let minVar = Number.POSITIVE_INFINITY;
  const variance = planes.variance;
  for (let i = 0; i < variance.length; i++) if (variance[i]! < minVar) minVar = variance[i]!;
  const noise = Number.isFinite(minVar) && minVar > 0 ? { imageNoise: Math.sqrt(minVar), varianceNoise: minVar / 16 } : {};
  const hdus = exposureHdus({ ...planes, ...noise, wcs: wcsCards(patch.wcs), unit: "nJy" }, layout.encode(`${products.join("+")}/${patch.id}/${job.band}`));
  const files: Uint8Array[] = [];
  for (const product of products) {
    files.push(await collectBytes(exposureFile(coaddMetadata(product, SKYMAP_NAME, layout.tract.id, patch.id, job.band, nInputs, layout.common), hdus)));
  }
  return files;
}

async function coaddJob(layout: ReleaseLayout, job: Extract<DemoJob, { kind: "coadd" }>): Promise<{ deep: Uint8Array; template: Uint8Array | undefined }> {
  const patch = layout.patches.find((p) => p.id === job.patchId)!;
  const nTemplate = job.inputs.filter((i) => i.template).length;
  const separate = nTemplate > 0 && nTemplate < job.inputs.length;
  const deep = new CoaddAccumulator(patch.width, patch.height, patch.wcs);
  const template = separate ? new CoaddAccumulator(patch.width, patch.height, patch.wcs) : undefined;
  for (const input of job.inputs) {
    const visit = layout.visits[input.visitIndex]!;
    deep.add(input.planes, layout.wcs[input.visitIndex]![input.detector]!, 1 / (visit.skyNoiseNJy * visit.skyNoiseNJy), input.template ? template : undefined);
  }
  if (nTemplate === job.inputs.length) {
    const [d, t] = await coaddFiles(layout, deep, ["deep_coadd", "template_coadd"], job, job.inputs.length);
    return { deep: d!, template: t! };
  }
  const [d] = await coaddFiles(layout, deep, ["deep_coadd"], job, job.inputs.length);
  return { deep: d!, template: template ? (await coaddFiles(layout, template, ["template_coadd"], job, nTemplate))[0] : undefined };
}

async function biasJob(layout: ReleaseLayout, detector: number): Promise<Uint8Array> {
  const size = layout.config.detectorSize;
  const planes = { width: size, height: size, image: bias(layout, detector), mask: new Int32Array(size * size), variance: new Float32Array(size * size).fill(0.09), imageNoise: 0.3, varianceNoise: 0.09 / 16, wcs: [], unit: "adu" };
  return collectBytes(exposureFile(biasMetadata(layout.detectors[detector]!, layout.common), exposureHdus(planes, layout.encode(`bias/${detector}`))));
}

/** Runs a job in the current thread. */
export async function runDemoJob(layout: ReleaseLayout, job: DemoJob): Promise<DemoJobResult> {
  if (job.kind === "sensor") return { kind: "sensor", ...(await sensorJob(layout, job.visitIndex, job.detector)) };
  if (job.kind === "coadd") return { kind: "coadd", ...(await coaddJob(layout, job)) };
  return { kind: "bias", file: await biasJob(layout, job.detector) };
}
