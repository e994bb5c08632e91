/**
 * Dimension records in SQL: mapping records to rows and back (booleans, hashes, timespans,
 * regions), inserting with a conflict mode, keeping view elements (band) filled, and querying with
 * data-ID, region, timespan and expression constraints.
 */
import {
  type ConvexPolygon,
  type DimensionElement,
  decodeConvexPolygon,
  encodeConvexPolygon,
  type FieldSpec,
  getElement,
  isDimension,
  type Timespan,
} from "../../model/index.js";
import type { ConflictMode, DimensionRecord, QueryOptions } from "../registry.js";
import { elementTable, identifyingColumns } from "../schema.js";
import { quoteIdent as q, type SqlRow, type SqlValue } from "../sql/database.js";
import { chunks, Params, type RegistryContext, RegistryError } from "./context.js";
import { compileFilters, type FilterBase } from "./filters.js";

/** The plain columns of an element (identifying, other keys, implied, metadata), with their specs. */
export function elementColumns(ctx: RegistryContext, e: DimensionElement): { name: string; spec: FieldSpec }[] {
  const cols: { name: string; spec: FieldSpec }[] = [];
  for (const d of e.requires) cols.push({ name: d, spec: getElement(ctx.universe, d).keys[0]! });
  for (const k of e.keys) cols.push({ name: k.name, spec: k });
  for (const d of e.implies) cols.push({ name: d, spec: getElement(ctx.universe, d).keys[0]! });
  for (const m of e.metadata) cols.push({ name: m.name, spec: m });
  return cols;
}

function toSqlValue(v: unknown, spec: FieldSpec, where: string): SqlValue {
  if (v === undefined || v === null) return null;
  switch (spec.type) {
    case "int":
      if (typeof v === "number" && Number.isInteger(v)) return v;
      if (typeof v === "bigint") return v;
      if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
      break;
    case "float":
      if (typeof v === "number") return v;
      if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
      break;
    case "bool":
      if (typeof v === "boolean") return v;
      break;
    case "hash":
      if (v instanceof Uint8Array) return v;
      if (typeof v === "string") return Buffer.from(v, "hex");
      break;
    case "datetime":
      if (typeof v === "bigint") return v;
      break;
    default:
      if (typeof v === "string") {
        if (spec.length !== undefined && v.length > spec.length) throw new RegistryError(`${where}: '${v}' is longer than ${spec.length} characters`);
        return v;
      }
      if (typeof v === "number") return String(v);
  }
  throw new RegistryError(`${where}: ${JSON.stringify(typeof v === "bigint" ? String(v) : v)} is not a valid ${spec.type}`);
}

function fromSqlValue(v: unknown, spec: FieldSpec): unknown {
  if (v === null || v === undefined) return null;
  switch (spec.type) {
    case "bool":
      return v === true || v === 1 || v === "1";
    case "hash":
      return v instanceof Uint8Array ? new Uint8Array(v) : v;
    case "datetime":
      return typeof v === "bigint" ? v : BigInt(v as number);
    default:
      return v;
  }
}

const toBig = (v: unknown): bigint | null => (v === null || v === undefined ? null : typeof v === "bigint" ? v : BigInt(v as number));

/** Turns a row of an element table into a record. */
export function rowToRecord(ctx: RegistryContext, e: DimensionElement, row: SqlRow): DimensionRecord {
  const rec: Record<string, unknown> = {};
  for (const c of elementColumns(ctx, e)) rec[c.name] = fromSqlValue(row[c.name], c.spec);
  if (e.temporal) {
    const ts: Timespan = { begin: toBig(row.timespan_begin), end: toBig(row.timespan_end) };
    if (ts.begin !== null || ts.end !== null) rec.timespan = ts;
  }
  if (e.spatial && typeof row.region === "string" && row.region) rec.region = decodeConvexPolygon(row.region);
  return rec as DimensionRecord;
}

/** The identifying key values of a record, in identifyingColumns order. */
export function recordKey(e: DimensionElement, rec: DimensionRecord): (string | number)[] {
  const cols = isDimension(e) ? identifyingColumns(e).map((c) => c.column) : e.requires;
  return cols.map((c) => rec[c] as string | number);
}

