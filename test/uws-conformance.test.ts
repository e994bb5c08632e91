/**
 * UWS 1.1 conformance of the resource tree over HTTP (fastify inject), in-process mode on SQLite:
 * every phase transition and resource, POST rules and status codes (UWS-02..04, DALI-06..10),
 * WAIT (UWS-07..09), list filters (UWS-10), owner isolation (UWS-16), XSD validity of job and
 * job-list documents, execution-duration abort (UWS-13), retries with backoff, progress, restart
 * recovery and destruction.
 */
import assert from "node:assert/strict";
import { buildTestApp } from "./support/http-app.js";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { HttpPlugin } from "../src/http/app.js";
import { uwsPlugin } from "../src/http/plugins/uws.js";
import { builtinExecutors, JobPool, jobParam, ResultArea, SqlJobStore } from "../src/jobs/index.js";
import { FileDatastore } from "../src/repo/datastore/index.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { UwsService } from "../src/services/uws/index.js";
import { hasCommand, oracleSkip, SHARED_DIR } from "./support/oracles.js";

const VALIDATE = join(SHARED_DIR, "data", "xsd", "validate.sh");
const xmllintSkip = oracleSkip("xmllint (libxml2-utils)", hasCommand("xmllint"));
const TMP = mkdtempSync(join(tmpdir(), "skyport-uws-conf-"));

