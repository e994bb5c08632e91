/**
 * bench/tap: the TAP service end to end over HTTP (issue 8, Done-when 4). For each registry engine
 * (SQLite; PostgreSQL + pgSphere when installed, on a private cluster) it builds 1M synthetic
 * ObsCore rows spread over the sky (bench/tap/rows.ts), starts `skyport serve` on them as a child
 * process and measures, from this process over loopback keep-alive HTTP:
 *  - a 0.5° cone, sync VOTable (TABLEDATA, all columns), random centres per request, in the
 *    CONTAINS(POINT, CIRCLE) and the INTERSECTS(s_region, CIRCLE) forms, p50/p95 at 1 and 8 clients;
 *  - an async job: create with PHASE=RUN → blocking WAIT → fetch the result (the job deleted after,
 *    untimed);
 *  - the server's RSS (/proc/<pid>/status VmRSS, every 50 ms) while it streams 5M rows as BINARY2:
 *    1M ObsCore rows CROSS JOINed with a 5-row derived table (each ObsCore row five times, all its
 *    columns), MAXREC=5000000 (the server runs with tap.syncTimeoutS=900: the stream outlasts the
 *    default 60 s);
 * then runs ../shared/peers/bench_vo.py (tests a, b, e) against this server and against the GAVO
 * DaCHS peer (../shared/peers/dachs, 1M rows added by its scale_obscore.sh) in the same run and
 * prints DaCHS/Skyport ratios (target ≥ 5×).
 *
 * Knobs: BENCH_TAP_ROWS (default 1M, --quick 20k), BENCH_TAP_STREAM_ROWS (5M; --quick 200k),
 * BENCH_TAP_ENGINES (sqlite,postgres), BENCH_TAP_SQLITE_DIR (a data directory kept and reused
 * across runs), BENCH_TAP_DACHS_URL (default http://127.0.0.1:8089/tap).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openRegistry, type RegistryLocation } from "../src/repo/registry/index.js";
import { postgresSkip, startPostgres, type TestPostgres } from "../test/support/postgres.js";
import { mulberry32 } from "../test/support/random.js";
import { type RunningServer, startServer } from "../test/support/server.js";
import { type Bench, type BenchFigure, quantile } from "./harness.js";
import { agent, queryStatus, send, tableRows } from "./tap/http.js";
import { dachsPeer, type Peer, runBenchVo, type VoResults } from "./tap/peer.js";
import { buildObsCore, skyPoint } from "./tap/rows.js";

const log = (line: string) => process.stderr.write(`bench/tap: ${line}\n`);

const CONE_RADIUS_DEG = 0.5;
const coneQuery = (form: "contains" | "intersects", ra: number, dec: number): string =>
  form === "contains"
    ? `SELECT * FROM ivoa.ObsCore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', ${ra.toFixed(6)}, ${dec.toFixed(6)}, ${CONE_RADIUS_DEG}))`
    : `SELECT * FROM ivoa.ObsCore WHERE 1=INTERSECTS(s_region, CIRCLE('ICRS', ${ra.toFixed(6)}, ${dec.toFixed(6)}, ${CONE_RADIUS_DEG}))`;

interface Mem {
  /** VmRSS, RssAnon (heap, stacks, buffers) and RssFile (file-backed pages, e.g. SQLite's mmap), KiB. */
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
}

function memKiB(pid: number): Mem {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kib("VmRSS"), anon: kib("RssAnon"), file: kib("RssFile") };
}

