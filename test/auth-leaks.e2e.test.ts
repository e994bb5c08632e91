/**
 * The leak matrix of issue 11 (Done-when 1 and 2): every path that reads images or their metadata,
 * as data — one row per path — asked by three callers about three targets of a demo release: a
 * visit inside its 6-hour embargo, a template coadd of the proprietary collection, and a public
 * coadd (the control that proves each probe can see something). Anonymous callers and callers of
 * the wrong group must see neither restricted target, and get the same answer as for an ID that
 * does not exist; a caller with the groups sees everything. Then the clock passes the embargo and
 * the visit appears on every path, with no restart.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Writable } from "node:stream";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { loadConfig } from "../src/config/index.js";
import { composeServer, ensureRepository, type SkyportServer } from "../src/compose.js";
import { SqlTokenStore } from "../src/repo/auth/index.js";
import type { Butler } from "../src/repo/butler.js";
import { createDemoRelease, DEMO_GROUPS } from "../src/repo/demo/index.js";
import { DEFAULT_OBSCORE_CONFIG, publisherDids } from "../src/repo/obscore/index.js";
import { hasCommand, hasPythonModules, ORACLE_PYTHON, oracleSkip, REPO_ROOT } from "./support/oracles.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";

const H = 3_600_000;
const dids = publisherDids(DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt);

/** What a probe is about: a dataset, with what the paths need to find it. */
interface Target {
  readonly name: string;
  readonly uuid: string;
  readonly did: string;
  /** Its visit, for the visit table and visit mosaics (undefined for coadds). */
  readonly visit?: number;
  readonly datasetType: string;
  readonly band: string;
  readonly ra: number;
  readonly dec: number;
  /** DIDs of datasets whose links name this one (its outputs and inputs). */
  related(): Promise<string[]>;
}

/** A caller: the Authorization header it sends (none for anonymous). */
interface Caller {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly rights: boolean;
}

interface Ctx {
  readonly base: string;
  readonly caller: Caller;
  readonly target: Target;
}

