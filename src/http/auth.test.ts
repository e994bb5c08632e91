/**
 * The edge's authentication on a real fastify app: who a request is (token, Basic, anonymous with
 * the service's scopes), the 401 challenge and 403 for missing scopes, and quotas answering 429
 * with the X-RateLimit headers in each protocol's error document.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import type { Identity, TokenVerifier } from "../repo/auth/index.js";
import { buildHttpApp, type HttpPlugin } from "./app.js";
import { HttpAuth } from "./auth.js";
import { PublicBaseUrl } from "./base-url.js";
import { RateLimiter } from "./rate-limit.js";

const ALICE: Identity = { subject: "alice", groups: ["team"], scopes: ["read:tap"], anonymous: false };
let verified = 0;
const verifier: TokenVerifier = {
  async verify(token) {
    verified++;
    return token === "good" ? ALICE : undefined;
  },
};

function plugin(name: string, dialect: "dali" | "soda", scopes: HttpPlugin["access"]): HttpPlugin {
  return {
    name,
    prefix: `/${name}`,
    errorDialect: dialect,
    ...(scopes ? { access: scopes } : {}),
    register(app) {
      app.get("/who", { config: { errorDialect: dialect } }, async (request) => request.identity);
    },
  };
}

async function app(limits: Record<string, number> = {}): Promise<FastifyInstance> {
  return buildHttpApp({
    logger: pino({ level: "silent" }),
    baseUrl: new PublicBaseUrl("http://sky.test"),
    bodyLimitBytes: 1 << 20,
    requestTimeoutMs: 30_000,
    trustProxy: false,
    compression: false,
    corsOrigins: "*",
    plugins: [plugin("tap", "dali", { service: "tap", scopes: ["read:tap"] }), plugin("soda", "soda", { service: "soda", scopes: ["read:image"] }), plugin("open", "dali", undefined)],
    auth: new HttpAuth({
      verifier,
      anonymousScopes: (s) => (s === "tap" ? ["read:tap"] : []),
      realm: "test",
      tokenCacheMs: 60_000,
      rateLimiter: new RateLimiter({ limits }),
    }),
  });
}

describe("edge authentication", () => {
  test("identities: Bearer, Basic with the token as password or user, anonymous with the service's scopes", async () => {
    const a = await app();
    const who = async (url: string, authorization?: string) => (await a.inject({ url, headers: authorization ? { authorization } : {} })).json() as Identity;
    assert.deepEqual(await who("/tap/who", "Bearer good"), ALICE);
    assert.deepEqual(await who("/tap/who", `Basic ${Buffer.from("me:good").toString("base64")}`), ALICE);
    assert.deepEqual(await who("/tap/who", `Basic ${Buffer.from("good:").toString("base64")}`), ALICE);
    assert.deepEqual(await who("/tap/who"), { subject: "anonymous", groups: [], scopes: ["read:tap"], anonymous: true });
    assert.deepEqual(await who("/open/who"), { subject: "anonymous", groups: [], scopes: [], anonymous: true });
    const before = verified;
    await who("/tap/who", "Bearer good");
    assert.equal(verified, before, "a verified token is served from the cache");
  });

  test("no token where one is needed: 401 with the challenge; a bad token: 401; a token without the scope: 403", async () => {
    const a = await app();
    const anon = await a.inject({ url: "/soda/who" });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.headers["www-authenticate"], 'Bearer realm="test", Basic realm="test"');
    assert.match(anon.body, /^AuthenticationError: soda needs a token with scope read:image/);
    const bad = await a.inject({ url: "/tap/who", headers: { authorization: "Bearer nope" } });
    assert.equal(bad.statusCode, 401, "never downgraded to anonymous");
    assert.match(bad.body, /QUERY_STATUS" value="ERROR">UsageFault: the credentials sent are not a valid token/);
    const garbage = await a.inject({ url: "/tap/who", headers: { authorization: "Negotiate abc def" } });
    assert.equal(garbage.statusCode, 401);
    const scoped = await a.inject({ url: "/soda/who", headers: { authorization: "Bearer good" } });
    assert.equal(scoped.statusCode, 403);
    assert.match(scoped.body, /^AuthorizationError: this token lacks scope read:image needed by soda/);
  });

  test("quotas: X-RateLimit headers on every answer, then 429 in the service's error document, per caller", async () => {
    const a = await app({ tap: 2 });
    const get = (authorization?: string) => a.inject({ url: "/tap/who", headers: authorization ? { authorization } : {} });
    const first = await get();
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers["x-ratelimit-limit"], "2");
    assert.equal(first.headers["x-ratelimit-remaining"], "1");
    assert.equal(first.headers["x-ratelimit-resource"], "tap");
    assert.equal((await get()).headers["x-ratelimit-remaining"], "0");
    const refused = await get();
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers["retry-after"]) >= 1);
    assert.match(refused.body, /<INFO name="QUERY_STATUS" value="ERROR">TransientFault: rate limit of 2 requests per minute for tap exceeded/);
    assert.equal((await get("Bearer good")).statusCode, 200, "another caller has its own quota");
    assert.equal((await a.inject({ url: "/open/who" })).headers["x-ratelimit-limit"], undefined, "unlimited services send no headers");
  });
});
