/**
 * The shared harness and the DaCHS peer for bench/tap: runs ../shared/peers/bench_vo.py (tests a
 * TAP sync CONTAINS cone, b INTERSECTS, e async submit → wait → fetch) against a TAP URL and reads
 * its JSON; finds the GAVO DaCHS peer of ../shared/peers/dachs, starting it with its start.sh when
 * it is set up but not running (and stopping it after, only then).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { send } from "./http.js";

export const PEERS_DIR = resolve(process.env.SKYPORT_PEERS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "peers"));
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

export interface VoStats {
  readonly n: number;
  readonly errors: number;
  readonly median_ms: number | null;
  readonly p95_ms: number | null;
  readonly throughput_rps: number | null;
}

export interface VoTest {
  readonly name: string;
  readonly ok: boolean;
  readonly rows: number | null;
  readonly bytes: number;
  readonly sequential?: VoStats;
  readonly concurrent?: VoStats;
  readonly error_sample?: string;
}

/** bench_vo.py's results by test letter. */
export type VoResults = Record<string, VoTest>;

export interface VoOptions {
  readonly label: string;
  readonly tapUrl: string;
  readonly tests: string;
  readonly quick: boolean;
  readonly notes: string;
}

/** Runs bench_vo.py (output streamed to our stderr) and returns its results. */
export async function runBenchVo(o: VoOptions): Promise<VoResults> {
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-tap-vo-"));
  const json = join(dir, "out.json");
  const args = [join(PEERS_DIR, "bench_vo.py"), "--label", o.label, "--tap", o.tapUrl, "--tests", o.tests, "--json", json, "--notes", o.notes];
  if (o.quick) args.push("--seq", "10", "--warmup", "2", "--duration", "5");
  process.stderr.write(`bench_vo: ${PYTHON} ${args.join(" ")}\n`);
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(PYTHON, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (c) => resolveExit(c));
  });
  try {
    if (code !== 0) throw new Error(`bench_vo.py exited with ${code}`);
    const doc = JSON.parse(readFileSync(json, "utf8")) as { runs: { results: VoResults }[] };
    return doc.runs.at(-1)!.results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reachable(tapUrl: string): Promise<boolean> {
  try {
    return (await send("GET", `${tapUrl}/capabilities`)).status === 200;
  } catch {
    return false;
  }
}

export interface Peer {
  readonly tapUrl: string;
  /** Rows of its ivoa.obscore. */
  readonly rows: number;
  stop(): void;
}

/**
 * The DaCHS peer, or why there is none. BENCH_TAP_DACHS_URL (default http://127.0.0.1:8089/tap)
 * is used when it answers; otherwise start.sh runs when setup.sh has configured the peer here.
 */
export async function dachsPeer(log: (line: string) => void): Promise<Peer | string> {
  const tapUrl = process.env.BENCH_TAP_DACHS_URL ?? "http://127.0.0.1:8089/tap";
  let started = false;
  if (!(await reachable(tapUrl))) {
    const work = process.env.DACHS_WORK ?? "/tmp/dachs-peer";
    if (!existsSync(join(work, "gavo.rc"))) return `DaCHS peer not set up on this machine (no ${work}/gavo.rc): run ${PEERS_DIR}/dachs/setup.sh and scale_obscore.sh as root`;
    log(`starting the DaCHS peer (${PEERS_DIR}/dachs/start.sh)`);
    const r = spawnSync("bash", [join(PEERS_DIR, "dachs", "start.sh")], { encoding: "utf8" });
    if (r.status !== 0 || !(await reachable(tapUrl))) return `DaCHS peer did not start: ${(r.stderr + r.stdout).trim().slice(-400)}`;
    started = true;
  }
  const count = await send("POST", `${tapUrl}/sync`, { REQUEST: "doQuery", LANG: "ADQL", FORMAT: "csv", QUERY: "SELECT COUNT(*) AS n FROM ivoa.obscore" });
  const rows = Number(count.body.toString("utf8").trim().split(/\r?\n/).at(-1));
  return {
    tapUrl,
    rows,
    stop() {
      if (started) spawnSync("bash", [join(PEERS_DIR, "dachs", "stop.sh")], { stdio: "ignore" });
    },
  };
}
