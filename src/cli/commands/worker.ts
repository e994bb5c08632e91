/**
 * `skyport worker`: a job worker for the scale-out mode. It consumes the job queue kept in the
 * PostgreSQL registry database (claims with FOR UPDATE SKIP LOCKED, leases with heartbeats) and
 * writes results into the configured datastore; run as many as the load needs. SIGTERM/SIGINT
 * suspend running jobs so another worker resumes them.
 */
import type { Command } from "commander";
import type { LoadedConfig } from "../../config/index.js";
import { openRepository, serviceExecutors } from "../../compose.js";
import { builtinExecutors } from "../../jobs/index.js";
import { startWorker } from "../../jobs/worker/index.js";
import { PostgresDatabase } from "../../repo/registry/sql/postgres.js";

export function registerWorkerCommand(program: Command, load: () => LoadedConfig): void {
  program
    .command("worker")
    .description("run asynchronous jobs from the PostgreSQL job queue (scale-out mode)")
    .option("--concurrency <n>", "jobs run at once (overrides jobs.concurrency)")
    .option("--lease-ms <ms>", "execution lease; a dead worker's jobs are recovered after this long", "30000")
    .action(async (opts: { concurrency?: string; leaseMs: string }) => {
      const { config } = load();
      if (config.registry.kind !== "postgres" || !config.registry.postgresUrl) {
        throw new Error('skyport worker needs registry.kind "postgres": the job queue is the shared PostgreSQL job table');
      }
      const concurrency = opts.concurrency !== undefined ? Number(opts.concurrency) : config.jobs.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("--concurrency must be a positive integer");
      const db = new PostgresDatabase({ connectionString: config.registry.postgresUrl, max: concurrency + 4 });
      // The services' jobs (TAP queries, SODA cut-outs) read the repository the server publishes.
      const butler = await openRepository(config);
      const datastore = butler.datastore;
      const worker = await startWorker({
        db,
        datastore,
        executors: serviceExecutors(config, butler, builtinExecutors(datastore)),
        concurrency,
        skipLocked: true,
        leaseMs: Number(opts.leaseMs),
        onEvent: (e) => {
          if (e.kind === "fault") process.stderr.write(`skyport worker: ${e.where}: ${String(e.cause)}\n`);
        },
      });
      process.stderr.write(`skyport worker ${worker.workerId}: running ${concurrency} job(s) at once\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void worker.stop().then(() => db.close()).then(() => butler.close()).then(resolve);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
