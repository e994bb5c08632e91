/** Public surface of the jobs layer: model, transition table, store, queue, results, executors, pool. */
export { builtinExecutors, checksumExecutor, sleepExecutor } from "./builtin-executors.js";
export { daliParamsOf, ExecutorRegistry, FatalJobError, type JobContext, type JobExecutor, jobParam, TransientJobError } from "./executors.js";
export {
  ACTIVE_PHASES,
  FINAL_PHASES,
  isPhase,
  type JobError,
  jobIdentity,
  type JobOwnerAccess,
  type JobParameter,
  type JobProgress,
  type JobRecord,
  type JobResult,
  type JobSummary,
  type Phase,
  PHASES,
} from "./model.js";
export { runInThread, type ThreadHandle, type ThreadInput, type ThreadMessage } from "./thread-executor.js";
export { describeFailure, JobPool, type JobPoolOptions, JobStopped, type PoolEvent } from "./pool.js";
export { type JobQueue, REMOTE_QUEUE } from "./queue.js";
export { RESULT_ID, ResultArea, type ResultWriter } from "./results.js";
export { SqlJobStore, type SqlJobStoreOptions } from "./sql-store.js";
export {
  type Expectation,
  type JobListFilter,
  type JobStore,
  JobStoreError,
  type NewJob,
  type PendingPatch,
  type PhasePatch,
  type RecoveryReport,
} from "./store.js";
export { canTransition, phasesLeadingTo, TRANSITIONS } from "./transitions.js";
