/**
 * Per-user, per-service request quotas in fixed windows, answered with the headers LSST's services
 * (Gafaelfawr) send: X-RateLimit-Limit/-Remaining/-Reset/-Used/-Resource on every limited request,
 * and 429 with Retry-After (delay-seconds, RFC 9110 §10.2.3) once the quota is spent. The limiter
 * only decides; the HTTP plugin sets the headers and throws `rateLimitedError` on refusal.
 */
import { SkyportError } from "../lib/errors/index.js";

/**
 * Where window counters live. Several server processes share a limit only through a shared store:
 * the in-memory one limits each process separately. A SQL store can implement `hit` as one atomic
 * `INSERT ... ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`, a
 * Redis store as `INCR key:windowStart` plus `PEXPIREAT` at the window end. Either way the increment
 * and the read must be one atomic step, or concurrent requests overshoot the limit.
 */
export interface RateLimitStore {
  /**
   * Counts one request for `key` in the fixed window containing `now` (windows start at multiples of
   * `windowMs` since the epoch).
   * @param now epoch milliseconds.
   * @returns the count including this hit, and `resetMs`, the epoch milliseconds when the window ends.
   */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetMs: number }>;
}

export interface MemoryRateLimitStoreOptions {
  /** Most keys held at once; beyond it the oldest windows are evicted (default 100 000). */
  readonly maxKeys?: number;
  /** How often, in ms of the clock passed to `hit`, expired windows are swept (default 60 000). */
  readonly sweepIntervalMs?: number;
}

interface WindowCount {
  windowStartMs: number;
  resetMs: number;
  count: number;
}

