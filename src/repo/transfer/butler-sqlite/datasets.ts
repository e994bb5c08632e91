/**
 * Dataset types, datasets and their memberships in a Butler SQLite registry (the "by dimensions"
 * dataset manager with UUIDs): each type's dimensions come from dimension_graph_definition or,
 * failing that, from the dimension columns of its dataset_tags_* table; data IDs come from the
 * tags row in the dataset's own RUN; TAGGED memberships from tags rows in TAGGED collections;
 * CALIBRATION certifications, with validity ranges, from dataset_calibs_*; file locations from
 * the datastore's opaque table(s) listed in opaque_meta.
 */
import { type DatasetType, type DatastoreRecord, type DimensionUniverse, expandDimensions, getElement, isValidDatasetTypeName, requiredDimensions, type Timespan } from "../../model/index.js";
import type { InsertDatasetItem } from "../../registry/index.js";
import { type CollectionLayout, keyOf, type SourceCollection } from "./collections.js";
import type { SkipNote } from "./report.js";
import { ButlerSqliteError, type ButlerSource } from "./source.js";
import { butlerTimeBounds, dataIdValue, datasetUuid, intValue, timespanValue } from "./values.js";

/** Bookkeeping columns of tags/calibs tables; every other column is a dimension. */
const TAG_BOOKKEEPING = new Set(["dataset_type_id", "dataset_id", "collection_id", "collection_name", "id", "timespan_begin", "timespan_end", "datetime_begin", "datetime_end", "validity"]);

/** daf_butler writes a NULL component as this string because component is part of the key. */
const NULL_COMPONENT = "__NULL_STRING__";

export interface DatasetsPlan {
  readonly types: DatasetType[];
  /** Datasets per (type, run), in source order of type id. */
  readonly inserts: { readonly datasetType: string; readonly run: string; readonly items: InsertDatasetItem[] }[];
  /** TAGGED collection → member dataset IDs. */
  readonly tagged: Map<string, string[]>;
  /** CALIBRATION certifications grouped by collection and validity range. */
  readonly certifications: { readonly collection: string; readonly validity: Timespan; readonly ids: string[] }[];
  readonly datastore: DatastoreRecord[];
  readonly skipped: SkipNote[];
}

interface SourceType {
  readonly id: bigint;
  readonly type: DatasetType;
  readonly tags: string;
  readonly calibs: string | null;
}

function typeDimensions(src: ButlerSource, row: Readonly<Record<string, unknown>>, tags: string): string[] {
  if (src.has("dimension_graph_definition") && row.dimensions_key !== undefined && row.dimensions_key !== null) {
    const dims = src.all(`SELECT dimension_name FROM ${src.ident("dimension_graph_definition")} WHERE dimension_graph_id = ?`, [row.dimensions_key]);
    if (dims.length) return dims.map((d) => String(d.dimension_name));
  }
  return src.columns(tags).filter((c) => !TAG_BOOKKEEPING.has(c));
}

/** Reads dataset types; those whose dimensions or name the target cannot hold are skipped. */
function readTypes(src: ButlerSource, universe: DimensionUniverse, skipped: SkipNote[]): SourceType[] {
  const out: SourceType[] = [];
  for (const row of src.all(`SELECT * FROM ${src.ident("dataset_type")} ORDER BY id`)) {
    const name = String(row.name);
    const tags = String(row.tag_association_table ?? "");
    if (!src.has(tags)) throw new ButlerSqliteError(`dataset type ${name}: tags table ${tags} does not exist`);
    const calibs = typeof row.calibration_association_table === "string" && row.calibration_association_table ? row.calibration_association_table : null;
    const count = () => Number(src.all(`SELECT count(*) AS n FROM ${src.ident("dataset")} WHERE dataset_type_id = ?`, [row.id])[0]?.n ?? 0);
    const dims = typeDimensions(src, row, tags);
    const unknown = dims.filter((d) => !universe.elements.get(d)?.keys.length);
    if (unknown.length) {
      skipped.push({ what: `dataset type ${name} (datasets)`, count: count(), reason: `dimensions ${unknown.join(", ")} are not in the target universe (skypix dimensions are not elements in Skyport)` });
      continue;
    }
    if (!isValidDatasetTypeName(name)) {
      skipped.push({ what: `dataset type ${name} (datasets)`, count: count(), reason: "name not valid in Skyport" });
      continue;
    }
    if (calibs && !src.has(calibs)) throw new ButlerSqliteError(`dataset type ${name}: calibs table ${calibs} does not exist`);
    const type: DatasetType = { name, dimensions: requiredDimensions(universe, expandDimensions(universe, dims)), storageClass: String(row.storage_class), isCalibration: calibs !== null };
    out.push({ id: BigInt(intValue(row.id) ?? 0), type, tags, calibs });
  }
  return out;
}

