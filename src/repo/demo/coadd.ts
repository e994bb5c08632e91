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

  /**
   * Warps one input (with its WCS and scalar weight) into the coadd, and into `also` (a coadd of
   * the same patch grid, e.g. the template beside the deep coadd) with the same resampled values,
   * so an input shared by two coadds is warped once.
   */
  add(input: MaskedImage, inputWcs: Wcs, weight: number, also?: CoaddAccumulator): void {
    if (also && (also.width !== this.width || also.height !== this.height)) throw new Error("coadds warped together must share the patch grid");
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
    const { image, variance, mask } = input;
    const { sum, weight: wsum, varSum, mask: outMask } = this;
    // The grid interpolated to the current row; along the row the mapping is then linear within
    // each grid cell, so it advances by a constant step per pixel.
    const rx = new Float64Array(gw);
    const ry = new Float64Array(gw);
    for (let y = yl; y <= yh; y++) {
      const tj = (y - yl) / GRID_STEP;
      const j0 = Math.floor(tj);
      const fj = tj - j0;
      const g0 = j0 * gw;
      for (let i = 0; i < gw; i++) {
        rx[i] = (1 - fj) * gx[g0 + i]! + fj * gx[g0 + gw + i]!;
        ry[i] = (1 - fj) * gy[g0 + i]! + fj * gy[g0 + gw + i]!;
      }
      const row = y * this.width;
      for (let i0 = 0, x0 = xl; x0 <= xh; i0++, x0 += GRID_STEP) {
        const ax = rx[i0]!;
        const ay = ry[i0]!;
        const dx = (rx[i0 + 1]! - ax) / GRID_STEP;
        const dy = (ry[i0 + 1]! - ay) / GRID_STEP;
        const n = Math.min(GRID_STEP, xh - x0 + 1);
        for (let k = 0; k < n; k++) {
          const sx = ax + dx * k;
          const sy = ay + dy * k;
          if (!(sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1)) continue;
          const ix = sx | 0;
          const iy = sy | 0;
          const fx = sx - ix;
          const fy = sy - iy;
          const p = iy * w + ix;
          const m = mask[p]! | mask[p + 1]! | mask[p + w]! | mask[p + w + 1]!;
          if (m & COADD_REJECT_BITS) continue;
          const o = row + x0 + k;
          const a = (1 - fx) * (1 - fy);
          const b = fx * (1 - fy);
          const c = (1 - fx) * fy;
          const d = fx * fy;
          const v = a * image[p]! + b * image[p + 1]! + c * image[p + w]! + d * image[p + w + 1]!;
          const s2 = a * variance[p]! + b * variance[p + 1]! + c * variance[p + w]! + d * variance[p + w + 1]!;
          sum[o]! += weight * v;
          wsum[o]! += weight;
          varSum[o]! += w2 * s2;
          outMask[o]! |= m & detected;
          if (also) {
            also.sum[o]! += weight * v;
            also.weight[o]! += weight;
            also.varSum[o]! += w2 * s2;
            also.mask[o]! |= m & detected;
          }
        }
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

  /**
   * The coadd planes: weighted mean (nJy), variance (nJy²), mask (NO_DATA where no input; see
   * module header). Computed in place over the sums, so call it once, after the last `add`.
   */
  finish(): MaskedImage {
    const n = this.width * this.height;
    const image = this.sum;
    const variance = this.varSum;
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
