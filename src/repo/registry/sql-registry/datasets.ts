/**
 * Datasets in SQL: insertion with data-ID validation and expansion, find-first search through an
 * ordered collection list (RUN, TAGGED and CALIBRATION members, chains flattened), removal with the
 * datastore records moved to a trash table for two-phase deletion, and provenance links.
 */
import {
  type DataId,
  type DatasetRef,
  type DatastoreRecord,
  expandDimensions,
  getElement,
  isUuid,
  requiredDimensions,
  taiFromDate,
} from "../../model/index.js";
import type { DatasetQueryOptions, InsertDatasetItem } from "../registry.js";
import { elementTable, identifyingColumns } from "../schema.js";
import { quoteIdent as q, type SqlRow } from "../sql/database.js";
import { resolveCollections, requireCollection, newDatasetId } from "./collections.js";
import { chunks, Params, type RegistryContext, RegistryError } from "./context.js";
import { datasetTypeRow, requireDatasetType } from "./dataset-types.js";
import { compileFilters, type FilterBase } from "./filters.js";

/** Canonical key of a data ID: the required values in universe order, as JSON. */
export function dataIdKey(required: readonly string[], dataId: DataId): string {
  return JSON.stringify(required.map((d) => dataId[d]));
}

type RecordCache = Map<string, SqlRow | null>;

/** "instrument=LSSTCam, visit=42" for messages. */
function identifiers(e: { readonly requires: readonly string[]; readonly name: string }, dataId: DataId): string {
  return [...e.requires, e.name].map((d) => `${d}=${String(dataId[d])}`).join(", ");
}

async function lookupRecord(ctx: RegistryContext, element: string, dataId: DataId, cache: RecordCache): Promise<SqlRow | null> {
  const e = getElement(ctx.universe, element);
  const cols = identifyingColumns(e);
  const values = cols.map((c) => dataId[c.dimension]);
  if (values.some((v) => v === undefined)) return null;
  const key = `${element}:${JSON.stringify(values)}`;
  if (cache.has(key)) return cache.get(key)!;
  const p = new Params(ctx.ex.caps.placeholder);
  const where = cols.map((c, i) => `${q(c.column)} = ${p.add(values[i]!)}`).join(" AND ");
  const rows = await ctx.ex.all(...p.bind(`SELECT * FROM ${q(elementTable(element))} WHERE ${where}`));
  const row = rows[0] ?? null;
  cache.set(key, row);
  return row;
}

/** Validates a data ID against dimensions and completes its implied values from the records. */
export async function expandDataId(ctx: RegistryContext, dataId: DataId, dimensions: readonly string[], cache: RecordCache = new Map()): Promise<DataId> {
  const all = expandDimensions(ctx.universe, dimensions);
  const required = requiredDimensions(ctx.universe, dimensions);
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(dataId)) {
    if (!all.includes(k)) throw new RegistryError(`data ID key ${k} is not one of the dimensions ${all.join(", ")}`);
    const key = getElement(ctx.universe, k).keys[0]!;
    if (key.type === "int" && !(typeof v === "number" && Number.isInteger(v))) throw new RegistryError(`data ID ${k}=${JSON.stringify(v)}: expected an integer`);
    if (key.type === "string" && typeof v !== "string") throw new RegistryError(`data ID ${k}=${JSON.stringify(v)}: expected a string`);
    out[k] = v;
  }
  for (const d of required) if (out[d] === undefined) throw new RegistryError(`data ID lacks ${d} (needs ${required.join(", ")})`);
  // Every dimension value must have its record; implied values come from those records. Repeat
  // until nothing changes: exposure implies physical_filter, which then implies band.
  const checked = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of all) {
      const e = getElement(ctx.universe, d);
      if (out[d] === undefined || checked.has(d) || e.viewOf) continue;
      if (e.requires.some((r) => out[r] === undefined)) continue;
      checked.add(d);
      const row = await lookupRecord(ctx, d, out, cache);
      if (!row) throw new RegistryError(`no ${d} record for ${identifiers(e, out)}`, "missing");
      for (const implied of e.implies) {
        const v = row[implied] as string | number | null;
        if (v === null || v === undefined) continue;
        if (out[implied] !== undefined && out[implied] !== v) throw new RegistryError(`data ID ${implied}=${out[implied]} contradicts ${d}'s ${implied}=${v}`);
        if (out[implied] === undefined) changed = true;
        out[implied] = v;
      }
    }
  }
  return out;
}