function dimColumns(src: ButlerSource, t: SourceType): string[] {
  return src.columns(t.tags).filter((c) => !TAG_BOOKKEEPING.has(c));
}

function dataIdOf(universe: DimensionUniverse, row: Readonly<Record<string, unknown>>, cols: readonly string[], where: string): Record<string, string | number> {
  const id: Record<string, string | number> = {};
  for (const c of cols) if (row[c] !== null && row[c] !== undefined) id[c] = dataIdValue(row[c], getElement(universe, c).keys[0], `${where}.${c}`);
  return id;
}

/** Plans datasets, memberships and datastore records of the convertible types. */
export function planDatasets(src: ButlerSource, universe: DimensionUniverse, layout: CollectionLayout, collections: readonly SourceCollection[]): DatasetsPlan {
  const skipped: SkipNote[] = [];
  const types = readTypes(src, universe, skipped);
  const byKey = new Map(collections.map((c) => [c.key, c]));
  const inserts: DatasetsPlan["inserts"] = [];
  const tagged = new Map<string, string[]>();
  const certs = new Map<string, { collection: string; validity: Timespan; ids: string[] }>();
  const kept = new Set<string>();
  const runCol = src.ident("dataset", layout.datasetRun);
  for (const t of types) {
    const tags = src.ident(t.tags);
    const coll = src.ident(t.tags, layout.tagCollection);
    const cols = dimColumns(src, t);
    const select = cols.map((c) => `t.${src.ident(t.tags, c)}`).join(", ");
    const rows = src.all(`SELECT d.id AS dataset_id, d.${runCol} AS run_key${select ? `, ${select}` : ""} FROM ${src.ident("dataset")} d JOIN ${tags} t ON t.dataset_id = d.id AND t.${coll} = d.${runCol} WHERE d.dataset_type_id = ? ORDER BY d.${runCol}, d.id`, [t.id]);
    const perRun = new Map<string, InsertDatasetItem[]>();
    for (const r of rows) {
      const run = byKey.get(keyOf(r.run_key));
      if (!run) throw new ButlerSqliteError(`dataset ${String(r.dataset_id)} names unknown run ${keyOf(r.run_key)}`);
      const id = datasetUuid(r.dataset_id);
      kept.add(id);
      const items = perRun.get(run.name) ?? [];
      items.push({ id, dataId: dataIdOf(universe, r, cols, `${t.type.name} ${id}`) });
      perRun.set(run.name, items);
    }
    for (const [run, items] of perRun) inserts.push({ datasetType: t.type.name, run, items });
    const total = Number(src.all(`SELECT count(*) AS n FROM ${src.ident("dataset")} WHERE dataset_type_id = ?`, [t.id])[0]?.n ?? 0);
    if (total > rows.length) skipped.push({ what: `${t.type.name} datasets`, count: total - rows.length, reason: "no data ID row in their own RUN's tags table" });
    for (const r of src.all(`SELECT dataset_id, ${coll} AS coll FROM ${tags} WHERE dataset_type_id = ? ORDER BY ${coll}, dataset_id`, [t.id])) {
      const c = byKey.get(keyOf(r.coll));
      if (c?.type !== "TAGGED") continue;
      const id = datasetUuid(r.dataset_id);
      const list = tagged.get(c.name) ?? [];
      list.push(id);
      tagged.set(c.name, list);
    }
    if (t.calibs) planCertifications(src, t, layout, byKey, certs, skipped);
  }
  const datastore = planDatastore(src, kept, skipped);
  return { types: types.map((t) => t.type), inserts, tagged, certifications: [...certs.values()], datastore, skipped };
}