/**
 * A process-local store keeping only each key's current window. A Map keeps insertion order and a
 * key is re-inserted when it opens a new window, so iteration runs from the oldest window: sweeps
 * and evictions start there. Memory is bounded by `maxKeys`; an evicted user merely gets a fresh
 * window, which errs on the side of serving.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, WindowCount>();
  private readonly maxKeys: number;
  private readonly sweepIntervalMs: number;
  private nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new RangeError(`maxKeys must be a positive integer, got ${this.maxKeys}`);
    if (!(this.sweepIntervalMs > 0)) throw new RangeError(`sweepIntervalMs must be positive, got ${this.sweepIntervalMs}`);
  }

  /** Number of keys currently held (expired ones count until swept). */
  get size(): number {
    return this.windows.size;
  }

  // Synchronous body behind an async signature: no await between read and write, so concurrent
  // callers in this process cannot interleave and overshoot.
  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetMs: number }> {
    if (now >= this.nextSweepMs) {
      this.sweep(now);
      this.nextSweepMs = now + this.sweepIntervalMs;
    }
    const windowStartMs = Math.floor(now / windowMs) * windowMs;
    const entry = this.windows.get(key);
    // A clock stepping backwards counts into the newer window rather than reopening an old one.
    if (entry && entry.windowStartMs >= windowStartMs) {
      entry.count += 1;
      return { count: entry.count, resetMs: entry.resetMs };
    }
    if (entry) this.windows.delete(key);
    else this.makeRoom(now);
    const fresh: WindowCount = { windowStartMs, resetMs: windowStartMs + windowMs, count: 1 };
    this.windows.set(key, fresh);
    return { count: 1, resetMs: fresh.resetMs };
  }

  /**
   * Drops every window that has ended by `now` (epoch ms). `hit` calls it every `sweepIntervalMs`.
   * @returns how many keys were dropped.
   */
  sweep(now: number): number {
    let dropped = 0;
    // Full scan: windows of different lengths may share the store, so order by start is not order by end.
    for (const [key, w] of this.windows) {
      if (w.resetMs <= now) {
        this.windows.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Frees one slot for a new key: expired windows first, then the oldest live one. */
  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    this.sweep(now);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** The outcome of one request against its quota. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** X-RateLimit-* (and Retry-After when refused); empty when the service has no limit. */
  readonly headers: Record<string, string>;
  /** Whole seconds (≥ 1) until the window resets; only when refused. */
  readonly retryAfterS?: number;
  /** Requests per window; present when the service has a limit. */
  readonly limit?: number;
  /** Window length in ms; present when the service has a limit. */
  readonly windowMs?: number;
}

export interface RateLimiterOptions {
  /** Service name → requests per window; 0 or absent means unlimited. */
  readonly limits: Readonly<Record<string, number>>;
  /** Window length in ms (default 60 000, the per-minute quotas LSST publishes). */
  readonly windowMs?: number;
  /** Counter store (default a process-local MemoryRateLimitStore). */
  readonly store?: RateLimitStore;
  /** Clock in epoch ms (default Date.now), injectable for tests. */
  readonly now?: () => number;
}

/**
 * Decides whether a subject (user or token) may make one more request to a service.
 * @example
 * const limiter = new RateLimiter({ limits: { tap: 1000, hips: 1000, sia: 70, cutouts: 35 } });
 * const d = await limiter.check("sia", username);
 * reply.headers(d.headers);
 * if (!d.allowed) throw rateLimitedError(d, "sia");
 */
export class RateLimiter {
  private readonly limits: ReadonlyMap<string, number>;
  private readonly windowMs: number;
  private readonly store: RateLimitStore;
  private readonly now: () => number;

  /** @throws RangeError for a negative or fractional limit, a non-positive window, or a NUL in a service name. */
  constructor(options: RateLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    if (!Number.isInteger(this.windowMs) || this.windowMs <= 0) throw new RangeError(`windowMs must be a positive integer, got ${this.windowMs}`);
    // A Map, not the record itself, so a service named "constructor" cannot hit Object.prototype.
    const limits = new Map<string, number>();
    for (const [service, limit] of Object.entries(options.limits)) {
      // NUL separates service from subject in store keys; kept out of service names, keys stay unambiguous.
      if (service.includes("\u0000")) throw new RangeError("a service name must not contain NUL");
      if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`rate limit for ${service} must be a non-negative integer, got ${limit}`);
      if (limit > 0) limits.set(service, limit);
    }
    this.limits = limits;
    this.store = options.store ?? new MemoryRateLimitStore();
    this.now = options.now ?? Date.now;
  }

  /** Counts one request by `subject` to `service` and says whether it may proceed. */
  async check(service: string, subject: string): Promise<RateLimitDecision> {
    const limit = this.limits.get(service);
    if (limit === undefined) return { allowed: true, headers: {} };
    const now = this.now();
    const { count, resetMs } = await this.store.hit(`${service}\u0000${subject}`, this.windowMs, now);
    const allowed = count <= limit;
    // Refused requests still increment the store; Used is capped so Used + Remaining = Limit.
    const used = Math.min(count, limit);
    const headers: Record<string, string> = {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(limit - used),
      "X-RateLimit-Reset": String(Math.ceil(resetMs / 1000)),
      "X-RateLimit-Used": String(used),
      "X-RateLimit-Resource": service,
    };
    if (allowed) return { allowed, headers, limit, windowMs: this.windowMs };
    const retryAfterS = Math.max(1, Math.ceil((resetMs - now) / 1000));
    headers["Retry-After"] = String(retryAfterS);
    return { allowed, headers, retryAfterS, limit, windowMs: this.windowMs };
  }
}

/** "per minute" for the usual window, "per N s" otherwise. */
function perWindow(windowMs: number | undefined): string {
  if (windowMs === undefined || windowMs === 60_000) return "per minute";
  return `per ${windowMs / 1000} s`;
}

/**
 * The 429 fault for a refused decision (code RateLimited: TransientFault in DALI,
 * ServiceUnavailable in SODA), carrying Retry-After and the X-RateLimit-* headers.
 */
export function rateLimitedError(decision: RateLimitDecision, service: string): SkyportError {
  const retryAfterS = decision.retryAfterS ?? 1;
  const limit = decision.limit ?? Number(decision.headers["X-RateLimit-Limit"]);
  return new SkyportError({
    code: "RateLimited",
    status: 429,
    message: `rate limit of ${limit} requests ${perWindow(decision.windowMs)} for ${service} exceeded; retry in ${retryAfterS} s`,
    userSafe: true,
    headers: { ...decision.headers, "Retry-After": String(retryAfterS) },
  });
}