function validate(xml: string): string {
  const file = join(mkdtempSync(join(TMP, "xsd-")), "doc.xml");
  writeFileSync(file, xml);
  const r = spawnSync("bash", [VALIDATE, file, "uws"], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}

/** Mounts the UWS tree, taking the owner from an X-Test-Owner header as authentication will. */
function mounted(prefix: string, service: UwsService): HttpPlugin {
  const inner = uwsPlugin({ prefix, service });
  return {
    ...inner,
    register(app, ctx) {
      app.addHook("onRequest", async (request) => {
        const who = request.headers["x-test-owner"];
        if (typeof who === "string") request.identity = { subject: who, groups: [], scopes: ["exec:jobs"], anonymous: false };
      });
      return inner.register(app, ctx);
    },
  };
}

const db = new SqliteDatabase({ path: join(TMP, "registry.sqlite3") });
const datastore = new FileDatastore(join(TMP, "datastore"));
const store = new SqlJobStore(db);
const results = new ResultArea(datastore);
const pool = new JobPool({ store, executors: builtinExecutors(datastore), results, concurrency: 4, leaseMs: 1500, pollMs: 100, retryBaseMs: 300, progressIntervalMs: 50 });
const kind = (ps: readonly { name: string; value: string }[]) => ps.find((p) => p.name === "kind")?.value ?? "sleep";
const service = new UwsService({ store, queue: pool, results, kind, limits: { maxWaitS: 10, defaultExecutionDurationS: 60 } });
const heldService = new UwsService({ store, queue: pool, results, kind, limits: { maxActivePerOwner: 1 } });
let app: FastifyInstance;

before(async () => {
  await store.init();
  pool.start();
  app = await buildTestApp([mounted("/jobs", service), mounted("/held", heldService)]);
});
after(async () => {
  await pool.stop();
  await app?.close();
  await db.close();
});

type Who = "alice" | "bob" | undefined;
const form = { "content-type": "application/x-www-form-urlencoded" };
const hdr = (who: Who) => (who ? { "x-test-owner": who } : {});
const get = (url: string, who: Who = "alice") => app.inject({ method: "GET", url, headers: hdr(who) });
const post = (url: string, body: Record<string, string>, who: Who = "alice") =>
  app.inject({ method: "POST", url, headers: { ...form, ...hdr(who) }, payload: new URLSearchParams(body).toString() });

/** Creates a job; returns its path (/jobs/<id>). */
async function create(body: Record<string, string>, prefix = "/jobs", who: Who = "alice"): Promise<string> {
  const r = await post(prefix, body, who);
  assert.equal(r.statusCode, 303, r.body);
  const loc = String(r.headers.location);
  assert.match(loc, new RegExp(`^http://sky\\.test${prefix}/[a-z2-7]{16}$`));
  return new URL(loc).pathname;
}
const newJobFor = (owner: string) => ({
  id: `rec${Math.random().toString(36).slice(2, 12)}`,
  owner,
  kind: "sleep",
  runId: null,
  parameters: [{ name: "ms", value: "10" }],
  creationTime: new Date(),
  executionDurationS: 0,
  destruction: null,
  maxAttempts: 3,
});
const phaseOf = async (path: string, who: Who = "alice") => (await get(`${path}/phase`, who)).body;
async function until(path: string, phases: string[], ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const p = await phaseOf(path);
    if (phases.includes(p) || Date.now() > end) return p;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("UWS 1.1 resource tree", () => {
  test("a PENDING job: every resource answers, documents validate", { skip: xmllintSkip }, async () => {
    const job = await create({ MS: "10", RUNID: "run-7", Extra: "Mixed Case" });
    const doc = await get(job);
    assert.equal(doc.statusCode, 200);
    assert.match(String(doc.headers["content-type"]), /^application\/xml/);
    assert.match(doc.body, /<uws:job [^>]*version="1.1"/);
    assert.match(doc.body, /<uws:phase>PENDING<\/uws:phase>/);
    assert.match(doc.body, /<uws:parameter id="extra">Mixed Case<\/uws:parameter>/);
    assert.match(doc.body, /<uws:creationTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z<\/uws:creationTime>/);
    assert.equal(validate(doc.body), "valid");
    assert.equal(await phaseOf(job), "PENDING");
    assert.equal((await get(`${job}/executionduration`)).body, "60");
    assert.match((await get(`${job}/destruction`)).body, /^\d{4}-.*Z$/);
    assert.equal((await get(`${job}/quote`)).body, "");
    assert.equal((await get(`${job}/owner`)).body, "alice");
    assert.equal((await get(`${job}/runId`)).body, "run-7");
    const params = await get(`${job}/parameters`);
    assert.match(params.body, /<uws:parameters xmlns:uws=/);
    assert.equal(validate(params.body), "valid");
    const res = await get(`${job}/results`);
    assert.match(res.body, /<uws:results /);
    assert.equal(validate(res.body), "valid");
    assert.equal((await get(`${job}/error`)).statusCode, 404, "DALI-09: no error yet");
    assert.equal((await get(`${job}/results/none`)).statusCode, 404);
    assert.equal((await get("/jobs/nosuchjob")).statusCode, 404);
    assert.equal((await app.inject({ method: "PUT", url: job, headers: hdr("alice") })).statusCode, 405);
  });

  test("PENDING-only changes: parameters, executionduration, destruction (303), then 403", async () => {
    const job = await create({ MS: "10" });
    let r = await post(`${job}/parameters`, { MS: "20", NEW: "x" });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, `http://sky.test${job}`);
    assert.match((await get(job)).body, /<uws:parameter id="ms">20<\/uws:parameter>/);
    r = await post(`${job}/executionduration`, { EXECUTIONDURATION: "30" });
    assert.equal(r.statusCode, 303);
    assert.equal((await get(`${job}/executionduration`)).body, "30");
    assert.equal((await post(`${job}/executionduration`, { EXECUTIONDURATION: "-3" })).statusCode, 400);
    const soon = new Date(Math.ceil(Date.now() / 1000) * 1000 + 86_400_000).toISOString().replace(".000Z", "Z");
    r = await post(`${job}/destruction`, { DESTRUCTION: soon });
    assert.equal(r.statusCode, 303);
    assert.equal((await get(`${job}/destruction`)).body, soon);
    await post(`${job}/destruction`, { DESTRUCTION: "2999-01-01T00:00:00Z" });
    assert.ok((await get(`${job}/destruction`)).body < "2999", "the server caps destruction at its retention");
    assert.equal((await post(job, { MS: "5" })).statusCode, 400, "DALI-07: no parameters on the job URL");
    assert.equal((await post(`${job}/phase`, { PHASE: "RUN" })).statusCode, 303);
    assert.equal(await until(job, ["COMPLETED"]), "COMPLETED");
    assert.equal((await post(`${job}/parameters`, { MS: "1" })).statusCode, 403, "DALI-08");
    assert.equal((await post(`${job}/executionduration`, { EXECUTIONDURATION: "5" })).statusCode, 403);
  });

  test("PENDING → QUEUED → EXECUTING → COMPLETED with a result, progress visible", { skip: xmllintSkip }, async () => {
    const job = await create({ KIND: "sleep", MS: "600", RESULT: "1" });
    assert.equal((await post(`${job}/phase`, { phase: "RUN" })).statusCode, 303);
    assert.ok(["QUEUED", "EXECUTING"].includes(await phaseOf(job)));
    assert.equal(await until(job, ["EXECUTING"]), "EXECUTING");
    let seen = "";
    for (let i = 0; i < 50 && !seen; i++) {
      const m = /<sky:progress [^>]*stage="sleeping" fraction="([\d.]+)"/.exec((await get(job)).body);
      if (m) seen = m[1]!;
      else await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(seen, "progress appears in jobInfo while executing");
    assert.equal(validate((await get(job)).body), "valid");
    const done = await get(`${job}?WAIT=10`);
    assert.match(done.body, /<uws:phase>COMPLETED<\/uws:phase>/);
    assert.match(done.body, /<uws:startTime>.*Z<\/uws:startTime>/);
    assert.match(done.body, /<uws:result id="out" xlink:type="simple" xlink:href="http:\/\/sky\.test\/jobs\/[a-z2-7]+\/results\/out" size="\d+" mime-type="text\/plain"\/>/);
    assert.equal(validate(done.body), "valid");
    const out = await get(`${job}/results/out`);
    assert.equal(out.statusCode, 200);
    assert.equal(out.body, "slept 600 ms\n");
    assert.equal((await post(`${job}/phase`, { PHASE: "ABORT" })).statusCode, 403, "a COMPLETED job cannot be aborted");
    assert.equal((await post(`${job}/phase`, { PHASE: "RUN" })).statusCode, 403, "nor run again");
    assert.equal((await post(`${job}/phase`, { PHASE: "SUSPEND" })).statusCode, 400);
  });

  test("checksum over given bytes; PHASE=RUN at creation", async () => {
    const job = await create({ KIND: "checksum", DATA: "abc", PHASE: "RUN" });
    assert.equal(await until(job, ["COMPLETED", "ERROR"]), "COMPLETED");
    assert.equal((await get(`${job}/results/checksum`)).body, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
  });

  test("checksum of a datastore object, hashed in a worker thread and in the event loop alike", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    await datastore.put("inputs/blob.bin", bytes);
    const want = `${createHash("sha256").update(bytes).digest("hex")}\n`;
    for (const k of ["checksum-thread", "checksum"]) {
      const job = await create({ KIND: k, KEY: "inputs/blob.bin", PHASE: "RUN" });
      assert.equal(await until(job, ["COMPLETED", "ERROR"]), "COMPLETED", (await get(job)).body);
      assert.equal((await get(`${job}/results/checksum`)).body, want, k);
    }
    const missing = await create({ KIND: "checksum-thread", KEY: "inputs/none.bin", PHASE: "RUN" });
    assert.equal(await until(missing, ["COMPLETED", "ERROR"]), "ERROR");
    assert.equal((await get(`${missing}/error`)).body, "no datastore object inputs/none.bin\n");
  });

  test("a failing job ends in ERROR; /error answers 200 with the message (DALI-10)", { skip: xmllintSkip }, async () => {
    const job = await create({ FAIL: "fatal", PHASE: "RUN" });
    assert.equal(await until(job, ["ERROR"]), "ERROR");
    const doc = (await get(job)).body;
    assert.match(doc, /<uws:errorSummary type="fatal" hasDetail="true">\s*<uws:message>simulated fatal failure<\/uws:message>/);
    assert.equal(validate(doc), "valid");
    const err = await get(`${job}/error`);
    assert.equal(err.statusCode, 200);
    assert.equal(err.body, "simulated fatal failure\n");
  });

  test("ABORT: of a PENDING job, and of an EXECUTING one (which stops)", async () => {
    const pending = await create({ MS: "10" });
    assert.equal((await post(`${pending}/phase`, { PHASE: "ABORT" })).statusCode, 303);
    assert.equal(await phaseOf(pending), "ABORTED");
    assert.equal((await post(`${pending}/phase`, { PHASE: "ABORT" })).statusCode, 303, "aborting again is harmless");
    assert.equal((await post(`${pending}/phase`, { PHASE: "RUN" })).statusCode, 403);
    const running = await create({ MS: "5000", PHASE: "RUN" });
    assert.equal(await until(running, ["EXECUTING"]), "EXECUTING");
    const t0 = Date.now();
    assert.equal((await post(`${running}/phase`, { PHASE: "ABORT" })).statusCode, 303);
    assert.equal(await phaseOf(running), "ABORTED");
    while (pool.active > 0 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 10));
    assert.ok(Date.now() - t0 < 2000, "the execution stopped");
    assert.match((await get(running)).body, /<uws:endTime>.*Z<\/uws:endTime>/);
  });

  test("HELD when the owner's active-job limit is reached; RUN again queues", async () => {
    const first = await create({ MS: "800", PHASE: "RUN" }, "/held", "bob");
    const second = await create({ MS: "10" }, "/held", "bob");
    assert.equal((await post(`${second}/phase`, { PHASE: "RUN" }, "bob")).statusCode, 303);
    assert.equal(await phaseOf(second, "bob"), "HELD");
    assert.equal((await get(`${first}?WAIT=5`, "bob")).statusCode, 200);
    assert.equal(await phaseOf(first, "bob"), "COMPLETED");
    await post(`${second}/phase`, { PHASE: "RUN" }, "bob");
    assert.ok(["QUEUED", "EXECUTING", "COMPLETED"].includes(await phaseOf(second, "bob")));
  });

  test("WAIT blocks only in active phases, honours its timeout and the PHASE guard", async () => {
    const job = await create({ MS: "10" });
    let t0 = Date.now();
    assert.match((await get(`${job}?WAIT=1`)).body, /PENDING/);
    assert.ok(Date.now() - t0 >= 950, "waited about a second");
    t0 = Date.now();
    await get(`${job}?WAIT=5&PHASE=QUEUED`);
    assert.ok(Date.now() - t0 < 500, "UWS-09: guard phase differs, immediate");
    const slow = await create({ MS: "400", PHASE: "RUN" });
    await until(slow, ["EXECUTING"]);
    t0 = Date.now();
    assert.match((await get(`${slow}?WAIT=-1`)).body, /COMPLETED/);
    assert.ok(Date.now() - t0 < 3000);
    t0 = Date.now();
    await get(`${slow}?WAIT=5`);
    assert.ok(Date.now() - t0 < 500, "UWS-08: final phases return at once");
    assert.equal((await get(`${job}?WAIT=soon`)).statusCode, 400);
  });

  test("job list: PHASE, AFTER, LAST filters; valid document; owner scoped", { skip: xmllintSkip }, async () => {
    const a = await create({ MS: "10" }, "/jobs", "bob");
    const mid = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const b = await create({ MS: "10", PHASE: "RUN" }, "/jobs", "bob");
    await until(b.replace("/jobs", "/jobs"), ["COMPLETED"]).catch(() => undefined);
    const ids = (xml: string) => [...xml.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1]);
    const id = (p: string) => p.split("/").pop();
    const all = await get("/jobs", "bob");
    assert.equal(validate(all.body), "valid");
    assert.match(all.body, /<uws:jobs [^>]*version="1.1"/);
    assert.ok(ids(all.body).includes(id(a)) && ids(all.body).includes(id(b)));
    assert.deepEqual(ids((await get("/jobs?PHASE=PENDING", "bob")).body).filter((x) => x === id(a) || x === id(b)), [id(a)]);
    assert.deepEqual(ids((await get(`/jobs?AFTER=${encodeURIComponent(mid)}`, "bob")).body), [id(b)]);
    assert.deepEqual(ids((await get("/jobs?LAST=1", "bob")).body), [id(b)]);
    assert.equal((await get("/jobs?LAST=0", "bob")).statusCode, 400);
    assert.equal((await get("/jobs?PHASE=NOPE", "bob")).statusCode, 400);
    assert.equal((await get("/jobs?AFTER=yesterday", "bob")).statusCode, 400);
    assert.ok(!ids((await get("/jobs", "alice")).body).includes(id(a)), "alice does not see bob's jobs");
  });

  test("owner isolation: another owner's job is 404 everywhere, never 403", async () => {
    const job = await create({ MS: "10" }, "/jobs", "alice");
    for (const r of [
      await get(job, "bob"),
      await get(`${job}/phase`, "bob"),
      await get(`${job}/parameters`, "bob"),
      await get(`${job}/results`, "bob"),
      await get(`${job}/owner`, "bob"),
      await app.inject({ method: "GET", url: job }),
      await post(`${job}/phase`, { PHASE: "RUN" }, "bob"),
      await post(`${job}/parameters`, { X: "1" }, "bob"),
      await post(job, { ACTION: "DELETE" }, "bob"),
      await app.inject({ method: "DELETE", url: job, headers: hdr("bob") }),
    ]) {
      assert.equal(r.statusCode, 404);
    }
    assert.equal(await phaseOf(job, "alice"), "PENDING");
  });

  test("DELETE and ACTION=DELETE: 303 to the list, job and results gone", async () => {
    const job = await create({ MS: "10", RESULT: "1", PHASE: "RUN" });
    assert.equal(await until(job, ["COMPLETED"]), "COMPLETED");
    const key = `uws-scratch/${job.split("/").pop()}/out`;
    assert.equal(await datastore.exists(key), true);
    const r = await app.inject({ method: "DELETE", url: job, headers: hdr("alice") });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, "http://sky.test/jobs");
    assert.equal((await get(job)).statusCode, 404);
    assert.equal(await datastore.exists(key), false);
    const other = await create({ MS: "10" });
    assert.equal((await post(other, { action: "DELETE" })).statusCode, 303);
    assert.equal((await get(other)).statusCode, 404);
  });
});

