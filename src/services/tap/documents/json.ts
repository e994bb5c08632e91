/**
 * The JSON result form, a Skyport convention (TAP and DALI define none):
 *
 *   {"metadata":[{"name":…,"datatype":…,"arraysize":…,"xtype":…,"unit":…,"ucd":…,"utype":…,
 *                 "description":…}, …],
 *    "data":[[cell, …], …],
 *    "overflow":false}
 *
 * Metadata keys appear only when set. Cells: numbers as JSON numbers (long/bigint written as exact
 * integer text, which JSON allows even beyond 2^53), NaN and ±Infinity as null, strings and DALI
 * timestamps as strings, arrays (geometry, intervals) as JSON arrays. A failure while reading rows
 * closes the array and adds `"error":"<message>"`, so the document stays parseable.
 * Rows are streamed one by one in ~64 KiB UTF-8 chunks; nothing is kept per row.
 */
import type { Cell, Field } from "../../../lib/votable/index.js";
import { formatFloat32, formatTimestamp } from "../../../lib/votable/index.js";

/** Output chunk size in UTF-16 code units before encoding (about 64 KiB of mostly ASCII). */
const CHUNK_CHARS = 64 * 1024;

const encoder = new TextEncoder();

type ScalarJson = (v: unknown) => string;

function numberJson(float32: boolean): ScalarJson {
  return (v) => {
    if (typeof v === "bigint") return v.toString();
    const n = Number(v);
    if (!Number.isFinite(n)) return "null";
    return float32 ? formatFloat32(n) : String(n);
  };
}

function scalarJson(field: Field): ScalarJson {
  switch (field.datatype) {
    case "boolean":
    case "bit":
      return (v) => (v === null || v === undefined ? "null" : v ? "true" : "false");
    case "char":
    case "unicodeChar":
      return (v) => JSON.stringify(v instanceof Date ? formatTimestamp(v) : String(v));
    case "float":
    case "floatComplex":
      return numberJson(true);
    default:
      return numberJson(false);
  }
}

/** Builds the JSON text formatter of one column (null cells give "null"). */
export function jsonCellFormatter(field: Field): (cell: Cell) => string {
  const one = scalarJson(field);
  const isChar = field.datatype === "char" || field.datatype === "unicodeChar";
  return (cell) => {
    if (cell === null || cell === undefined) return "null";
    // A char array is one string; 2-D char arrays (string[]) and every other array become lists.
    if (typeof cell === "object" && !(cell instanceof Date) && !(isChar && typeof cell === "string")) {
      const arr = cell as ArrayLike<unknown>;
      let out = "[";
      for (let i = 0; i < arr.length; i++) out += (i === 0 ? "" : ",") + (arr[i] === null || arr[i] === undefined ? "null" : one(arr[i]));
      return `${out}]`;
    }
    return one(cell);
  };
}

/** The metadata object of one column. */
export function jsonColumnMetadata(field: Field): Record<string, string> {
  const out: Record<string, string> = { name: field.name, datatype: field.datatype };
  for (const k of ["arraysize", "xtype", "unit", "ucd", "utype", "description"] as const) {
    const v = field[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** How writeJson ended. */
export interface JsonOutcome {
  readonly rows: number;
  readonly overflow: boolean;
  readonly error?: unknown;
}

/**
 * Streams the JSON result. At most `limit` rows are written; one more row read marks overflow.
 * Never throws for a failing row source: it ends with an `error` member (see module doc).
 */
export async function* writeJson(
  fields: readonly Field[],
  rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>,
  limit: number,
  errorMessage: (e: unknown) => string,
): AsyncGenerator<Uint8Array, JsonOutcome> {
  const fmts = fields.map(jsonCellFormatter);
  let buf = `{"metadata":${JSON.stringify(fields.map(jsonColumnMetadata))},\n"data":[`;
  let n = 0;
  let overflow = false;
  let error: unknown;
  try {
    for await (const row of rows) {
      if (n >= limit) {
        overflow = true;
        break;
      }
      let line = n === 0 ? "\n[" : ",\n[";
      for (let i = 0; i < fmts.length; i++) line += (i === 0 ? "" : ",") + fmts[i]!(row[i]);
      buf += `${line}]`;
      n++;
      if (buf.length >= CHUNK_CHARS) {
        yield encoder.encode(buf);
        buf = "";
      }
    }
  } catch (e) {
    error = e ?? new Error("row source threw");
  }
  // MAXREC=0 is an overflow even when no row was read (DALI-17).
  if (limit === 0 && error === undefined) overflow = true;
  buf += `\n],\n"overflow":${overflow}`;
  if (error !== undefined) buf += `,\n"error":${JSON.stringify(errorMessage(error))}`;
  yield encoder.encode(`${buf}}\n`);
  return error === undefined ? { rows: n, overflow } : { rows: n, overflow, error };
}
