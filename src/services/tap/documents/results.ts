/**
 * Streams a TAP query result in the requested format (TAP 1.1 §5, DALI 1.1 §4.4). VOTable output
 * is one RESOURCE type="results" holding INFO QUERY_STATUS=OK (DALI-23), the QUERY echo (TAP-29)
 * and the table; overflow (MAXREC, TAP-12, DALI-24) and failures while streaming (DALI-25) become
 * a trailing QUERY_STATUS INFO written by lib/votable's writer. CSV/TSV come from lib/votable's
 * delimited writer, JSON from json.ts. Rows are pulled one at a time, so memory does not grow
 * with the row count.
 */
import { isSkyportError } from "../../../lib/errors/index.js";
import {
  type Cell,
  defaultAfterTable,
  type Field,
  type Info,
  type Resource,
  type TableOutcome,
  type VOTableDocument,
  writeDelimited,
  writeVOTable,
} from "../../../lib/votable/index.js";
import type { ResponseFormat } from "./formats.js";
import { writeJson } from "./json.js";

/** A result column: VOTable FIELD metadata (TAP-13/14: name, datatype, arraysize, xtype as in TAP_SCHEMA). */
export type ResultColumn = Pick<Field, "name" | "datatype" | "arraysize" | "xtype" | "unit" | "ucd" | "utype" | "description" | "ID">;

/** How the rows went, reported once at the end. */
export interface ResultSummary {
  /** Rows written. */
  readonly rows: number;
  /** True when MAXREC cut the result short (or MAXREC=0). */
  readonly overflow: boolean;
  /** What the row source threw, if it failed mid-stream (VOTable and JSON report it in-band). */
  readonly error?: unknown;
}

/** What renderQueryResult needs. */
export interface QueryResultInput {
  readonly columns: readonly ResultColumn[];
  /**
   * Result rows, one Cell per column (lib/votable conventions: geometry as number arrays in
   * degrees, timestamps as DALI strings or Date, long as number or bigint). May yield `limit + 1`
   * rows: the extra row only signals overflow and is not written.
   */
  readonly rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>;
  /** MAXREC in effect; undefined = no limit. 0 = metadata only, always flagged as overflow (DALI-17). */
  readonly limit: number | undefined;
  /** The standardID INFO (DALI-26); TAP's by default (SIA answers through the same renderer). */
  readonly standardID?: string;
  /** The ADQL text, echoed as INFO name="QUERY" (TAP-29). */
  readonly query?: string;
  /** Extra INFOs for the results RESOURCE, after QUERY_STATUS and QUERY (e.g. request id). */
  readonly infos?: readonly Info[];
  /** RESOURCE type="meta" elements written after the results RESOURCE (DataLink service descriptors). */
  readonly serviceDescriptors?: readonly Resource[];
  /** Called once after the last row with the number of rows written. */
  readonly onRowsWritten?: (rows: number) => void;
  /** Called once at the end with the full summary (for logging an in-band error). */
  readonly onEnd?: (summary: ResultSummary) => void;
}

/** The user-safe text for a failure while streaming rows. */
export function rowErrorMessage(e: unknown): string {
  if (isSkyportError(e) && e.userSafe) return `error while producing the result rows: ${e.message}`;
  return "error while producing the result rows";
}

/** The DALI standardID INFO value for TAP (DALI-26: base IVOID, no fragment). */
const TAP_STANDARD_ID = "ivo://ivoa.net/std/TAP";

/** The VOTable document (without rows) of a result. */
export function resultDocument(input: Pick<QueryResultInput, "columns" | "query" | "infos" | "serviceDescriptors" | "standardID">): VOTableDocument {
  const infos: Info[] = [{ name: "QUERY_STATUS", value: "OK" }];
  if (input.query !== undefined) infos.push({ name: "QUERY", value: input.query });
  infos.push({ name: "standardID", value: input.standardID ?? TAP_STANDARD_ID }, ...(input.infos ?? []));
  const results: Resource = { type: "results", infos, tables: [{ fields: input.columns }] };
  return { version: "1.4", resources: [results, ...(input.serviceDescriptors ?? [])] };
}

function report(input: QueryResultInput, s: ResultSummary): void {
  input.onRowsWritten?.(s.rows);
  input.onEnd?.(s);
}

async function* votable(format: ResponseFormat, input: QueryResultInput, limit: number | undefined): AsyncGenerator<Uint8Array> {
  // MAXREC=0 is an overflow even when no row was read (the query need not run, DALI-17).
  const zero = limit === 0;
  const afterTable = (o: TableOutcome): readonly Info[] => defaultAfterTable(zero && o.error === undefined ? { ...o, overflow: true } : o, rowErrorMessage);
  const options = { serialization: format.serialization ?? "TABLEDATA", afterTable, ...(limit === undefined ? {} : { maxRows: limit }) };
  const outcome = yield* writeVOTable(resultDocument(input), input.rows, options);
  const o = outcome ?? { rows: 0, overflow: false };
  report(input, { ...o, overflow: o.overflow || (zero && o.error === undefined) });
}

async function* delimited(kind: "csv" | "tsv", input: QueryResultInput, limit: number | undefined): AsyncGenerator<Uint8Array> {
  let summary: ResultSummary = { rows: 0, overflow: false };
  const onEnd = (rows: number, overflow: boolean) => {
    summary = { rows, overflow: overflow || limit === 0 };
  };
  yield* writeDelimited(input.columns, input.rows, kind, { ...(limit === undefined ? {} : { maxRows: limit }), onEnd });
  report(input, summary);
}

/**
 * Streams a TAP result as UTF-8 chunks (~64 KiB) in the given format.
 *
 * VOTable and JSON never throw for a failing row source: the document ends with the error
 * in-band (QUERY_STATUS=ERROR / "error"). CSV and TSV have no place for it, so the generator then
 * throws after the rows already written; the HTTP layer should abort the response.
 * @throws VOTableModelError before the first chunk when the column metadata is unusable.
 * @example
 * for await (const chunk of renderQueryResult(resolveResponseFormat(params.RESPONSEFORMAT), { columns, rows, limit: 1000, query })) reply.raw.write(chunk);
 */
export async function* renderQueryResult(format: ResponseFormat, input: QueryResultInput): AsyncGenerator<Uint8Array> {
  // Non-finite limits (Infinity, NaN) mean no limit; negative ones are treated as 0.
  const limit = input.limit === undefined || !Number.isFinite(input.limit) ? undefined : Math.max(0, Math.floor(input.limit));
  switch (format.id) {
    case "votable-td":
    case "votable-binary":
    case "votable-binary2":
      yield* votable(format, input, limit);
      return;
    case "csv":
    case "tsv":
      yield* delimited(format.id, input, limit);
      return;
    case "json": {
      const out = yield* writeJson(input.columns, input.rows, limit ?? Infinity, rowErrorMessage);
      report(input, out);
      return;
    }
  }
}
