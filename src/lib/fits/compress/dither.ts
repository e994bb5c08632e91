/**
 * The subtractive-dither random sequence of the tiled image compression convention (FITS 4.0
 * standard §10.2.1, Table 36 and its pseudo-code): 10 000 uniform values in (0, 1) from the
 * Park–Miller "minimal standard" generator (a = 16807, m = 2^31 − 1, seed 1; Park & Miller 1988),
 * and the per-tile offset rule that picks where in the table each tile starts (ZDITHER0).
 */

/** Length of the dither table, N_RANDOM in the standard. */
export const N_RANDOM = 10000;
/** Park–Miller multiplier a. */
const PM_A = 16807;
/** Park–Miller modulus m = 2^31 − 1. */
const PM_M = 2147483647;

let table: Float64Array | undefined;

/**
 * The 10 000 dither values: the seed recurrence is computed in double precision exactly as the
 * standard's pseudo-code (seed ← a·seed mod m), each value is seed / m rounded to single precision
 * (the table type in the standard); the last seed must be 1043618065 (the standard's check).
 */
export function ditherTable(): Float64Array {
  if (table) return table;
  const t = new Float64Array(N_RANDOM);
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = PM_A * seed; // < 2^46: exact in a double
    seed = temp - PM_M * Math.floor(temp / PM_M);
    // The standard's table holds single-precision values; decoders must use the rounded ones.
    t[i] = Math.fround(seed / PM_M);
  }
  table = t;
  return t;
}

/** The final seed of the table generator, for the standard's self-check (1043618065). */
export function ditherTableFinalSeed(): number {
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = PM_A * seed;
    seed = temp - PM_M * Math.floor(temp / PM_M);
  }
  return seed;
}

/**
 * A cursor over the dither sequence for one tile: the tile with 1-based row number `tile1` starts
 * at table entry iseed = (tile1 − 1 + ZDITHER0 − 1) mod N, then uses values from index
 * floor(r[iseed]·500); after each pixel the index advances, and when it reaches N the seed index
 * advances by one and the value index restarts at floor(r[iseed]·500).
 */
export class DitherCursor {
  readonly #r: Float64Array;
  #iseed: number;
  #next: number;

  constructor(tile1: number, zdither0: number) {
    this.#r = ditherTable();
    this.#iseed = (((tile1 - 1 + zdither0 - 1) % N_RANDOM) + N_RANDOM) % N_RANDOM;
    this.#next = Math.floor(this.#r[this.#iseed]! * 500);
  }

  /** The current dither value, then advances to the next pixel. */
  nextValue(): number {
    const v = this.#r[this.#next]!;
    this.#next++;
    if (this.#next === N_RANDOM) {
      this.#iseed++;
      if (this.#iseed === N_RANDOM) this.#iseed = 0;
      this.#next = Math.floor(this.#r[this.#iseed]! * 500);
    }
    return v;
  }
}
