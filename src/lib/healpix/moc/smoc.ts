/**
 * Space MOCs (IVOA MOC 2.0 REC, 2022, §2–3): a set of HEALPix NESTED cells in ICRS, held as a
 * canonical range list at order 29 (see ranges.ts) plus the declared maximum order (MOCORD_S).
 * Immutable: every operation returns a new Smoc. Operations between MOCs of different
 * resolutions degrade to the coarser one (MOC-09, REC §3.2).
 */
import type { Region } from "../../sphere/index.js";
import { visitCoverage } from "../coverage.js";
import { xyfToNestBig } from "../nest.js";
import { checkOrder, HealpixError, MAX_ORDER, npixBig } from "../order.js";
import { radec2pixBig } from "../pixel.js";
import { fromUniqBig, toUniqBigUnchecked } from "../uniq.js";
import {
  coarsenRanges,
  complementRanges,
  differenceRanges,
  intersectRanges,
  normalizeRanges,
  type Ranges,
  rangesContain,
  rangesLength,
  unionRanges,
} from "./ranges.js";

const NPIX29 = npixBig(MAX_ORDER);

/** One MOC cell: NESTED ipix at `order`. */
export interface MocCell {
  readonly order: number;
  readonly ipix: bigint;
}

function shiftTo29(order: number): bigint {
  return BigInt(2 * (MAX_ORDER - order));
}

/** A space MOC. `ranges` are [start, end) NESTED indices at order 29, canonical. */
export class Smoc {
  /** Canonical [start, end) order-29 ranges, flat. */
  readonly ranges: Ranges;
  /** The declared resolution (MOCORD_S), 0..29; every range is aligned to cells of this order. */
  readonly maxOrder: number;

  /** Use the static constructors; this one trusts its input to be canonical and aligned. */
  constructor(ranges: Ranges, maxOrder: number) {
    this.ranges = ranges;
    this.maxOrder = maxOrder;
  }

  /** The empty MOC at maxOrder. */
  static empty(maxOrder: number): Smoc {
    checkOrder(maxOrder, MAX_ORDER);
    return new Smoc([], maxOrder);
  }

  /** The whole sky. */
  static full(maxOrder: number): Smoc {
    checkOrder(maxOrder, MAX_ORDER);
    return new Smoc([0n, NPIX29], maxOrder);
  }

  /** From [start, end) ranges of NESTED indices at `order` (flat, any order of pairs). */
  static fromRanges(order: number, flat: readonly bigint[], maxOrder: number = order): Smoc {
    checkOrder(order, MAX_ORDER);
    const sh = shiftTo29(order);
    return new Smoc(normalizeRanges(flat.map((v) => v << sh)), MAX_ORDER).degrade(maxOrder);
  }

  /** From cells (order, NESTED ipix); maxOrder defaults to the deepest cell order (0 when empty). */
  static fromCells(cells: Iterable<MocCell>, maxOrder?: number): Smoc {
    const flat: bigint[] = [];
    let deepest = 0;
    for (const c of cells) {
      checkOrder(c.order, MAX_ORDER);
      if (c.ipix < 0n || c.ipix >= npixBig(c.order)) throw new HealpixError(`MOC cell ${c.order}/${c.ipix} out of range`);
      const sh = shiftTo29(c.order);
      flat.push(c.ipix << sh, (c.ipix + 1n) << sh);
      if (c.order > deepest) deepest = c.order;
    }
    const mo = maxOrder ?? deepest;
    checkOrder(mo, MAX_ORDER);
    return new Smoc(normalizeRanges(flat), MAX_ORDER).degrade(mo);
  }

  /** From NUNIQ values (bigint or number); throws HealpixError for invalid values. */
  static fromUniq(uniq: Iterable<bigint | number>, maxOrder?: number): Smoc {
    const cells: MocCell[] = [];
    for (const u of uniq) cells.push(fromUniqBig(BigInt(u)));
    return Smoc.fromCells(cells, maxOrder);
  }

  /**
   * The MOC of a region at maxOrder: inclusive (every cell touching the region, and a few more;
   * see healpix/coverage.ts) by default, or cells whose centre lies inside when exact.
   */
  static fromRegion(region: Region, maxOrder: number, options: { readonly inclusive?: boolean } = {}): Smoc {
    checkOrder(maxOrder, MAX_ORDER);
    const flat: bigint[] = [];
    visitCoverage(region, maxOrder, { inclusive: options.inclusive ?? true }, (d, f, ix, iy) => {
      const sh = shiftTo29(d);
      const s = xyfToNestBig(d, f, ix, iy) << sh;
      const e = s + (1n << sh);
      const n = flat.length;
      if (n > 0 && flat[n - 1] === s) flat[n - 1] = e;
      else flat.push(s, e);
    });
    return new Smoc(flat, maxOrder);
  }

