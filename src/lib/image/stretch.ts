/**
 * Asinh stretch of a float image to 8-bit grey, after Lupton, Gunn & Szalay 1999 (AJ 118, 1406,
 * "asinh magnitudes") and Lupton et al. 2004 (PASP 116, 133, "Preparing red-green-blue images from
 * CCD data"): a pixel value x maps to
 *
 *     v = asinh((x − black) / β) / asinh((white − black) / β),   byte = round(255 · clip(v, 0, 1))
 *
 * where β (the "softening") is the scale where the stretch turns from linear (|x − black| ≪ β,
 * faint noise keeps its texture) to logarithmic (x − black ≫ β, bright stars do not saturate).
 *
 * Parameters come from robust statistics of the finite pixels (deterministic; a regular sample of
 * at most `maxSamples` of them on large images):
 * - median m and σ = 1.4826 · MAD (median absolute deviation; the factor makes σ the standard
 *   deviation of a Gaussian). When MAD = 0 (over half the pixels equal), σ falls back to half the
 *   15.87–84.13 percentile range, then to the standard deviation.
 * - black = m − blackSigma · σ (default 1: the sky is dark grey, its noise visible),
 *   β = softeningSigma · σ (default 1), white = the `whitePercentile` percentile (default 99.95).
 * Any of black, white, β may be fixed by the caller (e.g. to re-render a cached preview alike).
 * Degenerate cases: white ≤ black → white = black + 1; β ≤ 0 → β = (white − black) / 10.
 *
 * Input is in FITS order (row 0 = bottom); output rows are top-first as PNG/JPEG expect, so the
 * image is flipped vertically unless `flipY: false`. Non-finite pixels (NaN nulls) become `nullGrey`.
 */
import type { Image2D } from "./downsample.js";
import { checkInt, checkLength, ImageError } from "./errors.js";

/** An 8-bit greyscale picture, rows top-first, `pixels.length === width * height`. */
export interface Grey8Image {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export interface StretchOptions {
  /** Fixed black level (data units); default median − blackSigma·σ. */
  readonly black?: number;
  /** Fixed white level (data units); default the whitePercentile percentile. */
  readonly white?: number;
  /** Fixed softening β (data units, > 0); default softeningSigma·σ. */
  readonly softening?: number;
  /** Black level below the median, in σ. Default 1. */
  readonly blackSigma?: number;
  /** Softening in σ. Default 1. */
  readonly softeningSigma?: number;
  /** Percentile (0–100) of the finite pixels that maps to white. Default 99.95. */
  readonly whitePercentile?: number;
  /** Grey level (0–255) for null (non-finite) pixels. Default 0. */
  readonly nullGrey?: number;
  /** Flip vertically so FITS row 0 is the bottom of the picture. Default true. */
  readonly flipY?: boolean;
  /** Largest number of pixels sampled for the statistics. Default 100 000. */
  readonly maxSamples?: number;
}

/** The parameters a stretch used, for logs, tests and cache keys. */
export interface StretchParams {
  readonly black: number;
  readonly white: number;
  readonly softening: number;
  /** Median of the sampled finite pixels (NaN when there are none). */
  readonly median: number;
  /** Robust σ (see module header; NaN when there are no finite pixels). */
  readonly sigma: number;
  readonly nullGrey: number;
  /** Finite pixels in the image, and how many of them were sampled for the statistics. */
  readonly finiteCount: number;
  readonly sampleCount: number;
}

/** A stretched picture with the parameters used. */
export interface StretchedImage extends Grey8Image {
  readonly params: StretchParams;
}

/** σ of a Gaussian = MAD_TO_SIGMA × median absolute deviation (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.482602218505602;

export const DEFAULT_MAX_SAMPLES = 100_000;

/**
 * Quantile q ∈ [0, 1] of an ascending array by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, numpy's default). NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** The finite values of the first `count` pixels, every `step`-th one, sorted ascending. */
function sampleFinite(data: ArrayLike<number>, count: number, maxSamples: number): { sorted: Float64Array; finiteCount: number } {
  let finiteCount = 0;
  for (let i = 0; i < count; i++) {
    const v = data[i]!;
    if (v - v === 0) finiteCount++;
  }
  const step = Math.max(1, Math.ceil(finiteCount / maxSamples));
  const sorted = new Float64Array(Math.ceil(finiteCount / step));
  let j = 0;
  let k = 0;
  for (let i = 0; i < count && k < sorted.length; i++) {
    const v = data[i]!;
    if (v - v === 0) {
      if (j % step === 0) sorted[k++] = v;
      j++;
    }
  }
  sorted.sort();
  return { sorted, finiteCount };
}

/** Robust σ of sorted samples with median m (see module header). */
function robustSigma(sorted: Float64Array, m: number): number {
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i]! - m);
  dev.sort();
  const mad = quantileSorted(dev, 0.5);
  if (mad > 0) return MAD_TO_SIGMA * mad;
  const half = (quantileSorted(sorted, 0.8413447460685429) - quantileSorted(sorted, 0.15865525393145707)) / 2;
  if (half > 0) return half;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < sorted.length; i++) {
    const d = sorted[i]! - m;
    s += d;
    s2 += d * d;
  }
  const n = sorted.length;
  return n > 1 ? Math.sqrt(Math.max(0, (s2 - (s * s) / n) / (n - 1))) : 0;
}

