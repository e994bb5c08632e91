/**
 * Thread side of the "checksum" job kind run with CPU isolation: hashes the chunks it is sent with
 * SHA-256 and answers the hex digest (protocol: ../thread-executor.ts).
 */
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import type { ThreadInput, ThreadMessage } from "../thread-executor.js";

const port = parentPort;
if (!port) throw new Error("sha256-thread must run in a worker thread");
const total = Number((workerData as { totalBytes?: number } | undefined)?.totalBytes ?? 0);
const hash = createHash("sha256");
let seen = 0;
port.on("message", (m: ThreadInput) => {
  if (m.kind === "chunk") {
    hash.update(m.bytes);
    seen += m.bytes.length;
    if (total > 0) port.postMessage({ kind: "progress", stage: "hashing", fraction: seen / total } satisfies ThreadMessage<string>);
    return;
  }
  port.postMessage({ kind: "done", output: hash.digest("hex") } satisfies ThreadMessage<string>);
});