describe("UWS execution rules", () => {
  test("an exceeded execution duration aborts the job (UWS-13)", async () => {
    const job = await create({ MS: "10000", EXECUTIONDURATION: "1", PHASE: "RUN" });
    const t0 = Date.now();
    assert.equal(await until(job, ["ABORTED", "COMPLETED"], 5000), "ABORTED");
    assert.ok(Date.now() - t0 < 3000);
    assert.match((await get(job)).body, /execution duration of 1 s exceeded/);
  });

  test("a transient failure is retried with backoff through SUSPENDED, then completes", async () => {
    const job = await create({ MS: "10", FAIL_ATTEMPTS: "1", PHASE: "RUN" });
    assert.equal(await until(job, ["SUSPENDED", "COMPLETED"]), "SUSPENDED");
    const suspendedAt = Date.now();
    assert.equal(await until(job, ["COMPLETED", "ERROR"]), "COMPLETED");
    assert.ok(Date.now() - suspendedAt >= 200, "waited for the backoff");
    const rec = await store.get(job.split("/").pop()!);
    assert.equal(rec?.attempts, 2);
    const always = await create({ MS: "10", FAIL_ATTEMPTS: "9", PHASE: "RUN" });
    assert.equal(await until(always, ["ERROR"]), "ERROR");
    assert.match((await get(always)).body, /errorSummary type="transient"/);
  });

  test("restart recovery: a job left EXECUTING by a dead process is resumed, or ERRORs when out of attempts", async () => {
    await pool.stop({ drain: true });
    const resumable = await store.create({ ...newJobFor("alice"), maxAttempts: 3 });
    const exhausted = await store.create({ ...newJobFor("alice"), maxAttempts: 1 });
    for (const j of [resumable, exhausted]) await store.setPhase(j.id, { phases: ["PENDING"] }, "QUEUED", { runAfter: new Date(0) });
    // A process that died mid-job: its claims hold leases that have already run out.
    assert.ok(await store.claim("dead-process", -1000));
    assert.ok(await store.claim("dead-process", -1000));
    pool.start();
    await pool.sweep();
    assert.equal(await until(`/jobs/${resumable.id}`, ["COMPLETED", "ERROR"]), "COMPLETED");
    assert.equal((await store.get(resumable.id))?.attempts, 2);
    assert.equal(await phaseOf(`/jobs/${exhausted.id}`), "ERROR");
    assert.match((await get(`/jobs/${exhausted.id}/error`)).body, /stopped responding/);
  });

  test("destruction removes the job and its results", async () => {
    const job = await create({ MS: "10", RESULT: "1", PHASE: "RUN" });
    assert.equal(await until(job, ["COMPLETED"]), "COMPLETED");
    const id = job.split("/").pop()!;
    assert.equal((await post(`${job}/destruction`, { DESTRUCTION: "2000-01-01T00:00:00Z" })).statusCode, 303);
    await pool.sweep();
    assert.equal((await get(job)).statusCode, 404);
    assert.equal(await datastore.exists(`uws-scratch/${id}/out`), false);
  });

  test("the executors see the parameters by lower-case name", () => {
    assert.equal(jobParam({ parameters: [{ name: "ms", value: "3" }] } as never, "MS"), "3");
  });
});