function planCertifications(
  src: ButlerSource,
  t: SourceType,
  layout: CollectionLayout,
  byKey: ReadonlyMap<string, SourceCollection>,
  certs: Map<string, { collection: string; validity: Timespan; ids: string[] }>,
  skipped: SkipNote[],
): void {
  const calibs = t.calibs!;
  const cols = src.columns(calibs);
  const [b, e] = cols.includes("timespan_begin") ? ["timespan_begin", "timespan_end"] : ["datetime_begin", "datetime_end"];
  if (!cols.includes(b) || !cols.includes(e)) throw new ButlerSqliteError(`${calibs} has no validity columns (timespan_begin/end or datetime_begin/end)`);
  const bounds = butlerTimeBounds(src.column(calibs, b)?.defaultValue, src.column(calibs, e)?.defaultValue);
  const coll = src.ident(calibs, layout.tagCollection);
  let empty = 0;
  for (const r of src.all(`SELECT dataset_id, ${coll} AS coll, ${src.ident(calibs, b)} AS b, ${src.ident(calibs, e)} AS e FROM ${src.ident(calibs)} WHERE dataset_type_id = ? ORDER BY ${coll}, b, dataset_id`, [t.id])) {
    const c = byKey.get(keyOf(r.coll));
    if (c?.type !== "CALIBRATION") throw new ButlerSqliteError(`${calibs} row refers to ${keyOf(r.coll)}, which is not a CALIBRATION collection`);
    const validity = timespanValue(r.b, r.e, bounds) ?? { begin: null, end: null };
    if (validity.begin !== null && validity.end !== null && validity.begin >= validity.end) {
      empty++;
      continue;
    }
    const k = `${c.name}\u0000${validity.begin}\u0000${validity.end}`;
    const entry = certs.get(k) ?? { collection: c.name, validity, ids: [] };
    entry.ids.push(datasetUuid(r.dataset_id));
    certs.set(k, entry);
  }
  if (empty) skipped.push({ what: `${t.type.name} certifications`, count: empty, reason: "empty validity range" });
}

/** Datastore records from every opaque table shaped like a file datastore's. */
function planDatastore(src: ButlerSource, kept: ReadonlySet<string>, skipped: SkipNote[]): DatastoreRecord[] {
  const tables = src.has("opaque_meta") ? src.all(`SELECT table_name FROM ${src.ident("opaque_meta")}`).map((r) => String(r.table_name)) : ["file_datastore_records"];
  const byDataset = new Map<string, Readonly<Record<string, unknown>>[]>();
  for (const table of tables) {
    const cols = src.columns(table);
    if (!["dataset_id", "path", "formatter"].every((c) => cols.includes(c))) continue;
    for (const r of src.all(`SELECT * FROM ${src.ident(table)} ORDER BY dataset_id`)) {
      const id = datasetUuid(r.dataset_id);
      const list = byDataset.get(id) ?? [];
      list.push(r);
      byDataset.set(id, list);
    }
  }
  const out: DatastoreRecord[] = [];
  let notKept = 0;
  let composite = 0;
  let absolute = 0;
  let checksums = 0;
  for (const [id, rows] of byDataset) {
    if (!kept.has(id)) {
      notKept += rows.length;
      continue;
    }
    const main = rows.filter((r) => r.component === undefined || r.component === null || r.component === NULL_COMPONENT);
    if (main.length !== 1) {
      composite++;
      continue;
    }
    const r = main[0]!;
    const path = String(r.path);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith("/")) {
      absolute++;
      continue;
    }
    if (typeof r.checksum === "string" && r.checksum !== "") checksums++;
    const size = intValue(r.file_size);
    out.push({ datasetId: id, path, formatter: String(r.formatter), fileSize: typeof size === "number" && size >= 0 ? size : null, checksum: null });
  }
  if (notKept) skipped.push({ what: "datastore records", count: notKept, reason: "their datasets were not converted" });
  if (composite) skipped.push({ what: "datastore records (datasets)", count: composite, reason: "disassembled composites: Skyport keeps one file per dataset" });
  if (absolute) skipped.push({ what: "datastore records", count: absolute, reason: "absolute URIs outside the datastore root" });
  if (checksums) skipped.push({ what: "datastore checksums", count: checksums, reason: "the Butler's checksum algorithm is configurable (blake2b by default); Skyport's is SHA-256" });
  return out;
}
