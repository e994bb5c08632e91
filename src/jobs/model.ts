/**
 * The job model shared by the UWS service, the job store and the runners: phases (UWS 1.1 §2.2.2),
 * the job record as stored, results and progress. Plain immutable data; no I/O.
 */
import { type Identity, isScope } from "../repo/auth/index.js";

/** Every UWS 1.1 execution phase (UWS-v1.1.xsd `ExecutionPhase`). */
export const PHASES = [
  "PENDING",
  "QUEUED",
  "EXECUTING",
  "COMPLETED",
  "ERROR",
  "ABORTED",
  "UNKNOWN",
  "HELD",
  "SUSPENDED",
  "ARCHIVED",
] as const;

export type Phase = (typeof PHASES)[number];

/** Phases a job can still leave on its own or by a client action (UWS-08 blocks WAIT only in the first three). */
export const ACTIVE_PHASES: readonly Phase[] = ["PENDING", "QUEUED", "HELD", "EXECUTING", "SUSPENDED"];

/** Phases that end a job's execution. */
export const FINAL_PHASES: readonly Phase[] = ["COMPLETED", "ERROR", "ABORTED", "ARCHIVED"];

export function isPhase(s: string): s is Phase {
  return (PHASES as readonly string[]).includes(s);
}

/** One job parameter; names are kept lower-case (DALI-01), values as sent (DALI-02). */
export interface JobParameter {
  readonly name: string;
  readonly value: string;
}

/** A result file of a job, stored in the datastore scratch area under `key`. */
export interface JobResult {
  /** Result id, unique within the job (UWS-11); the last path segment of its URL. */
  readonly id: string;
  /** Datastore key of the bytes. */
  readonly key: string;
  readonly size: number;
  readonly mimeType: string;
}

/** Why a job failed (UWS `errorSummary`). */
export interface JobError {
  readonly type: "transient" | "fatal";
  readonly message: string;
}

/** What a running job reports: a stage name and a fraction done in [0, 1]. */
export interface JobProgress {
  readonly stage: string;
  readonly fraction: number;
}

/**
 * The owner's rights when the job was created (groups and scopes of their token), so the job runs
 * with exactly the caller's access wherever and whenever a worker takes it.
 */
export interface JobOwnerAccess {
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
}

/** A job as stored. Times are JavaScript Dates (UTC instants). */
export interface JobRecord {
  readonly id: string;
  readonly owner: string;
  /** Null for jobs made before rights were recorded: they run with no groups or scopes. */
  readonly ownerAccess: JobOwnerAccess | null;
  /** Executor name (a key of the executor registry). */
  readonly kind: string;
  readonly runId: string | null;
  readonly phase: Phase;
  readonly parameters: readonly JobParameter[];
  readonly creationTime: Date;
  /** When the job was last put in the queue (for submit-to-start latency). */
  readonly queuedTime: Date | null;
  readonly startTime: Date | null;
  readonly endTime: Date | null;
  /** Seconds of wall-clock execution allowed; 0 = unlimited. */
  readonly executionDurationS: number;
  readonly destruction: Date | null;
  readonly quote: Date | null;
  readonly results: readonly JobResult[];
  readonly error: JobError | null;
  readonly progress: JobProgress | null;
  /** Executions started so far (a retry or a recovery counts again). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Earliest time a queued or suspended job may be claimed (retry backoff). */
  readonly runAfter: Date;
  /** The worker holding the execution lease, and until when. */
  readonly leaseOwner: string | null;
  readonly leaseExpires: Date | null;
  /** Bumped on every change. */
  readonly version: number;
}

/** The short form listed by the job list (UWS `jobref`). */
export type JobSummary = Pick<JobRecord, "id" | "owner" | "runId" | "phase" | "creationTime">;

/** The identity a job runs as: its owner with the groups and scopes recorded when it was created. */
export function jobIdentity(job: Pick<JobRecord, "owner" | "ownerAccess">): Identity {
  const scopes = (job.ownerAccess?.scopes ?? []).filter(isScope);
  return { subject: job.owner, groups: [...(job.ownerAccess?.groups ?? [])], scopes, anonymous: job.owner === "anonymous" };
}
