/**
 * Client actions on a job's phase (UWS 1.1 §2.2.3.2: POST PHASE=RUN or PHASE=ABORT) planned
 * against the transition table of src/jobs. A plan is a move (compare-and-set from the phase the
 * service saw), a no-op (RUN of a job already queued, ABORT of an aborted one), or a refusal, which
 * the HTTP edge answers with 403 (UWS-04).
 */
import { canTransition, type Phase, TRANSITIONS } from "../../jobs/index.js";

export { canTransition, TRANSITIONS };

export type ClientAction = "RUN" | "ABORT";

export type ActionPlan =
  | { readonly kind: "move"; readonly to: Phase }
  | { readonly kind: "noop" }
  | { readonly kind: "refuse"; readonly reason: string };

/** Phases in which a RUN is accepted as already done. */
const RUNNING: readonly Phase[] = ["QUEUED", "EXECUTING", "SUSPENDED"];

/**
 * What `action` does to a job in `phase`.
 * @param heldByLimit true when the owner's active-job limit would be exceeded: RUN then HOLDs
 */
export function planAction(action: ClientAction, phase: Phase, heldByLimit = false): ActionPlan {
  if (action === "RUN") {
    if (phase === "PENDING" || phase === "HELD") {
      const to: Phase = heldByLimit ? "HELD" : "QUEUED";
      if (to === phase) return { kind: "noop" };
      return canTransition(phase, to) ? { kind: "move", to } : { kind: "refuse", reason: `cannot run a ${phase} job` };
    }
    if (RUNNING.includes(phase)) return { kind: "noop" };
    return { kind: "refuse", reason: `the job is ${phase} and cannot be run again` };
  }
  if (phase === "ABORTED") return { kind: "noop" };
  if (canTransition(phase, "ABORTED")) return { kind: "move", to: "ABORTED" };
  return { kind: "refuse", reason: `the job is ${phase} and cannot be aborted` };
}
