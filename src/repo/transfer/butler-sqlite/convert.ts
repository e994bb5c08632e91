/**
 * Converts a Gen3 Butler SQLite registry file into a Skyport registry (issue 5: "the real SQLite
 * registry can be read or converted"). The source is read completely and mapped into a plan
 * first (dimension records, dataset types, collections, datasets, memberships, datastore records);
 * the plan is then written in ONE target transaction, so any failure leaves the target unchanged.
 * The returned report says what was converted and, for everything else, why not.
 */
import type { CollectionType, DimensionUniverse } from "../../model/index.js";
import type { ConflictMode, Registry } from "../../registry/index.js";
import { collectionLayout, readCollections, type SourceCollection } from "./collections.js";
import { type DatasetsPlan, planDatasets } from "./datasets.js";
import { type DimensionPlan, planDimensionRecords } from "./dimensions.js";
import type { CollectionReport, ConversionReport } from "./report.js";
import { ButlerSource } from "./source.js";

export interface ConvertOptions {
  /** Read and map everything, write nothing (default false). */
  readonly dryRun?: boolean;
  /**
   * What to do with a dimension record the target already holds: "fail" (default; the whole
   * conversion is rolled back), "skip" (keep the target's), or "replace" (take the source's).
   */
  readonly onExistingRecord?: ConflictMode;
}

/** Everything read from the source, ready to write. */
interface Plan {
  readonly dimensions: DimensionPlan;
  readonly collections: readonly SourceCollection[];
  readonly datasets: DatasetsPlan;
}

function plan(src: ButlerSource, universe: DimensionUniverse): Plan & { runFields: ConversionReport["fields"] } {
  const dimensions = planDimensionRecords(src, universe, src.universe());
  const layout = collectionLayout(src);
  const { collections, fields } = readCollections(src, layout);
  const datasets = planDatasets(src, universe, layout, collections);
  return { dimensions, collections, datasets, runFields: fields };
}

async function write(tx: Registry, p: Plan, mode: ConflictMode): Promise<void> {
  for (const [element, records] of p.dimensions.records) if (records.length) await tx.insertDimensionRecords(element, records, mode);
  for (const t of p.datasets.types) await tx.registerDatasetType(t);
  for (const c of p.collections) {
    if (c.type === "RUN") await tx.registerRun(c.name, c.doc);
    else await tx.registerCollection(c.name, c.type, c.doc);
  }
  // Chains last: their children (possibly other chains) must all exist.
  for (const c of p.collections) if (c.type === "CHAINED") await tx.setCollectionChain(c.name, c.children ?? []);
  for (const g of p.datasets.inserts) await tx.insertDatasets(g.datasetType, g.run, g.items);
  for (const [collection, ids] of p.datasets.tagged) await tx.associate(collection, ids);
  for (const c of p.datasets.certifications) await tx.certify(c.collection, c.ids, c.validity);
  if (p.datasets.datastore.length) await tx.putDatastoreRecords(p.datasets.datastore);
}

function report(path: string, src: ButlerSource, universe: DimensionUniverse, p: Plan & { runFields: ConversionReport["fields"] }, written: boolean): ConversionReport {
  const su = src.universe();
  const perRun = new Map<string, number>();
  const perType = new Map<string, number>();
  for (const g of p.datasets.inserts) {
    perRun.set(g.run, (perRun.get(g.run) ?? 0) + g.items.length);
    perType.set(g.datasetType, (perType.get(g.datasetType) ?? 0) + g.items.length);
  }
  const perCalib = new Map<string, number>();
  for (const c of p.datasets.certifications) perCalib.set(c.collection, (perCalib.get(c.collection) ?? 0) + c.ids.length);
  const collections: CollectionReport[] = p.collections.map((c) => ({
    name: c.name,
    type: c.type,
    datasets: c.type === "RUN" ? (perRun.get(c.name) ?? 0) : c.type === "TAGGED" ? (p.datasets.tagged.get(c.name)?.length ?? 0) : c.type === "CALIBRATION" ? (perCalib.get(c.name) ?? 0) : 0,
    ...(c.children ? { children: c.children } : {}),
  }));
  const byType: Record<CollectionType, number> = { RUN: 0, TAGGED: 0, CHAINED: 0, CALIBRATION: 0 };
  for (const c of p.collections) byType[c.type]++;
  return {
    source: { path, universe: su ? { namespace: su.namespace, version: su.version } : null, managers: src.managers() },
    target: { namespace: universe.namespace, version: universe.version },
    written,
    elements: p.dimensions.elements,
    fields: [...p.dimensions.fields, ...p.runFields],
    datasetTypes: p.datasets.types.map((t) => ({ name: t.name, dimensions: t.dimensions, storageClass: t.storageClass, isCalibration: t.isCalibration, datasets: perType.get(t.name) ?? 0 })),
    collections,
    collectionsByType: byType,
    datasets: [...perType.values()].reduce((a, b) => a + b, 0),
    tagged: [...p.datasets.tagged.values()].reduce((a, l) => a + l.length, 0),
    certified: [...perCalib.values()].reduce((a, b) => a + b, 0),
    datastoreRecords: p.datasets.datastore.length,
    skipped: [...p.dimensions.skipped, ...p.datasets.skipped],
  };
}

/**
 * Converts the Gen3 Butler SQLite registry at `sourcePath` into `target`.
 *
 * The source is opened read-only and never modified. Dimension records are converted element by
 * element in the target universe's dependency order; dataset types, collections (RUN, TAGGED,
 * CHAINED with ordered children, CALIBRATION with validity ranges), datasets with their UUIDs and
 * data IDs, memberships and datastore records follow, all in one target transaction.
 *
 * @param sourcePath a `gen3.sqlite3` file
 * @param target the registry to fill (usually a fresh one)
 * @returns what was converted, renamed, dropped and skipped
 * @throws ButlerSqliteError when the source is not a readable Butler registry;
 *   RegistryError (target unchanged) when the target refuses content, e.g. a conflicting record,
 *   dataset type or dataset ID.
 * @example
 *   const target = await openRegistry({ kind: "sqlite", path: "skyport.sqlite3" });
 *   const report = await convertButlerSqlite("repo/gen3.sqlite3", target);
 *   process.stdout.write(formatConversionReport(report));
 */
export async function convertButlerSqlite(sourcePath: string, target: Registry, options: ConvertOptions = {}): Promise<ConversionReport> {
  const src = ButlerSource.open(sourcePath);
  try {
    const p = plan(src, target.universe);
    if (!options.dryRun) await target.transaction((tx) => write(tx, p, options.onExistingRecord ?? "fail"));
    return report(sourcePath, src, target.universe, p, !options.dryRun);
  } finally {
    src.close();
  }
}
