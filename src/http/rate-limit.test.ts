import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderError } from "./errors.js";
import { MemoryRateLimitStore, type RateLimitDecision, RateLimiter, rateLimitedError } from "./rate-limit.js";

/** 2024-01-01T00:00:00Z, a whole minute, so window arithmetic in the tests is easy to read. */
const T0_MS = 1_704_067_200_000;

/** A clock the test moves by hand. */
function clock(startMs: number): { now: () => number; set: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, set: (ms) => (t = ms) };
}

async function checks(limiter: RateLimiter, n: number, service: string, subject: string): Promise<RateLimitDecision[]> {
  const out: RateLimitDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await limiter.check(service, subject));
  return out;
}

describe("RateLimiter", () => {
  test("limit N allows exactly N in a window, then refuses with exact headers", async () => {
    const c = clock(T0_MS + 15_500);
    const limiter = new RateLimiter({ limits: { cutouts: 35 }, now: c.now });
    const decisions = await checks(limiter, 37, "cutouts", "alice");
    assert.equal(decisions.filter((d) => d.allowed).length, 35);
    assert.ok(decisions.slice(0, 35).every((d) => d.allowed));
    const refused = decisions[35]!;
    assert.equal(refused.allowed, false);
    // Window [T0, T0+60 s); 44.5 s left rounds up to 45.
    assert.equal(refused.retryAfterS, 45);
    assert.deepEqual(refused.headers, {
      "X-RateLimit-Limit": "35",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String((T0_MS + 60_000) / 1000),
      "X-RateLimit-Used": "35",
      "X-RateLimit-Resource": "cutouts",
      "Retry-After": "45",
    });
    assert.equal(decisions[36]!.headers["X-RateLimit-Remaining"], "0", "remaining never negative");
  });

  test("Remaining counts down and Used counts up on allowed requests", async () => {
    const limiter = new RateLimiter({ limits: { sia: 3 }, now: () => T0_MS });
    const decisions = await checks(limiter, 3, "sia", "bob");
    assert.deepEqual(decisions.map((d) => d.headers["X-RateLimit-Remaining"]), ["2", "1", "0"]);
    assert.deepEqual(decisions.map((d) => d.headers["X-RateLimit-Used"]), ["1", "2", "3"]);
    assert.ok(decisions.every((d) => d.retryAfterS === undefined && !("Retry-After" in d.headers)));
  });

  test("the next window allows again", async () => {
    const c = clock(T0_MS + 59_999);
    const limiter = new RateLimiter({ limits: { sia: 2 }, now: c.now });
    await checks(limiter, 2, "sia", "carol");
    const last = await limiter.check("sia", "carol");
    assert.equal(last.allowed, false);
    assert.equal(last.retryAfterS, 1, "1 ms before reset still asks for a whole second");
    c.set(T0_MS + 60_000);
    const next = await limiter.check("sia", "carol");
    assert.equal(next.allowed, true);
    assert.equal(next.headers["X-RateLimit-Remaining"], "1");
    assert.equal(next.headers["X-RateLimit-Reset"], String((T0_MS + 120_000) / 1000));
  });

  test("Retry-After and Reset follow an injected clock and window length", async () => {
    const c = clock(T0_MS + 1_000);
    const limiter = new RateLimiter({ limits: { tap: 1 }, windowMs: 10_000, now: c.now });
    assert.equal((await limiter.check("tap", "dave")).allowed, true);
    c.set(T0_MS + 3_200);
    const refused = await limiter.check("tap", "dave");
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterS, 7, "6.8 s to T0+10 s rounds up");
    assert.equal(refused.headers["Retry-After"], "7");
    assert.equal(refused.headers["X-RateLimit-Reset"], String(T0_MS / 1000 + 10));
  });

  test("subjects and services are counted independently", async () => {
    const limiter = new RateLimiter({ limits: { sia: 1, tap: 1 }, now: () => T0_MS });
    assert.equal((await limiter.check("sia", "erin")).allowed, true);
    assert.equal((await limiter.check("sia", "erin")).allowed, false);
    assert.equal((await limiter.check("sia", "frank")).allowed, true, "another subject");
    const tap = await limiter.check("tap", "erin");
    assert.equal(tap.allowed, true, "another service");
    assert.equal(tap.headers["X-RateLimit-Resource"], "tap");
    // Subjects may contain NUL (the key separator): service names may not, so keys stay distinct.
    assert.equal((await limiter.check("sia", "frank\u0000x")).allowed, true);
  });

  test("unlimited services (0 or absent) always allow and send no headers", async () => {
    const limiter = new RateLimiter({ limits: { hips: 0, sia: 1 }, now: () => T0_MS });
    for (const service of ["hips", "datalink", "constructor", "__proto__"]) {
      const decisions = await checks(limiter, 5, service, "gina");
      assert.ok(decisions.every((d) => d.allowed && Object.keys(d.headers).length === 0), service);
    }
  });

  test("invalid limits and windows are refused at construction", () => {
    assert.throws(() => new RateLimiter({ limits: { sia: -1 } }), RangeError);
    assert.throws(() => new RateLimiter({ limits: { sia: 1.5 } }), RangeError);
    assert.throws(() => new RateLimiter({ limits: {}, windowMs: 0 }), RangeError);
    assert.throws(() => new RateLimiter({ limits: { "a\u0000b": 1 } }), RangeError);
  });

  test("1000 concurrent checks with limit 100 allow exactly 100", async () => {
    const limiter = new RateLimiter({ limits: { tap: 100 }, now: () => T0_MS });
    const decisions = await Promise.all(Array.from({ length: 1000 }, () => limiter.check("tap", "hank")));
    assert.equal(decisions.filter((d) => d.allowed).length, 100);
    const used = decisions.filter((d) => d.allowed).map((d) => Number(d.headers["X-RateLimit-Used"]));
    assert.deepEqual([...used].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1), "each allowed request saw its own count");
  });
});