const DIMENSION_ORDER = (ctx: RegistryContext) => ctx.universe.ordered.filter((e) => e.keys.length > 0).map((e) => e.name);

function rowToRef(_ctx: RegistryContext, row: SqlRow, dims: readonly string[]): DatasetRef {
  const dataId: Record<string, string | number> = {};
  for (const d of dims) {
    const v = row[d];
    if (v !== null && v !== undefined) dataId[d] = v as string | number;
  }
  return { id: row.id as string, datasetType: row.dataset_type as string, run: row.run as string, dataId };
}

export async function insertDatasets(ctx: RegistryContext, datasetType: string, run: string, items: readonly InsertDatasetItem[]): Promise<DatasetRef[]> {
  const type = await requireDatasetType(ctx, datasetType);
  const runRow = await requireCollection(ctx, run, "RUN");
  const required = requiredDimensions(ctx.universe, type.dimensions);
  const all = expandDimensions(ctx.universe, type.dimensions);
  const cache: RecordCache = new Map();
  const now = taiFromDate(new Date());
  const refs: DatasetRef[] = [];
  for (const item of items) {
    const dataId = await expandDataId(ctx, item.dataId, type.dimensions, cache);
    const id = item.id?.toLowerCase() ?? newDatasetId();
    if (!isUuid(id)) throw new RegistryError(`dataset id ${item.id} is not a UUID`);
    const key = dataIdKey(required, dataId);
    const p = new Params(ctx.ex.caps.placeholder);
    const cols = ["id", "dataset_type_id", "run_id", "data_id_key", "ingest_date", ...all.filter((d) => dataId[d] !== undefined)];
    const vals = [id, type.id, runRow.id, key, now, ...all.filter((d) => dataId[d] !== undefined).map((d) => dataId[d]!)];
    try {
      await ctx.ex.run(...p.bind(`INSERT INTO "dataset" (${cols.map(q).join(", ")}) VALUES (${p.list(vals)})`));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/unique|duplicate/i.test(msg)) {
        throw new RegistryError(`a ${datasetType} dataset with data ID ${JSON.stringify(dataId)} already exists in ${run}, or id ${id} is taken`, "conflict");
      }
      throw err;
    }
    refs.push({ id, datasetType, run, dataId });
  }
  return refs;
}

const SELECT_REF = `"d".*, "dt"."name" AS "dataset_type", "rc"."name" AS "run"`;

export async function getDataset(ctx: RegistryContext, id: string): Promise<DatasetRef | undefined> {
  if (!isUuid(id.toLowerCase())) return undefined;
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all(...p.bind(`SELECT ${SELECT_REF}, "dt"."dimensions" AS "type_dimensions" FROM "dataset" "d" JOIN "dataset_type" "dt" ON "dt"."id" = "d"."dataset_type_id" JOIN "collection" "rc" ON "rc"."id" = "d"."run_id" WHERE "d"."id" = ${p.add(id.toLowerCase())}`));
  const row = rows[0];
  if (!row) return undefined;
  return rowToRef(ctx, row, expandDimensions(ctx.universe, JSON.parse(row.type_dimensions as string) as string[]));
}