async function get(c: Ctx, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${c.base}${path}`, { ...init, headers: { ...c.caller.headers, ...(init.headers as Record<string, string> | undefined) } });
}

async function tapCount(c: Ctx, adql: string): Promise<number> {
  const r = await get(c, `/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent(adql)}`);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return Number(text.trim().split(/\r?\n/)[1] ?? "0");
}

const q = (s: string) => s.replace(/'/g, "''");

async function waitJob(c: Ctx, location: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const phase = await (await get(c, `${location}/phase`)).text();
    if (!["PENDING", "QUEUED", "EXECUTING"].includes(phase.trim())) return phase.trim();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("job did not finish");
}

async function createJob(c: Ctx, path: string, params: Record<string, string>): Promise<string> {
  const r = await get(c, path, { method: "POST", body: new URLSearchParams({ ...params, PHASE: "RUN" }), redirect: "manual" });
  assert.equal(r.status, 303, await r.text());
  return new URL(r.headers.get("location")!).pathname;
}

/**
 * The matrix: each path answers whether the caller sees the target. A path that cannot name a
 * kind of target (the visit table for a coadd) answers undefined and is skipped for it.
 */
const PATHS: readonly { readonly path: string; probe(c: Ctx): Promise<boolean | undefined> }[] = [
  { path: "TAP ObsCore by DID", probe: async (c) => (await tapCount(c, `SELECT COUNT(*) FROM ivoa.ObsCore WHERE obs_publisher_did = '${q(c.target.did)}'`)) > 0 },
  {
    path: "TAP aggregate over s_region",
    probe: async (c) =>
      (await tapCount(c, `SELECT COUNT(*) FROM ivoa.ObsCore WHERE INTERSECTS(s_region, CIRCLE('ICRS', ${c.target.ra}, ${c.target.dec}, 0.001)) = 1 AND dataproduct_subtype = 'lsst.${c.target.datasetType}' AND ${c.target.visit !== undefined ? `lsst_visit = ${c.target.visit}` : `lsst_band = '${c.target.band}' AND lsst_visit IS NULL`}`)) > 0,
  },
  {
    path: "TAP subquery",
    probe: async (c) => (await tapCount(c, `SELECT COUNT(*) FROM (SELECT obs_publisher_did AS d FROM ivoa.ObsCore) AS s WHERE s.d = '${q(c.target.did)}'`)) > 0,
  },
  {
    path: "TAP UNION",
    probe: async (c) =>
      (await tapCount(c, `SELECT COUNT(*) FROM (SELECT obs_id FROM ivoa.ObsCore WHERE obs_publisher_did = '${q(c.target.did)}' UNION SELECT obs_id FROM ivoa.ObsCore WHERE 1 = 0) AS u`)) > 0,
  },
  {
    path: "TAP join with the visit table",
    probe: async (c) =>
      c.target.visit === undefined
        ? undefined
        : (await tapCount(c, `SELECT COUNT(*) FROM skyport.visit AS v JOIN ivoa.ObsCore AS o ON o.lsst_visit = v.visit WHERE v.visit = ${c.target.visit}`)) > 0,
  },
  { path: "TAP visit table alone", probe: async (c) => (c.target.visit === undefined ? undefined : (await tapCount(c, `SELECT COUNT(*) FROM skyport.visit WHERE visit = ${c.target.visit}`)) > 0) },
  { path: "TAP CAOM2 plane", probe: async (c) => (await tapCount(c, `SELECT COUNT(*) FROM caom2.Plane WHERE planeID = '${c.target.uuid}'`)) > 0 },
  {
    path: "TAP CAOM2 artifact, part and chunk",
    probe: async (c) =>
      (await tapCount(
        c,
        `SELECT COUNT(*) FROM caom2.Chunk AS ch JOIN caom2.Part AS pt ON pt.partID = ch.partID JOIN caom2.Artifact AS a ON a.artifactID = pt.artifactID WHERE a.planeID = '${c.target.uuid}'`,
      )) > 0,
  },
  { path: "TAP CAOM2 observation", probe: async (c) => (await tapCount(c, `SELECT COUNT(*) FROM caom2.Observation AS o JOIN caom2.Plane AS p ON p.obsID = o.obsID WHERE p.planeID = '${c.target.uuid}'`)) > 0 },
  { path: "TAP CAOM2 provenance inputs", probe: async (c) => (await tapCount(c, `SELECT COUNT(*) FROM caom2.ProvenanceInput WHERE inputID = '${c.target.uuid}' OR planeID = '${c.target.uuid}'`)) > 0 },
  {
    path: "TAP UPLOAD join",
    probe: async (c) => {
      const vot = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE><FIELD name="did" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>${c.target.did.replace(/&/g, "&amp;")}</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
      const form = new FormData();
      form.set("LANG", "ADQL");
      form.set("RESPONSEFORMAT", "csv");
      form.set("UPLOAD", "t,param:t");
      form.set("QUERY", "SELECT COUNT(*) FROM TAP_UPLOAD.t AS t JOIN ivoa.ObsCore AS o ON o.obs_publisher_did = t.did");
      form.set("t", new Blob([vot], { type: "application/x-votable+xml" }), "t.vot");
      const r = await get(c, "/tap/sync", { method: "POST", body: form });
      const text = await r.text();
      assert.equal(r.status, 200, text);
      return Number(text.trim().split(/\r?\n/)[1]) > 0;
    },
  },
  {
    path: "TAP async job",
    probe: async (c) => {
      const job = await createJob(c, "/tap/async", { LANG: "ADQL", RESPONSEFORMAT: "csv", QUERY: `SELECT COUNT(*) FROM ivoa.ObsCore WHERE obs_publisher_did = '${q(c.target.did)}'` });
      assert.equal(await waitJob(c, job), "COMPLETED");
      return Number((await (await get(c, `${job}/results/result`)).text()).trim().split(/\r?\n/)[1]) > 0;
    },
  },
  {
    path: "SIA by ID",
    probe: async (c) => {
      const r = await get(c, `/sia/query?ID=${encodeURIComponent(c.target.did)}&RESPONSEFORMAT=csv`);
      assert.equal(r.status, 200);
      return (await r.text()).trim().split(/\r?\n/).length > 1;
    },
  },
  {
    path: "SIA by position",
    probe: async (c) => {
      const r = await get(c, `/sia/query?POS=${encodeURIComponent(`CIRCLE ${c.target.ra} ${c.target.dec} 0.001`)}&RESPONSEFORMAT=csv&MAXREC=10000`);
      assert.equal(r.status, 200);
      return (await r.text()).includes(c.target.did);
    },
  },
  {
    path: "DataLink links",
    probe: async (c) => {
      const r = await get(c, `/datalink/links?ID=${encodeURIComponent(c.target.did)}`);
      assert.equal(r.status, 200);
      return (await r.text()).includes(`/files/${c.target.uuid}`);
    },
  },
  {
    path: "DataLink progenitor/derivation links of other datasets",
    probe: async (c) => {
      const outputs = await c.target.related();
      if (outputs.length === 0) return undefined;
      const r = await get(c, `/datalink/links?${outputs.map((d) => `ID=${encodeURIComponent(d)}`).join("&")}`);
      return (await r.text()).includes(encodeURIComponent(c.target.did));
    },
  },
  { path: "file URL", probe: async (c) => (await get(c, `/files/${c.target.uuid}`, { headers: { Range: "bytes=0-79" } })).status < 300 },
  { path: "preview PNG", probe: async (c) => (await get(c, `/datalink/preview/${c.target.uuid}.png`)).status === 200 },
  {
    path: "SODA sync cut-out",
    probe: async (c) => (await get(c, `/soda/sync?ID=${encodeURIComponent(c.target.did)}&CIRCLE=${encodeURIComponent(`${c.target.ra} ${c.target.dec} 0.002`)}`)).status === 200,
  },
  {
    path: "SODA sky-region cut-out",
    probe: async (c) => {
      const prefix = c.target.did.replace(/id=[^&]+$/, "");
      const region = c.target.visit !== undefined ? `${prefix}mosaic=${c.target.datasetType}&visit=${c.target.visit}` : `${prefix}mosaic=${c.target.datasetType}&band=${c.target.band}`;
      const r = await get(c, `/soda/sync?ID=${encodeURIComponent(region)}&CIRCLE=${encodeURIComponent(`${c.target.ra} ${c.target.dec} 0.002`)}`);
      assert.ok(r.status === 200 || r.status === 204, `${r.status} ${await r.clone().text()}`);
      return r.status === 200;
    },
  },
  {
    path: "SODA async cut-out",
    probe: async (c) => {
      const job = await createJob(c, "/soda/async", { ID: c.target.did, CIRCLE: `${c.target.ra} ${c.target.dec} 0.002` });
      assert.equal(await waitJob(c, job), "COMPLETED");
      return (await get(c, `${job}/results/cutout`)).headers.get("content-type")?.startsWith("application/fits") ?? false;
    },
  },
];

function leakMatrix(label: string, engine: () => Record<string, string>, skip: false | string) {
 describe(`issue 11 leak matrix (${label})`, { timeout: 900_000, skip }, () => {
  let server: SkyportServer;
  let butler: Butler;
  let base: string;
  let offsetMs = 0;
  const targets: Target[] = [];
  const callers: Caller[] = [];
  const audit: { subject: string; action: string; service: string }[] = [];
  const NOW = new Date();

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "skyport-leaks-"));
    const { config } = loadConfig({ env: { SKYPORT_DATA_DIR: dataDir, SKYPORT_SERVER_PORT: "0", SKYPORT_DEMO_AUTO_CREATE: "false", ...engine() }, cwd: dataDir });
    butler = await ensureRepository(config);
    await createDemoRelease(butler, { visits: 3, detectorSize: 256, seed: 5, now: NOW, generatedAt: NOW });
    // Audit lines are collected from the server's log.
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.includes('"audit"')) audit.push((JSON.parse(line) as { audit: { subject: string; action: string; service: string } }).audit);
        }
        done();
      },
    });
    server = await composeServer(config, { butler, logger: pino({ level: "info" }, sink), clock: () => new Date(Date.now() + offsetMs) });
    base = (await server.listen()).baseUrl;

    const store = new SqlTokenStore(butler.registry.database!);
    await store.init();
    const token = async (subject: string, groups: string[]) => (await store.create({ subject, groups, scopes: ["read:image", "read:tap", "exec:jobs"] })).token;
    callers.push({ name: "anonymous", headers: {}, rights: false });
    callers.push({ name: "wrong group (Bearer)", headers: { Authorization: `Bearer ${await token("mallory", ["other-team"])}` }, rights: false });
    const rights = await token("rita", [DEMO_GROUPS.staff, DEMO_GROUPS.team]);
    callers.push({ name: "with rights (Basic)", headers: { Authorization: `Basic ${Buffer.from(`x-oauth-basic:${rights}`).toString("base64")}` }, rights: true });

    const registry = butler.registry;
    const visits = (await registry.queryDimensionRecords("visit")).sort((a, b) => Number(a.id) - Number(b.id));
    const last = visits.at(-1)!;
    assert.ok(Number(last.timespan!.end!) > 0);
    const obs = async (uuid: string) => {
      const r = await butler.registry.sql.all<{ s_ra: number; s_dec: number }>(`SELECT "s_ra", "s_dec" FROM "ivoa_obscore" WHERE "dataset_id" = '${uuid}'`);
      return r[0]!;
    };
    const make = async (name: string, ref: { id: string; datasetType: string; dataId: Readonly<Record<string, string | number>> }): Promise<Target> => {
      const { s_ra, s_dec } = await obs(ref.id);
      return {
        name,
        uuid: ref.id,
        did: dids.didOf(ref.id),
        datasetType: ref.datasetType,
        band: String(ref.dataId.band ?? ""),
        ra: s_ra,
        dec: s_dec,
        ...(typeof ref.dataId.visit === "number" ? { visit: ref.dataId.visit } : {}),
        related: async () => [...(await registry.getOutputs(ref.id)), ...(await registry.getInputs(ref.id))].map((r) => dids.didOf(r.id)),
      };
    };
    const runs = (await registry.queryCollections("*", ["RUN"])).map((c) => c.name);
    const [embargoed] = await registry.queryDatasets("visit_image", { collections: runs, findFirst: false, dataId: { visit: Number(last.id) } });
    const [template] = await registry.queryDatasets("template_coadd", { collections: runs, findFirst: false });
    // One visit per band: a band's deep coadd is as embargoed as its latest visit.
    const coadds = await registry.queryDatasets("deep_coadd", { collections: runs, findFirst: false });
    const embargoEnd = async (id: string) =>
      (await registry.sql.all<{ e: string | null }>(`SELECT "skyport_embargo_until" AS "e" FROM "ivoa_obscore" WHERE "dataset_id" = '${id}'`))[0]?.e ?? null;
    const ends = await Promise.all(coadds.map((c) => embargoEnd(c.id)));
    const deep = coadds.find((_, i) => ends[i] !== null && ends[i]! < NOW.toISOString());
    const embargoedCoadd = coadds.find((_, i) => ends[i] !== null && ends[i]! > NOW.toISOString());
    targets.push(
      await make("embargoed visit image", embargoed!),
      await make("proprietary template coadd", template!),
      await make("deep coadd of the embargoed visit", embargoedCoadd!),
      await make("public deep coadd", deep!),
    );
  });

  after(async () => {
    await server?.close();
  });

  const expectSeen = (caller: Caller, target: Target) => caller.rights || target.name.startsWith("public");

  test("every path hides the embargoed visit and the proprietary collection from callers without rights", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const row of PATHS) {
      for (const target of targets) {
        for (const caller of callers) {
          const seen = await row.probe({ base, caller, target });
          if (seen === undefined) continue;
          checked++;
          if (seen !== expectSeen(caller, target)) wrong.push(`${row.path}: ${caller.name} ${seen ? "sees" : "does not see"} the ${target.name}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(checked >= PATHS.length * 9, `${checked} checks`);
  });

  test("a hidden dataset answers exactly like one that does not exist", async () => {
    const missing = "00000000-0000-5000-8000-000000000000";
    const anon = callers[0]!;
    for (const target of targets.slice(0, 2)) {
      for (const path of [(id: string) => `/files/${id}`, (id: string) => `/datalink/preview/${id}.png`, (id: string) => `/soda/sync?ID=${encodeURIComponent(dids.didOf(id))}&CIRCLE=10+10+0.01`]) {
        const a = await fetch(`${base}${path(target.uuid)}`, { headers: anon.headers });
        const b = await fetch(`${base}${path(missing)}`, { headers: anon.headers });
        assert.equal(a.status, b.status, path(target.uuid));
        assert.equal((await a.text()).replace(/request-id: \S+/, "").replaceAll(target.uuid, "X"), (await b.text()).replace(/request-id: \S+/, "").replaceAll(missing, "X"));
      }
      const links = async (id: string) => (await (await fetch(`${base}/datalink/links?ID=${encodeURIComponent(dids.didOf(id))}`)).text()).replaceAll(id, "X");
      assert.equal(await links(target.uuid), await links(missing));
    }
  });

  test("another user's jobs and results are not found", async () => {
    const [anon, mallory, rita] = callers as [Caller, Caller, Caller];
    const c = { base, caller: rita, target: targets[0]! };
    const job = await createJob(c, "/tap/async", { LANG: "ADQL", QUERY: "SELECT TOP 1 obs_id FROM ivoa.ObsCore" });
    await waitJob(c, job);
    assert.equal((await get(c, `${job}/results/result`)).status, 200);
    for (const other of [anon, mallory]) {
      for (const sub of ["", "/phase", "/results/result", "/parameters"]) assert.equal((await get({ ...c, caller: other }, `${job}${sub}`)).status, 404, `${other.name} ${sub}`);
      assert.ok(!(await (await get({ ...c, caller: other }, "/tap/async")).text()).includes(job.split("/").pop()!));
    }
  });

  test("internal release columns are not published: TAP_SCHEMA does not list them and ADQL cannot name them", async () => {
    const c = { base, caller: callers[0]!, target: targets[0]! };
    assert.equal(await tapCount(c, "SELECT COUNT(*) FROM TAP_SCHEMA.columns WHERE column_name LIKE 'skyport_%'"), 0);
    const r = await get(c, `/tap/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT skyport_access_groups FROM ivoa.ObsCore")}`);
    assert.equal(r.status, 400);
    assert.match(await r.text(), /UsageFault/);
  });

  test("reads of restricted data are audited with the caller; public reads and refused callers are not", async () => {
    const bySubject = (s: string) => audit.filter((a) => a.subject === s);
    assert.ok(bySubject("rita").some((a) => a.action === "read" && a.service === "files"), JSON.stringify(audit.slice(0, 5)));
    assert.ok(bySubject("rita").some((a) => a.action === "query" && a.service === "tap"));
    assert.ok(bySubject("rita").some((a) => a.action === "query" && a.service === "sia"));
    assert.deepEqual(bySubject("anonymous"), []);
    assert.deepEqual(bySubject("mallory"), []);
  });

  test("once the embargo has passed the visit appears on every path, without a restart", async () => {
    offsetMs = 6 * H + 10 * 60_000;
    const embargoed = targets[0]!;
    const anon = callers[0]!;
    const missed: string[] = [];
    for (const row of PATHS) {
      const seen = await row.probe({ base, caller: anon, target: embargoed });
      if (seen === false) missed.push(row.path);
    }
    assert.deepEqual(missed, []);
    // The proprietary collection stays proprietary.
    assert.equal(await PATHS[0]!.probe({ base, caller: anon, target: targets[1]! }), false);
  });
});
}