describe("MemoryRateLimitStore", () => {
  test("counts within a fixed window aligned to the epoch and restarts in the next", async () => {
    const store = new MemoryRateLimitStore();
    assert.deepEqual(await store.hit("k", 1_000, 5_400), { count: 1, resetMs: 6_000 });
    assert.deepEqual(await store.hit("k", 1_000, 5_999), { count: 2, resetMs: 6_000 });
    assert.deepEqual(await store.hit("k", 1_000, 6_000), { count: 1, resetMs: 7_000 });
    assert.equal(store.size, 1);
  });

  test("sweeps expired windows lazily so size shrinks", async () => {
    const store = new MemoryRateLimitStore({ sweepIntervalMs: 1_000 });
    for (let i = 0; i < 50; i++) await store.hit(`user${i}`, 1_000, 100);
    assert.equal(store.size, 50);
    await store.hit("user0", 1_000, 500);
    assert.equal(store.size, 50, "nothing expired yet, and the sweep interval has not passed");
    await store.hit("late", 1_000, 5_000);
    assert.equal(store.size, 1, "only the window opened at t=5000 remains");
    assert.equal(store.sweep(7_000), 1);
    assert.equal(store.size, 0);
  });

  test("the key cap evicts the oldest windows first, after expired ones", async () => {
    const store = new MemoryRateLimitStore({ maxKeys: 3, sweepIntervalMs: 1e12 });
    await store.hit("a", 60_000, 0);
    await store.hit("b", 60_000, 1);
    await store.hit("c", 60_000, 2);
    await store.hit("a", 60_000, 3); // same window: a stays oldest
    await store.hit("d", 60_000, 4);
    assert.equal(store.size, 3);
    assert.deepEqual(await store.hit("b", 60_000, 5), { count: 2, resetMs: 60_000 }, "b kept");
    assert.equal(store.size, 3);
    assert.deepEqual(await store.hit("a", 60_000, 6), { count: 1, resetMs: 60_000 }, "a, the oldest window, was evicted");
    // Eviction is by window age, not recency: re-adding a evicted b (window opened at t=1) although b was just hit.
    assert.equal(store.size, 3);
    assert.deepEqual(await store.hit("c", 60_000, 7), { count: 2, resetMs: 60_000 }, "c kept");
    assert.deepEqual(await store.hit("d", 60_000, 8), { count: 2, resetMs: 60_000 }, "d kept");
    assert.deepEqual(await store.hit("b", 60_000, 9), { count: 1, resetMs: 60_000 }, "b was evicted");

    // An expired window goes before any live one, even when it is not the oldest inserted.
    const mixed = new MemoryRateLimitStore({ maxKeys: 2, sweepIntervalMs: 1e12 });
    await mixed.hit("long", 60_000, 0);
    await mixed.hit("short", 1_000, 0);
    await mixed.hit("new", 1_000, 2_000);
    assert.equal(mixed.size, 2);
    assert.deepEqual(await mixed.hit("long", 60_000, 2_001), { count: 2, resetMs: 60_000 }, "the live window survived");
  });

  test("a clock stepping back counts into the newer window", async () => {
    const store = new MemoryRateLimitStore();
    await store.hit("k", 1_000, 2_500);
    assert.deepEqual(await store.hit("k", 1_000, 1_900), { count: 2, resetMs: 3_000 });
  });
});

