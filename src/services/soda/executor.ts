/**
 * The async SODA job (SODA 1.0 §4.1, standards.md SODA-03): one result per combination of the
 * request's filter values, in order. A combination without data (no overlap, or an ID that names
 * no dataset) still gets a result: a text/plain document starting with a SODA error label. A
 * malformed request fails the whole job (UWS ERROR with the message); I/O trouble is retried.
 */
import { isSkyportError } from "../../lib/errors/index.js";
import { daliParamsOf, FatalJobError, type JobExecutor, jobIdentity, TransientJobError } from "../../jobs/index.js";
import type { SodaService } from "./service.js";

const text = (s: string) => new TextEncoder().encode(`${s}\n`);

export function sodaExecutor(service: SodaService): JobExecutor {
  return async (job, ctx) => {
    let req: ReturnType<SodaService["parse"]>;
    try {
      req = service.parse(daliParamsOf(job.parameters), "async");
    } catch (e) {
      throw new FatalJobError(e instanceof Error ? e.message : String(e));
    }
    const combos = service.combinations(req);
    if (combos.length > service.limits.maxCutoutsPerJob) {
      throw new FatalJobError(`UsageError: the request makes ${combos.length} cut-outs; at most ${service.limits.maxCutoutsPerJob} are allowed per job`);
    }
    // The owner's rights as recorded at creation: an ID they may not see is "no dataset".
    const identity = jobIdentity(job);
    const results = [];
    for (let i = 0; i < combos.length; i++) {
      if (ctx.signal.aborted) throw new TransientJobError("aborted");
      ctx.progress("cutout", i / combos.length);
      const id = combos.length === 1 ? "cutout" : `cutout-${i + 1}`;
      try {
        const out = await service.cutout(combos[i]!, req, identity);
        if (out) results.push(await ctx.resultStore.put(id, out.body, out.contentType));
        else results.push(await ctx.resultStore.put(id, text("UsageError: no data: the cut-out's filters select no pixels of this dataset"), "text/plain"));
      } catch (e) {
        if (isSkyportError(e) && e.code === "NotFound") results.push(await ctx.resultStore.put(id, text(`UsageError: ${e.message}`), "text/plain"));
        else if (isSkyportError(e) && e.code !== "Transient" && e.code !== "Internal") throw new FatalJobError(`UsageError: ${e.message}`);
        else throw new TransientJobError(e instanceof Error ? e.message : String(e));
      }
    }
    ctx.progress("cutout", 1);
    return results;
  };
}
