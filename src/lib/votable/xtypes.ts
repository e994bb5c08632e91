/**
 * DALI 1.1 xtypes (REC-DALI-1.1 §3.3): timestamp, interval, point, circle, polygon, plus the ASCII
 * MOC string (MOC 2.0 §4.3.2, an xtype of DALI 1.2 that we write as `xtype="moc"` on a char
 * column). Helpers turn structured values into the cells the writers take (angles in degrees,
 * times as UTC without zone) and parse cells/text back. The column-level rules (datatype and
 * arraysize each xtype requires) are in `XTYPE_RULES`.
 */
import type { Datatype, Field } from "./model.js";

/** The datatype/arraysize a DALI xtype requires (DALI 1.1 §3.3, standards.md §1.3). */
export interface XtypeRule {
  readonly datatypes: readonly Datatype[];
  /** Allowed arraysize values; "*" also allows "n*" bounded forms. */
  readonly arraysizes: readonly string[];
}

/** Column rules per xtype. */
export const XTYPE_RULES: Readonly<Record<string, XtypeRule>> = {
  timestamp: { datatypes: ["char"], arraysizes: ["*", "fixed"] },
  interval: { datatypes: ["double", "float", "short", "int", "long"], arraysizes: ["2"] },
  point: { datatypes: ["double", "float"], arraysizes: ["2"] },
  circle: { datatypes: ["double", "float"], arraysizes: ["3"] },
  polygon: { datatypes: ["double", "float"], arraysizes: ["*"] },
  moc: { datatypes: ["char"], arraysizes: ["*"] },
};

/** Returns a message when `field` breaks its xtype's column rule, else undefined. */
export function checkXtype(field: Field): string | undefined {
  const rule = field.xtype === undefined ? undefined : XTYPE_RULES[field.xtype];
  if (rule === undefined) return undefined;
  if (!rule.datatypes.includes(field.datatype)) return `xtype ${field.xtype} needs datatype ${rule.datatypes.join("|")}`;
  const a = field.arraysize ?? "";
  const ok = rule.arraysizes.some((r) => (r === "*" ? /^\d*\*$/.test(a) : r === "fixed" ? /^\d+$/.test(a) : r === a));
  return ok ? undefined : `xtype ${field.xtype} needs arraysize ${rule.arraysizes.join("|")}`;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?)?(Z)?$/;

/** A Date as a DALI timestamp "YYYY-MM-DDThh:mm:ss.sss" (UTC, no zone suffix, DALI 1.1 §3.3.3). */
export function formatTimestamp(date: Date): string {
  const iso = date.toISOString(); // always ...Z, UTC; years outside 0..9999 get a sign
  return iso.endsWith("Z") ? iso.slice(0, -1) : iso;
}

/** Parses a DALI timestamp (date only, or date and time, optional Z) as UTC; undefined if invalid. */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = ""] = m.slice(1);
  const ms = frac === "" ? 0 : Math.round(Number(`0${frac}`) * 1000);
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(t);
  if (Number.isNaN(t) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return date;
}

/** A DALI point cell [lon, lat] in degrees (lon in [0,360), lat in [-90,90]). */
export function pointCell(lonDeg: number, latDeg: number): Float64Array {
  return Float64Array.of(lonDeg, latDeg);
}

/** A DALI circle cell [lon, lat, radius] in degrees. */
export function circleCell(lonDeg: number, latDeg: number, radiusDeg: number): Float64Array {
  return Float64Array.of(lonDeg, latDeg, radiusDeg);
}

/** A DALI polygon cell from vertices [lonDeg, latDeg] (≥3, counter-clockwise seen from inside). */
export function polygonCell(verticesDeg: readonly (readonly [number, number])[]): Float64Array {
  if (verticesDeg.length < 3) throw new RangeError("a DALI polygon needs at least 3 vertices");
  const out = new Float64Array(verticesDeg.length * 2);
  verticesDeg.forEach(([lon, lat], i) => {
    out[2 * i] = lon;
    out[2 * i + 1] = lat;
  });
  return out;
}

/** A DALI interval cell [lo, hi] (inclusive; ±Infinity allowed for floating types). */
export function intervalCell(lo: number, hi: number): Float64Array {
  return Float64Array.of(lo, hi);
}

/** Parses the DALI text form of a numeric xtype ("lon lat", "lo hi", ...) to numbers. */
export function parseDaliNumbers(text: string): number[] | undefined {
  const parts = text.trim().split(/\s+/).filter((p) => p !== "");
  const out: number[] = [];
  for (const p of parts) {
    const v = p === "+Inf" || p === "Inf" ? Infinity : p === "-Inf" ? -Infinity : Number(p);
    if (Number.isNaN(v) && p !== "NaN") return undefined;
    out.push(v);
  }
  return out;
}