/** Builds the SELECT of a dataset query; `select` chooses rows or a count. */
async function datasetQuerySql(ctx: RegistryContext, datasetType: string, options: DatasetQueryOptions, mode: "rows" | "count"): Promise<{ sql: string; params: Params; dims: string[] } | undefined> {
  const params = new Params(ctx.ex.caps.placeholder);
  let typeIds: number[];
  let dims: string[];
  if (datasetType === "*") {
    const rows = await ctx.ex.all<{ id: number }>(`SELECT "id" FROM "dataset_type"`);
    typeIds = rows.map((r) => Number(r.id));
    dims = DIMENSION_ORDER(ctx);
  } else {
    const t = await datasetTypeRow(ctx, datasetType);
    if (!t) throw new RegistryError(`no dataset type named ${datasetType}`, "missing");
    typeIds = [t.id];
    dims = expandDimensions(ctx.universe, t.dimensions);
  }
  if (typeIds.length === 0) return undefined;
  const colls = await resolveCollections(ctx, options.collections);
  if (colls.length === 0) return undefined;
  const typeList = params.list(typeIds);
  const members: string[] = [];
  for (const [rank, c] of colls.entries()) {
    if (c.type === "RUN") members.push(`SELECT "id" AS "dataset_id", ${params.add(rank)} AS "rank" FROM "dataset" WHERE "run_id" = ${params.add(c.id)} AND "dataset_type_id" IN (${typeList})`);
    else if (c.type === "TAGGED") members.push(`SELECT "dataset_id", ${params.add(rank)} AS "rank" FROM "dataset_tag" WHERE "collection_id" = ${params.add(c.id)} AND "dataset_type_id" IN (${typeList})`);
    else if (c.type === "CALIBRATION") {
      const t = options.calibrationTime;
      const validity = t === undefined ? "" : ` AND ("valid_begin" IS NULL OR "valid_begin" <= ${params.add(t)}) AND ("valid_end" IS NULL OR "valid_end" > ${params.add(t)})`;
      members.push(`SELECT "dataset_id", ${params.add(rank)} AS "rank" FROM "dataset_calib" WHERE "collection_id" = ${params.add(c.id)} AND "dataset_type_id" IN (${typeList})${validity}`);
    }
  }
  // When every searched collection is a RUN, membership is a plain filter on the dataset table,
  // which leaves the planner free to start from the spatial or temporal constraints.
  const allRuns = colls.every((c) => c.type === "RUN");
  const columns = new Map<string, string>();
  for (const d of dims) columns.set(d, `"d".${q(d)}`);
  const base: FilterBase = { alias: "d", element: undefined, dimensionColumns: columns };
  // With RUN collections only, a region constraint may drive the query (SQLite: materialised
  // HEALPix candidates first, see CompileOptions); the member union of other collection types
  // is better left to the planner.
  const f = compileFilters(ctx, base, options, params, undefined, datasetType === "*" ? [] : [datasetType], { driveFromCandidates: allRuns });
  const findFirst = options.findFirst ?? true;
  const partition = findFirst ? `"d"."dataset_type_id", "d"."data_id_key"` : `"d"."id"`;
  const orderCols = f.orderBy.map((o, i) => `, ${o.replace(/ DESC$/, "")} AS "o${i}"`).join("");
  let inner: string;
  if (allRuns) {
    // Ranks are our own integer counters (positions in the search list), written as literals so
    // every engine types them as integers.
    const rank = colls.length === 1 ? "0" : `CASE "d"."run_id" ${colls.map((c, i) => `WHEN ${params.add(c.id)} THEN ${Number(i)}`).join(" ")} END`;
    const runFilter = `"d"."run_id" IN (${params.list(colls.map((c) => c.id))}) AND "d"."dataset_type_id" IN (${params.list(typeIds)})`;
    const from = f.driver ? `${f.driver.from} CROSS JOIN "dataset" "d" ON ${f.driver.baseOn}` : `"dataset" "d"`;
    inner = `SELECT ${SELECT_REF}, ${rank} AS "rank", ${colls.length === 1 ? "1" : `ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${rank})`} AS "rn"${orderCols} FROM ${from} JOIN "dataset_type" "dt" ON "dt"."id" = "d"."dataset_type_id" JOIN "collection" "rc" ON "rc"."id" = "d"."run_id"${f.joins} WHERE ${runFilter} AND ${f.where}`;
  } else {
    inner = `SELECT ${SELECT_REF}, "m"."rank" AS "rank", ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY "m"."rank") AS "rn"${orderCols} FROM (${members.join(" UNION ALL ")}) "m" JOIN "dataset" "d" ON "d"."id" = "m"."dataset_id" JOIN "dataset_type" "dt" ON "dt"."id" = "d"."dataset_type_id" JOIN "collection" "rc" ON "rc"."id" = "d"."run_id"${f.joins} WHERE ${f.where}`;
  }
  const withClause = f.driver ? `WITH ${f.driver.with} ` : "";
  if (mode === "count") return { sql: `${withClause}SELECT COUNT(*) AS "n" FROM (${inner}) "q" WHERE "rn" = 1`, params, dims };
  const order = [...f.orderBy.map((o, i) => `"q"."o${i}"${o.endsWith(" DESC") ? " DESC" : ""}`), `"q"."dataset_type"`, `"q"."data_id_key"`, `"q"."id"`];
  let sql = `${withClause}SELECT * FROM (${inner}) "q" WHERE "rn" = 1 ORDER BY ${order.join(", ")}`;
  if (options.limit !== undefined || options.offset !== undefined) sql += ` LIMIT ${params.add(options.limit ?? Number.MAX_SAFE_INTEGER)}`;
  if (options.offset !== undefined) sql += ` OFFSET ${params.add(options.offset)}`;
  return { sql, params, dims };
}

