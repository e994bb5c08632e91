/**
 * Runs one ADQL query in a read session: translate for the session's dialect (with MAXREC + 1
 * rows for overflow detection and the session's row guard), stream the rows, decode the cells.
 */
import { type OutputColumn, type SchemaLookup, translateAdql } from "../../lib/adql/index.js";
import type { Cell } from "../../lib/votable/index.js";
import type { ReadSession } from "../../repo/registry/index.js";
import { cellDecoder } from "./decode.js";

export interface ExecuteOptions {
  readonly maxrec?: number | undefined;
  readonly timeoutMs: number;
  readonly features?: ReadonlySet<string>;
  readonly draftFeatures?: boolean;
  readonly batchRows?: number;
}

export interface QueryResult {
  readonly columns: readonly OutputColumn[];
  readonly sql: string;
  /** At most MAXREC + 1 rows (the extra one signals overflow). */
  readonly rows: AsyncIterable<Cell[]>;
}

/** Translates (throwing ADQL errors at once) and returns the lazily streamed rows. */
export function executeAdql(session: ReadSession, lookup: SchemaLookup, adql: string, options: ExecuteOptions): QueryResult {
  const t = translateAdql(adql, {
    lookup,
    dialect: session.dialect,
    maxrec: options.maxrec,
    rowGuard: session.rowGuard,
    ...(options.features ? { features: options.features } : {}),
    ...(options.draftFeatures ? { draftFeatures: true } : {}),
  });
  const decoders = t.columns.map((c) => cellDecoder(c.type, c.meta));
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const batch of session.stream(t.sql, t.params, { timeoutMs: options.timeoutMs, ...(options.batchRows ? { batchRows: options.batchRows } : {}) })) {
      for (const r of batch) {
        const out: Cell[] = new Array(decoders.length);
        for (let i = 0; i < decoders.length; i++) out[i] = (decoders[i] as (v: unknown) => Cell)(r[i]);
        yield out;
      }
    }
  }
  return { columns: t.columns, sql: t.sql, rows: rows() };
}