/** A parsed point in degrees. */
export interface DaliPoint {
  readonly lonDeg: number;
  readonly latDeg: number;
}

/** Parses "lon lat" (or a 2-element cell); undefined when malformed or out of range. */
export function parsePoint(value: string | ArrayLike<number>): DaliPoint | undefined {
  const n = typeof value === "string" ? parseDaliNumbers(value) : Array.from(value);
  if (n === undefined || n.length !== 2) return undefined;
  const [lonDeg, latDeg] = n as [number, number];
  if (!(lonDeg >= 0 && lonDeg <= 360 && latDeg >= -90 && latDeg <= 90)) return undefined;
  return { lonDeg, latDeg };
}

/** A parsed circle in degrees. */
export interface DaliCircle extends DaliPoint {
  readonly radiusDeg: number;
}

/** Parses "lon lat radius"; radius must be in (0, 180]. */
export function parseCircle(value: string | ArrayLike<number>): DaliCircle | undefined {
  const n = typeof value === "string" ? parseDaliNumbers(value) : Array.from(value);
  if (n === undefined || n.length !== 3) return undefined;
  const p = parsePoint(n.slice(0, 2));
  const r = n[2]!;
  if (p === undefined || !(r > 0 && r <= 180)) return undefined;
  return { ...p, radiusDeg: r };
}

/** Parses a polygon to vertices [lonDeg, latDeg]; needs ≥3 vertices and an even count. */
export function parsePolygon(value: string | ArrayLike<number>): [number, number][] | undefined {
  const n = typeof value === "string" ? parseDaliNumbers(value) : Array.from(value);
  if (n === undefined || n.length < 6 || n.length % 2 !== 0) return undefined;
  const out: [number, number][] = [];
  for (let i = 0; i < n.length; i += 2) {
    const p = parsePoint([n[i]!, n[i + 1]!]);
    if (p === undefined) return undefined;
    out.push([p.lonDeg, p.latDeg]);
  }
  return out;
}

/** Parses "lo hi" with lo ≤ hi (NaN rejected). */
export function parseInterval(value: string | ArrayLike<number>): readonly [number, number] | undefined {
  const n = typeof value === "string" ? parseDaliNumbers(value) : Array.from(value);
  if (n === undefined || n.length !== 2) return undefined;
  const [lo, hi] = n as [number, number];
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Formats an ASCII MOC (MOC 2.0 §4.3.2): "order/ipix ipix-ipix order/..." from cells per order.
 * Ranges of consecutive cells are compacted; orders are written ascending.
 */
export function formatAsciiMoc(cellsByOrder: ReadonlyMap<number, readonly number[]>): string {
  const orders = [...cellsByOrder.keys()].sort((a, b) => a - b);
  const parts: string[] = [];
  for (const order of orders) {
    const cells = [...new Set(cellsByOrder.get(order)!)].sort((a, b) => a - b);
    const tokens: string[] = [];
    for (let i = 0; i < cells.length; ) {
      let j = i;
      while (j + 1 < cells.length && cells[j + 1] === cells[j]! + 1) j++;
      tokens.push(i === j ? String(cells[i]) : `${cells[i]}-${cells[j]}`);
      i = j + 1;
    }
    parts.push(`${order}/${tokens.join(" ")}`);
  }
  return parts.join(" ");
}

/** Parses an ASCII MOC to cells per order; undefined when malformed (orders 0..29 for space). */
export function parseAsciiMoc(text: string): Map<number, number[]> | undefined {
  const out = new Map<number, number[]>();
  let order = -1;
  for (const tok of text.trim().split(/[\s,]+/)) {
    if (tok === "") continue;
    const m = /^(?:(\d+)\/)?(?:(\d+)(?:-(\d+))?)?$/.exec(tok);
    if (m === null || (m[1] === undefined && m[2] === undefined)) return undefined;
    if (m[1] !== undefined) {
      order = Number(m[1]);
      if (order > 29) return undefined;
      if (!out.has(order)) out.set(order, []);
    }
    if (m[2] === undefined) continue;
    if (order < 0) return undefined;
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    const max = 12 * 4 ** order;
    if (hi < lo || hi >= max || hi - lo > 1e7) return undefined;
    const list = out.get(order)!;
    for (let c = lo; c <= hi; c++) list.push(c);
  }
  return out;
}
