/**
 * The UWS phase machine as one table of allowed (from, to) pairs (STYLE.md §6; UWS 1.1 §2.2.2,
 * in the manner of DaCHS's UWSTransitions). The job store refuses any phase change not listed here,
 * and every change is compare-and-set against the phase the caller saw.
 *
 * Our reading of the less common phases: HELD is "RUN accepted but the owner's active-job limit is
 * reached" (the client RUNs again); SUSPENDED is "the server paused the execution" — a transient
 * failure waiting for its retry, a graceful shutdown, or a worker that died — and a worker resumes
 * it to EXECUTING on its own. UNKNOWN is never stored.
 */
import type { Phase } from "./model.js";

/** Allowed next phases for each phase. */
export const TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  PENDING: ["QUEUED", "HELD", "ABORTED", "ERROR"],
  HELD: ["QUEUED", "ABORTED", "ERROR"],
  QUEUED: ["EXECUTING", "ABORTED", "ERROR"],
  EXECUTING: ["COMPLETED", "ERROR", "ABORTED", "SUSPENDED"],
  SUSPENDED: ["EXECUTING", "ABORTED", "ERROR"],
  COMPLETED: ["ARCHIVED"],
  ERROR: ["ARCHIVED"],
  ABORTED: ["ARCHIVED"],
  ARCHIVED: [],
  UNKNOWN: [],
};

/** True when `from → to` is in the table. */
export function canTransition(from: Phase, to: Phase): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The phases from which `to` may be reached. */
export function phasesLeadingTo(to: Phase): Phase[] {
  return (Object.keys(TRANSITIONS) as Phase[]).filter((from) => canTransition(from, to));
}
