/**
 * CSV and TSV writers on the VOTable column model, for TAP/DALI RESPONSEFORMAT=csv|tsv
 * (DALI 1.1 §4.4, TAP 1.1 §5.1.2): a header row of column names, one line per row, null as an
 * empty field, arrays and xtypes in their DALI text form (numbers space-separated, see
 * text-format.ts). CSV quotes per RFC 4180 (fields containing `"`, `,`, CR or LF are quoted and
 * quotes doubled; lines end in CRLF); TSV escapes backslash, tab, newline and CR as `\\`, `\t`,
 * `\n`, `\r` (the IANA text/tab-separated-values form forbids raw tabs in fields). Output is
 * streamed as UTF-8 `Uint8Array` chunks of ~64 KiB, like the VOTable writer.
 */
import { ChunkSink } from "./chunk-sink.js";
import type { Field, RowSource } from "./model.js";
import { makeTextFormatter } from "./text-format.js";

/** "csv" (RFC 4180) or "tsv". */
export type DelimitedFormat = "csv" | "tsv";

/** Options of writeDelimited. */
export interface DelimitedOptions {
  /** Write the header row (default true; DALI asks for `header=present`). */
  readonly header?: boolean;
  /** At most this many rows; `onOverflow` is told when more were available. */
  readonly maxRows?: number;
  /** Called once at the end with the row count and whether maxRows cut rows short. */
  readonly onEnd?: (rows: number, overflow: boolean) => void;
}

const CSV_NEEDS_QUOTE = /[",\r\n]/;

/** Quotes one CSV field when needed (RFC 4180 §2.6–2.7). */
export function csvField(s: string): string {
  return CSV_NEEDS_QUOTE.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Escapes one TSV field (backslash escapes for \\, tab, LF, CR). */
export function tsvField(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : s;
}

/**
 * Streams rows as CSV or TSV. Unlike the VOTable writer, there is no in-band place for an error,
 * so a failing row source makes the generator throw (after the rows already yielded).
 */
export async function* writeDelimited(
  fields: readonly Field[],
  rows: RowSource,
  format: DelimitedFormat,
  options: DelimitedOptions = {},
): AsyncGenerator<Uint8Array> {
  const sink = new ChunkSink();
  const sep = format === "csv" ? "," : "\t";
  const eol = format === "csv" ? "\r\n" : "\n";
  const quote = format === "csv" ? csvField : tsvField;
  const fmts = fields.map(makeTextFormatter);
  if (options.header ?? true) sink.writeString(fields.map((f) => quote(f.name)).join(sep) + eol);
  const limit = options.maxRows ?? Infinity;
  let n = 0;
  let overflow = false;
  for await (const row of rows) {
    if (n >= limit) {
      overflow = true;
      break;
    }
    let line = "";
    for (let i = 0; i < fmts.length; i++) {
      const c = row[i];
      if (i > 0) line += sep;
      if (c !== null && c !== undefined) line += quote(fmts[i]!(c));
    }
    sink.writeString(line + eol);
    n++;
    if (sink.pending > 0) yield* sink.take();
  }
  options.onEnd?.(n, overflow);
  yield* sink.take(true);
}