/** Latencies (ms, sorted) of `total` calls of `fn` spread over `clients` concurrent loops, and the wall time. */
async function hammer(fn: () => Promise<void>, clients: number, total: number): Promise<{ times: number[]; seconds: number }> {
  const times: number[] = [];
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued < total) {
        issued++;
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }
    }),
  );
  return { times: times.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

interface Ctx {
  readonly label: string;
  readonly base: string;
  readonly server: RunningServer;
  readonly quick: boolean;
  readonly rows: number;
}

async function cones(c: Ctx): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const seq = c.quick ? 30 : 200;
  const conc = c.quick ? 80 : 800;
  for (const form of ["contains", "intersects"] as const) {
    const rand = mulberry32(form === "contains" ? 7 : 8);
    let found = 0;
    let calls = 0;
    const one = async () => {
      const [ra, dec] = skyPoint(rand, 84);
      const r = await send("POST", `${c.base}/tap/sync`, { REQUEST: "doQuery", LANG: "ADQL", QUERY: coneQuery(form, ra, dec) });
      const doc = r.body.toString("utf8");
      if (r.status !== 200 || queryStatus(doc) !== "OK") throw new Error(`${form} cone: HTTP ${r.status}: ${doc.slice(0, 400)}`);
      found += tableRows(doc);
      calls++;
    };
    for (let i = 0; i < 10; i++) await one();
    found = 0;
    calls = 0;
    const s1 = await hammer(one, 1, seq);
    const s8 = await hammer(one, 8, conc);
    const note = `${c.rows} rows; random centres, ${(found / calls).toFixed(1)} rows per answer on average, all columns, TABLEDATA`;
    const name = `${c.label}: 0.5° cone ${form === "contains" ? "CONTAINS(POINT, CIRCLE)" : "INTERSECTS(s_region, CIRCLE)"}`;
    const p50 = quantile(s1.times, 0.5);
    figures.push(
      { name: `${name}, 1 client p50`, value: p50, unit: "ms", note, ...(c.label.startsWith("SQLite") ? { target: "< 15 ms", meetsTarget: p50 < 15 } : {}) },
      { name: `${name}, 1 client p95`, value: quantile(s1.times, 0.95), unit: "ms" },
      { name: `${name}, 8 clients p50`, value: quantile(s8.times, 0.5), unit: "ms" },
      { name: `${name}, 8 clients p95`, value: quantile(s8.times, 0.95), unit: "ms" },
      { name: `${name}, 8 clients throughput`, value: s8.times.length / s8.seconds, unit: "req/s" },
    );
    log(`${name}: 1 client p50 ${p50.toFixed(1)} ms, 8 clients p50 ${quantile(s8.times, 0.5).toFixed(1)} ms`);
  }
  return figures;
}

async function asyncJobs(c: Ctx): Promise<BenchFigure[]> {
  const rand = mulberry32(9);
  const n = c.quick ? 10 : 50;
  const steps = { create: [] as number[], wait: [] as number[], waits: [] as number[], fetch: [] as number[] };
  const one = async (): Promise<number> => {
    const [ra, dec] = skyPoint(rand, 84);
    const t0 = performance.now();
    const created = await send("POST", `${c.base}/tap/async`, { REQUEST: "doQuery", LANG: "ADQL", QUERY: coneQuery("contains", ra, dec), PHASE: "RUN" });
    const job = created.headers.location;
    if (created.status !== 303 || !job) throw new Error(`async create: HTTP ${created.status}: ${created.body.toString().slice(0, 300)}`);
    const jobUrl = new URL(job, `${c.base}/tap/async`).href;
    const t1 = performance.now();
    let phase = "";
    let waits = 0;
    for (; waits < 100; ) {
      waits++;
      const w = await send("GET", `${jobUrl}?WAIT=10`);
      phase = /<uws:phase>([A-Z]+)<\/uws:phase>/.exec(w.body.toString("utf8"))?.[1] ?? "";
      if (!["PENDING", "QUEUED", "EXECUTING"].includes(phase)) break;
    }
    if (phase !== "COMPLETED") throw new Error(`async job ended ${phase}`);
    const t2 = performance.now();
    const res = await send("GET", `${jobUrl}/results/result`);
    if (res.status !== 200 || queryStatus(res.body.toString("utf8")) !== "OK") throw new Error(`async result: HTTP ${res.status}`);
    const t3 = performance.now();
    steps.create.push(t1 - t0);
    steps.wait.push(t2 - t1);
    steps.waits.push(waits);
    steps.fetch.push(t3 - t2);
    await send("DELETE", jobUrl);
    return t3 - t0;
  };
  for (let i = 0; i < 3; i++) await one();
  for (const v of Object.values(steps)) v.length = 0;
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await one());
  times.sort((a, b) => a - b);
  const med = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const p50 = quantile(times, 0.5);
  const split = `medians: create ${med(steps.create).toFixed(1)} ms, WAIT until COMPLETED ${med(steps.wait).toFixed(1)} ms (${med(steps.waits)} WAIT requests), fetch ${med(steps.fetch).toFixed(1)} ms`;
  log(`${c.label}: async p50 ${p50.toFixed(1)} ms; ${split}`);
  return [
    { name: `${c.label}: async cone job create(PHASE=RUN) → WAIT → result, p50`, value: p50, unit: "ms", target: "< 50 ms", meetsTarget: p50 < 50, note: `${n} jobs one after another (CONTAINS cone); DELETE after, untimed; ${split}` },
    { name: `${c.label}: async cone job, p95`, value: quantile(times, 0.95), unit: "ms" },
  ];
}

