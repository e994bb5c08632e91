/**
 * bench/sia (issue 9, Done-when 4): an SIA 2.0 POS+BAND+TIME query on 1M ObsCore rows, p50/p95
 * at 1 and 8 concurrent clients over HTTP (target p50 under 15 ms), the same query through the
 * peers' harness bench_vo.py (test c) against Skyport and, when set up here, the GAVO DaCHS peer
 * in the same sitting (target: at most 1/5 of its time); and a DataLink {links} request p50 on a
 * small demo release (target under 5 ms). BENCH_SIA_ROWS overrides the size.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openRegistry } from "../src/repo/registry/index.js";
import { mulberry32 } from "../test/support/random.js";
import { type RunningServer, startServer } from "../test/support/server.js";
import { type Bench, type BenchFigure, quantile } from "./harness.js";
import { agent, send } from "./tap/http.js";
import { dachsPeer, PEERS_DIR } from "./tap/peer.js";
import { buildObsCore, skyPoint } from "./tap/rows.js";

const PYTHON = "/usr/bin/python3";
const log = (s: string) => process.stderr.write(`bench/sia: ${s}\n`);

async function clients(fn: () => Promise<void>, n: number, total: number): Promise<number[]> {
  const times: number[] = [];
  let left = total;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (left-- > 0) {
        const t0 = performance.now();
        await fn();
        times.push(performance.now() - t0);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

/** bench_vo.py test c (SIAv2 POS+BAND+TIME) against one service; its sequential median, ms. */
async function benchVoSia(label: string, tap: string, sia: string, quick: boolean): Promise<{ p50: number; p95: number; conc: number } | string> {
  const json = join(mkdtempSync(join(tmpdir(), "skyport-bench-sia-")), "out.json");
  const args = [join(PEERS_DIR, "bench_vo.py"), "--label", label, "--tap", tap, "--sia", sia, "--tests", "c", "--json", json];
  if (quick) args.push("--seq", "10", "--warmup", "2", "--duration", "5");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) return `bench_vo.py exited with ${code}`;
  type Stats = { median_ms: number; p95_ms: number };
  const doc = JSON.parse(readFileSync(json, "utf8")) as { runs: { results: Record<string, { ok?: boolean; sequential?: Stats; concurrent?: Stats }> }[] };
  const r = doc.runs.at(-1)?.results.c;
  if (!r?.sequential) return `no result (${JSON.stringify(r ?? {}).slice(0, 200)})`;
  return { p50: r.sequential.median_ms, p95: r.sequential.p95_ms, conc: r.concurrent?.median_ms ?? Number.NaN };
}

async function siaFigures(server: RunningServer, rows: number, quick: boolean): Promise<BenchFigure[]> {
  const rand = mulberry32(7);
  const query = async () => {
    const [ra, dec] = skyPoint(rand, 80);
    const r = await send("GET", `${server.baseUrl}/sia/query?${new URLSearchParams({ POS: `CIRCLE ${ra} ${dec} 0.5`, BAND: "5.5e-7 7e-7", TIME: "60000 60800" })}`);
    if (r.status !== 200) throw new Error(`SIA answered ${r.status}: ${r.body.toString("utf8").slice(0, 300)}`);
  };
  for (let i = 0; i < 10; i++) await query();
  const n = quick ? 40 : 300;
  const one = await clients(query, 1, n);
  const eight = await clients(query, 8, n);
  const figures: BenchFigure[] = [
    { name: `SIA POS(0.5°)+BAND+TIME, ${rows} rows, 1 client, p50`, value: quantile(one, 0.5), unit: "ms", target: "< 15 ms", meetsTarget: quantile(one, 0.5) < 15, note: `p95 ${quantile(one, 0.95).toFixed(1)} ms` },
    { name: `SIA POS(0.5°)+BAND+TIME, ${rows} rows, 8 clients, p50`, value: quantile(eight, 0.5), unit: "ms", note: `p95 ${quantile(eight, 0.95).toFixed(1)} ms` },
  ];
  const ours = await benchVoSia("skyport", `${server.baseUrl}/tap`, `${server.baseUrl}/sia/query`, quick);
  const peer = await dachsPeer(log);
  const dachs: Awaited<ReturnType<typeof benchVoSia>> = typeof peer === "string" ? peer : await benchVoSia("dachs", peer.tapUrl, peer.tapUrl.replace(/\/tap$/, "/__system__/siap2/sitewide/siap2.xml"), quick);
  if (typeof peer !== "string") peer.stop();
  if (typeof ours === "string") figures.push({ name: "bench_vo.py test c (Skyport)", value: Number.NaN, unit: "ms", note: ours });
  else if (typeof dachs === "string") figures.push({ name: "bench_vo.py test c, Skyport p50", value: ours.p50, unit: "ms", note: `DaCHS peer not measured: ${dachs}` });
  else {
    const speedup = dachs.p50 / ours.p50;
    figures.push({ name: "bench_vo.py test c, p50 (DaCHS beside)", value: ours.p50, unit: "ms", peer: { name: "DaCHS 2.7", value: dachs.p50 }, speedup, target: "≤ 1/5 of DaCHS", meetsTarget: speedup >= 5, note: `8 clients: ${ours.conc.toFixed(1)} vs ${dachs.conc.toFixed(1)} ms` });
  }
  return figures;
}

async function linksFigure(quick: boolean): Promise<BenchFigure[]> {
  const server = await startServer({ SKYPORT_DEMO_AUTO_CREATE: "true", SKYPORT_DEMO_VISITS: "3", SKYPORT_DEMO_DETECTOR_SIZE: "256" }, 240_000);
  try {
    const csv = await send("GET", `${server.baseUrl}/tap/sync?${new URLSearchParams({ LANG: "ADQL", RESPONSEFORMAT: "csv", QUERY: "SELECT obs_publisher_did FROM ivoa.ObsCore" })}`);
    const dids = csv.body.toString("utf8").trim().split(/\r?\n/).slice(1);
    let i = 0;
    const links = async () => {
      const did = dids[i++ % dids.length] as string;
      const r = await send("GET", `${server.baseUrl}/datalink/links?ID=${encodeURIComponent(did)}`);
      if (r.status !== 200) throw new Error(`links answered ${r.status}`);
    };
    for (let k = 0; k < 20; k++) await links();
    const t = await clients(links, 1, quick ? 50 : 400);
    return [{ name: `DataLink {links}, one ID (demo release, ${dids.length} datasets), p50`, value: quantile(t, 0.5), unit: "ms", target: "< 5 ms", meetsTarget: quantile(t, 0.5) < 5, note: `p95 ${quantile(t, 0.95).toFixed(1)} ms` }];
  } finally {
    agent.destroy();
    await server.stop();
  }
}

export const run: Bench = async ({ quick }) => {
  const rows = Number(process.env.BENCH_SIA_ROWS ?? (quick ? 20_000 : 1_000_000));
  const dir = process.env.BENCH_SIA_DIR ?? mkdtempSync(join(tmpdir(), "skyport-bench-sia-"));
  const figures: BenchFigure[] = [];
  try {
    const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") });
    try {
      await buildObsCore(registry, rows, log);
    } finally {
      await registry.close();
    }
    const server = await startServer({ SKYPORT_DATA_DIR: dir, SKYPORT_DEMO_AUTO_CREATE: "false" }, 180_000);
    try {
      figures.push(...(await siaFigures(server, rows, quick)));
    } finally {
      await server.stop();
    }
    figures.push(...(await linksFigure(quick)));
  } finally {
    if (!process.env.BENCH_SIA_DIR) rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};
