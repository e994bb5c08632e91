/**
 * The streaming VOTable writer: serialises a `VOTableDocument` and streams the rows of its primary
 * table in TABLEDATA, BINARY or BINARY2 (VOTable 1.4 §5), yielding `Uint8Array` chunks of about
 * 64 KiB (UTF-8). Rows are pulled one at a time from a sync or async iterable and never kept, so
 * memory is flat whatever the row count. DALI 1.1 §4.4.1 (DALI-23..25): QUERY_STATUS goes before
 * the table (the caller puts it in `Resource.infos`); after the table the writer appends
 * `QUERY_STATUS=OVERFLOW` when `maxRows` cut the rows short, or `QUERY_STATUS=ERROR` when the row
 * source threw mid-stream — the document is then closed properly instead of being cut off.
 */
import { BinaryRowEncoder, effectiveFields } from "./binary-writer.js";
import { ChunkSink } from "./chunk-sink.js";
import type { Cell, Info, Resource, RowSource, Table, VOTableDocument } from "./model.js";
import { VOTABLE_NS } from "./model.js";
import {
  attrs,
  coosysXml,
  descriptionXml,
  fieldsXml,
  groupXml,
  infoXml,
  linkXml,
  paramXml,
  timesysXml,
} from "./metadata-xml.js";
import { TabledataRowEncoder } from "./tabledata-writer.js";

/** The three inline serialisations. */
export type Serialization = "TABLEDATA" | "BINARY" | "BINARY2";

/** What happened to the primary table's rows, passed to `afterTable`. */
export interface TableOutcome {
  /** Rows written. */
  readonly rows: number;
  /** True when the source had more than `maxRows` rows (the extra ones were not written). */
  readonly overflow: boolean;
  /** What the row source (or a value's encoding) threw, if it failed mid-stream. */
  readonly error?: unknown;
}

/** Options of `writeVOTable`. */
export interface WriteOptions {
  /** Default "TABLEDATA". */
  readonly serialization?: Serialization;
  /** Row limit (MAXREC): at most this many rows are written; one more row is read to detect overflow. */
  readonly maxRows?: number;
  /**
   * Row-limit/error hook: returns the INFOs to write after the primary table. The default writes
   * `QUERY_STATUS=OVERFLOW` on overflow and `QUERY_STATUS=ERROR` (content from `errorMessage`)
   * on error, and nothing otherwise.
   */
  readonly afterTable?: (outcome: TableOutcome) => readonly Info[];
  /** The user-safe text of the trailing ERROR INFO; default "Error while producing the result rows". */
  readonly errorMessage?: (error: unknown) => string;
}

/** The INFOs written after the primary table by default (DALI-24, DALI-25). */
export function defaultAfterTable(outcome: TableOutcome, errorMessage: (e: unknown) => string): readonly Info[] {
  if (outcome.error !== undefined) return [{ name: "QUERY_STATUS", value: "ERROR", content: errorMessage(outcome.error) }];
  if (outcome.overflow) return [{ name: "QUERY_STATUS", value: "OVERFLOW" }];
  return [];
}

function isSyncIterable(x: RowSource): x is Iterable<readonly Cell[]> {
  return typeof (x as Iterable<readonly Cell[]>)[Symbol.iterator] === "function";
}

