/**
 * Simulates one sensor in one visit: the noiseless scene (static sky and the sky at the visit's
 * epoch, in electrons), the raw frame (bias level, fixed bias pattern, overscan, Poisson-like shot
 * noise as a Gaussian of variance = signal, read noise, hot columns, cosmic rays, saturation at full
 * well, 16-bit ADU), and the instrument-signature removal that turns it into the calibrated visit
 * image (overscan per row, master bias, gain, flux calibration to nJy, sky subtraction) with its
 * mask and variance planes. Each part draws from its own seeded stream (rng.ts).
 */
import type { Wcs } from "../../lib/wcs/index.js";
import { BIAS_LEVEL_ADU, FULL_WELL_E, GAIN_E_PER_ADU, NJY_ZERO_POINT_MAG, OVERSCAN_COLS, READ_NOISE_E } from "./camera.js";
import { type TruthSource, sourceMagAt } from "./catalog.js";
import { maskBit } from "./mask.js";
import { addGalaxy, addPointSource, localJacobian, type Plane, psfCoreSigmaPix } from "./render.js";
import { Rng } from "./rng.js";
import type { DemoVisit } from "./schedule.js";

/** Width of the border flagged EDGE, pixels. */
const EDGE_PIX = 8;
/** Extra signal of a hot column, electrons per pixel. */
const HOT_COLUMN_E = 4000;

/** Electrons from a source of AB magnitude m in a visit. */
export function electronsOf(visit: DemoVisit, mag: number): number {
  if (!Number.isFinite(mag)) return 0;
  return 10 ** (0.4 * (NJY_ZERO_POINT_MAG - mag)) / visit.nJyPerElectron;
}

/** The noiseless scenes of one sensor: static sky and the sky at the visit's epoch, electrons. */
export interface Scenes {
  readonly staticSky: Plane;
  readonly epochSky: Plane;
}

/** Renders the truth sources that fall on (or near) a sensor. */
export function renderScenes(visit: DemoVisit, wcs: Wcs, size: number, sources: readonly TruthSource[], mjd: number): Scenes {
  const staticSky: Plane = { width: size, height: size, data: new Float32Array(size * size) };
  const sigma = psfCoreSigmaPix(visit.psfFwhmArcsec);
  const margin = 60;
  const changes: [number, number, number][] = [];
  for (const s of sources) {
    const [x1, y1] = wcs.worldToPix(s.raDeg, s.decDeg);
    if (!(x1 > -margin && x1 < size + margin && y1 > -margin && y1 < size + margin)) continue;
    const x0 = x1 - 1;
    const y0 = y1 - 1;
    const fStatic = electronsOf(visit, sourceMagAt(s, visit.band, mjd, true));
    const profile = s.profile;
    if (profile === "point") addPointSource(staticSky, x0, y0, fStatic, sigma);
    else addGalaxy(staticSky, x0, y0, fStatic, { ...s, profile }, localJacobian(wcs, s.raDeg, s.decDeg), sigma);
    if (s.kind === "variable" || s.kind === "transient") {
      const delta = electronsOf(visit, sourceMagAt(s, visit.band, mjd)) - fStatic;
      if (delta !== 0) changes.push([x0, y0, delta]);
    }
  }
  const epochSky: Plane = { width: size, height: size, data: Float32Array.from(staticSky.data) };
  // Brightening adds flux; fading below the mean subtracts it (the difference image shows both).
  for (const [x0, y0, delta] of changes) addPointSource(epochSky, x0, y0, delta, sigma);
  return { staticSky, epochSky };
}

/** The master bias pattern of a sensor (ADU relative to the bias level): fixed, plus a little noise. */
export function biasFrame(seed: number, detector: number, size: number): Float32Array {
  const rng = new Rng(seed, "bias", detector);
  const out = new Float32Array(size * size);
  const phase = rng.between(0, 2 * Math.PI);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[y * size + x] = 2 * Math.sin(x / 173 + phase) + (1.5 * y) / size + 0.3 * rng.normal();
  }
  return out;
}

/** Hot columns of a sensor (a fixed defect): 0-based x indices. */
export function hotColumns(seed: number, detector: number, size: number): number[] {
  const rng = new Rng(seed, "hot-columns", detector);
  return [rng.int(size), rng.int(size)].sort((a, b) => a - b);
}

/** One simulated raw frame: stored 16-bit values (ADU − 32768), width size + OVERSCAN_COLS. */
export interface RawFrame {
  readonly width: number;
  readonly height: number;
  readonly stored: Int16Array;
  /** Pixels hit by cosmic rays (0-based index into the size×size imaging area). */
  readonly crPixels: Uint8Array;
}

/** Cosmic-ray tracks: straight segments 1–15 px long depositing 1500–6000 e⁻ per pixel. */
function addCosmicRays(signal: Float32Array, hit: Uint8Array, size: number, rng: Rng): void {
  const n = Math.round((25 * size * size) / (2048 * 2048)) + 2;
  for (let k = 0; k < n; k++) {
    const x = rng.between(0, size);
    const y = rng.between(0, size);
    const len = rng.between(1, 15);
    const ang = rng.between(0, Math.PI);
    const dep = rng.between(1500, 6000);
    for (let t = 0; t <= len; t += 0.5) {
      const i = Math.floor(x + t * Math.cos(ang));
      const j = Math.floor(y + t * Math.sin(ang));
      if (i < 0 || j < 0 || i >= size || j >= size) continue;
      const p = j * size + i;
      if (!hit[p]) signal[p]! += dep;
      hit[p] = 1;
    }
  }
}

