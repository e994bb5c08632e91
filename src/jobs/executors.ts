/**
 * Job executors by name (STYLE.md §6: sync endpoints and async jobs run the same code). An
 * executor receives the job and a context (abort signal, progress, result writer) and returns its
 * results; it reports failures as TransientJobError (retried with backoff) or FatalJobError.
 */
import type { JobRecord, JobResult } from "./model.js";
import type { ResultWriter } from "./results.js";

/** What a running job may use. */
export interface JobContext {
  /** Aborted on ABORT, DELETE, an exceeded execution duration, a lost lease or shutdown. */
  readonly signal: AbortSignal;
  /** Reports progress: a stage name and a fraction done in [0, 1]. Cheap; writes are throttled. */
  progress(stage: string, fraction: number): void;
  /** Where results go. */
  readonly resultStore: ResultWriter;
}

export type JobExecutor = (job: JobRecord, ctx: JobContext) => Promise<JobResult[]>;

/** A failure worth retrying (a busy database, a network hiccup). Its message is shown to clients. */
export class TransientJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientJobError";
  }
}

/** A failure retrying will not fix (bad parameters, missing data). Its message is shown to clients. */
export class FatalJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalJobError";
  }
}

/** Executors by job kind. */
export class ExecutorRegistry {
  private readonly executors = new Map<string, JobExecutor>();

  /** Registers an executor; a kind may be registered once. */
  register(kind: string, executor: JobExecutor): this {
    if (this.executors.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.executors.set(kind, executor);
    return this;
  }

  get(kind: string): JobExecutor | undefined {
    return this.executors.get(kind);
  }

  kinds(): string[] {
    return [...this.executors.keys()];
  }
}

/** Job parameters (stored lower-case) as the upper-case DALI parameter map services parse. */
export function daliParamsOf(parameters: readonly { readonly name: string; readonly value: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of parameters) {
    const k = p.name.toUpperCase();
    out.set(k, [...(out.get(k) ?? []), p.value]);
  }
  return out;
}

/** The value of a job parameter (names are lower-case), or undefined. */
export function jobParam(job: JobRecord, name: string): string | undefined {
  return job.parameters.find((p) => p.name === name.toLowerCase())?.value;
}