async function streamMemory(c: Ctx, target: number): Promise<BenchFigure[]> {
  const pid = c.server.process.pid!;
  const k = Math.ceil(target / c.rows);
  const q = `SELECT o.* FROM ivoa.ObsCore AS o CROSS JOIN (SELECT TOP ${k} table_name FROM TAP_SCHEMA.tables) AS t`;
  const samples: (Mem & { bytes: number })[] = [];
  let bytes = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  const mem0 = memKiB(pid);
  samples.push({ bytes: 0, ...mem0 });
  const timer = setInterval(() => samples.push({ bytes, ...memKiB(pid) }), 50);
  const t0 = performance.now();
  let status: number;
  try {
    ({ status } = await send("POST", `${c.base}/tap/sync`, { REQUEST: "doQuery", LANG: "ADQL", QUERY: q, RESPONSEFORMAT: "votable/b2", MAXREC: String(target) }, (chunk) => {
      bytes += chunk.length;
      if (head.length < 16384) head = Buffer.concat([head, chunk]).subarray(0, 16384);
      tail = Buffer.concat([tail, chunk]).subarray(-8192);
    }));
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  samples.push({ bytes, ...memKiB(pid) });
  const end = tail.toString("latin1");
  const st = queryStatus(`${head.toString("latin1").split("<STREAM")[0] ?? ""}${end.split("</STREAM>").at(-1) ?? ""}`);
  if (status !== 200 || !end.includes("</VOTABLE>") || (st !== "OK" && st !== "OVERFLOW")) throw new Error(`stream: HTTP ${status}, status ${st}: ${end.slice(-600)}`);
  const rows = Math.min(target, c.rows * k);
  const perRow = bytes / rows;
  const mib = (kib: number) => (kib / 1024).toFixed(0);
  const peak = (key: keyof Mem) => Math.max(...samples.map((x) => x[key]));
  const marks: string[] = [];
  for (let m = 1_000_000; m <= rows; m += 1_000_000) {
    const x = samples.find((y) => y.bytes >= m * perRow);
    if (x) marks.push(`${m / 1e6}M: ${mib(x.rss)} (anon ${mib(x.anon)}, file ${mib(x.file)})`);
  }
  const last = samples.at(-1)!;
  marks.push(`end: ${mib(last.rss)} (anon ${mib(last.anon)}, file ${mib(last.file)})`);
  const first = samples.find((x) => x.bytes >= Math.min(1_000_000, rows) * perRow) ?? last;
  const anonGrowth = (peak("anon") - first.anon) / 1024;
  const rssGrowth = (peak("rss") - first.rss) / 1024;
  const startText = `${mib(mem0.rss)} (anon ${mib(mem0.anon)}, file ${mib(mem0.file)})`;
  log(`${c.label}: streamed ${rows} rows (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${seconds.toFixed(1)} s; RSS MiB start ${startText}, ${marks.join(", ")}; peak ${mib(peak("rss"))} (anon ${mib(peak("anon"))})`);
  const note = `${rows} rows = ${c.rows} ObsCore rows × ${k} (CROSS JOIN), status ${st}; RSS MiB: start ${startText}, ${marks.join(", ")}; rows located by bytes received (${perRow.toFixed(0)} B/row); file = pages of the mmap'd database`;
  return [
    { name: `${c.label}: stream ${rows} rows BINARY2, server RSS at start`, value: mem0.rss / 1024, unit: "MiB", note: `anon ${mib(mem0.anon)}, file ${mib(mem0.file)}` },
    { name: `${c.label}: stream ${rows} rows BINARY2, server RSS peak`, value: peak("rss") / 1024, unit: "MiB", note },
    { name: `${c.label}: stream BINARY2, RSS growth after the first 1M rows`, value: rssGrowth, unit: "MiB", note: "all resident pages, the database's mmap'd file pages included" },
    { name: `${c.label}: stream BINARY2, anonymous RSS growth after the first 1M rows`, value: anonGrowth, unit: "MiB", target: "flat (< 64 MiB)", meetsTarget: anonGrowth < 64 },
    { name: `${c.label}: stream BINARY2 rate`, value: rows / seconds, unit: "rows/s", note: `${(bytes / 2 ** 20 / seconds).toFixed(1)} MiB/s, ${seconds.toFixed(1)} s` },
  ];
}

/** Figures and ratios from bench_vo.py runs of Skyport and DaCHS. */
function voFigures(label: string, ours: VoResults, peer: VoResults | string): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const t of ["a", "b", "e"]) {
    const o = ours[t];
    if (!o) continue;
    const p = typeof peer === "string" ? undefined : peer[t];
    for (const mode of ["sequential", "concurrent"] as const) {
      const v = o[mode]?.median_ms;
      if (v === undefined || v === null) {
        figures.push({ name: `${label} bench_vo ${t} ${o.name}`, value: Number.NaN, unit: "ms", note: `failed: ${o.error_sample?.slice(0, 200) ?? "?"}` });
        break;
      }
      const pv = p?.[mode]?.median_ms ?? undefined;
      const note = `rows ${o.rows}; p95 ${o[mode]?.p95_ms} ms, ${o[mode]?.throughput_rps} req/s${p ? `; DaCHS rows ${p.rows}, p95 ${p[mode]?.p95_ms} ms, ${p[mode]?.throughput_rps} req/s` : typeof peer === "string" ? `; no peer: ${peer}` : ""}`;
      figures.push({
        name: `${label} bench_vo ${t} ${o.name}, ${mode === "sequential" ? "1 client" : "8 clients"} median`,
        value: v,
        unit: "ms",
        note,
        ...(pv !== undefined ? { peer: { name: "DaCHS 2.7", value: pv }, speedup: pv / v, target: ">= 5x DaCHS", meetsTarget: pv / v >= 5 } : {}),
      });
    }
  }
  return figures;
}

