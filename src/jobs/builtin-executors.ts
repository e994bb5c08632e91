/**
 * Two real executors for tests and the benchmark. "sleep" waits MS milliseconds in small steps,
 * reporting progress and honouring abort; FAIL_ATTEMPTS=n makes its first n attempts fail
 * transiently and FAIL=fatal makes it fail for good. "checksum" computes the SHA-256 of a datastore
 * object (KEY) or of given text (DATA) into a text result "checksum"; "checksum-thread" does the
 * same with the hashing in a worker thread.
 */
import { createHash } from "node:crypto";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Datastore } from "../repo/datastore/index.js";
import { ExecutorRegistry, FatalJobError, type JobExecutor, jobParam, TransientJobError } from "./executors.js";
import type { JobRecord } from "./model.js";
import { runInThread } from "./thread-executor.js";

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new FatalJobError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** "sleep": waits, in ten steps, then succeeds with no results (or with a small "out" result when RESULT=1). */
export const sleepExecutor: JobExecutor = async (job, ctx) => {
  const ms = intParam(jobParam(job, "ms"), "MS", 100);
  if (job.attempts <= intParam(jobParam(job, "fail_attempts"), "FAIL_ATTEMPTS", 0)) {
    throw new TransientJobError(`simulated transient failure on attempt ${job.attempts}`);
  }
  if (jobParam(job, "fail") === "fatal") throw new FatalJobError("simulated fatal failure");
  const steps = ms >= 50 ? 10 : 1;
  for (let i = 0; i < steps; i++) {
    ctx.progress("sleeping", i / steps);
    await abortable(ms / steps, ctx.signal);
  }
  ctx.progress("done", 1);
  if (jobParam(job, "result") !== "1") return [];
  return [await ctx.resultStore.put("out", new TextEncoder().encode(`slept ${ms} ms\n`), "text/plain")];
};

const CHUNK_BYTES = 1 << 20;

/** The bytes to hash, in chunks: DATA as UTF-8, or the datastore object KEY read in ranges. */
async function* checksumInput(job: JobRecord, datastore: Datastore, signal: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const key = jobParam(job, "key");
  const data = jobParam(job, "data");
  if ((key === undefined) === (data === undefined)) throw new FatalJobError("give exactly one of KEY (a datastore object) or DATA (text)");
  if (data !== undefined) {
    yield new TextEncoder().encode(data);
    return;
  }
  if (!(await datastore.exists(key!))) throw new FatalJobError(`no datastore object ${key}`);
  const file = await datastore.open(key!);
  try {
    for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
      if (signal.aborted) throw signal.reason;
      yield await file.read(offset, Math.min(CHUNK_BYTES, file.size - offset));
    }
  } finally {
    await file.close();
  }
}

async function inputSize(job: JobRecord, datastore: Datastore): Promise<number> {
  const key = jobParam(job, "key");
  return key === undefined ? 0 : ((await datastore.stat(key))?.size ?? 0);
}

/**
 * "checksum" over a datastore. With `isolate`, the hashing runs in a worker thread
 * (thread-executor.ts), the kind to use for large inputs next to latency-sensitive work.
 */
export function checksumExecutor(datastore: Datastore, options: { isolate?: boolean } = {}): JobExecutor {
  return async (job, ctx) => {
    const total = await inputSize(job, datastore);
    let hex: string;
    if (options.isolate) {
      const thread = runInThread<string>(new URL(`./threads/sha256-thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url), { totalBytes: total }, ctx);
      try {
        for await (const chunk of checksumInput(job, datastore, ctx.signal)) thread.send(chunk.slice());
        thread.end();
        hex = await thread.output;
      } finally {
        thread.terminate();
      }
    } else {
      const hash = createHash("sha256");
      let seen = 0;
      for await (const chunk of checksumInput(job, datastore, ctx.signal)) {
        hash.update(chunk);
        seen += chunk.length;
        if (total > 0) ctx.progress("hashing", seen / total);
      }
      hex = hash.digest("hex");
    }
    ctx.progress("done", 1);
    return [await ctx.resultStore.put("checksum", new TextEncoder().encode(`${hex}\n`), "text/plain")];
  };
}

/** A registry holding the built-in executors: "sleep", "checksum" and "checksum-thread". */
export function builtinExecutors(datastore: Datastore): ExecutorRegistry {
  return new ExecutorRegistry()
    .register("sleep", sleepExecutor)
    .register("checksum", checksumExecutor(datastore))
    .register("checksum-thread", checksumExecutor(datastore, { isolate: true }));
}
