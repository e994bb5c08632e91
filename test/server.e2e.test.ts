/**
 * End-to-end checks of the foundation (issue 2): the real server answers VOSI documents that
 * validate against the IVOA schemas offline, speaks the error model, shuts down gracefully, and a
 * wrong configuration value stops it with one line naming the key.
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { composeServer } from "../src/compose.js";
import { loadConfig } from "../src/config/index.js";
import { SkyportError } from "../src/lib/errors/index.js";
import { renderError } from "../src/http/errors.js";
import { hasCommand, oracleSkip, SHARED_DIR } from "./support/oracles.js";
import { cliCommand, type RunningServer, startServer } from "./support/server.js";

const VALIDATE = join(SHARED_DIR, "data", "xsd", "validate.sh");
const xmllintSkip = oracleSkip("xmllint (libxml2-utils)", hasCommand("xmllint"));

function validate(xml: string, schema: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "skyport-xsd-")), "doc.xml");
  writeFileSync(file, xml);
  const r = spawnSync("bash", [VALIDATE, file, schema], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}

describe("the server over HTTP", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test("/availability is a valid VOSI availability document", { skip: xmllintSkip }, async () => {
    const r = await fetch(`${server.baseUrl}/availability`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /^text\/xml/);
    const xml = await r.text();
    assert.match(xml, /<vosi:available>true<\/vosi:available>/);
    assert.equal(validate(xml, "availability"), "valid");
  });

  test("/capabilities is valid and lists the mounted VOSI endpoints at our base URL", { skip: xmllintSkip }, async () => {
    const r = await fetch(`${server.baseUrl}/capabilities`);
    assert.equal(r.status, 200);
    const xml = await r.text();
    assert.equal(validate(xml, "capabilities"), "valid");
    assert.ok(xml.includes(`<accessURL use="full">${server.baseUrl}/capabilities</accessURL>`));
    assert.ok(xml.includes(`<accessURL use="full">${server.baseUrl}/availability</accessURL>`));
    assert.match(xml, /standardID="ivo:\/\/ivoa.net\/std\/VOSI#availability"/);
  });

  test("the VOTable error document is valid VOTable 1.4", { skip: xmllintSkip }, () => {
    const err = new SkyportError({ code: "UsageFault", message: "bad <value> & more", param: "MAXREC", hint: "use an integer" });
    assert.equal(validate(renderError(err, "dali", "r-1").body, "votable-1.4"), "valid");
  });

  test("unknown route, wrong method and oversized body answer in the error model", async () => {
    const nf = await fetch(`${server.baseUrl}/no/such/route`);
    assert.equal(nf.status, 404);
    const rid = nf.headers.get("x-request-id");
    assert.ok(rid);
    assert.equal(await nf.text(), `UsageFault: no resource at /no/such/route\nrequest-id: ${rid}\n`);

    const post = await fetch(`${server.baseUrl}/capabilities`, { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");

    // The server answers 413 before reading the body and may close while the client still sends,
    // so read the answer with node:http, which keeps the response even when the upload is cut.
    const big = await postIgnoringReset(`${server.baseUrl}/capabilities`, "x".repeat(10 * 1024 * 1024));
    assert.equal(big.status, 413);
    assert.match(big.body, /^UsageFault: the request body is larger than this resource accepts\n/);
  });

  test("logs are JSON lines carrying the request id", async () => {
    const r = await fetch(`${server.baseUrl}/health`, { headers: { "x-request-id": "trace-me-42" } });
    assert.equal(r.status, 200);
    await new Promise((res) => setTimeout(res, 100));
    const lines = server.logs.filter((l) => l.includes("trace-me-42")).map((l) => JSON.parse(l) as { reqId?: string; statusCode?: number; url?: string });
    assert.equal(lines.length, 1, "one access line per request, written when the response is done");
    for (const l of lines) assert.equal(l.reqId, "trace-me-42");
  });

  test("SIGTERM stops the server cleanly", async () => {
    const other = await startServer();
    const code = await other.stop("SIGTERM");
    assert.equal(code, 0);
    assert.ok(other.logs.some((l) => l.includes('"msg":"skyport stopped"')));
  });
});

test("graceful shutdown: in-flight requests finish, availability turns false, new ones are refused", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "skyport-grace-"));
  const { config } = loadConfig({ env: { SKYPORT_DATA_DIR: dataDir, SKYPORT_SERVER_PORT: "0" }, cwd: dataDir });
  const server = await composeServer(config, { logger: pino({ level: "silent" }) });
  server.app.get("/slow", async () => {
    await new Promise((res) => setTimeout(res, 400));
    return "done";
  });
  const { port } = await server.listen();
  const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/slow", agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
  await new Promise((res) => setTimeout(res, 100));
  const closing = server.close();
  const availability = await server.vosi.availability();
  assert.equal(availability.available, false);
  assert.deepEqual(await inflight, { status: 200, body: "done" });
  await closing;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
});

test("a wrong configuration value stops the program with one line naming the key", () => {
  const r = spawnSync(process.execPath, [...cliCommand(), "serve"], {
    env: { ...process.env, SKYPORT_SERVER_PORT: "eighty" },
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "skyport: configuration error: server.port (from SKYPORT_SERVER_PORT): expected an integer from 0 to 65535\n");
});

test("serve on an empty data directory generates the demo release, then serves", async () => {
  const server = await startServer({ SKYPORT_DEMO_AUTO_CREATE: "true", SKYPORT_DEMO_VISITS: "2", SKYPORT_DEMO_DETECTOR_SIZE: "256" }, 120_000);
  try {
    assert.ok(server.logs.some((l) => /demo release ready: \d+ datasets/.test(l)), server.logs.join("\n"));
    const r = await fetch(`${server.baseUrl}/availability`);
    const xml = await r.text();
    assert.match(xml, /<vosi:available>true<\/vosi:available>/);
    assert.match(xml, /registry: ok/);
    assert.match(xml, /datastore: ok/);
  } finally {
    await server.stop();
  }
});

/**
 * Announces a large body (Content-Length) and sends only its first bytes: the server must answer
 * from the announced length alone, before the body arrives, so the client never races the server
 * closing a connection it is still writing to.
 */
function postIgnoringReset(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { "content-type": "text/plain", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        req.destroy();
      });
      res.on("error", reject);
    });
    let answered = false;
    req.on("response", () => {
      answered = true;
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    req.write(body.slice(0, 65536));
  });
}
