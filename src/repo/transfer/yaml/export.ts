/**
 * Exporting a registry (or a selection of collections) as a `butler export` YAML file, format
 * version 1.0.2: every dimension record in universe order, collections (chains with children),
 * dataset types, datasets grouped by type and run with UUIDs and datastore paths, and TAGGED
 * associations. Output is deterministic, so export → import → export gives the same text.
 */
import { stringify } from "yaml";
import type { CollectionInfo } from "../../model/index.js";
import type { DimensionRecord, Registry } from "../../registry/index.js";
import { EXPORT_TAGS, TaggedPolygon, TaggedTime, TaggedUuid } from "./tags.js";

export interface ExportOptions {
  /** Collections to export (default: all). Chains bring their children. */
  readonly collections?: readonly string[];
}

function recordToYaml(rec: DimensionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k === "timespan" || k === "region") continue;
    if (v === null || v === undefined) continue;
    out[k] = v instanceof Uint8Array ? Buffer.from(v) : v;
  }
  if (rec.timespan) {
    out.datetime_begin = rec.timespan.begin === null ? null : new TaggedTime(rec.timespan.begin);
    out.datetime_end = rec.timespan.end === null ? null : new TaggedTime(rec.timespan.end);
  }
  if (rec.region) out.region = new TaggedPolygon(rec.region);
  return out;
}

/** Builds the export document as a plain object (tags as wrapper classes). */
export async function buildExport(registry: Registry, options: ExportOptions = {}): Promise<Record<string, unknown>> {
  const data: Record<string, unknown>[] = [];
  for (const e of registry.universe.ordered) {
    if (e.viewOf) continue;
    const records = await registry.queryDimensionRecords(e.name);
    if (records.length === 0) continue;
    data.push({ type: "dimension", element: e.name, records: records.map(recordToYaml) });
  }
  const all = await registry.queryCollections();
  let selected: CollectionInfo[] = all;
  if (options.collections) {
    const wanted = new Set<string>();
    const add = (name: string) => {
      if (wanted.has(name)) return;
      wanted.add(name);
      const info = all.find((c) => c.name === name);
      if (!info) throw new Error(`no collection named ${name}`);
      for (const child of info.children ?? []) add(child);
    };
    options.collections.forEach(add);
    selected = all.filter((c) => wanted.has(c.name));
  }
  for (const c of selected) {
    const entry: Record<string, unknown> = { type: "collection", collection_type: c.type, name: c.name };
    if (c.type === "RUN") Object.assign(entry, { host: null, timespan_begin: null, timespan_end: null });
    if (c.type === "CHAINED") entry.children = [...(c.children ?? [])];
    if (c.doc) entry.doc = c.doc;
    data.push(entry);
  }
  const runs = selected.filter((c) => c.type === "RUN").map((c) => c.name);
  const types = await registry.queryDatasetTypes();
  for (const t of types) {
    data.push({ type: "dataset_type", name: t.name, dimensions: [...t.dimensions], storage_class: t.storageClass, is_calibration: t.isCalibration });
  }
  for (const t of types) {
    for (const run of runs) {
      const refs = await registry.queryDatasets(t.name, { collections: [run], findFirst: false });
      if (refs.length === 0) continue;
      const records = [];
      for (const ref of refs.sort((a, b) => a.id.localeCompare(b.id))) {
        const loc = await registry.getDatastoreRecord(ref.id);
        const rec: Record<string, unknown> = { dataset_id: [new TaggedUuid(ref.id)], data_id: [{ ...ref.dataId }] };
        if (loc) {
          rec.path = loc.path;
          if (loc.formatter) rec.formatter = loc.formatter;
        }
        records.push(rec);
      }
      data.push({ type: "dataset", dataset_type: t.name, run, records });
    }
  }
  for (const c of selected.filter((x) => x.type === "TAGGED")) {
    const refs = await registry.queryDatasets("*", { collections: [c.name], findFirst: false });
    if (refs.length) data.push({ type: "associations", collection: c.name, collection_type: "TAGGED", dataset_ids: refs.map((r) => new TaggedUuid(r.id)).sort((a, b) => a.value.localeCompare(b.value)) });
  }
  return {
    description: "Butler Data Repository Export",
    version: "1.0.2",
    universe_version: registry.universe.version,
    universe_namespace: registry.universe.namespace,
    data,
  };
}

/** The export as YAML text. */
export async function exportYaml(registry: Registry, options: ExportOptions = {}): Promise<string> {
  const doc = await buildExport(registry, options);
  return stringify(doc, { customTags: EXPORT_TAGS, lineWidth: 0, aliasDuplicateObjects: false });
}