  /** Cells of a cone (degrees) at maxOrder, inclusive by default. */
  static fromCone(raDeg: number, decDeg: number, radiusDeg: number, maxOrder: number, options: { readonly inclusive?: boolean } = {}): Smoc {
    return Smoc.fromRegion({ kind: "circle", raDeg, decDeg, radiusDeg }, maxOrder, options);
  }

  /** This MOC at a coarser (or equal) order: every partly covered cell becomes fully covered. */
  degrade(order: number): Smoc {
    checkOrder(order, MAX_ORDER);
    if (order >= this.maxOrder) return new Smoc(this.ranges, order);
    return new Smoc(coarsenRanges(this.ranges, 1n << shiftTo29(order)), order);
  }

  private coarser(other: Smoc): [Smoc, Smoc, number] {
    const o = Math.min(this.maxOrder, other.maxOrder);
    return [this.degrade(o), other.degrade(o), o];
  }

  /** Cells in either MOC, at the coarser of the two resolutions. */
  union(other: Smoc): Smoc {
    const [a, b, o] = this.coarser(other);
    return new Smoc(unionRanges(a.ranges, b.ranges), o);
  }

  /** Cells in both MOCs, at the coarser of the two resolutions. */
  intersection(other: Smoc): Smoc {
    const [a, b, o] = this.coarser(other);
    return new Smoc(intersectRanges(a.ranges, b.ranges), o);
  }

  /** Cells in this MOC and not in `other`, at the coarser of the two resolutions. */
  difference(other: Smoc): Smoc {
    const [a, b, o] = this.coarser(other);
    return new Smoc(differenceRanges(a.ranges, b.ranges, NPIX29), o);
  }

  /** The rest of the sky, at this MOC's resolution. */
  complement(): Smoc {
    return new Smoc(complementRanges(this.ranges, NPIX29), this.maxOrder);
  }

  /** Whether the MOC covers (raDeg, decDeg). */
  contains(raDeg: number, decDeg: number): boolean {
    return rangesContain(this.ranges, radec2pixBig(MAX_ORDER, raDeg, decDeg, "nested"));
  }

  /** Whether the MOC covers NESTED cell ipix at order (entirely). */
  containsCell(order: number, ipix: bigint): boolean {
    const sh = shiftTo29(order);
    const s = ipix << sh;
    const e = (ipix + 1n) << sh;
    const inter = intersectRanges(this.ranges, [s, e]);
    return inter.length === 2 && inter[0] === s && inter[1] === e;
  }

  /** Whether no cell is covered. */
  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Fraction of the sky covered, in [0, 1]. */
  skyFraction(): number {
    const len = rangesLength(this.ranges);
    // Split to keep the division exact to double precision.
    return Number(len >> 20n) / Number(NPIX29 >> 20n) + Number(len & 0xfffffn) / Number(NPIX29);
  }

  /** Covered area in steradians. */
  areaSr(): number {
    return 4 * Math.PI * this.skyFraction();
  }

  /** Covered area in square degrees. */
  areaDeg2(): number {
    return this.areaSr() * (180 / Math.PI) ** 2;
  }

  /**
   * The canonical cell list (MOC-02): largest cells first allowed by alignment, no cell split
   * unnecessarily, sorted by order then ipix.
   */
  cells(): MocCell[] {
    const byOrder: bigint[][] = Array.from({ length: MAX_ORDER + 1 }, () => []);
    for (let i = 0; i < this.ranges.length; i += 2) {
      let s = this.ranges[i]!;
      const e = this.ranges[i + 1]!;
      while (s < e) {
        // The coarsest order whose cell starting at s is aligned and fits in [s, e).
        let o = 0;
        for (; o < MAX_ORDER; o++) {
          const sh = shiftTo29(o);
          const size = 1n << sh;
          if ((s & (size - 1n)) === 0n && s + size <= e) break;
        }
        const sh = shiftTo29(o);
        byOrder[o]!.push(s >> sh);
        s += 1n << sh;
      }
    }
    const out: MocCell[] = [];
    byOrder.forEach((list, order) => {
      for (const ipix of list) out.push({ order, ipix });
    });
    return out;
  }

  /** NUNIQ values of the canonical cells, ascending. */
  uniq(): bigint[] {
    return this.cells()
      .map((c) => toUniqBigUnchecked(c.order, c.ipix))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The deepest order actually used by a cell (0 when empty). */
  deepestOrder(): number {
    let d = 0;
    for (const c of this.cells()) if (c.order > d) d = c.order;
    return d;
  }

  /** Same cells and resolution. */
  equals(other: Smoc): boolean {
    return this.maxOrder === other.maxOrder && this.ranges.length === other.ranges.length && this.ranges.every((v, i) => v === other.ranges[i]);
  }
}
