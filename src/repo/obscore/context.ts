/**
 * What the row builders need from the repository, as a small interface: dimension records by data
 * ID and datastore records by dataset ID. `registryContext` implements it over the Registry
 * interface with per-call caches (one visit record serves all its detectors).
 */
import type { DataId, DatastoreRecord, DatasetRef } from "../model/index.js";
import { getElement, isDimension } from "../model/index.js";
import type { AccessPolicy } from "../policy/index.js";
import type { DimensionRecord, Registry } from "../registry/index.js";

export interface ObsCoreContext {
  /**
   * The record of `element` identified by `dataId` (only the element's own identifying keys are
   * used, or all of `dataId` for join elements looked up by a partial key), or undefined.
   */
  record(element: string, dataId: DataId): Promise<DimensionRecord | undefined>;
  /** Where the dataset's file is, with its size (for `access_estsize`). */
  datastoreRecord(datasetId: string): Promise<DatastoreRecord | undefined>;
  /** The repository's only instrument, if it has exactly one (instrument of coadds). */
  soleInstrument?(): Promise<string | undefined>;
  /** Pixel size [nx, ny] of a dataset's image, when known (`s_xel1/2`); `file` is its datastore record. */
  imageShape?(ref: DatasetRef, file: DatastoreRecord | undefined): Promise<readonly [number, number] | undefined>;
  /**
   * The repository's access policy: rows then carry each dataset's release facts (obs_release_date,
   * data_rights and the internal columns the access restriction reads). Without it the configured
   * constant curation values are used (tables built for tests and benchmarks).
   */
  readonly policy?: AccessPolicy;
  /** The datasets a dataset was made from (provenance), for the embargo of derived data. */
  inputs?(datasetId: string): Promise<readonly DatasetRef[]>;
}

/** Options for {@link registryContext}. */
export interface RegistryContextOptions {
  /**
   * Supplies image sizes (e.g. `fitsImageShape(path => datastore.open(path))`); without it `s_xel`
   * comes from configuration. It must not use a registry outside the running transaction.
   */
  readonly imageShape?: (ref: DatasetRef, file: DatastoreRecord | undefined) => Promise<readonly [number, number] | undefined>;
}

/** The data ID subset that identifies a record of `element`. */
function identifying(registry: Registry, element: string, dataId: DataId): DataId | undefined {
  const e = getElement(registry.universe, element);
  const keys = isDimension(e) ? [...e.requires, e.name] : [...e.requires];
  const out: Record<string, string | number> = {};
  for (const k of keys) {
    const v = dataId[k];
    if (v !== undefined) out[k] = v;
  }
  if (isDimension(e) && out[e.name] === undefined) return undefined;
  return out;
}

/**
 * An {@link ObsCoreContext} over a registry (use the transaction's registry inside a hook so the
 * rows see the uncommitted records).
 */
export function registryContext(registry: Registry, options: RegistryContextOptions = {}, policy?: AccessPolicy): ObsCoreContext {
  const cache = new Map<string, Promise<DimensionRecord | undefined>>();
  let sole: Promise<string | undefined> | undefined;
  return {
    soleInstrument() {
      sole ??= registry.queryDimensionRecords("instrument", { limit: 2 }).then((rows) => (rows.length === 1 ? String(rows[0]!.name) : undefined));
      return sole;
    },
    record(element, dataId) {
      const id = identifying(registry, element, dataId);
      if (!id) return Promise.resolve(undefined);
      const key = `${element}|${JSON.stringify(Object.entries(id).sort())}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = registry.queryDimensionRecords(element, { dataId: id, limit: 1 }).then((rows) => rows[0]);
        cache.set(key, hit);
      }
      return hit;
    },
    datastoreRecord: (datasetId) => registry.getDatastoreRecord(datasetId),
    ...(options.imageShape ? { imageShape: options.imageShape } : {}),
    ...(policy ? { policy } : {}),
    inputs: (datasetId) => registry.getInputs(datasetId),
  };
}