async function withServer<T>(env: Record<string, string>, dataDir: string, fn: (server: RunningServer) => Promise<T>): Promise<T> {
  // The 5M-row stream takes longer than the default 60 s sync limit on two shared cores.
  const server = await startServer({ SKYPORT_DATA_DIR: dataDir, SKYPORT_DEMO_AUTO_CREATE: "false", SKYPORT_TAP_SYNC_TIMEOUT_S: "900", ...env }, 180_000);
  try {
    return await fn(server);
  } finally {
    agent.destroy();
    await server.stop();
  }
}

async function measureEngine(label: string, location: RegistryLocation, env: Record<string, string>, dataDir: string, o: { quick: boolean; rows: number; streamRows: number; dachs: () => Promise<VoResults | string> }): Promise<BenchFigure[]> {
  const registry = await openRegistry(location);
  let secs: number;
  try {
    log(`${label}: building ${o.rows} ObsCore rows`);
    secs = await buildObsCore(registry, o.rows, (s) => log(`${label}: ${s}`));
  } finally {
    await registry.close();
  }
  const figures: BenchFigure[] = secs > 0 ? [{ name: `${label}: build ${o.rows} ObsCore rows`, value: o.rows / secs, unit: "rows/s", note: `${secs.toFixed(0)} s` }] : [];
  return withServer(env, dataDir, async (server) => {
    const ctx: Ctx = { label, base: server.baseUrl, server, quick: o.quick, rows: o.rows };
    log(`${label}: server ${server.baseUrl} (pid ${server.process.pid})`);
    figures.push(...(await cones(ctx)));
    figures.push(...(await asyncJobs(ctx)));
    figures.push(
      ...(await streamMemory(ctx, o.streamRows).catch((e: unknown): BenchFigure[] => {
        log(`${label}: stream failed: ${(e as Error).message.slice(0, 300)}`);
        return [{ name: `${label}: stream ${o.streamRows} rows BINARY2`, value: Number.NaN, unit: "MiB", note: `failed: ${(e as Error).message.slice(-300)}` }];
      })),
    );
    const ours = await runBenchVo({ label: `skyport-${label}`, tapUrl: `${server.baseUrl}/tap`, tests: "a,b,e", quick: o.quick, notes: `Skyport ${label}, ${o.rows} ObsCore rows; loadavg ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}` });
    figures.push(...voFigures(label, ours, await o.dachs()));
    return figures;
  });
}

