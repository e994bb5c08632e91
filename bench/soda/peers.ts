/**
 * The peers of bench/soda: astropy's Cutout2D on the same files in this process's sitting
 * (bench/peers/soda_cutout2d.py), and ../shared/peers/bench_vo.py test d (SODA sync CIRCLE) run
 * against Skyport and the GAVO DaCHS peer by the same client. bench_vo.py picks its cut-out
 * target through TAP (the ObsCore row nearest --ra/--dec); our bench datasets have no ObsCore rows
 * and DaCHS's ObsCore also holds 1M synthetic rows without files (scale_obscore.sh), so the target
 * (ID, centre) is handed to it instead, by replacing its discover_cutout_target before main() —
 * the requests, timing and statistics are bench_vo.py's own.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { send } from "../tap/http.js";
import { PEERS_DIR } from "../tap/peer.js";

export const PYTHON = "/usr/bin/python3";
const CUTOUT2D = fileURLToPath(new URL("../peers/soda_cutout2d.py", import.meta.url));

export interface AstropyResult {
  /** Per-call milliseconds, sorted. */
  readonly ms: number[];
  readonly bytes: number[];
  /** What Cutout2D was given: the HDU's section (rows read on demand) or its whole data. */
  readonly access: "section" | "data";
}

/** astropy Cutout2D per call (open, WCS, cut, write a FITS file to memory); a string says why not. */
export function astropyCutouts(path: string, hdu: number, radiusArcsec: number, positions: readonly (readonly [number, number])[], warmup: number): AstropyResult | string {
  const args = [CUTOUT2D, path, String(hdu), String(radiusArcsec), String(warmup), ...positions.map(([ra, dec]) => `${ra},${dec}`)];
  const r = spawnSync(PYTHON, args, { encoding: "utf8", maxBuffer: 16 << 20 });
  if (r.status !== 0) return `astropy peer failed: ${(r.stderr || r.error?.message || "").trim().slice(-300)}`;
  return JSON.parse(r.stdout) as AstropyResult;
}

export interface CutoutTarget {
  readonly id: string;
  readonly raDeg: number;
  readonly decDeg: number;
}

export interface VoSodaStats {
  readonly p50: number;
  readonly p95: number;
  readonly conc50: number;
  readonly conc95: number;
  readonly bytes: number;
  readonly errors: number;
}

const WRAPPER = `
import json, os, sys
sys.path.insert(0, os.environ["BENCH_VO_DIR"])
import bench_vo
t = json.loads(os.environ["BENCH_VO_SODA_TARGET"])
bench_vo.discover_cutout_target = lambda a: (t["id"], t["raDeg"], t["decDeg"])
sys.argv[0] = "bench_vo.py"
bench_vo.main(sys.argv[1:])
`;

/** bench_vo.py test d (30″ SODA sync CIRCLE) against one service; its figures or why not. */
export async function benchVoSoda(label: string, tapUrl: string, sodaUrl: string, target: CutoutTarget, quick: boolean, notes: string): Promise<VoSodaStats | string> {
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-soda-vo-"));
  const json = join(dir, "out.json");
  const args = ["-c", WRAPPER, "--label", label, "--tap", tapUrl, "--soda", sodaUrl, "--tests", "d", "--cutout-radius", "30", "--json", json, "--notes", notes];
  if (quick) args.push("--seq", "10", "--warmup", "2", "--duration", "5");
  process.stderr.write(`bench_vo: ${label} test d, ID ${target.id} at (${target.raDeg.toFixed(5)}, ${target.decDeg.toFixed(5)})\n`);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(PYTHON, args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, BENCH_VO_DIR: PEERS_DIR, BENCH_VO_SODA_TARGET: JSON.stringify(target) } });
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) return `bench_vo.py exited with ${code}`;
    type Stats = { median_ms: number; p95_ms: number; errors: number; bytes_per_response: number };
    const doc = JSON.parse(readFileSync(json, "utf8")) as { runs: { results: Record<string, { ok: boolean; error_sample?: string; sequential?: Stats; concurrent?: Stats }> }[] };
    const d = doc.runs.at(-1)?.results.d;
    if (!d?.ok || !d.sequential) return `test d failed: ${d?.error_sample?.slice(0, 200) ?? "no result"}`;
    return {
      p50: d.sequential.median_ms,
      p95: d.sequential.p95_ms,
      conc50: d.concurrent?.median_ms ?? Number.NaN,
      conc95: d.concurrent?.p95_ms ?? Number.NaN,
      bytes: d.sequential.bytes_per_response,
      errors: d.sequential.errors + (d.concurrent?.errors ?? 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The DaCHS peer's cut-out target: the real image (a file under lsstsim/data, not one of the
 * synthetic ObsCore rows) whose centre is nearest (60°, −30°), found through its TAP.
 */
export async function dachsTarget(tapUrl: string): Promise<CutoutTarget | string> {
  const query =
    "SELECT obs_publisher_did, s_ra, s_dec FROM ivoa.obscore WHERE obs_publisher_did LIKE '%lsstsim/data/%' AND CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 60, -30, 1))=1";
  const r = await send("POST", `${tapUrl}/sync`, { REQUEST: "doQuery", LANG: "ADQL", FORMAT: "csv", QUERY: query });
  const rows = r.body.toString("utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
  if (r.status !== 200 || rows.length === 0) return `no DaCHS image near (60, -30): HTTP ${r.status} ${r.body.toString("utf8").slice(0, 200)}`;
  const rad = Math.PI / 180;
  const dist = (ra: number, dec: number) => Math.acos(Math.min(1, Math.sin(dec * rad) * Math.sin(-30 * rad) + Math.cos(dec * rad) * Math.cos(-30 * rad) * Math.cos((ra - 60) * rad)));
  const best = rows.map(([id, ra, dec]) => ({ id: id!, raDeg: Number(ra), decDeg: Number(dec) })).sort((a, b) => dist(a.raDeg, a.decDeg) - dist(b.raDeg, b.decDeg))[0]!;
  return best;
}

/** Whether the Debian PostgreSQL cluster 15/main (DaCHS's database) is online. */
export function pgMainOnline(): boolean {
  const r = spawnSync("pg_lsclusters", ["-h"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.split("\n").some((l) => /^15\s+main\s+\d+\s+online/.test(l));
}

/** Stops cluster 15/main (only called when this run's start of DaCHS brought it up). */
export function stopPgMain(): void {
  spawnSync("pg_ctlcluster", ["15", "main", "stop"], { stdio: "ignore" });
}
