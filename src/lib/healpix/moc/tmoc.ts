/**
 * Time MOCs (IVOA MOC 2.0 REC §2.2, §4): sets of time cells of 2^(61−order) µs since JD 0 (TCB,
 * barycentre), held as canonical [start, end) ranges at order 61 (bigint: JD 2.46e6 is ≈ 2.1e17
 * µs, beyond 2^53), with ASCII (`t`-prefixed on output; order/cell lists, factor 2 between
 * orders) and FITS (RANGE packaging, MOCDIM='TIME', TIMESYS='TCB', MOCORD_T) forms. A small
 * companion of Smoc sharing its range algebra.
 */
import {
  type ByteSource,
  binTableHdu,
  collectBytes,
  emptyPrimaryHdu,
  formatCard,
  readBinTable,
  readHduIndex,
  writeFits,
} from "../../fits/index.js";
import { HealpixError } from "../order.js";
import {
  coarsenRanges,
  complementRanges,
  differenceRanges,
  intersectRanges,
  normalizeRanges,
  type Ranges,
  rangesContain,
  unionRanges,
} from "./ranges.js";

/** The deepest time order: 1 µs cells. */
export const TIME_MAX_ORDER = 61;
const TOTAL = 1n << 61n;
const US_PER_DAY = 86_400_000_000n;

function checkTimeOrder(order: number): void {
  if (!Number.isInteger(order) || order < 0 || order > TIME_MAX_ORDER) throw new HealpixError(`time MOC order must lie in [0, 61], got ${order}`);
}

/** Microseconds since JD 0 of a Julian Date (TCB), rounded to the microsecond. */
export function jdToMicroseconds(jd: number): bigint {
  const day = Math.floor(jd);
  return BigInt(day) * US_PER_DAY + BigInt(Math.round((jd - day) * 86_400_000_000));
}

/** A time MOC: canonical [start, end) µs ranges at order 61 and the declared order (MOCORD_T). */
export class Tmoc {
  constructor(
    readonly ranges: Ranges,
    readonly maxOrder: number,
  ) {}

  /** From [start, end) cell ranges at `order` (flat); maxOrder defaults to `order`. */
  static fromRanges(order: number, flat: readonly bigint[], maxOrder: number = order): Tmoc {
    checkTimeOrder(order);
    checkTimeOrder(maxOrder);
    const sh = BigInt(TIME_MAX_ORDER - order);
    return new Tmoc(normalizeRanges(flat.map((v) => v << sh)), TIME_MAX_ORDER).degrade(maxOrder);
  }

  /** From Julian Date intervals [jdStart, jdEnd) (TCB) at maxOrder (cells touched are covered). */
  static fromJdRanges(intervals: readonly (readonly [number, number])[], maxOrder: number): Tmoc {
    return Tmoc.fromRanges(TIME_MAX_ORDER, intervals.flatMap(([a, b]) => [jdToMicroseconds(a), jdToMicroseconds(b)]), maxOrder);
  }

  /** The same coverage at a coarser order (partly covered cells become covered). */
  degrade(order: number): Tmoc {
    checkTimeOrder(order);
    if (order >= this.maxOrder) return new Tmoc(this.ranges, order);
    return new Tmoc(coarsenRanges(this.ranges, 1n << BigInt(TIME_MAX_ORDER - order)), order);
  }

  private pair(other: Tmoc): [Ranges, Ranges, number] {
    const o = Math.min(this.maxOrder, other.maxOrder);
    return [this.degrade(o).ranges, other.degrade(o).ranges, o];
  }

  /** Time in either MOC. */
  union(other: Tmoc): Tmoc {
    const [a, b, o] = this.pair(other);
    return new Tmoc(unionRanges(a, b), o);
  }

  /** Time in both MOCs. */
  intersection(other: Tmoc): Tmoc {
    const [a, b, o] = this.pair(other);
    return new Tmoc(intersectRanges(a, b), o);
  }

  /** Time in this MOC but not in `other`. */
  difference(other: Tmoc): Tmoc {
    const [a, b, o] = this.pair(other);
    return new Tmoc(differenceRanges(a, b, TOTAL), o);
  }

  /** All other time. */
  complement(): Tmoc {
    return new Tmoc(complementRanges(this.ranges, TOTAL), this.maxOrder);
  }

  /** Whether the Julian Date (TCB) is covered. */
  containsJd(jd: number): boolean {
    return rangesContain(this.ranges, jdToMicroseconds(jd));
  }

  /** Canonical cells (largest aligned first), sorted by order then index. */
  cells(): { order: number; index: bigint }[] {
    const byOrder: bigint[][] = Array.from({ length: TIME_MAX_ORDER + 1 }, () => []);
    for (let i = 0; i < this.ranges.length; i += 2) {
      let s = this.ranges[i]!;
      const e = this.ranges[i + 1]!;
      while (s < e) {
        let o = 0;
        for (; o < TIME_MAX_ORDER; o++) {
          const size = 1n << BigInt(TIME_MAX_ORDER - o);
          if ((s & (size - 1n)) === 0n && s + size <= e) break;
        }
        const sh = BigInt(TIME_MAX_ORDER - o);
        byOrder[o]!.push(s >> sh);
        s += 1n << sh;
      }
    }
    return byOrder.flatMap((list, order) => list.map((index) => ({ order, index })));
  }

