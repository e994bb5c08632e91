/**
 * CPU isolation for job kinds that ask for it: a step runs in a worker thread so a long
 * computation never stalls the event loop that serves HTTP, heartbeats leases and runs other jobs.
 * The thread module speaks a small message protocol (ThreadMessage); abort terminates the thread.
 * Under tsx (TypeScript sources) the thread first registers tsx, which is per-thread in Node 20.
 */
import { Worker } from "node:worker_threads";

/** Messages from a job thread to the pool. */
export type ThreadMessage<TOut> =
  | { readonly kind: "progress"; readonly stage: string; readonly fraction: number }
  | { readonly kind: "done"; readonly output: TOut }
  | { readonly kind: "error"; readonly message: string };

/** Messages from the pool to a job thread: input chunks, then the end. */
export type ThreadInput = { readonly kind: "chunk"; readonly bytes: Uint8Array } | { readonly kind: "end" };

export interface ThreadHandle<TOut> {
  /** Sends a chunk (transferred, so the caller must not reuse it). */
  send(bytes: Uint8Array): void;
  end(): void;
  /** Stops the thread (idempotent); call it when the input fails. */
  terminate(): void;
  /** The thread's output; rejects on a thread error or abort (with the signal's reason). */
  readonly output: Promise<TOut>;
}

function startThread(moduleUrl: URL, workerData: unknown): Worker {
  if (!moduleUrl.pathname.endsWith(".ts")) return new Worker(moduleUrl, { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(moduleUrl.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/**
 * Starts `moduleUrl` in a worker thread.
 * @param workerData the thread's start parameters (structured-cloned)
 * @param ctx abort signal and progress sink of the job
 */
export function runInThread<TOut>(
  moduleUrl: URL,
  workerData: unknown,
  ctx: { readonly signal: AbortSignal; progress(stage: string, fraction: number): void },
): ThreadHandle<TOut> {
  const worker = startThread(moduleUrl, workerData);
  const output = new Promise<TOut>((resolve, reject) => {
    const onAbort = () => {
      void worker.terminate();
      reject(ctx.signal.reason);
    };
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    const settle = () => {
      ctx.signal.removeEventListener("abort", onAbort);
      void worker.terminate();
    };
    worker.on("message", (m: ThreadMessage<TOut>) => {
      if (m.kind === "progress") ctx.progress(m.stage, m.fraction);
      else if (m.kind === "done") {
        settle();
        resolve(m.output);
      } else {
        settle();
        reject(new Error(m.message));
      }
    });
    worker.on("error", (e) => {
      settle();
      reject(e);
    });
    worker.on("exit", (code) => {
      if (code !== 0 && !ctx.signal.aborted) reject(new Error(`job thread exited with code ${code}`));
    });
  });
  output.catch(() => undefined);
  return {
    send: (bytes) => worker.postMessage({ kind: "chunk", bytes } satisfies ThreadInput, [bytes.buffer as ArrayBuffer]),
    end: () => worker.postMessage({ kind: "end" } satisfies ThreadInput),
    terminate: () => void worker.terminate(),
    output,
  };
}