/** Finds the primary table: the first TABLE of the first results RESOURCE (depth-first). */
export function primaryTable(doc: VOTableDocument): Table | undefined {
  const visit = (rs: readonly Resource[], wantResults: boolean): Table | undefined => {
    for (const r of rs) {
      if ((!wantResults || (r.type ?? "results") === "results") && r.tables !== undefined && r.tables.length > 0) return r.tables[0];
      const inner = visit(r.resources ?? [], wantResults);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  return visit(doc.resources, true) ?? visit(doc.resources, false);
}

interface Ctx {
  readonly sink: ChunkSink;
  readonly serialization: Serialization;
  readonly primary: Table | undefined;
  readonly rows: RowSource | undefined;
  readonly options: WriteOptions;
  outcome: TableOutcome | undefined;
}

async function* rowsOf(ctx: Ctx, table: Table, rows: RowSource, limit: number): AsyncGenerator<Uint8Array, TableOutcome> {
  const { sink, serialization } = ctx;
  const binary = serialization !== "TABLEDATA";
  const fields = effectiveFields(table.fields, serialization === "BINARY");
  const enc = binary ? new BinaryRowEncoder(fields, sink, serialization === "BINARY2") : new TabledataRowEncoder(fields, sink);
  const tag = binary ? serialization : "TABLEDATA";
  sink.writeString(binary ? `<DATA><${tag}>\n<STREAM encoding="base64">\n` : "<DATA><TABLEDATA>\n");
  let n = 0;
  let overflow = false;
  let error: unknown;
  try {
    if (isSyncIterable(rows)) {
      for (const row of rows) {
        if (n >= limit) {
          overflow = true;
          break;
        }
        enc.writeRow(row);
        n++;
        if (sink.pending > 0) yield* sink.take();
      }
    } else {
      for await (const row of rows) {
        if (n >= limit) {
          overflow = true;
          break;
        }
        enc.writeRow(row);
        n++;
        if (sink.pending > 0) yield* sink.take();
      }
    }
  } catch (e) {
    error = e ?? new Error("row source threw");
  }
  if (enc instanceof BinaryRowEncoder) enc.drain(true);
  sink.writeString(binary ? `</STREAM>\n</${tag}></DATA>\n` : "</TABLEDATA></DATA>\n");
  return error === undefined ? { rows: n, overflow } : { rows: n, overflow, error };
}

async function* tableXml(ctx: Ctx, t: Table, indent: string): AsyncGenerator<Uint8Array> {
  const { sink } = ctx;
  const fields = effectiveFields(t.fields, ctx.serialization === "BINARY");
  let head = `${indent}<TABLE${attrs([
    ["ID", t.ID],
    ["name", t.name],
    ["ref", t.ref],
    ["ucd", t.ucd],
    ["utype", t.utype],
    ["nrows", t.nrows],
  ])}>\n`;
  const i2 = `${indent}  `;
  head += descriptionXml(t.description, i2);
  head += (t.infos ?? []).map((x) => infoXml(x, i2)).join("");
  head += (t.params ?? []).map((p) => paramXml(p, i2)).join("");
  head += fieldsXml(fields, i2);
  head += (t.groups ?? []).map((g) => groupXml(g, i2)).join("");
  head += (t.links ?? []).map((l) => linkXml(l, i2)).join("");
  sink.writeString(head);
  const isPrimary = t === ctx.primary;
  const rows = isPrimary ? (ctx.rows ?? t.rows) : t.rows;
  if (rows !== undefined) {
    const limit = isPrimary && ctx.options.maxRows !== undefined ? Math.max(0, ctx.options.maxRows) : Infinity;
    const outcome = yield* rowsOf(ctx, t, rows, limit);
    if (isPrimary) ctx.outcome = outcome;
    else if (outcome.error !== undefined) ctx.outcome = { ...(ctx.outcome ?? { rows: 0, overflow: false }), error: outcome.error };
  }
  sink.writeString(`${(t.trailingInfos ?? []).map((x) => infoXml(x, i2)).join("")}${indent}</TABLE>\n`);
  if (sink.pending > 0) yield* sink.take();
}

function containsPrimary(r: Resource, primary: Table | undefined): boolean {
  return (r.tables ?? []).some((t) => t === primary) || (r.resources ?? []).some((x) => containsPrimary(x, primary));
}

async function* resourceXml(ctx: Ctx, r: Resource, indent: string): AsyncGenerator<Uint8Array> {
  const { sink } = ctx;
  const i2 = `${indent}  `;
  let head = `${indent}<RESOURCE${attrs([
    ["ID", r.ID],
    ["name", r.name],
    ["type", r.type],
    ["utype", r.utype],
  ])}>\n`;
  head += descriptionXml(r.description, i2);
  head += (r.infos ?? []).map((x) => infoXml(x, i2)).join("");
  head += (r.coosys ?? []).map((c) => coosysXml(c, i2)).join("");
  head += (r.timesys ?? []).map((c) => timesysXml(c, i2)).join("");
  head += (r.params ?? []).map((p) => paramXml(p, i2)).join("");
  head += (r.groups ?? []).map((g) => groupXml(g, i2)).join("");
  const hasChildren = (r.tables?.length ?? 0) + (r.resources?.length ?? 0) > 0;
  // Schema: LINK* must be followed by a TABLE or RESOURCE; without one, links cannot be written.
  if (hasChildren) head += (r.links ?? []).map((l) => linkXml(l, i2)).join("");
  sink.writeString(head);
  for (const t of r.tables ?? []) yield* tableXml(ctx, t, i2);
  for (const sub of r.resources ?? []) yield* resourceXml(ctx, sub, i2);
  let tail = (r.trailingInfos ?? []).map((x) => infoXml(x, i2)).join("");
  if (containsPrimary(r, ctx.primary) && !(r.resources ?? []).some((x) => containsPrimary(x, ctx.primary))) {
    const outcome = ctx.outcome ?? { rows: 0, overflow: false };
    const msg = ctx.options.errorMessage ?? (() => "Error while producing the result rows");
    const after = ctx.options.afterTable ? ctx.options.afterTable(outcome) : defaultAfterTable(outcome, msg);
    tail += after.map((x) => infoXml(x, i2)).join("");
  }
  sink.writeString(`${tail}${indent}</RESOURCE>\n`);
  if (sink.pending > 0) yield* sink.take();
}

/**
 * Streams a VOTable document as UTF-8 `Uint8Array` chunks (~64 KiB each; every chunk is a fresh
 * buffer the consumer may keep). `rows` feeds the primary table (see `primaryTable`); other tables
 * are written from their own `rows`. Rows are arrays with one `Cell` per FIELD in order.
 *
 * Never throws for row-source failures: those end the table and become a trailing
 * `QUERY_STATUS=ERROR` INFO (inspect via `afterTable`). Throws VOTableModelError for an unusable
 * model (bad arraysize) before the first chunk.
 *
 * @example
 * for await (const chunk of writeVOTable(doc, rows, { serialization: "BINARY2", maxRows: 1000 })) reply.raw.write(chunk);
 */
export async function* writeVOTable(
  doc: VOTableDocument,
  rows?: RowSource,
  options: WriteOptions = {},
): AsyncGenerator<Uint8Array, TableOutcome | undefined> {
  const sink = new ChunkSink();
  const primary = primaryTable(doc);
  const ctx: Ctx = { sink, serialization: options.serialization ?? "TABLEDATA", primary, rows, options, outcome: undefined };
  // Build every encoder once up front so a bad model fails before any output.
  for (const t of allTables(doc.resources)) {
    const f = effectiveFields(t.fields, ctx.serialization === "BINARY");
    if (ctx.serialization === "TABLEDATA") new TabledataRowEncoder(f, new ChunkSink(16));
    else new BinaryRowEncoder(f, new ChunkSink(16), false);
  }
  let head = `<?xml version="1.0" encoding="UTF-8"?>\n<VOTABLE version="${doc.version ?? "1.4"}" xmlns="${VOTABLE_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n`;
  head += descriptionXml(doc.description, "  ");
  head += (doc.coosys ?? []).map((c) => coosysXml(c, "  ")).join("");
  head += (doc.timesys ?? []).map((c) => timesysXml(c, "  ")).join("");
  head += (doc.params ?? []).map((p) => paramXml(p, "  ")).join("");
  head += (doc.groups ?? []).map((g) => groupXml(g, "  ")).join("");
  head += (doc.infos ?? []).map((x) => infoXml(x, "  ")).join("");
  sink.writeString(head);
  for (const r of doc.resources) yield* resourceXml(ctx, r, "  ");
  sink.writeString(`${(doc.trailingInfos ?? []).map((x) => infoXml(x, "  ")).join("")}</VOTABLE>\n`);
  yield* sink.take(true);
  return ctx.outcome;
}

function allTables(rs: readonly Resource[]): Table[] {
  return rs.flatMap((r) => [...(r.tables ?? []), ...allTables(r.resources ?? [])]);
}

/** Convenience for tests and small documents: the whole document as one string. */
export async function writeVOTableToString(doc: VOTableDocument, rows?: RowSource, options: WriteOptions = {}): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of writeVOTable(doc, rows, options)) parts.push(c);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return new TextDecoder().decode(all);
}
