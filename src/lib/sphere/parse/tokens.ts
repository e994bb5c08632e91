/**
 * A small tokenizer shared by the DALI, ADQL and STC-S geometry readers: numbers (with DALI's
 * ±Inf), words, quoted strings and punctuation, each with its 0-based source offset for
 * GeometryError positions.
 */
import { GeometryError } from "../errors.js";

export type Token =
  | { readonly kind: "number"; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly kind: "word"; readonly value: string; readonly pos: number }
  | { readonly kind: "string"; readonly value: string; readonly pos: number }
  | { readonly kind: "punct"; readonly value: "(" | ")" | ","; readonly pos: number };

const NUMBER = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Inf(?:inity)?)$/;
const TOKEN = /\s*(?:('(?:[^']|'')*')|([(),])|([^\s(),']+))/gy;

/** Parses a numeric token (decimal, exponent, ±Inf); undefined when it is not a number. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  if (/Inf/.test(text)) return text.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(text);
}

/** Splits text into tokens; throws GeometryError("syntax") on an unterminated string. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (;;) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(text.slice(start))) break;
    m = TOKEN.exec(text);
    if (m === null) throw new GeometryError("syntax", `unexpected text at offset ${start}`, start);
    const pos = m.index + (m[0].length - (m[1] ?? m[2] ?? m[3] ?? "").length);
    if (m[1] !== undefined) out.push({ kind: "string", value: m[1].slice(1, -1).replace(/''/g, "'"), pos });
    else if (m[2] !== undefined) out.push({ kind: "punct", value: m[2] as "(" | ")" | ",", pos });
    else {
      const w = m[3]!;
      const n = parseNumber(w);
      out.push(n === undefined ? { kind: "word", value: w, pos } : { kind: "number", value: n, pos, text: w });
    }
  }
  return out;
}

/** Formats a number for output: shortest round-trip form, ±Inf spelled as DALI does. */
export function formatNumber(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return "+Inf";
  if (x === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(x);
}
