/**
 * Range-set algebra for MOCs: sorted, non-overlapping, non-adjacent half-open intervals
 * [start, end) of bigint cell indices at one fixed order, stored flat ([s0, e0, s1, e1, …]), the
 * "range set" representation of Reinecke & Hivon (2015, A&A 580, A132) and MOC 2.0 REC §4.2.
 * BigInt because MOC 2.0 space coverage lives at order 29, where indices reach 12·4^29 ≈ 3.5e18
 * (> 2^53); the number of ranges, not their values, sets the cost.
 */

/** A flat, canonical range list: s0 < e0 < s1 < e1 < … */
export type Ranges = readonly bigint[];

/** Sorts and merges arbitrary [start, end) pairs (flat) into canonical form; empty pairs dropped. */
export function normalizeRanges(flat: readonly bigint[]): bigint[] {
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i]! < flat[i + 1]!) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [s, e] of pairs) {
    const n = out.length;
    if (n > 0 && s <= out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Union of two canonical range lists. */
export function unionRanges(a: Ranges, b: Ranges): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let s: bigint;
    let e: bigint;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      s = a[i]!;
      e = a[i + 1]!;
      i += 2;
    } else {
      s = b[j]!;
      e = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && s <= out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Intersection of two canonical range lists. */
export function intersectRanges(a: Ranges, b: Ranges): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = a[i]! > b[j]! ? a[i]! : b[j]!;
    const e = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
    if (s < e) out.push(s, e);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** The complement of a canonical range list within [0, total). */
export function complementRanges(a: Ranges, total: bigint): bigint[] {
  const out: bigint[] = [];
  let prev = 0n;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > prev) out.push(prev, a[i]!);
    prev = a[i + 1]!;
  }
  if (prev < total) out.push(prev, total);
  return out;
}

/** a minus b. */
export function differenceRanges(a: Ranges, b: Ranges, total: bigint): bigint[] {
  return intersectRanges(a, complementRanges(b, total));
}

/** Whether v lies in one of the ranges (binary search). */
export function rangesContain(a: Ranges, v: bigint): boolean {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v < a[2 * mid]!) hi = mid - 1;
    else if (v >= a[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Widens every range outward to multiples of `unit` (degrading resolution), then merges. */
export function coarsenRanges(a: Ranges, unit: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const s = (a[i]! / unit) * unit;
    const e = ((a[i + 1]! + unit - 1n) / unit) * unit;
    const n = out.length;
    if (n > 0 && s <= out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Total length of the ranges. */
export function rangesLength(a: Ranges): bigint {
  let t = 0n;
  for (let i = 0; i < a.length; i += 2) t += a[i + 1]! - a[i]!;
  return t;
}
