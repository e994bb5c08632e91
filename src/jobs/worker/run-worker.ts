/**
 * A job worker: the job pool of src/jobs over a shared job store, with the built-in executors.
 * `skyport worker` (src/cli/commands/worker.ts) and the standalone entry (main.ts) both start one;
 * many workers on one PostgreSQL database share the queue through `FOR UPDATE SKIP LOCKED` claims
 * and recover each other's jobs when a lease runs out.
 */
import { hostname } from "node:os";
import type { Datastore } from "../../repo/datastore/index.js";
import type { SqlDatabase } from "../../repo/registry/sql/database.js";
import { builtinExecutors, type ExecutorRegistry, JobPool, type PoolEvent, ResultArea, SqlJobStore } from "../index.js";

export interface WorkerOptions {
  /** The registry database holding the job table (PostgreSQL in scale-out mode). */
  readonly db: SqlDatabase;
  readonly datastore: Datastore;
  /** Jobs run at once by this process (config jobs.concurrency). */
  readonly concurrency: number;
  /** Whether the database supports `FOR UPDATE SKIP LOCKED` (PostgreSQL: true). */
  readonly skipLocked: boolean;
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly workerId?: string;
  /** Executors (default: the built-in "sleep" and "checksum"). */
  readonly executors?: ExecutorRegistry;
  readonly onEvent?: (event: PoolEvent) => void;
}

export interface RunningWorker {
  readonly workerId: string;
  readonly pool: JobPool;
  /** Stops claiming; running jobs are suspended for another worker unless `drain`. */
  stop(options?: { drain?: boolean }): Promise<void>;
}

/** Creates the job table if needed and starts claiming jobs. */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const store = new SqlJobStore(o.db, { skipLocked: o.skipLocked });
  await store.init();
  const workerId = o.workerId ?? `${hostname()}-${process.pid}`;
  const pool = new JobPool({
    store,
    executors: o.executors ?? builtinExecutors(o.datastore),
    results: new ResultArea(o.datastore),
    concurrency: o.concurrency,
    workerId,
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
    pollMs: o.pollMs ?? 250,
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  });
  pool.start();
  return { workerId, pool, stop: (options) => pool.stop(options) };
}
