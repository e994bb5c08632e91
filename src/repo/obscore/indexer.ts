/**
 * Live observation metadata: hooks the Butler and registry call inside their write transactions so
 * ObsCore, CAOM2 and visit rows appear, change and disappear atomically with the datasets (the
 * "live ObsCore" of lsst-image-services.md §1.1), and `rebuild`, which regenerates every row from
 * the repository and reports what differed.
 */
import type { DatasetRef } from "../model/index.js";
import type { Registry } from "../registry/index.js";
import type { SqlExecutor } from "../registry/sql/database.js";
import { Caom2Store } from "./caom2/store.js";
import { DEFAULT_OBSCORE_CONFIG, type ObsCoreConfig } from "./config.js";
import { registryContext, type RegistryContextOptions } from "./context.js";
import { type ObsCoreRow, obsCoreRows } from "./rows.js";
import { ObsCoreStore } from "./store.js";
import { VisitStore } from "./visits.js";
import { type AccessPolicy, PolicyStore } from "../policy/index.js";

/** The open transaction a hook runs in: the registry bound to it and its SQL executor. */
export interface ObsCoreTx {
  readonly registry: Registry;
  readonly executor: SqlExecutor;
}

/** What the Butler and registry call, inside the transaction that changes datasets. */
export interface ObsCoreIndexer {
  /**
   * Creates the tables when absent; call once when the repository opens. True when an older
   * ObsCore table got the release-fact columns and needs a rebuild to fill them.
   */
  ensureSchema(executor: SqlExecutor): Promise<boolean>;
  /**
   * Datasets were inserted (ingest, put, import) or their collection membership changed: their
   * rows are (re)written, or removed when they are no longer published. Call after provenance and
   * datastore records of the datasets are in place (end of the write, same transaction).
   */
  onDatasetsWritten(tx: ObsCoreTx, refs: readonly DatasetRef[]): Promise<void>;
  /** Datasets are being removed: their rows go (call before or after the registry delete). */
  onDatasetsRemoved(tx: ObsCoreTx, ids: readonly string[]): Promise<void>;
  /**
   * Visit records were inserted or replaced (define-visits, new conditions): the visit table rows
   * and the rows of the visits' datasets — raws included, whose footprints come from the visit —
   * are rewritten.
   */
  onVisitsChanged(tx: ObsCoreTx, visits: readonly { readonly instrument: string; readonly visit: number }[]): Promise<void>;
}

/** What a rebuild found (and, unless `check`, fixed). */
export interface RebuildReport {
  /** Rows the repository calls for. */
  readonly expected: number;
  /** Dataset IDs missing from the table. */
  readonly added: readonly string[];
  /** Dataset IDs in the table that should not be. */
  readonly removed: readonly string[];
  /** Dataset IDs whose stored row differs. */
  readonly changed: readonly string[];
}

export interface ObsCoreIndexerOptions extends RegistryContextOptions {
  readonly config?: ObsCoreConfig;
  /** Maintain the CAOM 2.4 tables too (default true). */
  readonly caom2?: boolean;
  /** Maintain the visit conditions table too (default true). */
  readonly visits?: boolean;
  /**
   * The access policy giving rows their release facts. Default: the policy stored in the
   * repository (read in each write transaction, so `skyport policy set` takes effect at once).
   */
  readonly policy?: AccessPolicy;
}

/**
 * Datasets of configured types that the configuration publishes: every RUN when `collections` is
 * empty, otherwise the datasets found in those collections (chains expanded).
 */
export async function publishedDatasets(registry: Registry, config: ObsCoreConfig): Promise<DatasetRef[]> {
  const collections = config.collections.length > 0 ? [...config.collections] : (await registry.queryCollections("*", ["RUN"])).map((c) => c.name);
  if (collections.length === 0) return [];
  const out = new Map<string, DatasetRef>();
  for (const type of Object.keys(config.dataset_types)) {
    if (!(await registry.getDatasetType(type))) continue;
    for (const ref of await registry.queryDatasets(type, { collections, findFirst: false })) out.set(ref.id, ref);
  }
  return [...out.values()];
}

