/**
 * The shape every benchmark under bench/ exports, and small timing helpers.
 * A benchmark is a module `bench/<name>.ts` exporting `run: Bench`; `npm run bench -- <name>`
 * runs it, prints a table and appends JSON lines to .bench-results/<name>.jsonl.
 */
import { performance } from "node:perf_hooks";

export interface BenchFigure {
  /** What was measured, e.g. "section 300x300 float32 (plain)". */
  readonly name: string;
  /** The figure, in `unit`. */
  readonly value: number;
  /** e.g. "ms/call", "rows/s", "MB". */
  readonly unit: string;
  /** The same measurement by a peer (astropy, healpy, DaCHS) taken in the same run. */
  readonly peer?: { readonly name: string; readonly value: number };
  /**
   * How many times better we are than the peer (>1 = faster), computed by the benchmark because
   * only it knows whether larger or smaller is better for its unit.
   */
  readonly speedup?: number;
  /** The target, in words, e.g. ">= 3x astropy". */
  readonly target?: string;
  /** Whether the target holds, when a target is given. */
  readonly meetsTarget?: boolean;
  readonly note?: string;
}

export interface BenchOptions {
  /** A shortened run (fewer repetitions), for smoke checks. */
  readonly quick: boolean;
}

export type Bench = (options: BenchOptions) => Promise<BenchFigure[]>;

/** Times `fn` `iterations` times after `warmup` calls; returns per-call milliseconds sorted. */
export async function timeCalls(
  fn: () => unknown | Promise<unknown>,
  iterations: number,
  warmup = Math.min(5, iterations),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** The q-quantile (0..1) of an ascending array. */
export function quantile(sortedAsc: readonly number[], q: number): number {
  if (sortedAsc.length === 0) return Number.NaN;
  const i = Math.min(sortedAsc.length - 1, Math.max(0, Math.round(q * (sortedAsc.length - 1))));
  return sortedAsc[i]!;
}
