/** Public surface of the UWS service: the service class, request parsing, documents and actions. */
export {
  type CreateControls,
  jobParameters,
  type ListFilterParams,
  parseAction,
  parseDestruction,
  parseExecutionDuration,
  parseInstant,
  parseListFilter,
  parseWait,
  splitCreate,
  type UwsParams,
  type WaitParams,
} from "./params.js";
export { type JobUrls, renderJob, renderJobList, renderParameters, renderResults, uwsTime, UWS_NS } from "./render.js";
export { DEFAULT_UWS_LIMITS, newJobId, PhaseChangeHub, type PhaseChanges, type UwsLimits, UwsService, type UwsServiceOptions } from "./service.js";
export { type ActionPlan, type ClientAction, planAction } from "./transitions.js";
