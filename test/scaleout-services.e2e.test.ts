/**
 * The scale-out mode runs the services' async jobs in `skyport worker` processes (jobs.queue =
 * postgres): the server only records a TAP query or a SODA cut-out job, a separate worker process
 * claims and runs it, and the server hands out the result. Same executors as the embedded mode.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";
import { cliCommand, type RunningServer, startServer } from "./support/server.js";

let pg: TestPostgres;
let server: RunningServer;
let worker: ChildProcess;

before(async () => {
  if (postgresSkip()) return;
  pg = await startPostgres();
  const env = {
    SKYPORT_DEMO_AUTO_CREATE: "true",
    SKYPORT_DEMO_VISITS: "2",
    SKYPORT_DEMO_DETECTOR_SIZE: "256",
    SKYPORT_REGISTRY_KIND: "postgres",
    SKYPORT_REGISTRY_POSTGRES_URL: pg.createDatabase("scaleout_services"),
    SKYPORT_JOBS_QUEUE: "postgres",
    SKYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), "skyport-scaleout-")),
  };
  server = await startServer(env, 300_000);
  worker = spawn(process.execPath, [...cliCommand(), "worker", "--concurrency", "2"], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
});

after(async () => {
  worker?.kill("SIGTERM");
  await server?.stop();
  pg?.stop();
});

async function runJob(path: string, body: string): Promise<{ phase: string; result: Uint8Array; type: string | null }> {
  const created = await fetch(server.baseUrl + path, { method: "POST", body: `${body}&PHASE=RUN`, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  assert.equal(created.status, 303);
  const job = created.headers.get("location") as string;
  let xml = "";
  for (let i = 0; i < 20 && !/<uws:phase>(COMPLETED|ERROR|ABORTED)</.test(xml); i++) xml = await (await fetch(`${job}?WAIT=10&PHASE=${/<uws:phase>(\w+)</.exec(xml)?.[1] ?? "PENDING"}`)).text();
  const phase = /<uws:phase>(\w+)</.exec(xml)?.[1] ?? "";
  const href = /<uws:result [^>]*xlink:href="([^"]+)"/.exec(xml)?.[1];
  assert.ok(href, xml);
  const res = await fetch(href.replace(/&amp;/g, "&"));
  return { phase, result: new Uint8Array(await res.arrayBuffer()), type: res.headers.get("content-type") };
}

test("a worker process runs TAP queries and SODA cut-outs queued by the server", { skip: postgresSkip(), timeout: 600_000 }, async () => {
  const q = await fetch(`${server.baseUrl}/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent("SELECT TOP 1 obs_publisher_did, s_ra, s_dec FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image'")}`);
  const [did, ra, dec] = (await q.text()).trim().split(/\r?\n/)[1]!.split(",") as [string, string, string];
  const tap = await runJob("/tap/async", `LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent("SELECT COUNT(*) AS n FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image'")}`);
  assert.equal(tap.phase, "COMPLETED");
  assert.equal(new TextDecoder().decode(tap.result).trim().split(/\r?\n/)[1], String(2 * 4), "2 visits x 4 detectors");
  const soda = await runJob("/soda/async", `ID=${encodeURIComponent(did)}&CIRCLE=${ra}+${dec.trim()}+0.003`);
  assert.equal(soda.phase, "COMPLETED");
  assert.equal(soda.type, "application/fits");
  assert.match(new TextDecoder().decode(soda.result.subarray(0, 30)), /^SIMPLE {2}=\s+T/);
});
