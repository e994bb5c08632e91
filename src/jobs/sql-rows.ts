/**
 * The job table's DDL and the mapping between its rows and JobRecord (STYLE.md §3: row types and
 * domain types are different things). Times are stored as milliseconds since the Unix epoch in
 * 64-bit integers, parameters and results as JSON text, so both engines hold identical data.
 */
import type { SqlCapabilities } from "../repo/registry/sql/database.js";
import type { JobOwnerAccess, JobParameter, JobRecord, JobResult, JobSummary, Phase } from "./model.js";

/** The job table, named to sit beside the registry's tables without collision. */
export const JOB_TABLE = "uws_job";

/** DDL for the job table and its indexes, spelled through the engine's capabilities. */
export function jobTableDdl(caps: SqlCapabilities): string {
  const big = caps.bigintType;
  return `
CREATE TABLE IF NOT EXISTS ${JOB_TABLE} (
  id VARCHAR(64) PRIMARY KEY,
  owner VARCHAR(256) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  run_id VARCHAR(64),
  phase VARCHAR(16) NOT NULL,
  parameters TEXT NOT NULL,
  creation_ms ${big} NOT NULL,
  queued_ms ${big},
  start_ms ${big},
  end_ms ${big},
  execution_duration_s ${big} NOT NULL,
  destruction_ms ${big},
  quote_ms ${big},
  results TEXT NOT NULL,
  error_type VARCHAR(16),
  error_message TEXT,
  progress_stage VARCHAR(256),
  progress_fraction ${caps.floatType},
  attempts INTEGER NOT NULL,
  max_attempts INTEGER NOT NULL,
  run_after_ms ${big} NOT NULL,
  lease_owner VARCHAR(128),
  lease_expires_ms ${big},
  version ${big} NOT NULL,
  owner_access TEXT
);
CREATE INDEX IF NOT EXISTS ${JOB_TABLE}_owner ON ${JOB_TABLE} (owner, creation_ms);
CREATE INDEX IF NOT EXISTS ${JOB_TABLE}_runnable ON ${JOB_TABLE} (phase, run_after_ms);
CREATE INDEX IF NOT EXISTS ${JOB_TABLE}_destruction ON ${JOB_TABLE} (destruction_ms);
`;
}

/** A row of the job table as read. */
export interface JobRow {
  readonly id: string;
  readonly owner: string;
  readonly owner_access: string | null;
  readonly kind: string;
  readonly run_id: string | null;
  readonly phase: string;
  readonly parameters: string;
  readonly creation_ms: number;
  readonly queued_ms: number | null;
  readonly start_ms: number | null;
  readonly end_ms: number | null;
  readonly execution_duration_s: number;
  readonly destruction_ms: number | null;
  readonly quote_ms: number | null;
  readonly results: string;
  readonly error_type: string | null;
  readonly error_message: string | null;
  readonly progress_stage: string | null;
  readonly progress_fraction: number | null;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly run_after_ms: number;
  readonly lease_owner: string | null;
  readonly lease_expires_ms: number | null;
  readonly version: number;
}

const date = (ms: number | null): Date | null => (ms === null || ms === undefined ? null : new Date(Number(ms)));

/** Milliseconds of a Date, or null. */
export const millis = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** Maps a row to the domain record. */
export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    owner: row.owner,
    ownerAccess: row.owner_access ? (JSON.parse(row.owner_access) as JobOwnerAccess) : null,
    kind: row.kind,
    runId: row.run_id,
    phase: row.phase as Phase,
    parameters: JSON.parse(row.parameters) as JobParameter[],
    creationTime: new Date(Number(row.creation_ms)),
    queuedTime: date(row.queued_ms),
    startTime: date(row.start_ms),
    endTime: date(row.end_ms),
    executionDurationS: Number(row.execution_duration_s),
    destruction: date(row.destruction_ms),
    quote: date(row.quote_ms),
    results: JSON.parse(row.results) as JobResult[],
    error: row.error_type ? { type: row.error_type === "transient" ? "transient" : "fatal", message: row.error_message ?? "" } : null,
    progress: row.progress_stage !== null ? { stage: row.progress_stage, fraction: Number(row.progress_fraction ?? 0) } : null,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAfter: new Date(Number(row.run_after_ms)),
    leaseOwner: row.lease_owner,
    leaseExpires: date(row.lease_expires_ms),
    version: Number(row.version),
  };
}

/** Maps a list row to a job summary. */
export function toSummary(row: Pick<JobRow, "id" | "owner" | "run_id" | "phase" | "creation_ms">): JobSummary {
  return { id: row.id, owner: row.owner, runId: row.run_id, phase: row.phase as Phase, creationTime: new Date(Number(row.creation_ms)) };
}