export async function queryDatasets(ctx: RegistryContext, datasetType: string, options: DatasetQueryOptions): Promise<DatasetRef[]> {
  const built = await datasetQuerySql(ctx, datasetType, options, "rows");
  if (!built) return [];
  const rows = await ctx.ex.all(...built.params.bind(built.sql));
  if (datasetType !== "*") return rows.map((r) => rowToRef(ctx, r, built.dims));
  // Several types: each ref carries only its own type's dimensions.
  const typeDims = new Map<string, string[]>();
  for (const t of await ctx.ex.all<{ name: string; dimensions: string }>(`SELECT "name", "dimensions" FROM "dataset_type"`)) {
    typeDims.set(t.name, expandDimensions(ctx.universe, JSON.parse(t.dimensions) as string[]));
  }
  return rows.map((r) => rowToRef(ctx, r, typeDims.get(r.dataset_type as string) ?? built.dims));
}

export async function countDatasets(ctx: RegistryContext, datasetType: string, options: DatasetQueryOptions): Promise<number> {
  const built = await datasetQuerySql(ctx, datasetType, options, "count");
  if (!built) return 0;
  const rows = await ctx.ex.all<{ n: number }>(...built.params.bind(built.sql));
  return Number(rows[0]?.n ?? 0);
}

/** Moves datastore records of datasets to the trash, then deletes the datasets (cascading). */
export async function removeDatasets(ctx: RegistryContext, ids: readonly string[]): Promise<void> {
  const now = taiFromDate(new Date());
  for (const part of chunks([...new Set(ids)], 400)) {
    const p = new Params(ctx.ex.caps.placeholder);
    const list = p.list(part);
    await ctx.ex.run(...p.bind(`INSERT INTO "dataset_location_trash" ("dataset_id", "path", "trashed_at") SELECT "dataset_id", "path", ${p.add(now)} FROM "dataset_location" WHERE "dataset_id" IN (${list}) ON CONFLICT DO NOTHING`));
    const pp = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...pp.bind(`DELETE FROM "dataset" WHERE "id" IN (${pp.list(part)})`));
  }
}

export async function addProvenance(ctx: RegistryContext, outputId: string, inputIds: readonly string[]): Promise<void> {
  for (const input of new Set(inputIds)) {
    if (input === outputId) throw new RegistryError(`dataset ${outputId} cannot be its own input`);
    const p = new Params(ctx.ex.caps.placeholder);
    try {
      await ctx.ex.run(...p.bind(`INSERT INTO "dataset_provenance" ("output_id", "input_id") VALUES (${p.add(outputId)}, ${p.add(input)}) ON CONFLICT DO NOTHING`));
    } catch (err) {
      if (/foreign key/i.test(String(err))) throw new RegistryError(`provenance refers to an unknown dataset (${outputId} ← ${input})`, "missing");
      throw err;
    }
  }
}

