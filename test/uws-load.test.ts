/**
 * In-process mode under load: 1000 jobs submitted over HTTP by 20 concurrent clients (50 each,
 * PHASE=RUN at creation) on SQLite all complete, each executed exactly once (counted by the
 * executor itself and by the store's attempt counter).
 */
import assert from "node:assert/strict";
import { buildTestApp } from "./support/http-app.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { uwsPlugin } from "../src/http/plugins/uws.js";
import { ExecutorRegistry, JobPool, ResultArea, SqlJobStore } from "../src/jobs/index.js";
import { FileDatastore } from "../src/repo/datastore/index.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { UwsService } from "../src/services/uws/index.js";

test("1000 jobs from 20 concurrent clients complete exactly once (in-process, SQLite)", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "skyport-uws-load-"));
  const db = new SqliteDatabase({ path: join(tmp, "registry.sqlite3") });
  const store = new SqlJobStore(db);
  await store.init();
  const results = new ResultArea(new FileDatastore(join(tmp, "datastore")));
  const runs = new Map<string, number>();
  const executors = new ExecutorRegistry().register("count", async (job) => {
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    await new Promise((r) => setImmediate(r));
    return [];
  });
  const pool = new JobPool({ store, executors, results, concurrency: 8, pollMs: 200 });
  const service = new UwsService({ store, queue: pool, results, kind: "count" });
  const app = await buildTestApp([uwsPlugin({ prefix: "/jobs", service })]);
  pool.start();
  try {
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, c) => {
        for (let i = 0; i < 50; i++) {
          const r = await app.inject({
            method: "POST",
            url: "/jobs",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            payload: `PHASE=RUN&CLIENT=${c}&N=${i}`,
          });
          assert.equal(r.statusCode, 303);
          ids.push(String(r.headers.location).split("/").pop()!);
        }
      }),
    );
    const end = Date.now() + 25_000;
    while ((await store.count("anonymous", ["COMPLETED"])) < 1000 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await store.count("anonymous", ["COMPLETED"]), 1000);
    assert.equal(new Set(ids).size, 1000);
    assert.equal(runs.size, 1000);
    assert.ok([...runs.values()].every((n) => n === 1), "no job ran twice");
    const attempts = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM uws_job WHERE attempts <> 1");
    assert.equal(Number(attempts[0]?.n), 0);
  } finally {
    await pool.stop();
    await app.close();
    await db.close();
  }
});
