/**
 * A small pool of worker threads for the demo's jobs (jobs.ts), so generation uses the machine's
 * cores; results do not depend on which worker ran a job, because every job draws from its own
 * seeded streams. Each worker computes the release layout once from the posted configuration.
 * With zero workers, or when workers cannot start (a runtime without them), jobs run in-process.
 */
import { Worker } from "node:worker_threads";
import { type DemoJob, type DemoJobResult, runDemoJob } from "./jobs.js";
import { type ReleaseConfig, type ReleaseLayout, releaseLayout } from "./release-layout.js";

/** Messages from a worker. */
export type WorkerReply = { readonly id: number; readonly result: DemoJobResult } | { readonly id: number; readonly error: string };

/**
 * Starts a worker on demo-worker, which sits beside this module: .js when compiled; .ts when run
 * from source under tsx, whose loader hooks a worker does not inherit, so a one-line bootstrap
 * registers tsx in the worker before importing the entry.
 */
function startWorker(config: ReleaseConfig): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./demo-worker.js", import.meta.url), { workerData: config });
  const entry = new URL("./demo-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: config });
}

interface Pending {
  readonly job: DemoJob;
  readonly resolve: (r: DemoJobResult) => void;
  readonly reject: (e: Error) => void;
}

/** Runs jobs on up to `size` workers, in submission order per worker. */
export class DemoPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; p: Pending }[] = [];
  private readonly running = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly layout: ReleaseLayout,
    size: number,
  ) {
    for (let i = 0; i < size; i++) {
      const w = startWorker(layout.config);
      w.on("message", (m: WorkerReply) => this.settle(w, m));
      w.on("error", (e) => this.fail(e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Runs a job (in a worker when the pool has any). */
  run(job: DemoJob): Promise<DemoJobResult> {
    if (this.workers.length === 0) return runDemoJob(this.layout, job);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, p: { job, resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { id, p } = this.queue.shift()!;
      this.running.set(id, p);
      w.postMessage({ id, job: p.job });
    }
  }

  private settle(w: Worker, m: WorkerReply): void {
    const p = this.running.get(m.id);
    this.running.delete(m.id);
    this.idle.push(w);
    if (p) {
      if ("error" in m) p.reject(new Error(m.error));
      else p.resolve(m.result);
    }
    this.pump();
  }

  private fail(e: Error): void {
    for (const p of this.running.values()) p.reject(e);
    for (const { p } of this.queue) p.reject(e);
    this.running.clear();
    this.queue.length = 0;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The layout a worker computes for itself (exported for the worker entry). */
export function workerLayout(config: ReleaseConfig): ReleaseLayout {
  return releaseLayout(config);
}