/** Whether two stored values agree (floats within 1e-12 relative: engines round-trip doubles). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return (a ?? null) === (b ?? null);
}

/** Compares expected rows with stored rows. */
export function diffRows(expected: readonly ObsCoreRow[], stored: readonly ObsCoreRow[], columns: readonly string[]): Omit<RebuildReport, "expected"> {
  const have = new Map(stored.map((r) => [r.dataset_id, r]));
  const want = new Set(expected.map((r) => r.dataset_id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const e of expected) {
    const s = have.get(e.dataset_id);
    if (!s) added.push(e.dataset_id);
    else if (columns.some((c) => !same(e.values[c], s.values[c]))) changed.push(e.dataset_id);
  }
  const removed = stored.filter((s) => !want.has(s.dataset_id)).map((s) => s.dataset_id);
  return { added, removed, changed };
}

/** The indexer for a configuration (the LSST-DP1-like default when none is given). */
export function createObsCoreIndexer(options: ObsCoreIndexerOptions = {}): ObsCoreIndexer & {
  rebuild(registry: Registry, opts?: { readonly check?: boolean }): Promise<RebuildReport>;
} {
  const config = options.config ?? DEFAULT_OBSCORE_CONFIG;
  const withCaom2 = options.caom2 ?? true;
  const withVisits = options.visits ?? true;
  const store = (ex: SqlExecutor) => new ObsCoreStore(ex, { config });
  const policyOf = async (ex: SqlExecutor) => options.policy ?? (await new PolicyStore(ex).load());

  /** The refs the configuration publishes: by RUN, or by membership of a configured TAGGED collection. */
  async function published(registry: Registry, refs: readonly DatasetRef[]): Promise<DatasetRef[]> {
    const typed = refs.filter((r) => config.dataset_types[r.datasetType] !== undefined);
    if (config.collections.length === 0 || typed.length === 0) return typed;
    const resolved = await registry.resolveCollections(config.collections);
    const runs = new Set(resolved.filter((c) => c.type === "RUN").map((c) => c.name));
    const tagged = resolved.filter((c) => c.type === "TAGGED").map((c) => c.name);
    const out: DatasetRef[] = [];
    for (const ref of typed) {
      if (runs.has(ref.run)) out.push(ref);
      else {
        for (const t of tagged) {
          if ((await registry.findDataset(ref.datasetType, ref.dataId, [t]))?.id === ref.id) {
            out.push(ref);
            break;
          }
        }
      }
    }
    return out;
  }

  const visitKeys = (refs: readonly DatasetRef[]) => {
    const keys = new Map<string, { instrument: string; visit: number }>();
    for (const r of refs) {
      const { instrument, visit } = r.dataId;
      if (typeof instrument === "string" && typeof visit === "number") keys.set(`${instrument}|${visit}`, { instrument, visit });
    }
    return [...keys.values()];
  };

  return {
    async ensureSchema(executor) {
      await new PolicyStore(executor).ensureSchema();
      const added = await store(executor).ensureSchema();
      if (withCaom2) await new Caom2Store(executor).ensureSchema();
      if (withVisits) await new VisitStore(executor).ensureSchema();
      return added;
    },

    async onDatasetsWritten(tx, refs) {
      const keep = await published(tx.registry, refs);
      const keepIds = new Set(keep.map((r) => r.id));
      const drop = refs.filter((r) => !keepIds.has(r.id)).map((r) => r.id);
      const ctx = registryContext(tx.registry, options, await policyOf(tx.executor));
      const rows = await obsCoreRows(keep, config, ctx);
      const s = store(tx.executor);
      if (drop.length) await s.deleteByDatasetIds(drop);
      await s.upsertRows(rows);
      if (withCaom2) {
        const caom = new Caom2Store(tx.executor);
        if (drop.length) await caom.deleteByDatasetIds(drop);
        await caom.upsert(tx.registry, keep, rows);
      }
      if (withVisits) await new VisitStore(tx.executor).sync(tx.registry, visitKeys(keep));
    },

    async onVisitsChanged(tx, visits) {
      const r = tx.registry;
      const collections = config.collections.length > 0 ? [...config.collections] : (await r.queryCollections("*", ["RUN"])).map((c) => c.name);
      const refs = new Map<string, DatasetRef>();
      for (const type of Object.keys(config.dataset_types)) {
        const dims = (await r.getDatasetType(type))?.dimensions ?? [];
        if (collections.length === 0 || !(dims.includes("visit") || dims.includes("exposure"))) continue;
        for (const { instrument, visit } of visits) {
          const dataIds = dims.includes("visit")
            ? [{ instrument, visit }]
            : (await r.queryDimensionRecords("visit_definition", { dataId: { instrument, visit } })).map((d) => ({ instrument, exposure: Number(d.exposure) }));
          for (const dataId of dataIds) for (const ref of await r.queryDatasets(type, { collections, findFirst: false, dataId })) refs.set(ref.id, ref);
        }
      }
      await this.onDatasetsWritten(tx, [...refs.values()]);
      if (withVisits) await new VisitStore(tx.executor).sync(r, visits);
    },

    async onDatasetsRemoved(tx, ids) {
      await store(tx.executor).deleteByDatasetIds(ids);
      if (withCaom2) await new Caom2Store(tx.executor).deleteByDatasetIds(ids);
    },

    /**
     * Regenerates every row from the repository in one transaction and reports the differences;
     * with `check` nothing is written.
     */
    async rebuild(registry, opts = {}) {
      return registry.transaction(async (r) => {
        const ex = r.sql;
        const s = store(ex);
        await s.ensureSchema();
        const refs = await publishedDatasets(r, config);
        const expected = await obsCoreRows(refs, config, registryContext(r, options, await policyOf(ex)));
        const stored = await s.rows();
        const diff = diffRows(expected, stored, s.columns.map((c) => c.name));
        if (!opts.check) {
          const fix = new Set([...diff.added, ...diff.changed]);
          await s.deleteByDatasetIds(diff.removed);
          await s.upsertRows(expected.filter((e) => fix.has(e.dataset_id)));
          if (withCaom2) {
            const caom = new Caom2Store(ex);
            await caom.ensureSchema();
            await caom.replaceAll(r, refs, expected);
          }
          if (withVisits) {
            const v = new VisitStore(ex);
            await v.ensureSchema();
            await v.sync(r);
          }
        }
        return { expected: expected.length, ...diff };
      });
    },
  };
}
