/**
 * Collections in SQL: RUN (a dataset's permanent home), TAGGED (any membership), CHAINED (an
 * ordered search path, how releases are published) and CALIBRATION (membership with validity
 * timespans). Chains are flattened for searches, with cycles refused when a chain is set.
 */
import { randomUUID } from "node:crypto";
import type { CollectionInfo, CollectionType, Timespan } from "../../model/index.js";
import { chunks, globToRegExp, Params, type RegistryContext, RegistryError } from "./context.js";

interface CollectionRow {
  id: number;
  name: string;
  type: CollectionType;
  doc: string | null;
}

export async function collectionRow(ctx: RegistryContext, name: string): Promise<CollectionRow | undefined> {
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<{ id: number; name: string; type: string; doc: string | null }>(...p.bind(`SELECT "id", "name", "type", "doc" FROM "collection" WHERE "name" = ${p.add(name)}`));
  const r = rows[0];
  return r ? { id: Number(r.id), name: r.name, type: r.type as CollectionType, doc: r.doc } : undefined;
}

export async function requireCollection(ctx: RegistryContext, name: string, type?: CollectionType): Promise<CollectionRow> {
  const row = await collectionRow(ctx, name);
  if (!row) throw new RegistryError(`no collection named ${name}`, "missing");
  if (type && row.type !== type) throw new RegistryError(`collection ${name} is ${row.type}, not ${type}`);
  return row;
}

async function chainChildren(ctx: RegistryContext, parentId: number): Promise<string[]> {
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<{ name: string }>(...p.bind(`SELECT c."name" FROM "collection_chain" cc JOIN "collection" c ON c."id" = cc."child_id" WHERE cc."parent_id" = ${p.add(parentId)} ORDER BY cc."position"`));
  return rows.map((r) => r.name);
}

async function info(ctx: RegistryContext, row: CollectionRow): Promise<CollectionInfo> {
  return row.type === "CHAINED"
    ? { name: row.name, type: row.type, doc: row.doc, children: await chainChildren(ctx, row.id) }
    : { name: row.name, type: row.type, doc: row.doc };
}

const VALID_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/+@-]*$/;

async function register(ctx: RegistryContext, name: string, type: CollectionType, doc: string | null): Promise<boolean> {
  if (!VALID_NAME.test(name) || name.length > 256) throw new RegistryError(`invalid collection name ${JSON.stringify(name)}`);
  const existing = await collectionRow(ctx, name);
  if (existing) {
    if (existing.type !== type) throw new RegistryError(`collection ${name} already exists as ${existing.type}`, "conflict");
    return false;
  }
  const p = new Params(ctx.ex.caps.placeholder);
  await ctx.ex.run(...p.bind(`INSERT INTO "collection" ("name", "type", "doc") VALUES (${p.add(name)}, ${p.add(type)}, ${p.add(doc)})`));
  return true;
}

export async function registerRun(ctx: RegistryContext, name: string, doc: string | null = null): Promise<boolean> {
  const created = await register(ctx, name, "RUN", doc);
  if (created) {
    const row = (await collectionRow(ctx, name))!;
    const p = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...p.bind(`INSERT INTO "run" ("collection_id", "host") VALUES (${p.add(row.id)}, ${p.add(null)})`));
  }
  return created;
}

export function registerCollection(ctx: RegistryContext, name: string, type: Exclude<CollectionType, "RUN">, doc: string | null = null): Promise<boolean> {
  return register(ctx, name, type, doc);
}

export async function getCollection(ctx: RegistryContext, name: string): Promise<CollectionInfo | undefined> {
  const row = await collectionRow(ctx, name);
  return row ? info(ctx, row) : undefined;
}

export async function queryCollections(ctx: RegistryContext, glob?: string, types?: readonly CollectionType[]): Promise<CollectionInfo[]> {
  const rows = await ctx.ex.all<{ id: number; name: string; type: string; doc: string | null }>(`SELECT "id", "name", "type", "doc" FROM "collection" ORDER BY "name"`);
  const re = glob ? globToRegExp(glob) : undefined;
  const out: CollectionInfo[] = [];
  for (const r of rows) {
    if (re && !re.test(r.name)) continue;
    if (types && !types.includes(r.type as CollectionType)) continue;
    out.push(await info(ctx, { id: Number(r.id), name: r.name, type: r.type as CollectionType, doc: r.doc }));
  }
  return out;
}

/** Flattens chains depth-first into the ordered, de-duplicated list of searched collections. */
export async function resolveCollections(ctx: RegistryContext, names: readonly string[]): Promise<(CollectionInfo & { id: number })[]> {
  const out: (CollectionInfo & { id: number })[] = [];
  const seen = new Set<string>();
  const visit = async (name: string, path: string[]) => {
    if (path.includes(name)) throw new RegistryError(`collection chain cycle: ${[...path, name].join(" → ")}`);
    const row = await requireCollection(ctx, name);
    if (row.type === "CHAINED") {
      for (const child of await chainChildren(ctx, row.id)) await visit(child, [...path, name]);
    } else if (!seen.has(name)) {
      seen.add(name);
      out.push({ id: row.id, name: row.name, type: row.type, doc: row.doc });
    }
  };
  for (const n of names) await visit(n, []);
  return out;
}

