/**
 * The job runner: a concurrency-limited pool that claims jobs from the job store under a lease,
 * runs their executors, heartbeats the lease, enforces the execution duration (UWS-13), retries
 * transient failures with exponential backoff, and sweeps expired leases and destroyed jobs. The
 * same pool runs in the server (in-process mode) and in each `skyport worker` (scale-out mode):
 * the store is the queue, so a job is executed by whichever pool claims it first.
 */
import { randomUUID } from "node:crypto";
import { isSkyportError } from "../lib/errors/index.js";
import { type ExecutorRegistry, FatalJobError, type JobContext, TransientJobError } from "./executors.js";
import type { JobError, JobRecord, JobResult } from "./model.js";
import type { JobQueue } from "./queue.js";
import type { ResultArea, ResultWriter } from "./results.js";
import type { JobStore } from "./store.js";

export interface JobPoolOptions {
  readonly store: JobStore;
  readonly executors: ExecutorRegistry;
  readonly results: ResultArea;
  /** Jobs run at once (config jobs.concurrency). */
  readonly concurrency: number;
  /** Names this pool's leases; unique per process. */
  readonly workerId?: string;
  /** Lease length; a job whose worker stops heartbeating is recovered after this long. */
  readonly leaseMs?: number;
  /** Heartbeat period (default leaseMs / 3). */
  readonly heartbeatMs?: number;
  /** How often an idle pool looks for work queued by other processes. */
  readonly pollMs?: number;
  /** How often lease recovery and destruction run (default leaseMs / 2). */
  readonly sweepMs?: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Minimum interval between progress writes of one job. */
  readonly progressIntervalMs?: number;
  /** Receives notable events (for logs). */
  readonly onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { readonly kind: "started" | "completed" | "aborted" | "suspended"; readonly jobId: string; readonly attempt: number }
  | { readonly kind: "failed"; readonly jobId: string; readonly attempt: number; readonly error: JobError; readonly cause: unknown }
  | { readonly kind: "recovered"; readonly resumed: readonly string[]; readonly failed: readonly string[] }
  | { readonly kind: "destroyed"; readonly jobId: string }
  | { readonly kind: "fault"; readonly where: string; readonly cause: unknown };

type StopReason = "cancel" | "duration" | "lost" | "shutdown";

interface Running {
  readonly job: JobRecord;
  readonly controller: AbortController;
  reason?: StopReason;
  readonly done: Promise<void>;
}

/** Why the pool aborted a job; the executor sees it as `signal.reason`. */
export class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
    this.name = "JobStopped";
  }
}

