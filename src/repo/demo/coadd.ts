/**
 * Coadds by warping: each input visit image is resampled onto a patch's pixel grid through the two
 * WCSs (patch pixel → sky → sensor pixel) with bilinear interpolation, and the inputs are averaged
 * with one inverse-variance weight per input (1/σ_sky², as LSST's AssembleCoadd uses scalar
 * weights so bright sources do not bias the mean). The sky→pixel mapping is evaluated exactly on a
 * grid every GRID_STEP pixels and interpolated bilinearly between (its curvature over 32 px moves
 * positions by < 1e-3 px here), which keeps warping cheap. Pixels flagged BAD/SAT/CR/NO_DATA in an
 * input are left out; the coadd variance is Σw²σ²/(Σw)². Pixels without inputs are flagged NO_DATA
 * with image 0 and variance +Inf (no information), which compressed files store as a huge finite
 * variance (quantize-known-noise.ts). Not NaN: astropy 5.2 does not restore ZBLANK nulls in
 * quantised tiles (it returns ZBLANK·ZSCALE, a huge negative value).
 */
import type { Wcs } from "../../lib/wcs/index.js";
import { COADD_REJECT_BITS, maskBit } from "./mask.js";
import type { MaskedImage } from "./sensor-frames.js";

const GRID_STEP = 32;

/** A coadd being accumulated on a patch grid. */
export class CoaddAccumulator {
  readonly sum: Float32Array;
  readonly weight: Float32Array;
  readonly varSum: Float32Array;
  readonly mask: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly wcs: Wcs,
  ) {
    const n = width * height;
    this.sum = new Float32Array(n);
    this.weight = new Float32Array(n);
    this.varSum = new Float32Array(n);
    this.mask = new Int32Array(n);
  }

  /** Warps one input (with its WCS and scalar weight) into the coadd. */
  add(input: MaskedImage, inputWcs: Wcs, weight: number): void {
    const box = this.footprintBox(input, inputWcs);
    if (!box) return;
    const [xl, yl, xh, yh] = box;
    const gw = Math.ceil((xh - xl) / GRID_STEP) + 2;
    const gh = Math.ceil((yh - yl) / GRID_STEP) + 2;
    const gx = new Float64Array(gw * gh);
    const gy = new Float64Array(gw * gh);
    for (let j = 0; j < gh; j++) {
      for (let i = 0; i < gw; i++) {
        const [ra, dec] = this.wcs.pixToWorld(xl + i * GRID_STEP + 1, yl + j * GRID_STEP + 1);
        const [x1, y1] = inputWcs.worldToPix(ra, dec);
        gx[j * gw + i] = x1 - 1;
        gy[j * gw + i] = y1 - 1;
      }
    }
    const w = input.width;
    const h = input.height;
    const w2 = weight * weight;
    const detected = maskBit("DETECTED");
    for (let y = yl; y <= yh; y++) {
      const tj = (y - yl) / GRID_STEP;
      const j0 = Math.floor(tj);
      const fj = tj - j0;
      for (let x = xl; x <= xh; x++) {
        const ti = (x - xl) / GRID_STEP;
        const i0 = Math.floor(ti);
        const fi = ti - i0;
        const g = j0 * gw + i0;
        const sx = (1 - fj) * ((1 - fi) * gx[g]! + fi * gx[g + 1]!) + fj * ((1 - fi) * gx[g + gw]! + fi * gx[g + gw + 1]!);
        const sy = (1 - fj) * ((1 - fi) * gy[g]! + fi * gy[g + 1]!) + fj * ((1 - fi) * gy[g + gw]! + fi * gy[g + gw + 1]!);
        if (!(sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1)) continue;
        const ix = Math.floor(sx);
        const iy = Math.floor(sy);
        const fx = sx - ix;
        const fy = sy - iy;
        const p = iy * w + ix;
        const m = input.mask[p]! | input.mask[p + 1]! | input.mask[p + w]! | input.mask[p + w + 1]!;
        const o = y * this.width + x;
        if (m & COADD_REJECT_BITS) continue;
        const a = (1 - fx) * (1 - fy);
        const b = fx * (1 - fy);
        const c = (1 - fx) * fy;
        const d = fx * fy;
        const v = a * input.image[p]! + b * input.image[p + 1]! + c * input.image[p + w]! + d * input.image[p + w + 1]!;
        const s2 = a * input.variance[p]! + b * input.variance[p + 1]! + c * input.variance[p + w]! + d * input.variance[p + w + 1]!;
        this.sum[o]! += weight * v;
        this.weight[o]! += weight;
        this.varSum[o]! += w2 * s2;
        this.mask[o]! |= m & detected;
      }
    }
  }

  /** 0-based patch pixel box [xl, yl, xh, yh] covering the input, or undefined when disjoint. */
  private footprintBox(input: MaskedImage, inputWcs: Wcs): [number, number, number, number] | undefined {
    const xs: number[] = [];
    const ys: number[] = [];
    const n = 8;
    for (let k = 0; k <= n; k++) {
      const t = 0.5 + (k / n) * input.width;
      const u = 0.5 + (k / n) * input.height;
      for (const [px, py] of [[t, 0.5], [t, input.height + 0.5], [0.5, u], [input.width + 0.5, u]] as const) {
        const [ra, dec] = inputWcs.pixToWorld(px, py);
        const [x1, y1] = this.wcs.worldToPix(ra, dec);
        xs.push(x1 - 1);
        ys.push(y1 - 1);
      }
    }
    const xl = Math.max(0, Math.floor(Math.min(...xs)) - 1);
    const yl = Math.max(0, Math.floor(Math.min(...ys)) - 1);
    const xh = Math.min(this.width - 1, Math.ceil(Math.max(...xs)) + 1);
    const yh = Math.min(this.height - 1, Math.ceil(Math.max(...ys)) + 1);
    return xl > xh || yl > yh ? undefined : [xl, yl, xh, yh];
  }

  /** The coadd planes: weighted mean (nJy), variance (nJy²), mask (NO_DATA where no input; see module header). */
  finish(): MaskedImage {
    const n = this.width * this.height;
    const image = new Float32Array(n);
    const variance = new Float32Array(n);
    const noData = maskBit("NO_DATA");
    for (let i = 0; i < n; i++) {
      const wt = this.weight[i]!;
      if (wt > 0) {
        image[i] = this.sum[i]! / wt;
        variance[i] = this.varSum[i]! / (wt * wt);
      } else {
        image[i] = 0;
        variance[i] = Number.POSITIVE_INFINITY;
        this.mask[i]! |= noData;
      }
    }
    return { width: this.width, height: this.height, image, variance, mask: this.mask };
  }
}
