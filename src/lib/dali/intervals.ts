/**
 * DALI 1.1 intervals (standards.md §1.3; SIA 2.0 §8.1 SIA-04): `lo hi` with inclusive bounds,
 * `-Inf`/`+Inf` for open ends, a single number meaning the degenerate interval `x x`, lo ≤ hi,
 * NaN refused. Used by BAND (m), TIME (MJD), EXPTIME/TIMERES (s), SPECRP, FOV (deg) and SPATRES
 * (arcsec). Number reading is lib/sphere's parseDaliInterval; this adds the scalar form and the
 * per-parameter domain (non-negative for everything but TIME).
 */
import { formatDaliInterval, parseDaliInterval } from "../sphere/index.js";
import { invalid, wrapGeometry } from "./fault.js";

/** A closed interval; lo may be -Infinity and hi +Infinity. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** The interval-valued parameters and whether negative finite bounds are meaningful. */
export const INTERVAL_PARAMS = {
  BAND: { unit: "m", nonNegative: true },
  TIME: { unit: "d (MJD)", nonNegative: false },
  EXPTIME: { unit: "s", nonNegative: true },
  TIMERES: { unit: "s", nonNegative: true },
  SPECRP: { unit: "", nonNegative: true },
  FOV: { unit: "deg", nonNegative: true },
  SPATRES: { unit: "arcsec", nonNegative: true },
} as const;

/** Name of an interval-valued parameter. */
export type IntervalParam = keyof typeof INTERVAL_PARAMS;

/**
 * One interval value of `param`: `x` or `lo hi`. A scalar must be finite; with `nonNegative`
 * (all but TIME) finite bounds below zero are refused. Errors are UsageFaults naming the value.
 */
export function parseInterval(value: string, param: string, opts: { readonly nonNegative?: boolean } = {}): Interval {
  const words = value.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw invalid(param, value, "expected a number or an interval \"lo hi\"");
  if (words.length > 2) throw invalid(param, value, `expected a number or an interval "lo hi", got ${words.length} numbers`);
  const text = words.length === 1 ? `${words[0]} ${words[0]}` : value;
  const iv = wrapGeometry(param, value, () => parseDaliInterval(text));
  if (words.length === 1 && !Number.isFinite(iv.lo)) throw invalid(param, value, "a single value must be a finite number");
  if (opts.nonNegative === true && ((Number.isFinite(iv.lo) && iv.lo < 0) || (Number.isFinite(iv.hi) && iv.hi < 0))) {
    throw invalid(param, value, "bounds must be >= 0 (or -Inf/+Inf)");
  }
  return { lo: iv.lo, hi: iv.hi };
}

/** Parses one value of a named SIA/SODA interval parameter with that parameter's domain. */
export function parseNamedInterval(param: IntervalParam, value: string): Interval {
  return parseInterval(value, param, { nonNegative: INTERVAL_PARAMS[param].nonNegative });
}

/** DALI text of an interval (`lo hi`, ±Inf spelled `-Inf`/`+Inf`), inverse of parseInterval. */
export function formatInterval(iv: Interval): string {
  return formatDaliInterval(iv.lo, iv.hi);
}

/** Whether two closed intervals share at least one value (SIA BAND/TIME overlap semantics). */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

/** Whether x lies in the closed interval (SIA FOV/SPATRES/EXPTIME … semantics). */
export function containsValue(iv: Interval, x: number): boolean {
  return iv.lo <= x && x <= iv.hi;
}
