/**
 * STC-S region text (IVOA STC-S 1.33 note, as used by TAP REGION() and ObsCore s_region):
 * `Position`, `Circle`, `Box`, `Polygon`, and the compounds `Union`, `Intersection`, `Not`, with an
 * optional frame (ICRS, FK5, J2000 or UNKNOWNFrame; others are rejected rather than silently
 * mistaken for ICRS), optional reference position and flavor words, all case-insensitive.
 */
import { GeometryError } from "../errors.js";
import { box, circle, intersection, not, point, polygonFromFlat, type Region, union } from "../region.js";
import { formatNumber, type Token, tokenize } from "./tokens.js";

const OK_FRAMES = new Set(["ICRS", "FK5", "J2000", "UNKNOWNFRAME"]);
const OTHER_FRAMES = new Set(["FK4", "B1950", "ECLIPTIC", "GALACTIC", "GALACTIC_I", "GALACTIC_II", "SUPER_GALACTIC", "GEO_C", "GEO_D", "MAG", "GSE", "GSM", "SM", "HGC", "HGS", "HEEQ", "HRTN", "HPC", "HPR", "HCC", "HGI", "MERCURY_C", "VENUS_C", "LUNA_C", "MARS_C", "JUPITER_C_III", "SATURN_C_III", "URANUS_C_III", "NEPTUNE_C_III", "PLUTO_C", "MERCURY_G", "VENUS_G", "LUNA_G", "MARS_G", "JUPITER_G_III", "SATURN_G_III", "URANUS_G_III", "NEPTUNE_G_III", "PLUTO_G"]);
const REFPOS = new Set(["GEOCENTER", "BARYCENTER", "HELIOCENTER", "TOPOCENTER", "LSR", "LSRK", "LSRD", "GALACTIC_CENTER", "LOCAL_GROUP_CENTER", "MOON", "EMBARYCENTER", "RELOCATABLE", "UNKNOWNREFPOS", "MERCURY", "VENUS", "MARS", "JUPITER", "SATURN", "URANUS", "NEPTUNE", "PLUTO"]);
const FLAVORS = new Set(["SPHERICAL2", "UNITSPHERE", "CART1", "CART2", "CART3"]);

class Stream {
  i = 0;
  constructor(readonly toks: Token[]) {}
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  next(): Token {
    const t = this.toks[this.i++];
    if (t === undefined) throw new GeometryError("syntax", "unexpected end of STC-S text");
    return t;
  }
}

function skipCoordinateWords(s: Stream): void {
  for (;;) {
    const t = s.peek();
    if (t?.kind !== "word") return;
    const w = t.value.toUpperCase();
    if (OK_FRAMES.has(w) || REFPOS.has(w) || FLAVORS.has(w)) {
      s.i++;
      continue;
    }
    if (OTHER_FRAMES.has(w)) throw new GeometryError("unsupported", `STC-S frame ${t.value} is not supported (ICRS only)`, t.pos);
    return;
  }
}

function numbersOf(s: Stream): number[] {
  const out: number[] = [];
  for (;;) {
    const t = s.peek();
    if (t?.kind !== "number") return out;
    out.push(t.value);
    s.i++;
  }
}

function readRegion(s: Stream): Region {
  const t = s.next();
  if (t.kind !== "word") throw new GeometryError("syntax", "expected an STC-S shape word", t.pos);
  const shape = t.value.toUpperCase();
  skipCoordinateWords(s);
  if (shape === "UNION" || shape === "INTERSECTION" || shape === "NOT") {
    const open = s.next();
    if (open.kind !== "punct" || open.value !== "(") throw new GeometryError("syntax", `expected '(' after ${t.value}`, open.pos);
    const parts: Region[] = [];
    while (s.peek()?.kind !== "punct" || s.peek()?.value !== ")") parts.push(readRegion(s));
    s.next();
    if (shape === "NOT") {
      if (parts.length !== 1) throw new GeometryError("syntax", "Not takes exactly one region", t.pos);
      return not(parts[0]!);
    }
    if (parts.length < 2) throw new GeometryError("syntax", `${t.value} needs at least two regions`, t.pos);
    return shape === "UNION" ? union(parts) : intersection(parts);
  }
  const ns = numbersOf(s);
  const need = (k: number) => {
    if (ns.length !== k) throw new GeometryError("syntax", `${t.value} needs ${k} numbers, got ${ns.length}`, t.pos);
  };
  switch (shape) {
    case "POSITION":
      need(2);
      return point(ns[0]!, ns[1]!);
    case "CIRCLE":
      need(3);
      return circle(ns[0]!, ns[1]!, ns[2]!);
    case "BOX":
      need(4);
      return box(ns[0]!, ns[1]!, ns[2]!, ns[3]!);
    case "POLYGON":
      if (ns.length < 6 || ns.length % 2 !== 0) throw new GeometryError("syntax", "Polygon needs an even count ≥ 6 of numbers", t.pos);
      return polygonFromFlat(ns);
    default:
      throw new GeometryError("syntax", `unknown STC-S shape ${t.value}`, t.pos);
  }
}

/** Parses STC-S region text; throws GeometryError ("syntax", "range", "degenerate", "unsupported"). */
export function parseStcs(text: string): Region {
  const s = new Stream(tokenize(text));
  const r = readRegion(s);
  const extra = s.peek();
  // Trailing unit or other STC-S sub-phrases (unit deg, Error, Resolution ...) are not geometry.
  if (extra !== undefined && !(extra.kind === "word" && /^(unit|error|resolution|size|pixsize)$/i.test(extra.value))) {
    throw new GeometryError("syntax", "trailing text after STC-S region", extra.pos);
  }
  return r;
}

/** STC-S text, e.g. "Circle ICRS 10 20 1"; a range has no STC-S form (GeometryError). */
export function formatStcs(region: Region): string {
  const n = formatNumber;
  switch (region.kind) {
    case "point":
      return `Position ICRS ${n(region.raDeg)} ${n(region.decDeg)}`;
    case "circle":
      return `Circle ICRS ${n(region.raDeg)} ${n(region.decDeg)} ${n(region.radiusDeg)}`;
    case "polygon":
      return `Polygon ICRS ${region.vertices.map((v) => `${n(v.raDeg)} ${n(v.decDeg)}`).join(" ")}`;
    case "union":
      return `Union ICRS ( ${region.regions.map(formatStcs).join(" ")} )`;
    case "intersection":
      return `Intersection ICRS ( ${region.regions.map(formatStcs).join(" ")} )`;
    case "not":
      return `Not ( ${formatStcs(region.region)} )`;
    case "range":
      throw new GeometryError("unsupported", "STC-S has no RA/Dec range shape");
  }
}
