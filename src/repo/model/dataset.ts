/**
 * Dataset types, references and collections: the nouns of the Butler data model (lsst-image-
 * services.md §2.2-2.3). A dataset is identified by a UUID, belongs to one RUN collection for
 * ever, and has a data ID whose keys are its dataset type's dimensions.
 */

/** Values of a data ID: dimension name → primary key value. */
export type DataIdValue = string | number;
export type DataId = Readonly<Record<string, DataIdValue>>;

export interface DatasetType {
  readonly name: string;
  /** The dimensions named when the type was defined (required ones; implied ones are derived). */
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  /** True for calibrations looked up through CALIBRATION collections with a validity time. */
  readonly isCalibration: boolean;
}

export interface DatasetRef {
  /** RFC 4122 UUID, lower case. */
  readonly id: string;
  readonly datasetType: string;
  /** The RUN collection the dataset was created in. */
  readonly run: string;
  /** Required and implied dimension values. */
  readonly dataId: DataId;
}

export type CollectionType = "RUN" | "TAGGED" | "CHAINED" | "CALIBRATION";

export interface CollectionInfo {
  readonly name: string;
  readonly type: CollectionType;
  readonly doc: string | null;
  /** CHAINED only: the ordered children. */
  readonly children?: readonly string[];
}

/** A record of where a dataset's bytes are in the datastore. */
export interface DatastoreRecord {
  readonly datasetId: string;
  /** Opaque datastore key (a relative path for the file datastore). */
  readonly path: string;
  readonly formatter: string;
  readonly fileSize: number | null;
  /** Hex SHA-256 of the file, when known. */
  readonly checksum: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a canonical lower-case UUID string. */
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Dataset type names: letters, digits, underscore and dots (component separator). */
export function isValidDatasetTypeName(s: string): boolean {
  return NAME_RE.test(s) && s.length <= 128;
}
