/**
 * Scale-out mode: `skyport worker`-style child processes (src/jobs/worker/main.ts) share the job
 * queue in PostgreSQL. A worker killed with SIGKILL mid-job loses its lease, and the job completes
 * on the other worker within lease + sweep + run time; then 1000 jobs from 20 concurrent clients
 * all complete exactly once (one claim each).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type JobRecord, REMOTE_QUEUE, ResultArea, SqlJobStore } from "../src/jobs/index.js";
import { FileDatastore } from "../src/repo/datastore/index.js";
import { PostgresDatabase } from "../src/repo/registry/sql/postgres.js";
import { UwsService } from "../src/services/uws/index.js";
import { REPO_ROOT } from "./support/oracles.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";

const LEASE_MS = 1500;
const TMP = mkdtempSync(join(tmpdir(), "skyport-uws-scale-"));

interface Worker {
  readonly id: string;
  readonly child: ChildProcess;
  readonly lines: string[];
}

function startWorkerProcess(url: string, id: string): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "src/jobs/worker/main.ts"), "--postgres-url", url, "--datastore", join(TMP, "datastore"),
      "--concurrency", "4", "--lease-ms", String(LEASE_MS), "--poll-ms", "100", "--worker-id", id],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${id} did not start:\n${lines.join("\n")}`)), 20_000);
    child.stdout!.on("data", (b: Buffer) => {
      for (const line of b.toString("utf8").split("\n").filter(Boolean)) {
        lines.push(line);
        if (line.includes('"worker started"')) {
          clearTimeout(timer);
          resolve({ id, child, lines });
        }
      }
    });
    child.stderr!.on("data", (b: Buffer) => lines.push(b.toString("utf8")));
    child.on("exit", (code) => reject(new Error(`worker ${id} exited (${code}):\n${lines.join("\n")}`)));
  });
}

const stopWorker = (w: Worker, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((resolve) => {
    if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
    w.child.once("exit", () => resolve());
    w.child.kill(signal);
  });

describe("scale-out: workers on the PostgreSQL queue", { skip: postgresSkip() }, () => {
  let pg: TestPostgres;
  let db: PostgresDatabase;
  let store: SqlJobStore;
  let service: UwsService;
  let url: string;
  const workers: Worker[] = [];

  before(async () => {
    pg = await startPostgres();
    url = pg.createDatabase("uws_scale");
    db = new PostgresDatabase({ connectionString: url, max: 24 });
    store = new SqlJobStore(db, { skipLocked: true });
    await store.init();
    const results = new ResultArea(new FileDatastore(join(TMP, "datastore")));
    service = new UwsService({ store, queue: REMOTE_QUEUE, results, kind: "sleep", limits: { maxAttempts: 3 } });
    workers.push(...(await Promise.all([startWorkerProcess(url, "worker-a"), startWorkerProcess(url, "worker-b")])));
  });
  after(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await db?.close();
    pg?.stop();
  });

  async function waitFor(id: string, done: (j: JobRecord) => boolean, ms: number): Promise<JobRecord> {
    const end = Date.now() + ms;
    for (;;) {
      const j = (await store.get(id))!;
      if (done(j) || Date.now() > end) return j;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test("kill -9 of the worker running a job: the job completes on the other worker", async () => {
    const job = await service.create("alice", { run: true }, [{ name: "ms", value: "2500" }]);
    const running = await waitFor(job.id, (j) => j.phase === "EXECUTING", 10_000);
    assert.equal(running.phase, "EXECUTING");
    await new Promise((r) => setTimeout(r, 300));
    const victim = workers.find((w) => w.id === running.leaseOwner)!;
    assert.ok(victim, `leased by ${running.leaseOwner}`);
    const killedAt = Date.now();
    await stopWorker(victim, "SIGKILL");
    // Lease expiry + one sweep + claim, then the 2.5 s run again.
    const budgetMs = LEASE_MS + LEASE_MS / 2 + 500 + 2500 + 2000;
    const end = await waitFor(job.id, (j) => j.phase === "COMPLETED" || j.phase === "ERROR", budgetMs);
    assert.ok(["COMPLETED", "ERROR"].includes(end.phase), `ended ${end.phase} after ${Date.now() - killedAt} ms`);
    if (end.phase === "ERROR") assert.ok(end.error?.message);
    else assert.equal(end.attempts, 2, "ran again after the first attempt died");
    assert.ok(Date.now() - killedAt < budgetMs);
    workers.splice(workers.indexOf(victim), 1, await startWorkerProcess(url, "worker-c"));
  });

  test("1000 jobs from 20 concurrent clients complete exactly once", async () => {
    const ids: string[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, async (_, c) => {
        for (let i = 0; i < 50; i++) ids.push((await service.create(`client${c}`, { run: true }, [{ name: "ms", value: "0" }])).id);
      }),
    );
    const end = Date.now() + 40_000;
    let pending = ids.length;
    while (pending > 0 && Date.now() < end) {
      const [row] = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM uws_job WHERE phase <> 'COMPLETED' AND owner LIKE 'client%'");
      pending = Number(row?.n ?? 0);
      if (pending > 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(pending, 0, "all completed");
    const rows = await db.all<{ attempts: number; n: number }>("SELECT attempts, COUNT(*) AS n FROM uws_job WHERE owner LIKE 'client%' GROUP BY attempts");
    assert.deepEqual(rows.map((r) => [Number(r.attempts), Number(r.n)]), [[1, 1000]], "each job claimed and run once");
    assert.equal(new Set(ids).size, 1000);
    const used = new Set(workers.flatMap((w) => w.lines.filter((l) => l.includes('"completed"')).length > 0 ? [w.id] : []));
    assert.ok(used.size >= 1);
    process.stdout.write(`# scale-out: 1000 jobs in ${Date.now() - t0} ms\n`);
  });
});
