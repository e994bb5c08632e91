import assert from "node:assert/strict";
import { describe, test } from "node:test";
import pino from "pino";
import { SkyportError } from "../lib/errors/index.js";
import type { Readable } from "node:stream";
import { buildHttpApp, type HttpPlugin, responseBody } from "./app.js";
import { PublicBaseUrl } from "./base-url.js";

const silent = pino({ level: "silent" });

const testPlugin: HttpPlugin = {
  name: "test-votable",
  prefix: "/tap",
  errorDialect: "dali",
  register(app) {
    app.get("/boom", async () => {
      throw new Error("secret database password in a stack trace");
    });
    app.get("/usage", async () => {
      throw new SkyportError({ code: "UsageFault", message: "MAXREC must be a non-negative integer", param: "MAXREC" });
    });
    app.post("/upload", async () => "ok");
    app.get("/big", async (_request, reply) => reply.type("text/xml").send(`<a>${"x".repeat(5000)}</a>`));
  },
};

const sodaPlugin: HttpPlugin = {
  name: "test-soda",
  prefix: "/soda",
  errorDialect: "soda",
  register(app) {
    app.get("/sync", async () => {
      throw new SkyportError({ code: "NotFound", message: "no dataset with ID ivo://x?y" });
    });
  },
};

async function app() {
  return buildHttpApp({
    logger: silent,
    baseUrl: new PublicBaseUrl(null),
    bodyLimitBytes: 1024 * 1024,
    requestTimeoutMs: 10_000,
    trustProxy: false,
    compression: true,
    corsOrigins: "*",
    plugins: [testPlugin, sodaPlugin],
  });
}

describe("HTTP edge", () => {
  test("unknown route: 404 in the error model, with the request id", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/no/such/thing", headers: { "x-request-id": "abc-123" } });
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers["content-type"], "text/plain; charset=utf-8");
    assert.equal(r.headers["x-request-id"], "abc-123");
    assert.equal(r.body, "UsageFault: no resource at /no/such/thing\nrequest-id: abc-123\n");
  });

  test("unknown route under a VOTable service: 404 as a VOTable error document", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/tap/nothing" });
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers["content-type"], "application/x-votable+xml");
    assert.match(r.body, /<INFO name="QUERY_STATUS" value="ERROR">UsageFault: no resource at \/tap\/nothing<\/INFO>/);
  });

  test("a 10 MB body to a 1 MB route: 413 in the error model", async () => {
    const a = await app();
    const r = await a.inject({ method: "POST", url: "/tap/upload", headers: { "content-type": "text/plain" }, payload: "x".repeat(10 * 1024 * 1024) });
    assert.equal(r.statusCode, 413);
    assert.equal(r.headers["content-type"], "application/x-votable+xml");
    assert.match(r.body, /QUERY_STATUS" value="ERROR">UsageFault: the request body is larger than this resource accepts/);
    const ok = await a.inject({ method: "POST", url: "/tap/upload", headers: { "content-type": "text/plain" }, payload: "x".repeat(1000) });
    assert.equal(ok.statusCode, 200);
  });

  test("an internal fault never shows its message or stack", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/tap/boom" });
    assert.equal(r.statusCode, 500);
    assert.doesNotMatch(r.body, /secret|stack|at Object|\.ts:/);
    assert.match(r.body, /DefaultFault: internal error; quote request id [0-9a-f-]{36} when reporting it/);
  });

  test("a usage fault carries its parameter", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/tap/usage" });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /UsageFault: MAXREC must be a non-negative integer/);
    assert.match(r.body, /<INFO name="PARAMETER" value="MAXREC"\/>/);
  });

  test("SODA routes speak SODA's words", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/soda/sync" });
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /^UsageError: no dataset with ID ivo:\/\/x\?y\n/);
  });

  test("health is liveness only; CORS and compression apply", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/health", headers: { origin: "https://portal.example.org" } });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { status: "ok" });
    assert.equal(r.headers["access-control-allow-origin"], "*");
    const big = await a.inject({ method: "GET", url: "/tap/big", headers: { "accept-encoding": "gzip" } });
    assert.equal(big.headers["content-encoding"], "gzip");
  });

  test("an unsafe incoming request id is replaced", async () => {
    const a = await app();
    const r = await a.inject({ method: "GET", url: "/health", headers: { "x-request-id": "<script>" } });
    assert.match(String(r.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });

  test("one access line per request, at info, with method, URL, status and the request id", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
    const a = await buildHttpApp({ logger, baseUrl: new PublicBaseUrl(null), bodyLimitBytes: 1024, requestTimeoutMs: 10_000, trustProxy: false, compression: false, corsOrigins: "*", plugins: [] });
    await a.inject({ method: "GET", url: "/health?x=1", headers: { "x-request-id": "log-me-7" } });
    const mine = lines.filter((l) => l.reqId === "log-me-7");
    assert.equal(mine.length, 1);
    const line = mine[0] as { level: number; req: { method: string; url: string }; res: { statusCode: number }; responseTime: unknown };
    assert.equal(line.level, 30);
    assert.deepEqual([line.req.method, line.req.url, line.res.statusCode], ["GET", "/health?x=1", 200]);
    assert.equal(typeof line.responseTime, "number");
  });
});

describe("responseBody", () => {
  async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
    for (const p of parts) yield new TextEncoder().encode(p);
  }
  const text = async (b: Buffer | Readable): Promise<string> => {
    if (Buffer.isBuffer(b)) return b.toString("utf8");
    let s = "";
    for await (const c of b) s += Buffer.from(c as Uint8Array).toString("utf8");
    return s;
  };

  test("a body of one or two chunks is one Buffer (sent with Content-Length)", async () => {
    const one = await responseBody(chunks("<a/>"));
    assert.ok(Buffer.isBuffer(one));
    assert.equal(await text(one), "<a/>");
    const none = await responseBody(chunks());
    assert.ok(Buffer.isBuffer(none) && none.length === 0);
  });

  test("a longer body streams every chunk in order, and the producer is closed", async () => {
    let closed = false;
    async function* producer(): AsyncGenerator<Uint8Array> {
      try {
        yield* chunks("a", "b", "c", "d");
      } finally {
        closed = true;
      }
    }
    const b = await responseBody(producer());
    assert.ok(!Buffer.isBuffer(b));
    assert.equal(await text(b), "abcd");
    assert.ok(closed);
  });

  test("a producer failing before its second chunk fails the call (an error document, not a cut body)", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([60]);
      throw new Error("rows failed");
    }
    await assert.rejects(responseBody(failing()), /rows failed/);
  });
});
