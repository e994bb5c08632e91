/**
 * bench/uws: asynchronous job throughput and submit-to-start latency, in both execution modes:
 * in-process (SQLite job store, the server's own pool) and scale-out (PostgreSQL job table with
 * SKIP LOCKED claims, two worker pools standing in for `skyport worker` processes). 20 clients
 * submit "sleep MS=0" jobs with PHASE=RUN through UwsService; jobs/s is submissions until the last
 * completion, latency is startTime − queuedTime per job (under that burst, where it is mostly
 * queueing, and for jobs submitted one at a time). No peer: DaCHS has no comparable figure.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { builtinExecutors, JobPool, type JobQueue, REMOTE_QUEUE, ResultArea, SqlJobStore } from "../src/jobs/index.js";
import { FileDatastore } from "../src/repo/datastore/index.js";
import type { SqlDatabase } from "../src/repo/registry/sql/database.js";
import { PostgresDatabase } from "../src/repo/registry/sql/postgres.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { UwsService } from "../src/services/uws/index.js";
import { postgresSkip, startPostgres } from "../test/support/postgres.js";
import { type Bench, type BenchFigure, quantile } from "./harness.js";

const CLIENTS = 20;

async function measure(label: string, db: SqlDatabase, skipLocked: boolean, pools: number, jobs: number): Promise<BenchFigure[]> {
  const tmp = mkdtempSync(join(tmpdir(), "skyport-bench-uws-"));
  const datastore = new FileDatastore(join(tmp, "datastore"));
  const store = new SqlJobStore(db, { skipLocked });
  await store.init();
  const results = new ResultArea(datastore);
  const workers = Array.from({ length: pools }, (_, i) =>
    new JobPool({ store, executors: builtinExecutors(datastore), results, concurrency: 4, workerId: `${label}-${i}`, pollMs: 100 }),
  );
  // In-process: the service nudges its own pool; scale-out: workers find jobs by polling.
  const queue: JobQueue = pools === 1 ? workers[0]! : REMOTE_QUEUE;
  const service = new UwsService({ store, queue, results, kind: "sleep" });
  for (const w of workers) w.start();
  const t0 = performance.now();
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < jobs / CLIENTS; i++) ids.push((await service.create(`c${c}`, { run: true }, [{ name: "ms", value: "0" }])).id);
    }),
  );
  for (;;) {
    let done = 0;
    for (let c = 0; c < CLIENTS; c++) done += await store.count(`c${c}`, ["COMPLETED", "ERROR"]);
    if (done >= jobs) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  // Unloaded latency: one job at a time, each waited for before the next.
  const single: number[] = [];
  for (let i = 0; i < 20; i++) {
    const job = await service.create("solo", { run: true }, [{ name: "ms", value: "0" }]);
    const done = await service.wait("solo", job.id, { waitS: 10 });
    const started = done.phase === "EXECUTING" ? done : await service.wait("solo", job.id, { waitS: 10 });
    if (started.startTime && started.queuedTime) single.push(started.startTime.getTime() - started.queuedTime.getTime());
  }
  single.sort((a, b) => a - b);
  await Promise.all(workers.map((w) => w.stop()));
  const latencies: number[] = [];
  for (const id of ids) {
    const j = await store.get(id);
    if (j?.startTime && j.queuedTime) latencies.push(j.startTime.getTime() - j.queuedTime.getTime());
  }
  latencies.sort((a, b) => a - b);
  const note = `${jobs} jobs, ${CLIENTS} clients, ${pools} pool(s) × 4`;
  return [
    { name: `${label}: throughput`, value: jobs / seconds, unit: "jobs/s", note },
    { name: `${label}: submit-to-start p50`, value: quantile(latencies, 0.5), unit: "ms", note },
    { name: `${label}: submit-to-start p95`, value: quantile(latencies, 0.95), unit: "ms", note },
    { name: `${label}: submit-to-start p50, one job at a time`, value: quantile(single, 0.5), unit: "ms", note: "20 sequential jobs" },
    { name: `${label}: submit-to-start p95, one job at a time`, value: quantile(single, 0.95), unit: "ms", note: "20 sequential jobs" },
  ];
}

export const run: Bench = async ({ quick }) => {
  const jobs = quick ? 200 : 1000;
  const figures: BenchFigure[] = [];
  const sqlite = new SqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), "skyport-bench-uws-")), "registry.sqlite3") });
  try {
    figures.push(...(await measure("in-process (SQLite)", sqlite, false, 1, jobs)));
  } finally {
    await sqlite.close();
  }
  if (postgresSkip() !== false) {
    figures.push({ name: "scale-out (PostgreSQL)", value: Number.NaN, unit: "jobs/s", note: `skipped: ${postgresSkip()}` });
    return figures;
  }
  const pg = await startPostgres();
  const db = new PostgresDatabase({ connectionString: pg.createDatabase("bench_uws"), max: 16 });
  try {
    figures.push(...(await measure("scale-out (PostgreSQL, 2 workers)", db, true, 2, jobs)));
  } finally {
    await db.close();
    pg.stop();
  }
  return figures;
};
