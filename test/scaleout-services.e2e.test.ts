/**
 * The scale-out mode: registry and job queue in PostgreSQL, files in an S3-compatible object store
 * (s3rver on loopback), the services' async jobs run by a separate `skyport worker` process. The
 * server only records a TAP query or a SODA cut-out job; the worker claims it, reads the images
 * from the object store and writes the result there; the server hands it out. /files/<id>
 * answers with a short-lived signed URL of the object store. Same code as the embedded mode.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";
import { startS3, type TestS3 } from "./support/s3.js";
import { cliCommand, type RunningServer, startServer } from "./support/server.js";

let pg: TestPostgres;
let s3: TestS3;
let server: RunningServer;
let worker: ChildProcess;
const workerLog: string[] = [];

before(async () => {
  if (postgresSkip()) return;
  pg = await startPostgres();
  s3 = await startS3();
  const env = {
    SKYPORT_DATASTORE_KIND: "s3",
    SKYPORT_DATASTORE_S3_ENDPOINT: s3.endpoint,
    SKYPORT_DATASTORE_S3_BUCKET: s3.bucket,
    SKYPORT_DATASTORE_S3_REGION: s3.region,
    SKYPORT_DATASTORE_S3_ACCESS_KEY_ID: s3.accessKeyId,
    SKYPORT_DATASTORE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SKYPORT_DATASTORE_S3_REDIRECT_FILES: "true",
    // s3rver 3.7 fails ListObjectsV2 once the bucket holds objects (its DES continuation tokens).
    SKYPORT_DATASTORE_S3_LIST_OBJECTS_VERSION: "1",
    SKYPORT_DEMO_AUTO_CREATE: "true",
    SKYPORT_DEMO_VISITS: "2",
    // A release made a day back: no visit is under embargo any more (the policy has its own tests).
    SKYPORT_DEMO_NOW: new Date(Date.now() - 86_400_000).toISOString(),
    SKYPORT_DEMO_DETECTOR_SIZE: "256",
    SKYPORT_REGISTRY_KIND: "postgres",
    SKYPORT_REGISTRY_POSTGRES_URL: pg.createDatabase("scaleout_services"),
    SKYPORT_JOBS_QUEUE: "postgres",
    SKYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), "skyport-scaleout-")),
  };
  server = await startServer(env, 300_000);
  worker = spawn(process.execPath, [...cliCommand(), "worker", "--concurrency", "2"], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  worker.stderr?.on("data", (d: Buffer) => workerLog.push(d.toString()));
});

after(async () => {
  worker?.kill("SIGTERM");
  await server?.stop();
  pg?.stop();
  await s3?.stop();
});

async function runJob(path: string, body: string): Promise<{ phase: string; result: Uint8Array; type: string | null }> {
  const created = await fetch(server.baseUrl + path, { method: "POST", body: `${body}&PHASE=RUN`, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  assert.equal(created.status, 303);
  const job = created.headers.get("location") as string;
  let xml = "";
  for (let i = 0; i < 20 && !/<uws:phase>(COMPLETED|ERROR|ABORTED)</.test(xml); i++) xml = await (await fetch(`${job}?WAIT=10&PHASE=${/<uws:phase>(\w+)</.exec(xml)?.[1] ?? "PENDING"}`)).text();
  const phase = /<uws:phase>(\w+)</.exec(xml)?.[1] ?? "";
  const href = /<uws:result [^>]*xlink:href="([^"]+)"/.exec(xml)?.[1];
  assert.ok(href, `${xml}\nworker: ${workerLog.join("")}`);
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

test("files live in the object store: /files answers with a signed URL that serves the bytes and ranges; sync cut-outs read from it", { skip: postgresSkip(), timeout: 300_000 }, async () => {
  const q = await fetch(`${server.baseUrl}/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent("SELECT TOP 1 obs_publisher_did, s_ra, s_dec, access_estsize FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image'")}`);
  const [did, ra, dec] = (await q.text()).trim().split(/\r?\n/)[1]!.split(",") as [string, string, string];
  const uuid = did.split("id=")[1]!;
  const res = await fetch(`${server.baseUrl}/files/${uuid}`, { redirect: "manual" });
  assert.equal(res.status, 307);
  const location = res.headers.get("location") as string;
  assert.ok(location.startsWith(`${s3.endpoint}/${s3.bucket}/`), location);
  assert.match(location, /X-Amz-Signature=[0-9a-f]{64}/);
  assert.match(location, /X-Amz-Expires=900/);
  const file = await fetch(location);
  assert.equal(file.status, 200);
  const bytes = new Uint8Array(await file.arrayBuffer());
  assert.match(new TextDecoder().decode(bytes.subarray(0, 30)), /^SIMPLE {2}=\s+T/);
  const part = await fetch(location, { headers: { Range: "bytes=2880-5759" } });
  assert.equal(part.status, 206);
  assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.subarray(2880, 5760));
  const cut = await fetch(`${server.baseUrl}/soda/sync?ID=${encodeURIComponent(did)}&CIRCLE=${ra}+${dec.trim()}+0.003`);
  assert.equal(cut.status, 200);
  assert.equal(cut.headers.get("content-type"), "application/fits");
  const text = new TextDecoder("latin1").decode(new Uint8Array(await cut.arrayBuffer()));
  assert.match(text, new RegExp(`BTLRUUID= '${uuid}'`));
});
