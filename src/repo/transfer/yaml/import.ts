/**
 * Importing `butler export` YAML files (format versions 0 and 1.0.x; lsst-image-services.md §2.4)
 * into a registry in one transaction: dimension records (with !butler_time timespans and sphgeom
 * regions), collections (chains set last, once their children exist), dataset types, datasets with
 * their UUIDs and datastore paths, and TAGGED/CALIBRATION associations. Fields of older universes
 * that ours lacks are dropped and reported, never silently misread.
 */
import { parse } from "yaml";
import { type CollectionType, getElement, isUuid, type Timespan, taiFromIsoTai } from "../../model/index.js";
import type { DimensionRecord, Registry } from "../../registry/index.js";
import { EXPORT_TAGS, TaggedPolygon, TaggedTime, TaggedUuid } from "./tags.js";

export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFormatError";
  }
}

export interface ImportReport {
  readonly version: string;
  readonly records: Record<string, number>;
  readonly collections: number;
  readonly datasetTypes: number;
  readonly datasets: Record<string, number>;
  readonly associations: number;
  /** element.field → how many values were dropped (fields our universe does not have). */
  readonly droppedFields: Record<string, number>;
}

export interface ImportOptions {
  /** How existing identical dimension records are treated (default: skip them). */
  readonly recordConflicts?: "skip" | "fail" | "replace";
}

type Entry = Record<string, unknown>;

/** Field renames between older universes and ours, per element. */
const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  exposure: { group_name: "group" },
};

function asList(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ExportFormatError(`${where}: expected a list`);
  return v;
}

function asEntry(v: unknown, where: string): Entry {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ExportFormatError(`${where}: expected a mapping`);
  return v as Entry;
}

function str(e: Entry, key: string, where: string): string {
  const v = e[key];
  if (typeof v !== "string" || v === "") throw new ExportFormatError(`${where}: '${key}' must be a non-empty string`);
  return v;
}

function timeOf(v: unknown, where: string): bigint | null {
  if (v === null || v === undefined) return null;
  if (v instanceof TaggedTime) return v.taiNs;
  if (typeof v === "string") {
    // Version-0 exports wrote naive TAI date-times without a tag.
    return taiFromIsoTai(v);
  }
  throw new ExportFormatError(`${where}: not a time: ${String(v)}`);
}

/** Converts one exported record to ours; unknown fields are counted in `dropped`. */
function convertRecord(registry: Registry, element: string, raw: Entry, dropped: Record<string, number>, where: string): DimensionRecord {
  const e = getElement(registry.universe, element);
  const known = new Set<string>([...e.requires, ...e.keys.map((k) => k.name), ...e.implies, ...e.metadata.map((m) => m.name)]);
  const out: Record<string, unknown> = {};
  let begin: bigint | null | undefined;
  let end: bigint | null | undefined;
  for (const [k0, v] of Object.entries(raw)) {
    const k = RENAMES[element]?.[k0] ?? k0;
    if (k === "datetime_begin" || k === "timespan_begin") begin = timeOf(v, `${where}.${k}`);
    else if (k === "datetime_end" || k === "timespan_end") end = timeOf(v, `${where}.${k}`);
    else if (k === "region") {
      if (v instanceof TaggedPolygon) out.region = v.polygon;
      else if (v !== null && v !== undefined) throw new ExportFormatError(`${where}.region: not a ConvexPolygon`);
    } else if (known.has(k)) {
      out[k] = v instanceof Uint8Array ? new Uint8Array(v) : v;
    } else {
      dropped[`${element}.${k0}`] = (dropped[`${element}.${k0}`] ?? 0) + 1;
    }
  }
  if (e.temporal && (begin !== undefined || end !== undefined)) out.timespan = { begin: begin ?? null, end: end ?? null } satisfies Timespan;
  else if (!e.temporal && (begin !== undefined || end !== undefined)) dropped[`${element}.timespan`] = (dropped[`${element}.timespan`] ?? 0) + 1;
  return out as DimensionRecord;
}

function uuidOf(v: unknown, where: string): string {
  const s = v instanceof TaggedUuid ? v.value : typeof v === "string" ? v.toLowerCase() : "";
  if (!isUuid(s)) throw new ExportFormatError(`${where}: not a UUID: ${String(v)}`);
  return s;
}

