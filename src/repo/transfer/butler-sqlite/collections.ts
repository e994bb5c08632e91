/**
 * Collections of a Butler SQLite registry: RUN, TAGGED, CHAINED (children in position order) and
 * CALIBRATION, under either collection manager layout (synthetic integer keys, `collection_id`,
 * or names as keys). The collection type codes are the daf_butler CollectionType enumeration;
 * they are checked against the run and collection_chain tables so a different encoding is caught.
 */
import type { CollectionType } from "../../model/index.js";
import type { FieldNote } from "./report.js";
import { ButlerSqliteError, type ButlerSource } from "./source.js";
import { intValue } from "./values.js";

/** daf_butler's CollectionType values as stored in `collection.type`. */
export const BUTLER_COLLECTION_TYPES: Readonly<Record<number, CollectionType>> = { 1: "RUN", 2: "TAGGED", 3: "CHAINED", 4: "CALIBRATION" };

/** How the source keys collections: a synthetic integer (`collection_id`) or the name. */
export interface CollectionLayout {
  /** Key column of `collection` (and `run`). */
  readonly key: "collection_id" | "name";
  /** Column of `dataset` naming its run. */
  readonly datasetRun: string;
  /** Column of dataset_tags_* / dataset_calibs_* naming the collection. */
  readonly tagCollection: string;
}

export interface SourceCollection {
  readonly key: string;
  readonly name: string;
  readonly type: CollectionType;
  readonly doc: string | null;
  /** CHAINED: children names in position order. */
  readonly children?: readonly string[];
}

/** Detects the collection manager layout from the tables' columns. */
export function collectionLayout(src: ButlerSource): CollectionLayout {
  const synthetic = src.columns("collection").includes("collection_id");
  const datasetRun = ["run_id", "run_name", "run"].find((c) => src.columns("dataset").includes(c));
  if (!datasetRun) throw new ButlerSqliteError("the dataset table has no run column (run_id or run_name)");
  return { key: synthetic ? "collection_id" : "name", datasetRun, tagCollection: synthetic ? "collection_id" : "collection_name" };
}

/** A key value (integer or name) as a map key. */
export const keyOf = (v: unknown): string => (typeof v === "bigint" || typeof v === "number" ? String(v) : String(v ?? ""));

/**
 * Reads every collection, chains with their ordered children.
 * @throws ButlerSqliteError for an unknown type code or a code contradicting the run/chain tables.
 */
export function readCollections(src: ButlerSource, layout: CollectionLayout): { collections: SourceCollection[]; fields: FieldNote[] } {
  const rows = src.all(`SELECT ${src.ident("collection", layout.key)} AS k, name, type, ${src.columns("collection").includes("doc") ? "doc" : "NULL AS doc"} FROM ${src.ident("collection")} ORDER BY name`);
  const byKey = new Map<string, string>();
  for (const r of rows) byKey.set(keyOf(r.k), String(r.name));
  const typeOf = (v: unknown): CollectionType => {
    if (typeof v === "string" && ["RUN", "TAGGED", "CHAINED", "CALIBRATION"].includes(v.toUpperCase())) return v.toUpperCase() as CollectionType;
    const t = BUTLER_COLLECTION_TYPES[Number(intValue(v))];
    if (!t) throw new ButlerSqliteError(`unknown collection type code ${String(v)}`);
    return t;
  };
  const runKeys = new Set(src.has("run") ? src.all(`SELECT ${src.ident("run", layout.key)} AS k FROM ${src.ident("run")}`).map((r) => keyOf(r.k)) : []);
  const chains = new Map<string, string[]>();
  if (src.has("collection_chain")) {
    for (const r of src.all(`SELECT parent, child FROM ${src.ident("collection_chain")} ORDER BY parent, position`)) {
      const child = byKey.get(keyOf(r.child));
      if (child === undefined) throw new ButlerSqliteError(`collection_chain refers to unknown collection ${keyOf(r.child)}`);
      const list = chains.get(keyOf(r.parent)) ?? [];
      list.push(child);
      chains.set(keyOf(r.parent), list);
    }
  }
  const collections = rows.map((r): SourceCollection => {
    const key = keyOf(r.k);
    const type = typeOf(r.type);
    if (runKeys.has(key) !== (type === "RUN")) throw new ButlerSqliteError(`collection ${String(r.name)} has type code ${String(r.type)} but is${runKeys.has(key) ? "" : " not"} in the run table`);
    if (chains.has(key) && type !== "CHAINED") throw new ButlerSqliteError(`collection ${String(r.name)} has children but type ${type}`);
    const doc = typeof r.doc === "string" && r.doc !== "" ? r.doc : null;
    return { key, name: String(r.name), type, doc, ...(type === "CHAINED" ? { children: chains.get(key) ?? [] } : {}) };
  });
  const fields: FieldNote[] = [];
  for (const c of src.columns("run")) {
    if (c === layout.key || c === "name") continue;
    const n = Number(src.all(`SELECT count(*) AS n FROM ${src.ident("run")} WHERE ${src.ident("run", c)} IS NOT NULL`)[0]?.n ?? 0);
    fields.push({ element: "run", field: c, kind: "dropped", values: n, reason: "Skyport's RUN collections keep a name and doc only" });
  }
  return { collections, fields };
}
