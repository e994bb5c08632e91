/**
 * Scalar functions the SQLite dialect needs beyond geometry, with PostgreSQL's semantics so both
 * engines give the same answers: text of numbers (shortest round-trip form), CHAR(n) padding,
 * timestamps normalised to ISO 8601, ASCII-only case folding (ADQL-11) and a case-sensitive LIKE
 * without an escape character (ADQL's LIKE has none).
 */
import { AdqlFunctionError, SQLITE_ADQL_FUNCTIONS } from "./geometry-functions.js";

type Val = string | number | bigint | null | undefined;

export function adqlText(x: Val): string | null {
  return x === null || x === undefined ? null : String(x);
}

export function adqlChar(x: Val, n: Val): string | null {
  if (x === null || x === undefined) return null;
  const len = Number(n ?? 1);
  return String(x).slice(0, len).padEnd(len, " ");
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?Z?$/;

/** CAST(x AS TIMESTAMP) → 'YYYY-MM-DDThh:mm:ss.mmm' (what the PostgreSQL dialect prints). */
export function adqlTimestamp(x: Val): string | null {
  if (x === null || x === undefined) return null;
  const m = TIMESTAMP.exec(String(x).trim());
  if (!m) throw new AdqlFunctionError(`invalid input syntax for type timestamp: "${String(x).slice(0, 40)}"`);
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = ""] = m;
  const ms = frac === "" ? "000" : Math.round(Number(frac) * 1000).toString().padStart(3, "0");
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    throw new AdqlFunctionError(`date/time field value out of range: "${String(x).slice(0, 40)}"`);
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}`;
}

export function adqlLower(x: Val): string | null {
  return x === null || x === undefined ? null : String(x).replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

const likeCache = new Map<string, RegExp>();

/** SQLite's like(pattern, value): SQL LIKE, case-sensitive, `%` and `_` only. */
export function sqlLike(pattern: Val, value: Val): number | null {
  if (pattern === null || pattern === undefined || value === null || value === undefined) return null;
  const p = String(pattern);
  let re = likeCache.get(p);
  if (!re) {
    let src = "";
    for (const ch of p) src += ch === "%" ? "[\\s\\S]*" : ch === "_" ? "[\\s\\S]" : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    re = new RegExp(`^${src}$`, "u");
    if (likeCache.size > 256) likeCache.clear();
    likeCache.set(p, re);
  }
  return re.test(String(value)) ? 1 : 0;
}

/** Every function the SQLite dialect's SQL calls, by name (registered on each connection). */
export const SQLITE_DIALECT_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  ...SQLITE_ADQL_FUNCTIONS,
  adql_text: adqlText,
  adql_char: adqlChar,
  adql_timestamp: adqlTimestamp,
  adql_lower: adqlLower,
  like: sqlLike,
};
