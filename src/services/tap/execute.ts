/**
 * Runs one ADQL query in a read session: translate for the session's dialect (with MAXREC + 1
 * rows for overflow detection and the session's row guard), stream the rows, decode the cells.
 */
import { type OutputColumn, type SchemaLookup, type TranslatedQuery, translateAdql } from "../../lib/adql/index.js";
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

/** Cell decoders of a translated query (a translation may be reused, see TapService). */
const decodersOf = new WeakMap<TranslatedQuery, ((v: unknown) => Cell)[]>();

/** Translates for the session's dialect (throwing ADQL errors at once). */
export function translateForSession(session: ReadSession, lookup: SchemaLookup, adql: string, options: Omit<ExecuteOptions, "timeoutMs" | "batchRows">): TranslatedQuery {
  return translateAdql(adql, {
    lookup,
    dialect: session.dialect,
    maxrec: options.maxrec,
    rowGuard: session.rowGuard,
    ...(options.features ? { features: options.features } : {}),
    ...(options.draftFeatures ? { draftFeatures: true } : {}),
  });
}

/** Returns the lazily streamed rows of an already translated query. */
export function executeTranslated(
  session: ReadSession,
  t: TranslatedQuery,
  options: Pick<ExecuteOptions, "timeoutMs" | "batchRows"> & {
    /** Values to bind instead of the translation's own (a cached translation with per-run values). */
    readonly params?: TranslatedQuery["params"];
  },
): QueryResult {
  let decoders = decodersOf.get(t);
  if (!decoders) {
    decoders = t.columns.map((c) => cellDecoder(c.type, c.meta));
    decodersOf.set(t, decoders);
  }
  const d = decoders;
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const batch of session.stream(t.sql, options.params ?? t.params, { timeoutMs: options.timeoutMs, ...(options.batchRows ? { batchRows: options.batchRows } : {}) })) {
      for (const r of batch) {
        const out: Cell[] = new Array(d.length);
        for (let i = 0; i < d.length; i++) out[i] = (d[i] as (v: unknown) => Cell)(r[i]);
        yield out;
      }
    }
  }
  return { columns: t.columns, sql: t.sql, rows: rows() };
}

/** Translates (throwing ADQL errors at once) and returns the lazily streamed rows. */
export function executeAdql(session: ReadSession, lookup: SchemaLookup, adql: string, options: ExecuteOptions): QueryResult {
  return executeTranslated(session, translateForSession(session, lookup, adql, options), options);
}
