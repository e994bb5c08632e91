/**
 * ADQL 2.1 geometry constructor values (§4.2: POINT, CIRCLE, BOX, POLYGON with an optional,
 * ignored coordinate-system string), read from and written to their literal text, e.g.
 * `CIRCLE('ICRS', 10, 20, 1)` or `CIRCLE(POINT(10, 20), 1)`. Only literal numbers are accepted:
 * expressions belong to the ADQL parser, which calls the region constructors directly.
 */
import { GeometryError } from "../errors.js";
import { box, circle, type PointRegion, point, polygon, type Region } from "../region.js";
import { formatNumber, type Token, tokenize } from "./tokens.js";

type Arg = { readonly kind: "number"; readonly value: number } | { readonly kind: "point"; readonly value: PointRegion };

class Reader {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  peek(): Token | undefined {
    return this.toks[this.i];
  }

  next(): Token {
    const t = this.toks[this.i++];
    if (t === undefined) throw new GeometryError("syntax", "unexpected end of geometry text");
    return t;
  }

  expect(p: "(" | ")" | ","): void {
    const t = this.next();
    if (t.kind !== "punct" || t.value !== p) throw new GeometryError("syntax", `expected '${p}'`, t.pos);
  }

  done(): boolean {
    return this.i >= this.toks.length;
  }
}

function readCall(r: Reader): Region {
  const name = r.next();
  if (name.kind !== "word") throw new GeometryError("syntax", "expected POINT, CIRCLE, BOX or POLYGON", name.pos);
  const fn = name.value.toUpperCase();
  r.expect("(");
  const args: Arg[] = [];
  const first = r.peek();
  if (first?.kind === "string") {
    // The coordinate system argument is deprecated in ADQL 2.1 and ignored (ADQL-05).
    r.next();
    r.expect(",");
  }
  for (;;) {
    const t = r.peek();
    if (t === undefined) throw new GeometryError("syntax", "unterminated argument list");
    if (t.kind === "number") {
      r.next();
      args.push({ kind: "number", value: t.value });
    } else if (t.kind === "word") {
      const g = readCall(r);
      if (g.kind !== "point") throw new GeometryError("syntax", "only POINT may be nested in a geometry constructor", t.pos);
      args.push({ kind: "point", value: g });
    } else {
      throw new GeometryError("syntax", "expected a number or POINT(...)", t.pos);
    }
    const sep = r.next();
    if (sep.kind === "punct" && sep.value === ")") break;
    if (sep.kind !== "punct" || sep.value !== ",") throw new GeometryError("syntax", "expected ',' or ')'", sep.pos);
  }
  // Flatten nested points into coordinate pairs.
  const flat: number[] = [];
  for (const a of args) {
    if (a.kind === "number") flat.push(a.value);
    else flat.push(a.value.raDeg, a.value.decDeg);
  }
  const need = (k: number) => {
    if (flat.length !== k) throw new GeometryError("syntax", `${fn} needs ${k} coordinates, got ${flat.length}`, name.pos);
  };
  switch (fn) {
    case "POINT":
      need(2);
      return point(flat[0]!, flat[1]!);
    case "CIRCLE":
      need(3);
      return circle(flat[0]!, flat[1]!, flat[2]!);
    case "BOX":
      need(4);
      return box(flat[0]!, flat[1]!, flat[2]!, flat[3]!);
    case "POLYGON": {
      if (flat.length < 6 || flat.length % 2 !== 0) throw new GeometryError("syntax", "POLYGON needs at least 3 vertices", name.pos);
      const vs: { raDeg: number; decDeg: number }[] = [];
      for (let i = 0; i < flat.length; i += 2) vs.push({ raDeg: flat[i]!, decDeg: flat[i + 1]! });
      return polygon(vs);
    }
    default:
      throw new GeometryError("syntax", `unknown geometry constructor ${name.value}`, name.pos);
  }
}

/** Parses one ADQL geometry constructor with literal arguments; throws GeometryError. */
export function parseAdqlGeometry(text: string): Region {
  const r = new Reader(tokenize(text));
  const g = readCall(r);
  if (!r.done()) throw new GeometryError("syntax", "trailing text after geometry", r.peek()?.pos);
  return g;
}

/** ADQL constructor text for a point, circle or polygon, with the 'ICRS' system argument. */
export function formatAdqlGeometry(region: Region): string {
  const n = formatNumber;
  switch (region.kind) {
    case "point":
      return `POINT('ICRS', ${n(region.raDeg)}, ${n(region.decDeg)})`;
    case "circle":
      return `CIRCLE('ICRS', ${n(region.raDeg)}, ${n(region.decDeg)}, ${n(region.radiusDeg)})`;
    case "polygon":
      return `POLYGON('ICRS', ${region.vertices.map((v) => `${n(v.raDeg)}, ${n(v.decDeg)}`).join(", ")})`;
    default:
      throw new GeometryError("unsupported", `ADQL has no constructor for a ${region.kind} region`);
  }
}