/** Simulates the raw frame from the epoch scene. */
export function simulateRaw(seed: number, visit: DemoVisit, detector: number, epochSky: Plane, bias: Float32Array): RawFrame {
  const size = epochSky.width;
  const width = size + OVERSCAN_COLS;
  const rng = new Rng(seed, "raw", visit.id, detector);
  const signal = Float32Array.from(epochSky.data);
  const crPixels = new Uint8Array(size * size);
  addCosmicRays(signal, crPixels, size, new Rng(seed, "cosmic-rays", visit.id, detector));
  const hot = new Uint8Array(size);
  for (const x of hotColumns(seed, detector, size)) hot[x] = 1;
  const stored = new Int16Array(width * size);
  const rn2 = READ_NOISE_E * READ_NOISE_E;
  const rnAdu = READ_NOISE_E / GAIN_E_PER_ADU;
  for (let y = 0; y < size; y++) {
    const row = y * size;
    const out = y * width;
    for (let x = 0; x < size; x++) {
      let e = visit.skyElectrons + signal[row + x]!;
      if (hot[x]) e += HOT_COLUMN_E;
      e += Math.sqrt(e + rn2) * rng.normal();
      if (e > FULL_WELL_E) e = FULL_WELL_E;
      const adu = Math.round(BIAS_LEVEL_ADU + bias[row + x]! + e / GAIN_E_PER_ADU);
      stored[out + x] = Math.min(65535, Math.max(0, adu)) - 32768;
    }
    for (let x = size; x < width; x++) stored[out + x] = Math.round(BIAS_LEVEL_ADU + rnAdu * rng.normal()) - 32768;
  }
  return { width, height: size, stored, crPixels };
}

/** A calibrated image with its planes (nJy, nJy², mask bits). */
export interface MaskedImage {
  readonly width: number;
  readonly height: number;
  readonly image: Float32Array;
  readonly variance: Float32Array;
  readonly mask: Int32Array;
}

/** Allocates the bytes of a plane: ordinary memory, or shared memory for planes other threads read. */
export type PlaneMemory = (byteLength: number) => ArrayBuffer | SharedArrayBuffer;
const ordinaryMemory: PlaneMemory = (n) => new ArrayBuffer(n);

/**
 * Instrument-signature removal: overscan level per row (mean of the overscan columns), master bias,
 * gain, flux calibration to nJy and sky subtraction. The mask flags hot columns (BAD), saturation
 * (SAT), cosmic rays (CR), the border (EDGE) and the pixels where the true source signal exceeds
 * 3σ of the sky noise (DETECTED); the variance is the model variance (sky + source + read noise).
 */
export function calibrate(seed: number, visit: DemoVisit, detector: number, raw: RawFrame, bias: Float32Array, epochSky: Plane, memory: PlaneMemory = ordinaryMemory): MaskedImage {
  const size = raw.height;
  const k = visit.nJyPerElectron;
  const image = new Float32Array(memory(4 * size * size));
  const variance = new Float32Array(memory(4 * size * size));
  const mask = new Int32Array(memory(4 * size * size));
  const hot = new Uint8Array(size);
  for (const x of hotColumns(seed, detector, size)) hot[x] = 1;
  // A pixel at full well reads BIAS_LEVEL + pattern + FULL_WELL/gain; flag anything within 2 ADU.
  const satAboveBias = FULL_WELL_E / GAIN_E_PER_ADU - 2;
  const rn2 = READ_NOISE_E * READ_NOISE_E;
  const detThreshold = 3 * Math.sqrt(visit.skyElectrons + rn2);
  const [BAD, SAT, CR, EDGE, DET] = [maskBit("BAD"), maskBit("SAT"), maskBit("CR"), maskBit("EDGE"), maskBit("DETECTED")];
  for (let y = 0; y < size; y++) {
    const rawRow = y * raw.width;
    let over = 0;
    for (let x = size; x < raw.width; x++) over += raw.stored[rawRow + x]! + 32768;
    over /= raw.width - size;
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const adu = raw.stored[rawRow + x]! + 32768;
      const e = (adu - over - bias[p]!) * GAIN_E_PER_ADU;
      image[p] = (e - visit.skyElectrons) * k;
      const model = epochSky.data[p]!;
      variance[p] = (Math.max(0, visit.skyElectrons + model) + rn2) * k * k;
      let m = 0;
      if (hot[x]) m |= BAD;
      if (adu - BIAS_LEVEL_ADU - bias[p]! >= satAboveBias) m |= SAT;
      if (raw.crPixels[p]) m |= CR;
      if (x < EDGE_PIX || y < EDGE_PIX || x >= size - EDGE_PIX || y >= size - EDGE_PIX) m |= EDGE;
      if (model > detThreshold) m |= DET;
      mask[p] = m;
    }
  }
  return { width: size, height: size, image, variance, mask };
}

/** The difference image: the visit image minus the static sky rendered with the visit's PSF. */
export function difference(visit: DemoVisit, calibrated: MaskedImage, staticSky: Plane): MaskedImage {
  const k = visit.nJyPerElectron;
  const image = new Float32Array(calibrated.image.length);
  for (let i = 0; i < image.length; i++) image[i] = calibrated.image[i]! - staticSky.data[i]! * k;
  return { ...calibrated, image };
}
