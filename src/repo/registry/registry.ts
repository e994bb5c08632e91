/**
 * The registry interface (STYLE.md §3): dimensions, dataset types, collections, datasets,
 * provenance and datastore records, behind one narrow async API that SQLite and PostgreSQL both
 * implement (SqlRegistry over SqlDatabase). Services depend on this interface only.
 */
import type {
  CollectionInfo,
  CollectionType,
  ConvexPolygon,
  DataId,
  DatasetRef,
  DatasetType,
  DatastoreRecord,
  DimensionUniverse,
  Timespan,
} from "../model/index.js";
import type { SqlDatabase, SqlExecutor } from "./sql/database.js";

/**
 * A dimension record: identifying values (required dimensions by name, own keys by field name),
 * implied dimensions by name, metadata fields, and `timespan` / `region` when the element has them.
 */
export type DimensionRecord = Readonly<Record<string, unknown>> & {
  readonly timespan?: Timespan;
  readonly region?: ConvexPolygon;
};

/** How inserting a record that already exists behaves. */
export type ConflictMode = "fail" | "skip" | "replace";

/** A sky region for spatial constraints: a cone or a convex polygon, degrees. */
export type SkyRegionQuery =
  | { readonly kind: "circle"; readonly raDeg: number; readonly decDeg: number; readonly radiusDeg: number }
  | { readonly kind: "polygon"; readonly vertices: readonly (readonly [number, number])[] };

export interface QueryOptions {
  /** Butler expression language (lsst-image-services.md §2.5). */
  readonly where?: string;
  /** Values for :name placeholders in `where`. */
  readonly bind?: Readonly<Record<string, unknown>>;
  /** Exact values for dimensions. */
  readonly dataId?: DataId;
  /** Only records/datasets whose spatial element overlaps this region. */
  readonly region?: SkyRegionQuery;
  /** Only records/datasets whose temporal element overlaps this timespan. */
  readonly timespan?: Timespan;
  /** Terms like "visit.timespan.begin" or "-visit.exposure_time" or "detector". */
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface DatasetQueryOptions extends QueryOptions {
  /** Collections to search, in order; chains are expanded. */
  readonly collections: readonly string[];
  /** Keep only the first dataset per data ID in collection order (default true). */
  readonly findFirst?: boolean;
  /** Validity time for CALIBRATION collections. */
  readonly calibrationTime?: bigint;
}

export interface InsertDatasetItem {
  readonly dataId: DataId;
  /** A fixed UUID (import); a random one is made otherwise. */
  readonly id?: string;
}

export interface Registry {
  readonly universe: DimensionUniverse;
  /**
   * The SQL executor of this registry — the database, or inside `transaction()` the open
   * transaction — for tables that live beside the registry and must change in the same
   * transaction as the datasets (ObsCore, CAOM2, the job store).
   */
  readonly sql: SqlExecutor;
  /**
   * The database itself, for what needs its own connections: read sessions of user queries (TAP,
   * SIA) and the job store. Undefined for a registry bound to an open transaction.
   */
  readonly database: SqlDatabase | undefined;

  // Dimension records
  insertDimensionRecords(element: string, records: readonly DimensionRecord[], mode?: ConflictMode): Promise<number>;
  queryDimensionRecords(element: string, options?: QueryOptions): Promise<DimensionRecord[]>;
  /** Completes a data ID with the implied dimensions found in the records (visit → band ...). */
  expandDataId(dataId: DataId, dimensions: readonly string[]): Promise<DataId>;

  // Dataset types
  /** Registers a type; false when an identical one exists, an error when a different one does. */
  registerDatasetType(type: DatasetType): Promise<boolean>;
  getDatasetType(name: string): Promise<DatasetType | undefined>;
  queryDatasetTypes(glob?: string): Promise<DatasetType[]>;

  // Collections
  registerRun(name: string, doc?: string | null): Promise<boolean>;
  registerCollection(name: string, type: Exclude<CollectionType, "RUN">, doc?: string | null): Promise<boolean>;
  getCollection(name: string): Promise<CollectionInfo | undefined>;
  setCollectionChain(parent: string, children: readonly string[]): Promise<void>;
  queryCollections(glob?: string, types?: readonly CollectionType[]): Promise<CollectionInfo[]>;
  /** Flattens chains into the ordered list of non-chain collections searched. */
  resolveCollections(names: readonly string[]): Promise<CollectionInfo[]>;
  /** Removes a collection; a RUN takes its datasets with it (their datastore records are trashed). */
  removeCollection(name: string): Promise<void>;
  associate(tagged: string, datasetIds: readonly string[]): Promise<void>;
  disassociate(tagged: string, datasetIds: readonly string[]): Promise<void>;
  certify(calibration: string, datasetIds: readonly string[], validity: Timespan): Promise<void>;

  // Datasets
  insertDatasets(datasetType: string, run: string, items: readonly InsertDatasetItem[]): Promise<DatasetRef[]>;
  getDataset(id: string): Promise<DatasetRef | undefined>;
  findDataset(datasetType: string, dataId: DataId, collections: readonly string[], calibrationTime?: bigint): Promise<DatasetRef | undefined>;
  /** Datasets of one type, or of every type when `datasetType` is "*". */
  queryDatasets(datasetType: string, options: DatasetQueryOptions): Promise<DatasetRef[]>;
  countDatasets(datasetType: string, options: DatasetQueryOptions): Promise<number>;
  /** Removes datasets; their datastore records move to the trash for the datastore to empty. */
  removeDatasets(ids: readonly string[]): Promise<void>;

  // Provenance
  addProvenance(outputId: string, inputIds: readonly string[]): Promise<void>;
  /** Datasets this one was made from. */
  getInputs(id: string): Promise<DatasetRef[]>;
  /** Datasets made from this one. */
  getOutputs(id: string): Promise<DatasetRef[]>;

  // Datastore records
  putDatastoreRecords(records: readonly DatastoreRecord[]): Promise<void>;
  getDatastoreRecord(datasetId: string): Promise<DatastoreRecord | undefined>;
  /** Trashed datastore paths (datasets removed), for two-phase deletion. */
  listTrash(limit?: number): Promise<{ datasetId: string; path: string }[]>;
  forgetTrash(datasetIds: readonly string[]): Promise<void>;

  /** Refreshes the query planner's statistics (after bulk loads); cheap to call again. */
  analyze(): Promise<void>;

  /** Runs `fn` in one transaction: all or nothing. */
  transaction<T>(fn: (registry: Registry) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