/** Chooses the stretch parameters for an image (no rendering). */
export function chooseStretch(image: Image2D, options: StretchOptions = {}): StretchParams {
  checkInt("width", image.width, 1, 2 ** 31 - 1);
  checkInt("height", image.height, 1, 2 ** 31 - 1);
  checkLength("data", image.data.length, image.width, image.height);
  const nullGrey = options.nullGrey ?? 0;
  checkInt("nullGrey", nullGrey, 0, 255);
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  checkInt("maxSamples", maxSamples, 1, 2 ** 31 - 1);
  const whitePercentile = options.whitePercentile ?? 99.95;
  if (!(whitePercentile >= 0 && whitePercentile <= 100)) throw new ImageError("BAD_ARGUMENT", `whitePercentile must be in [0, 100], got ${whitePercentile}`);
  for (const key of ["black", "white", "softening", "blackSigma", "softeningSigma"] as const) {
    const v = options[key];
    if (v !== undefined && !Number.isFinite(v)) throw new ImageError("BAD_ARGUMENT", `${key} must be finite, got ${v}`);
  }

  const { sorted, finiteCount } = sampleFinite(image.data, image.width * image.height, maxSamples);
  const median = quantileSorted(sorted, 0.5);
  const sigma = sorted.length === 0 ? Number.NaN : robustSigma(sorted, median);
  const hasStats = sorted.length > 0;

  let black = options.black ?? (hasStats ? median - (options.blackSigma ?? 1) * sigma : 0);
  let white = options.white ?? (hasStats ? quantileSorted(sorted, whitePercentile / 100) : black + 1);
  if (!(white > black)) {
    if (options.black === undefined && options.white !== undefined) black = white - 1;
    else white = black + 1;
  }
  let softening = options.softening ?? (hasStats ? (options.softeningSigma ?? 1) * sigma : 0);
  if (!(softening > 0)) softening = (white - black) / 10;
  return { black, white, softening, median, sigma, nullGrey, finiteCount, sampleCount: sorted.length };
}

/** Renders an image with given parameters (see the module header for the mapping and flip). */
export function applyStretch(image: Image2D, params: StretchParams, options: Pick<StretchOptions, "flipY"> = {}): Grey8Image {
  const { width, height, data } = image;
  checkInt("width", width, 1, 2 ** 31 - 1);
  checkInt("height", height, 1, 2 ** 31 - 1);
  checkLength("data", data.length, width, height);
  const { black, white, softening, nullGrey } = params;
  if (!(white > black) || !(softening > 0)) throw new ImageError("BAD_ARGUMENT", "stretch needs white > black and softening > 0");
  const flip = options.flipY ?? true;
  const inv = 1 / softening;
  const scale = 255 / Math.asinh((white - black) * inv);
  const pixels = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    const src = (flip ? height - 1 - r : r) * width;
    const dst = r * width;
    for (let x = 0; x < width; x++) {
      const v = data[src + x]!;
      let b: number;
      if (!(v - v === 0)) b = nullGrey;
      else {
        const t = (v - black) * inv;
        b = t <= 0 ? 0 : Math.min(255, Math.round(Math.asinh(t) * scale));
      }
      pixels[dst + x] = b;
    }
  }
  return { width, height, pixels };
}

/** Chooses parameters from the image's own statistics and renders it to 8-bit grey. */
export function stretchAsinh(image: Image2D, options: StretchOptions = {}): StretchedImage {
  const params = chooseStretch(image, options);
  return { ...applyStretch(image, params, options), params };
}
