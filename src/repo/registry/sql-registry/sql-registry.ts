/**
 * The Registry over any SqlDatabase: one implementation for SQLite and PostgreSQL, the engines
 * differing only through SqlCapabilities and the SpatialStrategy (STYLE.md §3). A transaction hands
 * its callback a SqlRegistry bound to the open transaction.
 */
import type { CollectionType, DataId, DatasetType, DatastoreRecord, DimensionUniverse, Timespan } from "../../model/index.js";
import type { ConflictMode, DatasetQueryOptions, DimensionRecord, InsertDatasetItem, QueryOptions, Registry } from "../registry.js";
import type { SqlDatabase, SqlExecutor, SqlTransaction } from "../sql/database.js";
import type { SpatialStrategy } from "../spatial/spatial.js";
import * as collections from "./collections.js";
import type { RegistryContext } from "./context.js";
import * as types from "./dataset-types.js";
import * as datasets from "./datasets.js";
import * as records from "./records.js";

export class SqlRegistry implements Registry {
  private readonly ctx: RegistryContext;

  constructor(
    private readonly db: SqlDatabase | SqlTransaction,
    readonly universe: DimensionUniverse,
    private readonly spatial: SpatialStrategy,
    private readonly owned: boolean,
    executor: SqlExecutor = db,
  ) {
    this.ctx = { ex: executor, universe, spatial };
  }

  get sql(): SqlExecutor {
    return this.ctx.ex;
  }

  get database(): SqlDatabase | undefined {
    return "openReadSession" in this.db ? this.db : undefined;
  }

  /** Runs a write in a transaction unless already inside one. */
  private write<T>(fn: (ctx: RegistryContext) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn({ ...this.ctx, ex: tx }));
  }

  insertDimensionRecords(element: string, recs: readonly DimensionRecord[], mode: ConflictMode = "fail"): Promise<number> {
    return this.write((ctx) => records.insertDimensionRecords(ctx, element, recs, mode));
  }
  queryDimensionRecords(element: string, options?: QueryOptions): Promise<DimensionRecord[]> {
    return records.queryDimensionRecords(this.ctx, element, options);
  }
  expandDataId(dataId: DataId, dimensions: readonly string[]): Promise<DataId> {
    return datasets.expandDataId(this.ctx, dataId, dimensions);
  }

  registerDatasetType(type: DatasetType): Promise<boolean> {
    return this.write((ctx) => types.registerDatasetType(ctx, type));
  }
  async getDatasetType(name: string): Promise<DatasetType | undefined> {
    const t = await types.datasetTypeRow(this.ctx, name);
    if (!t) return undefined;
    const { id: _id, ...rest } = t;
    return rest;
  }
  queryDatasetTypes(glob?: string): Promise<DatasetType[]> {
    return types.queryDatasetTypes(this.ctx, glob);
  }

  registerRun(name: string, doc?: string | null): Promise<boolean> {
    return this.write((ctx) => collections.registerRun(ctx, name, doc ?? null));
  }
  registerCollection(name: string, type: Exclude<CollectionType, "RUN">, doc?: string | null): Promise<boolean> {
    return this.write((ctx) => collections.registerCollection(ctx, name, type, doc ?? null));
  }
  getCollection(name: string) {
    return collections.getCollection(this.ctx, name);
  }
  setCollectionChain(parent: string, children: readonly string[]): Promise<void> {
    return this.write((ctx) => collections.setCollectionChain(ctx, parent, children));
  }
  queryCollections(glob?: string, collectionTypes?: readonly CollectionType[]) {
    return collections.queryCollections(this.ctx, glob, collectionTypes);
  }
  async resolveCollections(names: readonly string[]) {
    return (await collections.resolveCollections(this.ctx, names)).map(({ id: _id, ...c }) => c);
  }
  removeCollection(name: string): Promise<void> {
    return this.write((ctx) => datasets.removeCollection(ctx, name));
  }
  associate(tagged: string, ids: readonly string[]): Promise<void> {
    return this.write((ctx) => collections.associate(ctx, tagged, ids));
  }
  disassociate(tagged: string, ids: readonly string[]): Promise<void> {
    return this.write((ctx) => collections.disassociate(ctx, tagged, ids));
  }
  certify(calibration: string, ids: readonly string[], validity: Timespan): Promise<void> {
    return this.write((ctx) => collections.certify(ctx, calibration, ids, validity));
  }

  insertDatasets(datasetType: string, run: string, items: readonly InsertDatasetItem[]) {
    return this.write((ctx) => datasets.insertDatasets(ctx, datasetType, run, items));
  }
  getDataset(id: string) {
    return datasets.getDataset(this.ctx, id);
  }
  async findDataset(datasetType: string, dataId: DataId, searched: readonly string[], calibrationTime?: bigint) {
    const refs = await datasets.queryDatasets(this.ctx, datasetType, {
      collections: searched,
      dataId,
      findFirst: true,
      limit: 2,
      ...(calibrationTime === undefined ? {} : { calibrationTime }),
    });
    return refs[0];
  }
  queryDatasets(datasetType: string, options: DatasetQueryOptions) {
    return datasets.queryDatasets(this.ctx, datasetType, options);
  }
  countDatasets(datasetType: string, options: DatasetQueryOptions): Promise<number> {
    return datasets.countDatasets(this.ctx, datasetType, options);
  }
  removeDatasets(ids: readonly string[]): Promise<void> {
    return this.write((ctx) => datasets.removeDatasets(ctx, ids));
  }

  addProvenance(outputId: string, inputIds: readonly string[]): Promise<void> {
    return this.write((ctx) => datasets.addProvenance(ctx, outputId, inputIds));
  }
  getInputs(id: string) {
    return datasets.getInputs(this.ctx, id);
  }
  getOutputs(id: string) {
    return datasets.getOutputs(this.ctx, id);
  }

  putDatastoreRecords(recs: readonly DatastoreRecord[]): Promise<void> {
    return this.write((ctx) => datasets.putDatastoreRecords(ctx, recs));
  }
  getDatastoreRecord(datasetId: string) {
    return datasets.getDatastoreRecord(this.ctx, datasetId);
  }
  listTrash(limit?: number) {
    return datasets.listTrash(this.ctx, limit);
  }
  forgetTrash(ids: readonly string[]): Promise<void> {
    return this.write((ctx) => datasets.forgetTrash(ctx, ids));
  }

  async analyze(): Promise<void> {
    await this.ctx.ex.exec("ANALYZE");
  }

  transaction<T>(fn: (registry: Registry) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new SqlRegistry(tx, this.universe, this.spatial, false)));
  }

  async close(): Promise<void> {
    if (this.owned && "close" in this.db) await this.db.close();
  }
}
