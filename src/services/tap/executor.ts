/**
 * The async TAP job (TAP 1.1 §2.1, UWS): the same TapService.run as /sync, with the job's
 * execution duration as the database time limit, its result written as `result` (TAP-10; an
 * empty table is still a result, TAP-11). Query faults fail the job for good with their message
 * (the UWS error document); anything else is retried as transient.
 */
import { isSkyportError } from "../../lib/errors/index.js";
import { daliParamsOf, FatalJobError, type JobExecutor, jobIdentity, TransientJobError } from "../../jobs/index.js";
import type { TapService } from "./service.js";

export function tapExecutor(service: TapService): JobExecutor {
  return async (job, ctx) => {
    try {
      ctx.progress("query", 0);
      const request = service.parse(daliParamsOf(job.parameters));
      const limitS = job.executionDurationS > 0 ? job.executionDurationS : service.limits.asyncMaxTimeoutS;
      // The owner's rights as recorded at creation: the result holds only what they may see.
      const response = await service.run(request, { timeoutMs: limitS * 1000, signal: ctx.signal, identity: jobIdentity(job) });
      const result = await ctx.resultStore.put("result", response.body, response.format.mime);
      ctx.progress("query", 1);
      return [result];
    } catch (e) {
      if (isSkyportError(e) && e.code !== "Transient" && e.code !== "Internal") throw new FatalJobError(e.message);
      if (e instanceof FatalJobError || e instanceof TransientJobError) throw e;
      if (ctx.signal.aborted) throw e;
      throw new TransientJobError(e instanceof Error ? e.message : String(e));
    }
  };
}