  /** Same coverage and resolution. */
  equals(other: Tmoc): boolean {
    return this.maxOrder === other.maxOrder && this.ranges.length === other.ranges.length && this.ranges.every((v, i) => v === other.ranges[i]);
  }
}

/** ASCII form with the `t` prefix, e.g. "t31/1 32/4 35/". */
export function tmocToAscii(moc: Tmoc): string {
  const parts: string[] = [];
  let deepest = -1;
  let current = -1;
  let items: string[] = [];
  const flush = () => {
    if (current >= 0) parts.push(`${current}/${items.join(" ")}`);
  };
  for (const c of moc.cells()) {
    if (c.order !== current) {
      flush();
      current = c.order;
      items = [];
    }
    const last = items[items.length - 1];
    const m = last === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(last);
    if (m !== null && BigInt(m[2] ?? m[1]!) + 1n === c.index) items[items.length - 1] = `${m[1]}-${c.index}`;
    else items.push(String(c.index));
    deepest = c.order;
  }
  flush();
  if (moc.maxOrder > deepest) parts.push(`${moc.maxOrder}/`);
  return `t${parts.join(" ")}`;
}

/** Parses the ASCII form (with or without the `t` prefix). */
export function tmocFromAscii(text: string): Tmoc {
  const t = text.trim().replace(/^t/, "");
  const flat: bigint[] = [];
  let order = -1;
  let maxOrder = 0;
  for (const raw of t.split(/[\s,]+/)) {
    if (raw === "") continue;
    let tok = raw;
    const slash = tok.indexOf("/");
    if (slash >= 0) {
      order = Number(tok.slice(0, slash));
      checkTimeOrder(order);
      maxOrder = Math.max(maxOrder, order);
      tok = tok.slice(slash + 1);
      if (tok === "") continue;
    }
    const m = /^(\d+)(?:-(\d+))?$/.exec(tok);
    if (m === null || order < 0) throw new HealpixError(`time MOC ASCII: bad token ${JSON.stringify(raw)}`);
    const sh = BigInt(TIME_MAX_ORDER - order);
    flat.push(BigInt(m[1]!) << sh, (BigInt(m[2] ?? m[1]!) + 1n) << sh);
  }
  return new Tmoc(normalizeRanges(flat), TIME_MAX_ORDER).degrade(maxOrder);
}

/** FITS form: RANGE packaging of [start, end) µs pairs at order 61 (MOC 2.0 §4.3.1). */
export async function tmocToFits(moc: Tmoc, options: { readonly mocTool?: string } = {}): Promise<Uint8Array> {
  const cards = [
    formatCard("MOCVERS", "2.0", "MOC version"),
    formatCard("MOCDIM", "TIME", "MOC dimension"),
    formatCard("ORDERING", "RANGE", "RANGE coding method"),
    formatCard("MOCORD_T", moc.maxOrder, "Time MOC resolution (best order)"),
    formatCard("TIMESYS", "TCB", "time reference system"),
  ];
  if (options.mocTool !== undefined) cards.push(formatCard("MOCTOOL", options.mocTool, "name of the MOC generator"));
  const table = binTableHdu([{ name: "RANGE", tform: "1K", values: [...moc.ranges] }], moc.ranges.length, cards);
  return collectBytes(writeFits([emptyPrimaryHdu(), table], { checksum: true }));
}

/** Reads a time MOC (RANGE packaging) from FITS bytes; HealpixError for other kinds. */
export async function tmocFromFits(source: ByteSource): Promise<Tmoc> {
  const index = await readHduIndex(source);
  const entry = index.hdus.find((h) => h.layout.kind === "bintable");
  if (entry === undefined) throw new HealpixError("MOC FITS: no BINTABLE extension");
  const dim = String(entry.header.get("MOCDIM") ?? "").trim().toUpperCase();
  const ordering = String(entry.header.get("ORDERING") ?? "").trim().toUpperCase();
  if (dim !== "TIME" || ordering !== "RANGE") throw new HealpixError(`MOC FITS: expected a TIME MOC in RANGE packaging, got ${dim} ${ordering}`);
  const declared = Number(entry.header.get("MOCORD_T") ?? TIME_MAX_ORDER);
  checkTimeOrder(declared);
  const table = await readBinTable(source, entry, { columns: [0] });
  const col = table.values[0];
  if (col === undefined || col.kind !== "number") throw new HealpixError("MOC FITS: the first column is not integer");
  const raw = col.values as ArrayLike<number | bigint>;
  const flat: bigint[] = [];
  for (let i = 0; i < raw.length; i++) flat.push(BigInt(raw[i]!));
  if (flat.length % 2 !== 0) throw new HealpixError("MOC FITS: RANGE packaging needs pairs");
  return new Tmoc(normalizeRanges(flat), TIME_MAX_ORDER).degrade(declared);
}
