/**
 * Standalone worker entry for the scale-out mode without the full CLI:
 *   node --import tsx src/jobs/worker/main.ts --postgres-url URL --datastore DIR [--concurrency N]
 *     [--lease-ms MS] [--poll-ms MS] [--worker-id ID]
 * Prints one JSON line per event on stdout ({"msg":"worker started","workerId":…} first). SIGTERM
 * or SIGINT stop claiming and suspend running jobs for another worker; SIGKILL is what the
 * lease recovery is for.
 */
import { parseArgs } from "node:util";
import { FileDatastore } from "../../repo/datastore/index.js";
import { PostgresDatabase } from "../../repo/registry/sql/postgres.js";
import type { PoolEvent } from "../index.js";
import { startWorker } from "./run-worker.js";

function describeEvent(e: PoolEvent): Record<string, unknown> {
  if (e.kind === "fault") return { msg: "fault", where: e.where, error: String(e.cause) };
  if (e.kind === "failed") return { msg: "failed", jobId: e.jobId, attempt: e.attempt, error: e.error.message };
  return { msg: e.kind, ...e };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "postgres-url": { type: "string" },
      datastore: { type: "string" },
      concurrency: { type: "string", default: "2" },
      "lease-ms": { type: "string", default: "30000" },
      "poll-ms": { type: "string", default: "250" },
      "worker-id": { type: "string" },
    },
  });
  const url = values["postgres-url"];
  const root = values.datastore;
  if (!url || !root) throw new Error("--postgres-url and --datastore are required");
  const db = new PostgresDatabase({ connectionString: url, max: Number(values.concurrency) + 4 });
  const say = (rec: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ time: Date.now(), ...rec })}\n`);
  const worker = await startWorker({
    db,
    datastore: new FileDatastore(root),
    concurrency: Number(values.concurrency),
    skipLocked: true,
    leaseMs: Number(values["lease-ms"]),
    pollMs: Number(values["poll-ms"]),
    ...(values["worker-id"] ? { workerId: values["worker-id"] } : {}),
    onEvent: (e) => say(describeEvent(e)),
  });
  say({ msg: "worker started", workerId: worker.workerId, pid: process.pid });
  const stop = () => {
    worker
      .stop()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`skyport worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
