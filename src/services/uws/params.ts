/**
 * UWS request parameters (UWS 1.1 §2.2.3): job-list filters (PHASE, AFTER, LAST), blocking WAIT,
 * phase actions, EXECUTIONDURATION, DESTRUCTION, and the split of a job-creation POST into UWS
 * controls and the job's own parameters. Input is the case-insensitive DALI map; faults are
 * UsageFaults naming the parameter.
 */
import { isPhase, type JobParameter, type Phase } from "../../jobs/index.js";
import { usageFault } from "../../lib/errors/index.js";
import type { ClientAction } from "./transitions.js";

/** Parameters by upper-case name (the shape of src/http/params.ts DaliParams). */
export type UwsParams = ReadonlyMap<string, readonly string[]>;

function single(params: UwsParams, name: string): string | undefined {
  const values = params.get(name);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw usageFault(`parameter ${name} may be given only once`, { param: name });
  return values[0];
}

/** An ISO-8601 instant; UWS times are UTC (UWS-05), a missing zone is read as UTC. */
export function parseInstant(value: string, param: string): Date {
  const v = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
  if (!iso.test(v)) throw usageFault(`${param} must be an ISO-8601 instant like 2030-01-01T00:00:00Z, got ${JSON.stringify(value)}`, { param });
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(v) || !v.includes("T") ? v : `${v}Z`;
  const d = new Date(zoned);
  if (Number.isNaN(d.getTime())) throw usageFault(`${param} is not a valid instant: ${JSON.stringify(value)}`, { param });
  return d;
}

function parseInteger(value: string, param: string, min: number): number {
  const n = Number(value.trim());
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw usageFault(`${param} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`, { param });
  }
  return n;
}

export interface ListFilterParams {
  readonly phases?: readonly Phase[];
  readonly after?: Date;
  readonly last?: number;
}

/** PHASE (repeatable, OR), AFTER, LAST (UWS-10). */
export function parseListFilter(params: UwsParams): ListFilterParams {
  const phases = (params.get("PHASE") ?? []).map((p) => {
    if (!isPhase(p)) throw usageFault(`PHASE must be a UWS phase name, got ${JSON.stringify(p)}`, { param: "PHASE" });
    return p;
  });
  const after = single(params, "AFTER");
  const last = single(params, "LAST");
  return {
    ...(phases.length > 0 ? { phases } : {}),
    ...(after !== undefined ? { after: parseInstant(after, "AFTER") } : {}),
    ...(last !== undefined ? { last: parseInteger(last, "LAST", 1) } : {}),
  };
}

export interface WaitParams {
  /** Seconds to block; -1 = until a change (capped by the service). */
  readonly waitS: number;
  /** Block only while the job is in this phase (UWS-09). */
  readonly phase?: Phase;
}

/** WAIT and its PHASE guard; undefined when no WAIT was asked. */
export function parseWait(params: UwsParams): WaitParams | undefined {
  const wait = single(params, "WAIT");
  if (wait === undefined) return undefined;
  const waitS = parseInteger(wait, "WAIT", -1);
  const phase = single(params, "PHASE");
  if (phase !== undefined && !isPhase(phase)) throw usageFault(`PHASE must be a UWS phase name, got ${JSON.stringify(phase)}`, { param: "PHASE" });
  return { waitS, ...(phase !== undefined ? { phase } : {}) };
}

/** PHASE=RUN or PHASE=ABORT (values are case-sensitive per DALI-02; we accept any case, as clients vary). */
export function parseAction(params: UwsParams): ClientAction {
  const v = single(params, "PHASE");
  if (v === undefined) throw usageFault("PHASE is required (RUN or ABORT)", { param: "PHASE" });
  const up = v.toUpperCase();
  if (up === "RUN" || up === "ABORT") return up;
  throw usageFault(`PHASE must be RUN or ABORT, got ${JSON.stringify(v)}`, { param: "PHASE" });
}

export function parseExecutionDuration(params: UwsParams): number {
  const v = single(params, "EXECUTIONDURATION");
  if (v === undefined) throw usageFault("EXECUTIONDURATION is required (seconds, 0 = unlimited)", { param: "EXECUTIONDURATION" });
  return parseInteger(v, "EXECUTIONDURATION", 0);
}

export function parseDestruction(params: UwsParams): Date {
  const v = single(params, "DESTRUCTION");
  if (v === undefined) throw usageFault("DESTRUCTION is required (an ISO-8601 instant)", { param: "DESTRUCTION" });
  return parseInstant(v, "DESTRUCTION");
}

/** UWS controls accepted in a job-creation POST, apart from the job's own parameters. */
export interface CreateControls {
  readonly run: boolean;
  readonly runId?: string;
  readonly executionDurationS?: number;
  readonly destruction?: Date;
}

const CONTROL_NAMES = new Set(["PHASE", "RUNID", "EXECUTIONDURATION", "DESTRUCTION"]);

/** Splits a creation POST into controls and job parameters (names lower-cased, values kept). */
export function splitCreate(params: UwsParams): { controls: CreateControls; parameters: JobParameter[] } {
  const phase = single(params, "PHASE");
  if (phase !== undefined && phase.toUpperCase() !== "RUN") throw usageFault(`PHASE at creation may only be RUN, got ${JSON.stringify(phase)}`, { param: "PHASE" });
  const runId = single(params, "RUNID");
  if (runId !== undefined && runId.length > 64) throw usageFault("RUNID is limited to 64 characters (DALI-20)", { param: "RUNID" });
  const ed = params.has("EXECUTIONDURATION") ? parseExecutionDuration(params) : undefined;
  const ds = params.has("DESTRUCTION") ? parseDestruction(params) : undefined;
  return {
    controls: {
      run: phase !== undefined,
      ...(runId !== undefined ? { runId } : {}),
      ...(ed !== undefined ? { executionDurationS: ed } : {}),
      ...(ds !== undefined ? { destruction: ds } : {}),
    },
    parameters: jobParameters(params, CONTROL_NAMES),
  };
}

/** The job parameters of a map, skipping `reserved` names; one entry per value. */
export function jobParameters(params: UwsParams, reserved: ReadonlySet<string> = new Set()): JobParameter[] {
  const out: JobParameter[] = [];
  for (const [name, values] of params) {
    if (reserved.has(name)) continue;
    for (const value of values) out.push({ name: name.toLowerCase(), value });
  }
  return out;
}