export async function setCollectionChain(ctx: RegistryContext, parent: string, children: readonly string[]): Promise<void> {
  const row = await requireCollection(ctx, parent, "CHAINED");
  const childRows = [];
  for (const c of children) childRows.push(await requireCollection(ctx, c));
  if (new Set(children).size !== children.length) throw new RegistryError(`chain ${parent} lists a child twice`);
  const p = new Params(ctx.ex.caps.placeholder);
  await ctx.ex.run(...p.bind(`DELETE FROM "collection_chain" WHERE "parent_id" = ${p.add(row.id)}`));
  for (const [i, c] of childRows.entries()) {
    const pp = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...pp.bind(`INSERT INTO "collection_chain" ("parent_id", "position", "child_id") VALUES (${pp.add(row.id)}, ${pp.add(i)}, ${pp.add(c.id)})`));
  }
  // Refuse cycles: resolving the new chain must terminate.
  await resolveCollections(ctx, [parent]);
}

interface DatasetKeyRow {
  id: string;
  dataset_type_id: number;
  data_id_key: string;
}

async function datasetKeys(ctx: RegistryContext, ids: readonly string[]): Promise<DatasetKeyRow[]> {
  const out: DatasetKeyRow[] = [];
  for (const part of chunks([...new Set(ids)], 500)) {
    const p = new Params(ctx.ex.caps.placeholder);
    out.push(...(await ctx.ex.all<DatasetKeyRow>(...p.bind(`SELECT "id", "dataset_type_id", "data_id_key" FROM "dataset" WHERE "id" IN (${p.list(part)})`))));
  }
  const found = new Set(out.map((r) => r.id));
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length) throw new RegistryError(`no dataset with id ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ""}`, "missing");
  return out;
}

export async function associate(ctx: RegistryContext, tagged: string, ids: readonly string[]): Promise<void> {
  const coll = await requireCollection(ctx, tagged, "TAGGED");
  for (const d of await datasetKeys(ctx, ids)) {
    const p = new Params(ctx.ex.caps.placeholder);
    const clash = await ctx.ex.all<{ dataset_id: string }>(...p.bind(`SELECT "dataset_id" FROM "dataset_tag" WHERE "collection_id" = ${p.add(coll.id)} AND "dataset_type_id" = ${p.add(d.dataset_type_id)} AND "data_id_key" = ${p.add(d.data_id_key)}`));
    if (clash[0] && clash[0].dataset_id !== d.id) throw new RegistryError(`${tagged} already holds another dataset with the data ID of ${d.id}`, "conflict");
    if (clash[0]) continue;
    const pp = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...pp.bind(`INSERT INTO "dataset_tag" ("collection_id", "dataset_id", "dataset_type_id", "data_id_key") VALUES (${pp.add(coll.id)}, ${pp.add(d.id)}, ${pp.add(d.dataset_type_id)}, ${pp.add(d.data_id_key)})`));
  }
}

export async function disassociate(ctx: RegistryContext, tagged: string, ids: readonly string[]): Promise<void> {
  const coll = await requireCollection(ctx, tagged, "TAGGED");
  for (const part of chunks(ids, 500)) {
    const p = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...p.bind(`DELETE FROM "dataset_tag" WHERE "collection_id" = ${p.add(coll.id)} AND "dataset_id" IN (${p.list(part)})`));
  }
}

export async function certify(ctx: RegistryContext, calibration: string, ids: readonly string[], validity: Timespan): Promise<void> {
  const coll = await requireCollection(ctx, calibration, "CALIBRATION");
  if (validity.begin !== null && validity.end !== null && validity.begin >= validity.end) throw new RegistryError("validity range is empty (begin ≥ end)");
  for (const d of await datasetKeys(ctx, ids)) {
    const p = new Params(ctx.ex.caps.placeholder);
    const conds = [`"collection_id" = ${p.add(coll.id)}`, `"dataset_type_id" = ${p.add(d.dataset_type_id)}`, `"data_id_key" = ${p.add(d.data_id_key)}`];
    if (validity.end !== null) conds.push(`("valid_begin" IS NULL OR "valid_begin" < ${p.add(validity.end)})`);
    if (validity.begin !== null) conds.push(`("valid_end" IS NULL OR "valid_end" > ${p.add(validity.begin)})`);
    const overlap = await ctx.ex.all(...p.bind(`SELECT 1 AS x FROM "dataset_calib" WHERE ${conds.join(" AND ")}`));
    if (overlap.length) throw new RegistryError(`${calibration}: a calibration with the data ID of ${d.id} is already valid in an overlapping range`, "conflict");
    const pp = new Params(ctx.ex.caps.placeholder);
    await ctx.ex.run(...pp.bind(`INSERT INTO "dataset_calib" ("collection_id", "dataset_id", "dataset_type_id", "data_id_key", "valid_begin", "valid_end") VALUES (${pp.list([coll.id, d.id, d.dataset_type_id, d.data_id_key, validity.begin, validity.end])})`));
  }
}

/** A fresh random dataset UUID (version 4). */
export function newDatasetId(): string {
  return randomUUID();
}
