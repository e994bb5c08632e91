/**
 * The job store interface (STYLE.md §6): jobs persist in the registry database, every phase change
 * is compare-and-set against the expected phase(s) and checked against the transition table, and
 * the table doubles as the work queue: `claim` takes the next runnable job under a lease, so any
 * number of worker processes can share one store (PostgreSQL uses `FOR UPDATE SKIP LOCKED`).
 */
import type { JobError, JobOwnerAccess, JobParameter, JobProgress, JobRecord, JobResult, JobSummary, Phase } from "./model.js";

/** What creating a job needs; the store assigns nothing but the version. */
export interface NewJob {
  readonly id: string;
  readonly owner: string;
  readonly ownerAccess?: JobOwnerAccess;
  readonly kind: string;
  readonly runId: string | null;
  readonly parameters: readonly JobParameter[];
  readonly creationTime: Date;
  readonly executionDurationS: number;
  readonly destruction: Date | null;
  readonly maxAttempts: number;
}

/** Job list filters (UWS 1.1 §2.2.3.1); all of them AND together. */
export interface JobListFilter {
  readonly owner: string;
  /** Any of these phases; when absent, every phase but ARCHIVED (UWS-10). */
  readonly phases?: readonly Phase[];
  /** Only jobs created strictly after this instant. */
  readonly after?: Date;
  /** Only the newest n jobs, newest first. */
  readonly last?: number;
}

/** Fields a phase change may set together with the phase. `null` clears a field. */
export interface PhasePatch {
  readonly startTime?: Date | null;
  readonly endTime?: Date | null;
  readonly queuedTime?: Date | null;
  readonly error?: JobError | null;
  readonly results?: readonly JobResult[];
  readonly runAfter?: Date;
  /** Clears the lease (any change out of EXECUTING does). */
  readonly releaseLease?: boolean;
}

/** Fields a client may change while the job is PENDING. */
export interface PendingPatch {
  readonly parameters?: readonly JobParameter[];
  readonly executionDurationS?: number;
  readonly destruction?: Date | null;
  readonly runId?: string | null;
}

/** A compare-and-set condition: the phase must be one of these, and (optionally) the lease ours. */
export interface Expectation {
  readonly phases: readonly Phase[];
  /** When given, the job must be leased by this worker. */
  readonly leaseOwner?: string;
}

/** What `recover` did. */
export interface RecoveryReport {
  /** Jobs whose lease expired and that were suspended for another attempt. */
  readonly resumed: readonly string[];
  /** Jobs whose lease expired with no attempts left, now in ERROR. */
  readonly failed: readonly string[];
}

export interface JobStore {
  /** Creates the tables when missing. Idempotent. */
  init(): Promise<void>;
  create(job: NewJob): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  list(filter: JobListFilter): Promise<JobSummary[]>;
  /** Number of the owner's jobs in these phases (for the HELD limit). */
  count(owner: string, phases: readonly Phase[]): Promise<number>;
  /**
   * Compare-and-set phase change: moves the job to `next` only if its phase is one of
   * `expect.phases` (and the lease matches, if asked). Returns the updated job, or undefined when
   * the job is gone or its phase moved. Throws JobStoreError("illegal") when no expected phase may
   * go to `next` under the transition table.
   */
  setPhase(id: string, expect: Expectation, next: Phase, patch?: PhasePatch): Promise<JobRecord | undefined>;
  /** Compare-and-set change of client fields; undefined when the job is not in an expected phase. */
  update(id: string, expectPhases: readonly Phase[], patch: PendingPatch): Promise<JobRecord | undefined>;
  /**
   * Takes the runnable job (QUEUED, or SUSPENDED for resumption, with runAfter ≤ now) queued
   * longest, moves it to EXECUTING under a lease for `worker` until now + leaseMs, and counts an
   * attempt. Undefined when nothing is runnable. Safe against concurrent claimers.
   */
  claim(worker: string, leaseMs: number, now?: Date): Promise<JobRecord | undefined>;
  /** Extends the lease; false when the job is no longer EXECUTING under this worker's lease. */
  heartbeat(id: string, worker: string, leaseMs: number): Promise<boolean>;
  /** Records progress under the lease; false as for heartbeat. */
  setProgress(id: string, worker: string, progress: JobProgress): Promise<boolean>;
  /**
   * Jobs EXECUTING whose lease expired before `now`: suspended for another attempt while
   * attempts < maxAttempts, otherwise ERROR with a message. Compare-and-set per job.
   */
  recover(now?: Date): Promise<RecoveryReport>;
  /** Jobs whose destruction time has passed (oldest first, at most `limit`). */
  destructible(now: Date, limit: number): Promise<JobRecord[]>;
  /** Deletes the job row; true when it existed. */
  remove(id: string): Promise<boolean>;
}

/** A store fault: an illegal transition, or a conflicting id. */
export class JobStoreError extends Error {
  constructor(
    message: string,
    readonly kind: "illegal" | "conflict",
  ) {
    super(message);
    this.name = "JobStoreError";
  }
}
