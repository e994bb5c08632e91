/**
 * MOC 2.0 text serialisations of space MOCs: ASCII (REC §4.3.2: `order/ipix ipix lo-hi
 * order/…`, a trailing empty `maxorder/` when the resolution exceeds the deepest cell; an optional
 * `s` prefix and MOC 1.x commas are accepted on reading) and JSON (REC appendix: `{"order":
 * [ipix, …]}`, `"maxorder": []` when needed, optional `{"s": {…}}` wrapper). Indices beyond 2^53
 * are written and read as exact decimal digits (JSON.parse would round them).
 */
import { HealpixError, MAX_ORDER } from "../order.js";
import { type MocCell, Smoc } from "./smoc.js";

function groups(moc: Smoc): Map<number, bigint[]> {
  const m = new Map<number, bigint[]>();
  for (const c of moc.cells()) {
    let l = m.get(c.order);
    if (l === undefined) {
      l = [];
      m.set(c.order, l);
    }
    l.push(c.ipix);
  }
  return m;
}

/** ASCII form, e.g. "3/3 10 4/16-18 22 5/19-20 29/". */
export function mocToAscii(moc: Smoc): string {
  const parts: string[] = [];
  let deepest = -1;
  for (const [order, list] of groups(moc)) {
    deepest = order;
    const items: string[] = [];
    for (let i = 0; i < list.length; ) {
      let j = i;
      while (j + 1 < list.length && list[j + 1] === list[j]! + 1n) j++;
      items.push(j > i ? `${list[i]}-${list[j]}` : `${list[i]}`);
      i = j + 1;
    }
    parts.push(`${order}/${items.join(" ")}`);
  }
  if (moc.maxOrder > deepest) parts.push(`${moc.maxOrder}/`);
  return parts.join(" ");
}

/** Parses the ASCII form; throws HealpixError on malformed text or out-of-range cells. */
export function mocFromAscii(text: string): Smoc {
  let t = text.trim();
  if (t.startsWith("s")) t = t.slice(1);
  const cells: MocCell[] = [];
  let order = -1;
  let maxOrder = 0;
  for (const raw of t.split(/[\s,]+/)) {
    if (raw === "") continue;
    let tok = raw;
    const slash = tok.indexOf("/");
    if (slash >= 0) {
      const o = tok.slice(0, slash);
      if (!/^\d+$/.test(o) || Number(o) > MAX_ORDER) throw new HealpixError(`MOC ASCII: bad order in ${JSON.stringify(raw)}`);
      order = Number(o);
      if (order > maxOrder) maxOrder = order;
      tok = tok.slice(slash + 1);
      if (tok === "") continue;
    }
    if (order < 0) throw new HealpixError(`MOC ASCII: cell ${JSON.stringify(raw)} before any order`);
    const m = /^(\d+)(?:-(\d+))?$/.exec(tok);
    if (m === null) throw new HealpixError(`MOC ASCII: bad token ${JSON.stringify(raw)}`);
    const lo = BigInt(m[1]!);
    const hi = m[2] === undefined ? lo : BigInt(m[2]);
    if (hi < lo) throw new HealpixError(`MOC ASCII: empty range ${JSON.stringify(raw)}`);
    for (let p = lo; p <= hi; p++) cells.push({ order, ipix: p });
  }
  return Smoc.fromCells(cells, maxOrder);
}

/** JSON form, e.g. {"3":[3,10],"4":[16,17,18,22],"29":[]} (keys ascending). */
export function mocToJson(moc: Smoc): string {
  const parts: string[] = [];
  let deepest = -1;
  for (const [order, list] of groups(moc)) {
    deepest = order;
    parts.push(`"${order}":[${list.join(",")}]`);
  }
  if (moc.maxOrder > deepest) parts.push(`"${moc.maxOrder}":[]`);
  return `{${parts.join(",")}}`;
}

/** Parses the JSON form (exact digits, any key order, optional {"s": …} wrapper). */
export function mocFromJson(text: string): Smoc {
  let body = text.trim();
  const wrapped = /^\{\s*"s"\s*:\s*(\{[\s\S]*\})\s*\}$/.exec(body);
  if (wrapped) body = wrapped[1]!;
  if (!/^\{[\s\S]*\}$/.test(body)) throw new HealpixError("MOC JSON: not an object");
  const inner = body.slice(1, -1);
  const entry = /\s*"(\d+)"\s*:\s*\[([^\]]*)\]\s*(,|$)/gy;
  const cells: MocCell[] = [];
  let maxOrder = 0;
  let pos = 0;
  while (pos < inner.length && inner.slice(pos).trim() !== "") {
    entry.lastIndex = pos;
    const m = entry.exec(inner);
    if (m === null) throw new HealpixError(`MOC JSON: unexpected content at offset ${pos}`);
    const order = Number(m[1]);
    if (order > MAX_ORDER) throw new HealpixError(`MOC JSON: order ${order} > ${MAX_ORDER}`);
    if (order > maxOrder) maxOrder = order;
    for (const v of m[2]!.split(",")) {
      const s = v.trim();
      if (s === "") continue;
      if (!/^\d+$/.test(s)) throw new HealpixError(`MOC JSON: bad index ${JSON.stringify(s)}`);
      cells.push({ order, ipix: BigInt(s) });
    }
    pos = entry.lastIndex;
  }
  return Smoc.fromCells(cells, maxOrder);
}