/** Parses the text of an export file; throws ExportFormatError for anything malformed. */
export function parseExport(text: string): { version: string; data: Entry[] } {
  let doc: unknown;
  try {
    doc = parse(text, { customTags: EXPORT_TAGS, maxAliasCount: 100 });
  } catch (e) {
    throw new ExportFormatError(`not valid export YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const root = asEntry(doc, "export");
  if (root.description !== "Butler Data Repository Export") throw new ExportFormatError(`not a butler export (description is ${JSON.stringify(root.description)})`);
  const version = String(root.version);
  if (!/^(0|1\.0(\.\d+)?)$/.test(version)) throw new ExportFormatError(`export format version ${version} is not supported (0 and 1.0.x are)`);
  return { version, data: asList(root.data, "data").map((d, i) => asEntry(d, `data[${i}]`)) };
}

/** Imports an export file's text into the registry, all or nothing. */
export async function importExport(registry: Registry, text: string, options: ImportOptions = {}): Promise<ImportReport> {
  const { version, data } = parseExport(text);
  const report = { version, records: {} as Record<string, number>, collections: 0, datasetTypes: 0, datasets: {} as Record<string, number>, associations: 0, droppedFields: {} as Record<string, number> };
  await registry.transaction(async (r) => {
    const chains: { name: string; children: string[] }[] = [];
    for (const [i, entry] of data.entries()) {
      const where = `data[${i}]`;
      switch (entry.type) {
        case "dimension": {
          const element = str(entry, "element", where);
          if (!r.universe.elements.has(element)) throw new ExportFormatError(`${where}: unknown dimension element ${element}`);
          if (getElement(r.universe, element).viewOf) break;
          const recs = asList(entry.records, `${where}.records`).map((x, j) => convertRecord(r, element, asEntry(x, `${where}.records[${j}]`), report.droppedFields, `${where}.records[${j}]`));
          await r.insertDimensionRecords(element, recs, options.recordConflicts ?? "skip");
          report.records[element] = (report.records[element] ?? 0) + recs.length;
          break;
        }
        case "run":
          await r.registerRun(str(entry, "name", where), typeof entry.doc === "string" ? entry.doc : null);
          report.collections++;
          break;
        case "collection": {
          const name = str(entry, "name", where);
          const type = str(entry, "collection_type", where) as CollectionType;
          const doc = typeof entry.doc === "string" ? entry.doc : null;
          if (type === "RUN") await r.registerRun(name, doc);
          else if (type === "TAGGED" || type === "CALIBRATION" || type === "CHAINED") await r.registerCollection(name, type, doc);
          else throw new ExportFormatError(`${where}: unknown collection_type ${type}`);
          if (type === "CHAINED") chains.push({ name, children: asList(entry.children ?? [], `${where}.children`).map(String) });
          report.collections++;
          break;
        }
        case "dataset_type": {
          const dims = asList(entry.dimensions, `${where}.dimensions`).map(String);
          await r.registerDatasetType({ name: str(entry, "name", where), dimensions: dims, storageClass: str(entry, "storage_class", where), isCalibration: entry.is_calibration === true });
          report.datasetTypes++;
          break;
        }
        case "dataset": {
          const type = str(entry, "dataset_type", where);
          const run = str(entry, "run", where);
          const items: { id: string; dataId: Record<string, string | number>; path?: string; formatter?: string }[] = [];
          for (const [j, rec0] of asList(entry.records, `${where}.records`).entries()) {
            const rec = asEntry(rec0, `${where}.records[${j}]`);
            const ids = Array.isArray(rec.dataset_id) ? rec.dataset_id : [rec.dataset_id];
            const dataIds = Array.isArray(rec.data_id) ? rec.data_id : [rec.data_id];
            if (ids.length !== dataIds.length) throw new ExportFormatError(`${where}.records[${j}]: ${ids.length} dataset ids but ${dataIds.length} data ids`);
            for (const [k, id] of ids.entries()) {
              items.push({
                id: uuidOf(id, `${where}.records[${j}].dataset_id`),
                dataId: asEntry(dataIds[k], `${where}.records[${j}].data_id`) as Record<string, string | number>,
                ...(typeof rec.path === "string" ? { path: rec.path } : {}),
                ...(typeof rec.formatter === "string" ? { formatter: rec.formatter } : {}),
              });
            }
          }
          await r.insertDatasets(type, run, items.map((it) => ({ id: it.id, dataId: it.dataId })));
          const located = items.filter((it) => it.path !== undefined);
          if (located.length) {
            await r.putDatastoreRecords(located.map((it) => ({ datasetId: it.id, path: it.path!, formatter: it.formatter ?? "", fileSize: null, checksum: null })));
          }
          report.datasets[type] = (report.datasets[type] ?? 0) + items.length;
          break;
        }
        case "associations": {
          const coll = str(entry, "collection", where);
          const ctype = entry.collection_type;
          if (ctype === "TAGGED") {
            const ids = asList(entry.dataset_ids, `${where}.dataset_ids`).map((x) => uuidOf(x, `${where}.dataset_ids`));
            await r.associate(coll, ids);
            report.associations += ids.length;
          } else if (ctype === "CALIBRATION") {
            for (const [j, vr0] of asList(entry.validity_ranges, `${where}.validity_ranges`).entries()) {
              const vr = asEntry(vr0, `${where}.validity_ranges[${j}]`);
              const ts = asEntry(vr.timespan ?? {}, `${where}.validity_ranges[${j}].timespan`);
              const ids = asList(vr.dataset_ids, `${where}.validity_ranges[${j}].dataset_ids`).map((x) => uuidOf(x, where));
              await r.certify(coll, ids, { begin: timeOf(ts.begin, where), end: timeOf(ts.end, where) });
              report.associations += ids.length;
            }
          } else throw new ExportFormatError(`${where}: associations with collection_type ${String(ctype)}`);
          break;
        }
        default:
          throw new ExportFormatError(`${where}: unknown entry type ${JSON.stringify(entry.type)}`);
      }
    }
    for (const c of chains) await r.setCollectionChain(c.name, c.children);
  });
  return report;
}
