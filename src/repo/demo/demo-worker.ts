/**
 * Worker-thread entry of the demo pool (worker-pool.ts): computes the release layout from the
 * posted configuration once, then runs each job it receives and posts the result back, moving
 * file buffers (transfer) and sharing plane memory (SharedArrayBuffer) instead of copying.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type DemoJob, runDemoJob } from "./jobs.js";
import type { ReleaseConfig } from "./release-layout.js";
import { workerLayout, type WorkerReply } from "./worker-pool.js";

const layout = workerLayout(workerData as ReleaseConfig);

parentPort?.on("message", async (m: { id: number; job: DemoJob }) => {
  try {
    const result = await runDemoJob(layout, m.job);
    const files = result.kind === "sensor" ? [result.raw, result.visitImage, result.difference] : result.kind === "coadd" ? [result.deep, ...(result.template ? [result.template] : [])] : [result.file];
    const transfer = files.map((f) => f.buffer);
    parentPort?.postMessage({ id: m.id, result } satisfies WorkerReply, transfer as ArrayBuffer[]);
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
  }
});