describe("rateLimitedError", () => {
  async function refused(): Promise<RateLimitDecision> {
    const limiter = new RateLimiter({ limits: { cutouts: 1 }, now: () => T0_MS + 30_000 });
    await limiter.check("cutouts", "ivan");
    const d = await limiter.check("cutouts", "ivan");
    assert.equal(d.allowed, false);
    return d;
  }

  test("is a user-safe 429 RateLimited with Retry-After and X-RateLimit-* headers", async () => {
    const err = rateLimitedError(await refused(), "cutouts");
    assert.equal(err.status, 429);
    assert.equal(err.code, "RateLimited");
    assert.equal(err.userSafe, true);
    assert.equal(err.message, "rate limit of 1 requests per minute for cutouts exceeded; retry in 30 s");
    assert.equal(err.headers["Retry-After"], "30");
    assert.equal(err.headers["X-RateLimit-Limit"], "1");
    assert.equal(err.headers["X-RateLimit-Remaining"], "0");
    assert.equal(err.headers["X-RateLimit-Resource"], "cutouts");
  });

  test("renders as a DALI VOTable with TransientFault and as SODA ServiceUnavailable text", async () => {
    const err = rateLimitedError(await refused(), "cutouts");
    const dali = renderError(err, "dali", "rid");
    assert.equal(dali.status, 429);
    assert.equal(dali.contentType, "application/x-votable+xml");
    assert.match(dali.body, /<INFO name="QUERY_STATUS" value="ERROR">TransientFault: rate limit of 1 requests per minute for cutouts exceeded; retry in 30 s<\/INFO>/);
    assert.equal(dali.headers["Retry-After"], "30");
    const soda = renderError(err, "soda", "rid");
    assert.equal(soda.status, 429);
    assert.ok(soda.body.startsWith("ServiceUnavailable: rate limit of 1 requests per minute"), soda.body);
    assert.equal(soda.headers["Retry-After"], "30");
    assert.equal(soda.headers["X-RateLimit-Used"], "1");
    assert.equal(soda.headers["X-Request-Id"], "rid");
  });

  test("names a non-default window in seconds", async () => {
    const limiter = new RateLimiter({ limits: { sia: 1 }, windowMs: 10_000, now: () => T0_MS });
    await limiter.check("sia", "judy");
    const err = rateLimitedError(await limiter.check("sia", "judy"), "sia");
    assert.equal(err.message, "rate limit of 1 requests per 10 s for sia exceeded; retry in 10 s");
  });
});
