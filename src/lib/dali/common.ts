/**
 * DALI 1.1 parameters common to every DAL service (reference/standards.md §1.2, §1.4): value
 * lookup in the raw multi-valued map, the single-valued rule (DALI-03), MAXREC (DALI-16/17),
 * RESPONSEFORMAT with the DALI-15 echo rule, and RUNID (DALI-20). Unknown parameters, VERSION
 * included (DALI-21), are simply never read.
 */
import { usageFault } from "../errors/index.js";
import { invalid } from "./fault.js";

/** The raw request parameters: UPPER-CASE name → values in arrival order (http/params.ts). */
export type RawParams = ReadonlyMap<string, readonly string[]>;

/** All values of `name` (empty when absent). Names must already be upper-case (DALI-01). */
export function values(params: RawParams, name: string): readonly string[] {
  return params.get(name) ?? [];
}

/** The one value of a single-valued parameter, or undefined; more than one → UsageFault (DALI-03). */
export function singleValue(params: RawParams, name: string): string | undefined {
  const vs = values(params, name);
  if (vs.length > 1) throw usageFault(`Parameter ${name} is single-valued but was given ${vs.length} times`, { param: name });
  return vs[0];
}

/** MAXREC policy: the default when absent and the cap the service enforces. */
export interface MaxrecLimits {
  readonly defaultMaxrec: number;
  readonly maxMaxrec: number;
}

/** MAXREC as requested and as enforced (`capped` when the cap lowered it). */
export interface Maxrec {
  readonly value: number;
  readonly capped: boolean;
}

/** MAXREC: a non-negative decimal integer (0 allowed, DALI-17), capped at `maxMaxrec`. */
export function parseMaxrec(params: RawParams, limits: MaxrecLimits): Maxrec {
  const v = singleValue(params, "MAXREC");
  if (v === undefined) return { value: Math.min(limits.defaultMaxrec, limits.maxMaxrec), capped: false };
  if (!/^\+?\d+$/.test(v.trim())) throw invalid("MAXREC", v, "expected a non-negative integer");
  const n = Number(v.trim());
  return n > limits.maxMaxrec ? { value: limits.maxMaxrec, capped: true } : { value: n, capped: false };
}

/** The output formats of DALI §1.4. */
export const RESPONSE_FORMATS = ["votable", "csv", "tsv", "fits", "text", "html"] as const;
/** One of the DALI §1.4 output formats. */
export type ResponseFormatName = (typeof RESPONSE_FORMATS)[number];
/** VOTable serializations (our `serialization=` extension, standards.md §1.4). */
export type VotableSerialization = "TABLEDATA" | "BINARY" | "BINARY2";

/** A parsed RESPONSEFORMAT and the exact Content-Type to answer with (DALI-15). */
export interface ResponseFormat {
  readonly format: ResponseFormatName;
  /** Only for votable; undefined means the service default. */
  readonly serialization: VotableSerialization | undefined;
  /** The MIME type exactly as the client asked, or the canonical one for a short form. */
  readonly contentType: string;
  /** Whether the client asked by MIME type (then `contentType` must be echoed verbatim). */
  readonly byMime: boolean;
}

const CANONICAL: Readonly<Record<ResponseFormatName, string>> = {
  votable: "application/x-votable+xml",
  csv: "text/csv;header=present",
  tsv: "text/tab-separated-values",
  fits: "application/fits",
  text: "text/plain",
  html: "text/html",
};

const MIME: ReadonlyMap<string, ResponseFormatName> = new Map([
  ["application/x-votable+xml", "votable"],
  ["text/xml", "votable"],
  ["text/csv", "csv"],
  ["text/tab-separated-values", "tsv"],
  ["application/fits", "fits"],
  ["text/plain", "text"],
  ["text/html", "html"],
]);

const SERIALIZATIONS: readonly VotableSerialization[] = ["TABLEDATA", "BINARY", "BINARY2"];

function isShort(v: string): v is ResponseFormatName {
  return (RESPONSE_FORMATS as readonly string[]).includes(v);
}

/**
 * RESPONSEFORMAT (single-valued): a short form (`votable`, `csv` …, case-sensitive) or a MIME
 * type (type and parameter names case-insensitive) from DALI §1.4, optionally
 * `application/x-votable+xml;serialization=TABLEDATA|BINARY|BINARY2` or `text/csv;header=present`.
 * Absent → VOTable. A format outside `allowed` or an unknown value → UsageFault (DALI-14).
 */
export function parseResponseFormat(params: RawParams, allowed: readonly ResponseFormatName[] = RESPONSE_FORMATS): ResponseFormat {
  const raw = singleValue(params, "RESPONSEFORMAT");
  if (raw === undefined) return { format: "votable", serialization: undefined, contentType: CANONICAL.votable, byMime: false };
  const v = raw.trim();
  let parsed: ResponseFormat;
  if (isShort(v)) {
    parsed = { format: v, serialization: undefined, contentType: CANONICAL[v], byMime: false };
  } else {
    const [typePart = "", ...paramParts] = v.split(";");
    const format = MIME.get(typePart.trim().toLowerCase());
    const known = [...RESPONSE_FORMATS, ...MIME.keys()].join(", ");
    if (format === undefined) throw invalid("RESPONSEFORMAT", raw, `unknown format; expected one of ${known}`);
    let serialization: VotableSerialization | undefined;
    for (const p of paramParts) {
      const [k = "", val = ""] = p.split("=").map((s) => s.trim());
      const key = k.toLowerCase();
      const upper = val.toUpperCase();
      if (format === "votable" && key === "serialization" && (SERIALIZATIONS as readonly string[]).includes(upper)) {
        serialization = upper as VotableSerialization;
      } else if (!(format === "csv" && key === "header" && (val.toLowerCase() === "present" || val.toLowerCase() === "absent"))) {
        throw invalid("RESPONSEFORMAT", raw, `unsupported MIME parameter ${JSON.stringify(p.trim())}; only serialization=TABLEDATA|BINARY|BINARY2 (VOTable) and header=present (CSV) are known`);
      }
    }
    parsed = { format, serialization, contentType: raw, byMime: true };
  }
  if (!allowed.includes(parsed.format)) throw invalid("RESPONSEFORMAT", raw, `format not offered here; expected one of ${allowed.join(", ")}`);
  return parsed;
}

/** Longest RUNID kept (DALI-20). */
export const MAX_RUNID_LENGTH = 64;

/** RUNID (single-valued, at most 64 characters); undefined when absent. */
export function parseRunId(params: RawParams): string | undefined {
  const v = singleValue(params, "RUNID");
  if (v !== undefined && v.length > MAX_RUNID_LENGTH) throw invalid("RUNID", v, `longer than ${MAX_RUNID_LENGTH} characters (${v.length})`);
  return v;
}
