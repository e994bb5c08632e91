/**
 * The UWS 1.1 service (REC-UWS-1.1 §2): creates, lists, changes and deletes jobs through the job
 * store, nudges the queue, and enforces the rules the standard puts on clients — parameters and
 * limits change only while PENDING (DALI-08), phase changes follow the transition table and are
 * compare-and-set, and every job is visible to its owner only (another owner's job is "not found",
 * never "forbidden", so ids leak nothing). No HTTP here: the plugin in src/http translates.
 */
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type {
  JobOwnerAccess,
  JobParameter,
  JobQueue,
  JobRecord,
  JobResult,
  JobStore,
  JobSummary,
  Phase,
  ResultArea,
} from "../../jobs/index.js";
import { notFound, SkyportError } from "../../lib/errors/index.js";
import type { CreateControls, ListFilterParams, WaitParams } from "./params.js";
import { type ClientAction, planAction } from "./transitions.js";

/** Limits from configuration (STYLE.md §6), all in seconds. */
export interface UwsLimits {
  /** executionDuration of a new job; 0 = unlimited. */
  readonly defaultExecutionDurationS: number;
  /** Largest executionDuration a client may ask for (0 asks are clamped to it when > 0). */
  readonly maxExecutionDurationS: number;
  /** Result retention: destruction = creation + this. */
  readonly retentionS: number;
  /** Longest WAIT honoured (also the cut-off for WAIT=-1). */
  readonly maxWaitS: number;
  /** Jobs of one owner QUEUED or EXECUTING at once before RUN answers HELD; 0 = no limit. */
  readonly maxActivePerOwner: number;
  /** Executions per job before a transient failure becomes ERROR. */
  readonly maxAttempts: number;
}

export const DEFAULT_UWS_LIMITS: UwsLimits = {
  defaultExecutionDurationS: 600,
  maxExecutionDurationS: 3600,
  retentionS: 7 * 24 * 3600,
  maxWaitS: 60,
  maxActivePerOwner: 0,
  maxAttempts: 3,
};

export interface UwsServiceOptions {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly results: ResultArea;
  /** The executor kind of jobs created here (a fixed name, or chosen from the parameters). */
  readonly kind: string | ((parameters: readonly JobParameter[]) => string);
  /** Checks job parameters at creation and on change; throws a UsageFault. */
  readonly validate?: (parameters: readonly JobParameter[]) => void;
  readonly limits?: Partial<UwsLimits>;
  /**
   * Phase changes seen by this process (the in-process pool's events): WAIT wakes on them at once
   * instead of at its next poll. Jobs run by other processes are still found by polling.
   */
  readonly phaseChanges?: PhaseChanges;
}

/** Subscribes to phase changes of one job; returns the unsubscribe function. */
export interface PhaseChanges {
  watch(jobId: string, onChange: () => void): () => void;
}

/** A PhaseChanges fed by whoever runs jobs in this process. */
export class PhaseChangeHub implements PhaseChanges {
  private readonly watchers = new Map<string, Set<() => void>>();

  watch(jobId: string, onChange: () => void): () => void {
    let set = this.watchers.get(jobId);
    if (!set) {
      set = new Set();
      this.watchers.set(jobId, set);
    }
    set.add(onChange);
    return () => {
      set.delete(onChange);
      if (set.size === 0) this.watchers.delete(jobId);
    };
  }

  /** A job's phase moved (or may have): wake its watchers. */
  changed(jobId: string): void {
    for (const f of this.watchers.get(jobId) ?? []) f();
  }
}

const WAITABLE: readonly Phase[] = ["PENDING", "QUEUED", "EXECUTING"];
const CAS_RETRIES = 5;

const forbidden = (message: string): SkyportError => new SkyportError({ code: "Forbidden", message });

/** A new job id: 16 lower-case base-32 characters (80 random bits). */
export function newJobId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...randomBytes(16)].map((b) => alphabet[b & 31]).join("");
}

export class UwsService {
  readonly limits: UwsLimits;

  constructor(private readonly o: UwsServiceOptions) {
    this.limits = { ...DEFAULT_UWS_LIMITS, ...o.limits };
  }

  private clampDuration(s: number): number {
    const max = this.limits.maxExecutionDurationS;
    return max > 0 && (s === 0 || s > max) ? max : s;
  }

  /** Creates a job (PENDING, or queued at once when PHASE=RUN came with it). */
  async create(owner: string, controls: CreateControls, parameters: readonly JobParameter[], ownerAccess?: JobOwnerAccess): Promise<JobRecord> {
    this.o.validate?.(parameters);
    const kind = typeof this.o.kind === "string" ? this.o.kind : this.o.kind(parameters);
    const now = new Date();
    const job = await this.o.store.create({
      id: newJobId(),
      owner,
      ...(ownerAccess ? { ownerAccess } : {}),
      kind,
      runId: controls.runId ?? null,
      parameters,
      creationTime: now,
      executionDurationS: this.clampDuration(controls.executionDurationS ?? this.limits.defaultExecutionDurationS),
      destruction: this.clampDestruction(controls.destruction, now),
      maxAttempts: this.limits.maxAttempts,
    });
    return controls.run ? this.act(owner, job.id, "RUN") : job;
  }

  private clampDestruction(asked: Date | undefined, created: Date): Date {
    const latest = new Date(created.getTime() + this.limits.retentionS * 1000);
    return asked && asked < latest ? asked : latest;
  }

  /** The owner's jobs, filtered (UWS-10). */
  list(owner: string, filter: ListFilterParams): Promise<JobSummary[]> {
    return this.o.store.list({ owner, ...filter });
  }

