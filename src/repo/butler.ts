/**
 * The Butler: a registry and a datastore used together, so that every write keeps them consistent
 * (STYLE.md §3). Files are written first and an undo is registered; if the registry transaction
 * fails the files are removed again. Deletion is two-phase: the registry moves datastore records to
 * its trash in one transaction, then the files are deleted and the trash entries forgotten.
 */
import { type DataId, type DatasetRef, formatTemplateFor } from "./butler-paths.js";
import type { Datastore, IngestMode, StoredFile } from "./datastore/index.js";
import type { Registry } from "./registry/index.js";
import type { SqlExecutor } from "./registry/sql/database.js";

export interface IngestItem {
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: DataId;
  /** Local file to bring in. */
  readonly sourcePath: string;
  /** Fixed dataset UUID (import); random otherwise. */
  readonly id?: string;
  readonly formatter?: string;
}

export interface PutItem {
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: DataId;
  readonly data: Uint8Array | AsyncIterable<Uint8Array>;
  readonly id?: string;
  readonly formatter?: string;
  /** Datasets this one was made from (provenance). */
  readonly inputs?: readonly string[];
}

/** The open transaction handed to hooks: its registry view and its SQL executor. */
export interface RegistryTx {
  readonly registry: Registry;
  readonly executor: SqlExecutor;
}

/**
 * Work that must change in the same transaction as the datasets (the ObsCore and CAOM2 tables):
 * called by the Butler inside its transactions, so a failure rolls everything back together.
 */
export interface DatasetHooks {
  onDatasetsWritten(tx: RegistryTx, refs: readonly DatasetRef[]): Promise<void>;
  onDatasetsRemoved(tx: RegistryTx, ids: readonly string[]): Promise<void>;
  onVisitsChanged(tx: RegistryTx, visits: readonly { readonly instrument: string; readonly visit: number }[]): Promise<void>;
}

export class ButlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ButlerError";
  }
}

export class Butler {
  constructor(
    readonly registry: Registry,
    readonly datastore: Datastore,
    private readonly template?: string,
    /** Hooks run inside every write transaction (ObsCore live updates). */
    readonly hooks?: DatasetHooks,
  ) {}

  /**
   * Registers datasets and their files in one step: all files are copied (or linked) into the
   * datastore, then one registry transaction inserts datasets and records. If anything fails, the
   * files already placed are removed and the registry is unchanged.
   */
  async ingest(
    items: readonly IngestItem[],
    mode: IngestMode = "copy",
    onProgress?: (done: number, total: number) => void,
    /** Registry work done first in the same transaction (dimension records of the raws). */
    prepare?: (registry: Registry) => Promise<void>,
  ): Promise<DatasetRef[]> {
    const placed: string[] = [];
    try {
      return await this.registry.transaction(async (r) => {
        if (prepare) await prepare(r);
        const refs: DatasetRef[] = [];
        for (const [i, item] of items.entries()) {
          const [ref] = await r.insertDatasets(item.datasetType, item.run, [{ dataId: item.dataId, ...(item.id ? { id: item.id } : {}) }]);
          const key = formatTemplateFor(this.template, ref!, item.sourcePath);
          const stored = await this.datastore.ingestFile(key, item.sourcePath, mode);
          placed.push(key);
          await r.putDatastoreRecords([{ datasetId: ref!.id, path: key, formatter: item.formatter ?? "fits", fileSize: stored.size, checksum: stored.checksum }]);
          refs.push(ref!);
          onProgress?.(i + 1, items.length);
        }
        await this.hooks?.onDatasetsWritten({ registry: r, executor: r.sql }, refs);
        return refs;
      });
    } catch (e) {
      // Undo: the registry rolled back, so the placed files must go too (moved files are gone for
      // good only in "move" mode, which callers use when they own the source).
      for (const key of placed) await this.datastore.remove(key).catch(() => undefined);
      throw e;
    }
  }

  /** Writes new datasets from bytes (pipelines, the demo release), with provenance. */
  async put(items: readonly PutItem[]): Promise<DatasetRef[]> {
    const placed: string[] = [];
    try {
      return await this.registry.transaction(async (r) => {
        const refs: DatasetRef[] = [];
        for (const item of items) {
          const [ref] = await r.insertDatasets(item.datasetType, item.run, [{ dataId: item.dataId, ...(item.id ? { id: item.id } : {}) }]);
          const key = formatTemplateFor(this.template, ref!, ".fits");
          const stored = await this.datastore.put(key, item.data);
          placed.push(key);
          await r.putDatastoreRecords([{ datasetId: ref!.id, path: key, formatter: item.formatter ?? "fits", fileSize: stored.size, checksum: stored.checksum }]);
          if (item.inputs?.length) await r.addProvenance(ref!.id, item.inputs);
          refs.push(ref!);
        }
        await this.hooks?.onDatasetsWritten({ registry: r, executor: r.sql }, refs);
        return refs;
      });
    } catch (e) {
      for (const key of placed) await this.datastore.remove(key).catch(() => undefined);
      throw e;
    }
  }

  /** Opens a dataset's file for range reads. */
  async open(datasetId: string): Promise<StoredFile> {
    const rec = await this.registry.getDatastoreRecord(datasetId);
    if (!rec) throw new ButlerError(`dataset ${datasetId} has no file in the datastore`);
    return this.datastore.open(rec.path);
  }

  /** Removes datasets: registry first (records to trash), then the files (second phase). */
  async removeDatasets(ids: readonly string[]): Promise<number> {
    await this.registry.transaction(async (r) => {
      await this.hooks?.onDatasetsRemoved({ registry: r, executor: r.sql }, ids);
      await r.removeDatasets(ids);
    });
    return this.emptyTrash();
  }

  /** Deletes the files of trashed records and forgets them; safe to run again after a crash. */
  async emptyTrash(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.registry.listTrash(500);
      if (batch.length === 0) return total;
      for (const t of batch) await this.datastore.trash(t.path);
      await this.datastore.emptyTrash();
      await this.registry.forgetTrash(batch.map((b) => b.datasetId));
      total += batch.length;
    }
  }

  async close(): Promise<void> {
    await this.registry.close();
  }
}