leakMatrix("SQLite", () => ({}), false);

let pgUrl = "";
let pg: TestPostgres | undefined;
describe("PostgreSQL for the leak matrix", { skip: postgresSkip() }, () => {
  before(async () => {
    pg = await startPostgres();
    pgUrl = pg.createDatabase("leaks");
  });
  after(() => pg?.stop());
  leakMatrix("PostgreSQL + pgSphere", () => ({ SKYPORT_REGISTRY_KIND: "postgres", SKYPORT_REGISTRY_POSTGRES_URL: pgUrl }), false);
});

/** Runs a command without blocking this process's event loop (the server under test lives here). */
function runAsync(cmd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("issue 11: pyvo and STILTS with tokens on services closed to anonymous callers", { timeout: 600_000 }, () => {
  let server: SkyportServer;
  let base: string;
  let token: string;
  let total: number;
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "skyport-tokens-"));
    const env = { SKYPORT_DATA_DIR: dataDir, SKYPORT_SERVER_PORT: "0", SKYPORT_DEMO_AUTO_CREATE: "false", SKYPORT_AUTH_ANONYMOUS_TAP: "none", SKYPORT_AUTH_ANONYMOUS_SIA: "none" };
    const { config } = loadConfig({ env, cwd: dataDir });
    const butler = await ensureRepository(config);
    await createDemoRelease(butler, { visits: 2, detectorSize: 256, seed: 6 });
    const store = new SqlTokenStore(butler.registry.database!);
    await store.init();
    token = (await store.create({ subject: "pat", groups: [DEMO_GROUPS.staff, DEMO_GROUPS.team], scopes: ["read:image", "read:tap", "exec:jobs"] })).token;
    total = Number((await butler.registry.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ivoa_obscore"`))[0]!.n);
    server = await composeServer(config, { butler, logger: pino({ level: "silent" }) });
    base = (await server.listen()).baseUrl;
  });
  after(async () => {
    await server?.close();
  });

  test("an anonymous caller is challenged (401, Basic and Bearer) in the protocol's error document", async () => {
    const r = await fetch(`${base}/tap/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT TOP 1 * FROM ivoa.ObsCore")}`);
    assert.equal(r.status, 401);
    assert.match(r.headers.get("www-authenticate") ?? "", /Bearer realm="skyport", Basic realm="skyport"/);
    assert.match(await r.text(), /<INFO name="QUERY_STATUS" value="ERROR">UsageFault: tap needs a token with scope read:tap/);
    const bad = await fetch(`${base}/sia/query?MAXREC=1`, { headers: { Authorization: "Bearer skp_aaaaaaaaaaaa_not-a-real-secret" } });
    assert.equal(bad.status, 401, "a wrong token is refused, never treated as anonymous");
    // VOSI stays open so clients can discover the service.
    assert.equal((await fetch(`${base}/tap/capabilities`)).status, 200);
  });

  test("pyvo with a Bearer token (sync and async TAP) and with Basic (SIA) gets the data its groups allow", { skip: oracleSkip("pyvo", hasPythonModules("pyvo")) }, async () => {
    const r = await runAsync(ORACLE_PYTHON, [join(REPO_ROOT, "test", "auth", "pyvo_tokens.py"), base, token]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { bearer_sync_count: number; bearer_async_count: number; basic_sia_subtypes: string[]; basic_sia_rows: number; anonymous: string };
    assert.equal(out.bearer_sync_count, total, "every row, the embargoed visit included");
    assert.equal(out.bearer_async_count, total);
    assert.deepEqual(out.basic_sia_subtypes, ["lsst.deep_coadd", "lsst.difference_image", "lsst.template_coadd"], "the proprietary templates included");
    assert.match(out.anonymous, /^refused/);
  });

  test("STILTS tapquery answers the 401 challenge with Basic credentials", { skip: oracleSkip("STILTS", hasCommand("stilts")) }, async () => {
    const query = "SELECT COUNT(*) AS n FROM ivoa.ObsCore";
    const args = (auth: string[]) => [...auth, "tapquery", `tapurl=${base}/tap`, `adql=${query}`, "sync=true", "ofmt=csv", "out=-"];
    const ok = await runAsync("stilts", args(["-Dstar.basicauth.user=skyport", `-Dstar.basicauth.password=${token}`]));
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim().split(/\r?\n/).at(-1), String(total));
    const refused = await runAsync("stilts", args([]));
    assert.notEqual(refused.code, 0, "without credentials STILTS is refused");
  });
});