  /** One of the owner's jobs; NotFound for a missing job or someone else's (UWS-16). */
  async get(owner: string, id: string): Promise<JobRecord> {
    const job = await this.o.store.get(id);
    if (!job || job.owner !== owner) throw notFound(`no job ${id}`);
    return job;
  }

  /**
   * The job, after blocking up to WAIT seconds for a phase change (UWS-07..09): only PENDING,
   * QUEUED and EXECUTING block, and a PHASE guard other than the current phase returns at once.
   */
  async wait(owner: string, id: string, w: WaitParams, signal?: AbortSignal): Promise<JobRecord> {
    let job = await this.get(owner, id);
    const initial = job.phase;
    if (!WAITABLE.includes(initial) || (w.phase !== undefined && w.phase !== initial)) return job;
    const seconds = w.waitS < 0 ? this.limits.maxWaitS : Math.min(w.waitS, this.limits.maxWaitS);
    const deadline = Date.now() + seconds * 1000;
    let pauseMs = 20;
    let woken = false;
    let wake: (() => void) | undefined;
    const unwatch = this.o.phaseChanges?.watch(id, () => {
      woken = true;
      wake?.();
    });
    try {
      while (Date.now() < deadline && !signal?.aborted) {
        if (!woken) {
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, Math.min(pauseMs, Math.max(0, deadline - Date.now())));
          });
        }
        woken = false;
        pauseMs = Math.min(500, pauseMs * 1.5);
        job = await this.get(owner, id);
        if (job.phase !== initial) break;
      }
    } finally {
      unwatch?.();
    }
    return job;
  }

  /** PHASE=RUN or PHASE=ABORT; Forbidden when the current phase does not allow it (UWS-04). */
  async act(owner: string, id: string, action: ClientAction): Promise<JobRecord> {
    for (let i = 0; i < CAS_RETRIES; i++) {
      const job = await this.get(owner, id);
      const held = action === "RUN" && (await this.overLimit(owner));
      const plan = planAction(action, job.phase, held);
      if (plan.kind === "refuse") throw forbidden(plan.reason);
      if (plan.kind === "noop") return job;
      const now = new Date();
      const patch =
        plan.to === "QUEUED"
          ? { queuedTime: now, runAfter: now }
          : plan.to === "ABORTED"
            ? { endTime: now, releaseLease: true }
            : {};
      const moved = await this.o.store.setPhase(id, { phases: [job.phase] }, plan.to, patch);
      if (moved) {
        if (plan.to === "QUEUED") this.o.queue.notify(id);
        if (plan.to === "ABORTED") this.o.queue.cancel(id);
        return moved;
      }
      // The phase moved under us (a worker claimed or finished the job): plan again.
    }
    throw new SkyportError({ code: "Transient", message: `job ${id} is changing too fast; try again`, headers: { "Retry-After": "1" } });
  }

  private async overLimit(owner: string): Promise<boolean> {
    const max = this.limits.maxActivePerOwner;
    return max > 0 && (await this.o.store.count(owner, ["QUEUED", "EXECUTING", "SUSPENDED"])) >= max;
  }

  /** Replaces or adds parameters (by name) while PENDING (DALI-08). */
  async setParameters(owner: string, id: string, changes: readonly JobParameter[]): Promise<JobRecord> {
    const job = await this.pending(owner, id, "parameters");
    const names = new Set(changes.map((c) => c.name));
    const parameters = [...job.parameters.filter((p) => !names.has(p.name)), ...changes];
    this.o.validate?.(parameters);
    return this.updatePending(owner, id, { parameters });
  }

  async setExecutionDuration(owner: string, id: string, seconds: number): Promise<JobRecord> {
    await this.pending(owner, id, "executionduration");
    return this.updatePending(owner, id, { executionDurationS: this.clampDuration(seconds) });
  }

  /** Sets destruction; the server may pick an earlier instant than asked (retention). */
  async setDestruction(owner: string, id: string, when: Date): Promise<JobRecord> {
    const job = await this.get(owner, id);
    const d = this.clampDestruction(when, job.creationTime);
    const updated = await this.o.store.update(id, [job.phase], { destruction: d });
    if (!updated) throw forbidden(`job ${id} changed phase meanwhile; try again`);
    return updated;
  }

  private async pending(owner: string, id: string, what: string): Promise<JobRecord> {
    const job = await this.get(owner, id);
    if (job.phase !== "PENDING") throw forbidden(`${what} can only change while the job is PENDING (it is ${job.phase})`);
    return job;
  }

  private async updatePending(owner: string, id: string, patch: Parameters<JobStore["update"]>[2]): Promise<JobRecord> {
    const updated = await this.o.store.update(id, ["PENDING"], patch);
    if (!updated) throw forbidden(`job ${id} left PENDING; it can no longer change`);
    if (updated.owner !== owner) throw notFound(`no job ${id}`);
    return updated;
  }

  /** Deletes the job and its results; a running execution is aborted. */
  async delete(owner: string, id: string): Promise<void> {
    const job = await this.get(owner, id);
    if (await this.o.store.remove(id)) {
      this.o.queue.cancel(id);
      await this.o.results.remove(job.results);
    }
  }

  /** One named result, to stream; NotFound when the job has no such result (DALI-09). */
  async result(owner: string, id: string, resultId: string): Promise<{ result: JobResult; body: Readable }> {
    const job = await this.get(owner, id);
    const result = job.results.find((r) => r.id === resultId);
    if (!result) throw notFound(`job ${id} has no result ${resultId}`);
    return { result, body: await this.o.results.stream(result) };
  }

  /** The error message of a failed job; NotFound when it has none (DALI-09). */
  async error(owner: string, id: string): Promise<{ job: JobRecord; message: string }> {
    const job = await this.get(owner, id);
    if (!job.error) throw notFound(`job ${id} has no error`);
    return { job, message: job.error.message };
  }
}
