/**
 * Quadtree decoding of H-transform bit planes (White 1992, "High-performance compression of
 * astronomical images", §3): each bit plane of a quadrant of coefficient magnitudes is either
 * sent directly as 4-bit values (code nybble 0), each covering a 2×2 pixel block, or as a
 * quadtree (code nybble 0xF): starting from one 4-bit value for the whole quadrant, every
 * non-zero 4-bit value is refined into four children (one per set bit) whose own 4-bit values
 * follow, coarsest level first and, within a level, in reverse raster order.
 */
import { badStream } from "../errors.js";
import type { BitInput } from "./bits.js";

/**
 * Expands 4-bit values over a (ceil(nx/2) × ceil(ny/2)) grid into one bit per cell of an nx × ny
 * grid: bit 3 → (2i, 2j), bit 2 → (2i, 2j+1), bit 1 → (2i+1, 2j), bit 0 → (2i+1, 2j+1).
 */
function expandBits(src: Uint8Array, nx: number, ny: number, dst: Uint8Array): void {
  const sy = (ny + 1) >> 1;
  const sx = (nx + 1) >> 1;
  for (let i = 0; i < sx; i++) {
    for (let j = 0; j < sy; j++) {
      const v = src[i * sy + j]!;
      const r0 = 2 * i * ny + 2 * j;
      dst[r0] = (v >> 3) & 1;
      if (2 * j + 1 < ny) dst[r0 + 1] = (v >> 2) & 1;
      if (2 * i + 1 < nx) {
        dst[r0 + ny] = (v >> 1) & 1;
        if (2 * j + 1 < ny) dst[r0 + ny + 1] = v & 1;
      }
    }
  }
}

/** Adds bit plane `plane` from 4-bit values over 2×2 blocks into the quadrant of `a`. */
function insertPlane(values: Uint8Array, nqx: number, nqy: number, a: Float64Array, offset: number, stride: number, plane: number): void {
  const w = 2 ** plane;
  const sy = (nqy + 1) >> 1;
  const sx = (nqx + 1) >> 1;
  for (let i = 0; i < sx; i++) {
    for (let j = 0; j < sy; j++) {
      const v = values[i * sy + j]!;
      if (v === 0) continue;
      const p = offset + 2 * i * stride + 2 * j;
      if (v & 8) a[p] = a[p]! + w;
      if (v & 4 && 2 * j + 1 < nqy) a[p + 1] = a[p + 1]! + w;
      if (2 * i + 1 < nqx) {
        if (v & 2) a[p + stride] = a[p + stride]! + w;
        if (v & 1 && 2 * j + 1 < nqy) a[p + stride + 1] = a[p + stride + 1]! + w;
      }
    }
  }
}

/**
 * Decodes `planes` bit planes (most significant first) of the nqx × nqy quadrant of `a` that
 * starts at `offset` with row stride `stride`, adding the magnitudes into `a`.
 */
export function decodeQuadrant(input: BitInput, a: Float64Array, offset: number, stride: number, nqx: number, nqy: number, planes: number): void {
  if (nqx <= 0 || nqy <= 0) return;
  const nmax = Math.max(nqx, nqy);
  const log2n = Math.ceil(Math.log2(nmax));
  const sx = (nqx + 1) >> 1;
  const sy = (nqy + 1) >> 1;
  let cur = new Uint8Array(sx * sy);
  let next = new Uint8Array(sx * sy);
  for (let plane = planes - 1; plane >= 0; plane--) {
    const code = input.nybble();
    if (code === 0) {
      for (let k = 0; k < sx * sy; k++) cur[k] = input.nybble();
    } else if (code !== 0xf) {
      throw badStream("HCOMPRESS_1", `bad bit-plane code ${code}`);
    } else {
      cur[0] = input.huffman();
      let nx = 1;
      let ny = 1;
      let fx = nqx;
      let fy = nqy;
      let c = 1 << log2n;
      for (let k = 1; k < log2n; k++) {
        // Grid sizes ceil(nq / 2^(log2n − k)), built incrementally.
        c >>= 1;
        nx *= 2;
        ny *= 2;
        if (fx <= c) nx -= 1;
        else fx -= c;
        if (fy <= c) ny -= 1;
        else fy -= c;
        expandBits(cur, nx, ny, next);
        for (let i = nx * ny - 1; i >= 0; i--) if (next[i] !== 0) next[i] = input.huffman();
        const t = cur;
        cur = next;
        next = t;
      }
    }
    insertPlane(cur, nqx, nqy, a, offset, stride, plane);
  }
}