async function linked(ctx: RegistryContext, id: string, direction: "inputs" | "outputs"): Promise<DatasetRef[]> {
  const [mine, other] = direction === "inputs" ? ["output_id", "input_id"] : ["input_id", "output_id"];
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<{ id: string }>(...p.bind(`SELECT ${q(other)} AS "id" FROM "dataset_provenance" WHERE ${q(mine)} = ${p.add(id)} ORDER BY ${q(other)}`));
  const out: DatasetRef[] = [];
  for (const r of rows) {
    const ref = await getDataset(ctx, r.id);
    if (ref) out.push(ref);
  }
  return out.sort((a, b) => a.datasetType.localeCompare(b.datasetType) || a.id.localeCompare(b.id));
}

export const getInputs = (ctx: RegistryContext, id: string) => linked(ctx, id, "inputs");
export const getOutputs = (ctx: RegistryContext, id: string) => linked(ctx, id, "outputs");

export async function putDatastoreRecords(ctx: RegistryContext, records: readonly DatastoreRecord[]): Promise<void> {
  for (const r of records) {
    const p = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...p.bind(`INSERT INTO "dataset_location" ("dataset_id", "path", "formatter", "file_size", "checksum") VALUES (${p.list([r.datasetId, r.path, r.formatter, r.fileSize, r.checksum])}) ON CONFLICT ("dataset_id") DO UPDATE SET "path" = EXCLUDED."path", "formatter" = EXCLUDED."formatter", "file_size" = EXCLUDED."file_size", "checksum" = EXCLUDED."checksum"`));
  }
}

export async function getDatastoreRecord(ctx: RegistryContext, datasetId: string): Promise<DatastoreRecord | undefined> {
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<{ dataset_id: string; path: string; formatter: string; file_size: number | null; checksum: string | null }>(...p.bind(`SELECT * FROM "dataset_location" WHERE "dataset_id" = ${p.add(datasetId)}`));
  const r = rows[0];
  return r ? { datasetId: r.dataset_id, path: r.path, formatter: r.formatter, fileSize: r.file_size === null ? null : Number(r.file_size), checksum: r.checksum } : undefined;
}

export async function listTrash(ctx: RegistryContext, limit = 1000): Promise<{ datasetId: string; path: string }[]> {
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<{ dataset_id: string; path: string }>(...p.bind(`SELECT "dataset_id", "path" FROM "dataset_location_trash" ORDER BY "trashed_at", "dataset_id" LIMIT ${p.add(limit)}`));
  return rows.map((r) => ({ datasetId: r.dataset_id, path: r.path }));
}

export async function forgetTrash(ctx: RegistryContext, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids, 500)) {
    const p = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...p.bind(`DELETE FROM "dataset_location_trash" WHERE "dataset_id" IN (${p.list(part)})`));
  }
}

/** Removes a collection; a RUN's datasets go with it (records to the trash). */
export async function removeCollection(ctx: RegistryContext, name: string): Promise<void> {
  const row = await requireCollection(ctx, name);
  const p = new Params(ctx.ex.caps.placeholder);
  const parents = await ctx.ex.all<{ name: string }>(...p.bind(`SELECT c."name" FROM "collection_chain" cc JOIN "collection" c ON c."id" = cc."parent_id" WHERE cc."child_id" = ${p.add(row.id)}`));
  if (parents.length) throw new RegistryError(`collection ${name} is part of the chain ${parents[0]!.name}; remove it from the chain first`, "conflict");
  if (row.type === "RUN") {
    const pp = new Params(ctx.ex.caps.placeholder);
    const ids = (await ctx.ex.all<{ id: string }>(...pp.bind(`SELECT "id" FROM "dataset" WHERE "run_id" = ${pp.add(row.id)}`))).map((r) => r.id);
    await removeDatasets(ctx, ids);
  }
  const pd = new Params(ctx.ex.caps.placeholder);
  await ctx.ex.run(...pd.bind(`DELETE FROM "collection" WHERE "id" = ${pd.add(row.id)}`));
}
