/**
 * Typed reads through a keyword lookup callback. The WCS library never parses cards itself: any
 * FITS header reader exposing `get(keyword)` (src/lib/fits `FitsHeader.get`) can feed it.
 */
import { WcsError } from "./errors.js";

/** A header keyword lookup: the parsed value of a keyword, or undefined/null when absent. */
export type KeywordLookup = (keyword: string) => string | number | boolean | bigint | null | undefined;

/** A number-valued keyword, or undefined when absent. Numeric strings are accepted (tolerant). */
export function readNumber(get: KeywordLookup, key: string): number | undefined {
  const v = get(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const t = v.trim().replace(/[dD]/, "E");
    if (t === "") return undefined;
    const n = Number(t);
    if (Number.isFinite(n)) return n;
  }
  throw new WcsError("BadKeyword", `${key} must be a number, got ${JSON.stringify(String(v))}`, key);
}

/** A string-valued keyword, trimmed of trailing blanks, or undefined when absent. */
export function readString(get: KeywordLookup, key: string): string | undefined {
  const v = get(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v.trimEnd().trimStart();
  return String(v);
}

/** True when the keyword is present with any value. */
export function has(get: KeywordLookup, key: string): boolean {
  const v = get(key);
  return v !== undefined && v !== null;
}
