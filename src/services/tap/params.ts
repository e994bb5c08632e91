/**
 * TAP request parameters (TAP 1.1 §2.3, standards.md §4.2) from the DALI parameter map: LANG,
 * QUERY, RESPONSEFORMAT (or its alias FORMAT), MAXREC and UPLOAD. Checked when the query runs
 * (TAP-05), so async jobs may be filled in any order; unknown parameters are ignored (TAP-06).
 */
import { usageFault } from "../../lib/errors/index.js";
import type { RawParams as DaliParams } from "../../lib/dali/index.js";
import { type ResponseFormat, resolveResponseFormat } from "./documents/index.js";
import { parseUploads, type UploadSpec } from "./upload.js";

export interface TapRequest {
  readonly query: string;
  readonly format: ResponseFormat;
  /** Rows to return at most (after the default and the hard limit). */
  readonly maxrec: number;
  readonly uploads: readonly UploadSpec[];
}

export interface TapRequestLimits {
  readonly maxrecDefault: number;
  readonly maxrecHard: number;
}

/** The LANG values we run: ADQL in its current and previous version (ADQL-13). */
const LANGS = new Set(["ADQL", "ADQL-2.0", "ADQL-2.1"]);

function one(params: DaliParams, name: string): string | undefined {
  const v = params.get(name);
  if (!v || v.length === 0) return undefined;
  if (v.length > 1) throw usageFault(`parameter ${name} may be given only once (got ${v.length} values)`, { param: name });
  return v[0];
}

/** Parses and checks a TAP query request. */
export function parseTapRequest(params: DaliParams, limits: TapRequestLimits): TapRequest {
  const lang = one(params, "LANG");
  if (lang === undefined || lang.trim() === "") throw usageFault("LANG is required (LANG=ADQL)", { param: "LANG" });
  if (!LANGS.has(lang.trim().toUpperCase())) throw usageFault(`unknown query language '${lang.slice(0, 40)}'; this service speaks ADQL, ADQL-2.0 and ADQL-2.1`, { param: "LANG" });
  const query = one(params, "QUERY");
  if (query === undefined || query.trim() === "") throw usageFault("QUERY is required", { param: "QUERY" });
  const rf = one(params, "RESPONSEFORMAT") ?? one(params, "FORMAT");
  const format = resolveResponseFormat(rf);
  const m = one(params, "MAXREC");
  let maxrec = limits.maxrecDefault;
  if (m !== undefined) {
    if (!/^\s*\d+\s*$/.test(m)) throw usageFault(`MAXREC must be a non-negative integer, got '${m.slice(0, 40)}'`, { param: "MAXREC" });
    maxrec = Number(m);
  }
  maxrec = Math.min(maxrec, limits.maxrecHard);
  const uploads = parseUploads(params.get("UPLOAD") ?? []);
  return { query, format, maxrec, uploads };
}
