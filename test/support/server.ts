/**
 * Starts the real `skyport serve` as a child process on a free loopback port for end-to-end tests,
 * with its own data directory, and stops it after. Uses the compiled CLI (bin/skyport.js) when
 * SKYPORT_TEST_BIN=dist (test:all builds first), otherwise the TypeScript sources through tsx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./oracles.js";

export interface RunningServer {
  readonly baseUrl: string;
  readonly process: ChildProcess;
  readonly logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The argv prefix that runs the skyport CLI. */
export function cliCommand(): string[] {
  return process.env.SKYPORT_TEST_BIN === "dist"
    ? [join(REPO_ROOT, "bin", "skyport.js")]
    : ["--import", pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(REPO_ROOT, "src", "cli", "main.ts")];
}

export async function startServer(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "skyport-e2e-"));
  const child = spawn(process.execPath, [...cliCommand(), "serve"], {
    cwd: dataDir,
    env: { ...process.env, SKYPORT_DATA_DIR: dataDir, SKYPORT_SERVER_PORT: "0", SKYPORT_SERVER_HOST: "127.0.0.1", SKYPORT_DEMO_AUTO_CREATE: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${logs.join("\n")}`)), timeoutMs);
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        try {
          const rec = JSON.parse(line) as { msg?: string; baseUrl?: string };
          if (rec.msg === "skyport listening" && rec.baseUrl) {
            clearTimeout(timer);
            resolve(rec.baseUrl);
          }
        } catch {
          /* not a JSON log line */
        }
        nl = buffer.indexOf("\n");
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => logs.push(chunk.toString("utf8")));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });
  return {
    baseUrl,
    process: child,
    logs,
    stop(signal: NodeJS.Signals = "SIGTERM") {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