/** Inserts records of one element; returns the number written. */
export async function insertDimensionRecords(ctx: RegistryContext, element: string, records: readonly DimensionRecord[], mode: ConflictMode): Promise<number> {
  const e = getElement(ctx.universe, element);
  if (e.viewOf) throw new RegistryError(`${element} records are derived from ${e.viewOf} and cannot be inserted directly`);
  const cols = elementColumns(ctx, e);
  const known = new Set([...cols.map((c) => c.name), "timespan", "region"]);
  const keyCols = isDimension(e) ? identifyingColumns(e).map((c) => c.column) : e.requires;
  let written = 0;
  const indexed: { key: (string | number)[]; region: ConvexPolygon | undefined }[] = [];
  for (const [i, rec] of records.entries()) {
    for (const k of Object.keys(rec)) if (!known.has(k)) throw new RegistryError(`${element} record ${i}: unknown field ${k}`);
    for (const k of keyCols) if (rec[k] === undefined || rec[k] === null) throw new RegistryError(`${element} record ${i}: missing key ${k}`);
    const params = new Params(ctx.ex.caps.placeholder);
    const names = cols.map((c) => q(c.name));
    const values = cols.map((c) => params.add(toSqlValue(rec[c.name], c.spec, `${element}.${c.name}`)));
    if (e.temporal) {
      names.push(`"timespan_begin"`, `"timespan_end"`);
      values.push(params.add(rec.timespan?.begin ?? null), params.add(rec.timespan?.end ?? null));
    }
    if (e.spatial) {
      names.push(`"region"`);
      values.push(params.add(rec.region ? encodeConvexPolygon(rec.region) : null));
      const extra = ctx.spatial.rowColumns(rec.region, params);
      names.push(...extra.columns);
      values.push(...extra.values);
    }
    const pk = keyCols.map(q).join(", ");
    let sql = `INSERT INTO ${q(elementTable(element))} (${names.join(", ")}) VALUES (${values.join(", ")})`;
    if (mode === "skip") sql += ` ON CONFLICT (${pk}) DO NOTHING`;
    if (mode === "replace") {
      const updates = names.filter((n) => !keyCols.map(q).includes(n)).map((n) => `${n} = EXCLUDED.${n}`);
      sql += updates.length ? ` ON CONFLICT (${pk}) DO UPDATE SET ${updates.join(", ")}` : ` ON CONFLICT (${pk}) DO NOTHING`;
    }
    let n: number;
    try {
      n = await ctx.ex.run(...params.bind(sql));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/unique|duplicate/i.test(msg)) throw new RegistryError(`${element} record ${JSON.stringify(recordKey(e, rec))} already exists`, "conflict");
      throw err;
    }
    written += n;
    if (n > 0 && e.spatial) indexed.push({ key: recordKey(e, rec), region: rec.region });
  }
  if (indexed.length) await ctx.spatial.indexRegions(ctx.ex, e, indexed);
  // Elements that are views of this one (band of physical_filter) get their distinct values.
  for (const view of ctx.universe.ordered) {
    if (view.viewOf !== element) continue;
    const key = view.keys[0]!.name;
    const vals = [...new Set(records.map((r) => r[view.name]).filter((v): v is string | number => v !== undefined && v !== null))];
    for (const part of chunks(vals, 500)) {
      const p = new Params(ctx.ex.caps.placeholder);
      const rows = part.map((v) => `(${p.add(v)})`).join(", ");
      await ctx.ex.run(...p.bind(`INSERT INTO ${q(elementTable(view.name))} (${q(key)}) VALUES ${rows} ON CONFLICT DO NOTHING`));
    }
  }
  return written;
}

/** The columns an element query exposes for filters: its own and those of the dimensions it names. */
function elementBase(_ctx: RegistryContext, e: DimensionElement): FilterBase {
  const columns = new Map<string, string>();
  for (const d of [...e.requires, ...e.implies]) columns.set(d, `"r".${q(d)}`);
  if (isDimension(e)) columns.set(e.name, `"r".${q(e.keys[0]!.name)}`);
  return { alias: "r", element: e, dimensionColumns: columns };
}

/** Queries the records of one element. */
export async function queryDimensionRecords(ctx: RegistryContext, element: string, options: QueryOptions = {}): Promise<DimensionRecord[]> {
  const e = getElement(ctx.universe, element);
  const params = new Params(ctx.ex.caps.placeholder);
  const base = elementBase(ctx, e);
  const f = compileFilters(ctx, base, options, params);
  let sql = `SELECT "r".* FROM ${q(elementTable(element))} AS "r"${f.joins} WHERE ${f.where}`;
  const defaultOrder = (isDimension(e) ? identifyingColumns(e).map((c) => c.column) : e.requires).map((c) => `"r".${q(c)}`);
  sql += ` ORDER BY ${[...f.orderBy, ...defaultOrder].join(", ")}`;
  if (options.limit !== undefined) sql += ` LIMIT ${params.add(options.limit)}`;
  if (options.offset !== undefined) sql += `${options.limit === undefined ? " LIMIT -1" : ""} OFFSET ${params.add(options.offset)}`;
  const rows = await ctx.ex.all(...params.bind(sql));
  return rows.map((r) => rowToRecord(ctx, e, r));
}