export class JobPool implements JobQueue {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Running>();
  private filling = false;
  private refill = false;
  private stopped = true;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly o: JobPoolOptions) {
    this.workerId = o.workerId ?? `pool-${randomUUID()}`;
    this.leaseMs = o.leaseMs ?? 30_000;
  }

  /** Starts polling and sweeping. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timers.push(setInterval(() => this.notify(""), this.o.pollMs ?? 1000));
    this.timers.push(setInterval(() => void this.sweep(), this.o.sweepMs ?? Math.max(100, this.leaseMs / 2)));
    for (const t of this.timers) t.unref();
    this.notify("");
  }

  /**
   * Stops claiming. Running jobs are suspended (a worker resumes them later) unless `drain`,
   * which waits for them to finish.
   */
  async stop(options: { drain?: boolean } = {}): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (!options.drain) for (const r of this.running.values()) this.abort(r, "shutdown");
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Jobs executing in this pool now. */
  get active(): number {
    return this.running.size;
  }

  notify(_jobId: string): void {
    if (this.stopped) return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    void this.fill();
  }

  cancel(jobId: string): void {
    const r = this.running.get(jobId);
    if (r) this.abort(r, "cancel");
  }

  /** One round of lease recovery and destruction; also run periodically. */
  async sweep(now: Date = new Date()): Promise<void> {
    try {
      const report = await this.o.store.recover(now);
      if (report.resumed.length + report.failed.length > 0) {
        this.o.onEvent?.({ kind: "recovered", ...report });
        this.notify("");
      }
      for (const job of await this.o.store.destructible(now, 100)) {
        const r = this.running.get(job.id);
        if (r) this.abort(r, "cancel");
        if (await this.o.store.remove(job.id)) {
          await this.o.results.remove(job.results);
          this.o.onEvent?.({ kind: "destroyed", jobId: job.id });
        }
      }
    } catch (e) {
      this.o.onEvent?.({ kind: "fault", where: "sweep", cause: e });
    }
  }

  private abort(r: Running, reason: StopReason): void {
    if (r.controller.signal.aborted) return;
    r.reason = reason;
    r.controller.abort(new JobStopped(reason));
  }

  private async fill(): Promise<void> {
    this.filling = true;
    try {
      do {
        this.refill = false;
        while (!this.stopped && this.running.size < this.o.concurrency) {
          const job = await this.o.store.claim(this.workerId, this.leaseMs);
          if (!job) break;
          this.launch(job);
        }
      } while (this.refill && !this.stopped);
    } catch (e) {
      this.o.onEvent?.({ kind: "fault", where: "claim", cause: e });
    } finally {
      this.filling = false;
    }
  }

  private launch(job: JobRecord): void {
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const r: Running = { job, controller, done };
    this.running.set(job.id, r);
    this.o.onEvent?.({ kind: "started", jobId: job.id, attempt: job.attempts });
    void this.execute(r)
      .catch((e: unknown) => this.o.onEvent?.({ kind: "fault", where: "execute", cause: e }))
      .finally(() => {
        this.running.delete(job.id);
        finish();
        this.notify("");
      });
  }

  private async execute(r: Running): Promise<void> {
    const { job } = r;
    const timers: NodeJS.Timeout[] = [];
    if (job.executionDurationS > 0) {
      const started = job.startTime?.getTime() ?? Date.now();
      const leftMs = Math.max(0, started + job.executionDurationS * 1000 - Date.now());
      timers.push(setTimeout(() => this.abort(r, "duration"), leftMs));
    }
    const beat = setInterval(() => {
      this.o.store.heartbeat(job.id, this.workerId, this.leaseMs).then(
        (held) => {
          if (!held) this.abort(r, "lost");
        },
        (e: unknown) => this.o.onEvent?.({ kind: "fault", where: "heartbeat", cause: e }),
      );
    }, this.o.heartbeatMs ?? Math.max(50, this.leaseMs / 3));
    const writer = this.o.results.writer(job.id);
    try {
      const executor = this.o.executors.get(job.kind);
      if (!executor) throw new FatalJobError(`no executor for job kind ${JSON.stringify(job.kind)}`);
      const results = await executor(job, this.context(r, writer));
      if (r.controller.signal.aborted) throw r.controller.signal.reason;
      await this.finish(r, writer, { kind: "completed", results });
    } catch (e) {
      await this.finish(r, writer, { kind: "failed", cause: e });
    } finally {
      clearInterval(beat);
      for (const t of timers) clearTimeout(t);
    }
  }

  private context(r: Running, resultStore: ResultWriter): JobContext {
    let last = 0;
    const minMs = this.o.progressIntervalMs ?? 250;
    return {
      signal: r.controller.signal,
      resultStore,
      progress: (stage, fraction) => {
        const now = Date.now();
        if (now - last < minMs && fraction < 1) return;
        last = now;
        this.o.store
          .setProgress(r.job.id, this.workerId, { stage, fraction })
          .catch((e: unknown) => this.o.onEvent?.({ kind: "fault", where: "progress", cause: e }));
      },
    };
  }

  private backoffMs(attempt: number): number {
    const base = this.o.retryBaseMs ?? 1000;
    return Math.min(this.o.retryMaxMs ?? 60_000, base * 2 ** Math.max(0, attempt - 1));
  }

  private async finish(
    r: Running,
    writer: ResultWriter,
    outcome: { kind: "completed"; results: readonly JobResult[] } | { kind: "failed"; cause: unknown },
  ): Promise<void> {
    const { job } = r;
    const expect = { phases: ["EXECUTING"] as const, leaseOwner: this.workerId };
    const now = new Date();
    const base = { endTime: now, releaseLease: true };
    const event = { jobId: job.id, attempt: job.attempts };
    let keep: readonly JobResult[] = [];
    if (outcome.kind === "completed") {
      const done = await this.o.store.setPhase(job.id, expect, "COMPLETED", { ...base, results: outcome.results, error: null });
      if (done) {
        keep = outcome.results;
        this.o.onEvent?.({ kind: "completed", ...event });
      }
    } else if (r.reason === "cancel" || r.reason === "lost") {
      // Someone else moved the phase (ABORT, DELETE, lease recovery): nothing to record.
    } else if (r.reason === "duration") {
      const message = `execution duration of ${job.executionDurationS} s exceeded`;
      if (await this.o.store.setPhase(job.id, expect, "ABORTED", { ...base, error: { type: "fatal", message } })) {
        this.o.onEvent?.({ kind: "aborted", ...event });
      }
    } else if (r.reason === "shutdown" || (isTransient(outcome.cause) && job.attempts < job.maxAttempts)) {
      const delay = r.reason === "shutdown" ? 0 : this.backoffMs(job.attempts);
      const runAfter = new Date(now.getTime() + delay);
      if (await this.o.store.setPhase(job.id, expect, "SUSPENDED", { releaseLease: true, runAfter })) {
        this.o.onEvent?.({ kind: "suspended", ...event });
      }
    } else {
      const error = describeFailure(outcome.cause);
      await this.o.store.setPhase(job.id, expect, "ERROR", { ...base, error });
      this.o.onEvent?.({ kind: "failed", ...event, error, cause: outcome.cause });
    }
    const discard = writer.written.filter((w) => !keep.some((k) => k.key === w.key));
    await this.o.results.remove(discard);
  }
}

function isTransient(e: unknown): boolean {
  return e instanceof TransientJobError || (isSkyportError(e) && (e.code === "Transient" || e.code === "RateLimited"));
}

/** The client-facing error: our own job errors and user-safe SkyportErrors keep their message. */
export function describeFailure(e: unknown): JobError {
  const type = isTransient(e) ? "transient" : "fatal";
  if (e instanceof TransientJobError || e instanceof FatalJobError) return { type, message: e.message };
  if (isSkyportError(e) && e.userSafe) return { type, message: e.message };
  return { type, message: "the job failed with an internal error" };
}