export const run: Bench = async ({ quick }) => {
  const rows = Number(process.env.BENCH_TAP_ROWS ?? (quick ? 20_000 : 1_000_000));
  const streamRows = Number(process.env.BENCH_TAP_STREAM_ROWS ?? (quick ? 200_000 : 5_000_000));
  const engines = (process.env.BENCH_TAP_ENGINES ?? "sqlite,postgres").split(",");
  const figures: BenchFigure[] = [];

  // The DaCHS peer is measured once, right after the first Skyport engine (same sitting).
  let peer: Peer | string | undefined;
  let dachs: VoResults | string | undefined;
  const dachsOnce = async (): Promise<VoResults | string> => {
    if (dachs !== undefined) return dachs;
    peer = await dachsPeer(log);
    if (typeof peer === "string") {
      log(peer);
      dachs = peer;
      return dachs;
    }
    log(`DaCHS peer ${peer.tapUrl}: ${peer.rows} ObsCore rows`);
    dachs = await runBenchVo({ label: "dachs-2.7", tapUrl: peer.tapUrl, tests: "a,b,e", quick, notes: `DaCHS 2.7, ${peer.rows} ObsCore rows; loadavg ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}` });
    return dachs;
  };

  try {
    if (engines.includes("sqlite")) {
      const kept = process.env.BENCH_TAP_SQLITE_DIR;
      const dir = kept ?? mkdtempSync(join(tmpdir(), "skyport-bench-tap-"));
      try {
        figures.push(...(await measureEngine("SQLite", { kind: "sqlite", path: join(dir, "registry.sqlite3") }, {}, dir, { quick, rows, streamRows, dachs: dachsOnce })));
      } finally {
        if (!kept) rmSync(dir, { recursive: true, force: true });
      }
    }
    if (engines.includes("postgres")) {
      const skip = postgresSkip();
      if (skip !== false) figures.push({ name: "PostgreSQL", value: Number.NaN, unit: "ms", note: `skipped: ${skip}` });
      else {
        let pg: TestPostgres | undefined;
        const dir = mkdtempSync(join(tmpdir(), "skyport-bench-tap-pg-"));
        try {
          pg = await startPostgres();
          const url = pg.createDatabase("bench_tap");
          figures.push(
            ...(await measureEngine("PostgreSQL", { kind: "postgres", url }, { SKYPORT_REGISTRY_KIND: "postgres", SKYPORT_REGISTRY_POSTGRES_URL: url }, dir, { quick, rows, streamRows, dachs: dachsOnce })),
          );
        } finally {
          pg?.stop();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    if (peer && typeof peer !== "string") peer.stop();
  }
  return figures;
};
