/**
 * bench/auth: what the access policy costs on the TAP cone query of bench/tap (issue 11, Done-when
 * 4: under 10% added latency). One `skyport serve` over 1M synthetic ObsCore rows (bench/tap/rows.ts:
 * 1% proprietary, 1% under embargo) answers the same 0.5° CONTAINS cone, random centres, TABLEDATA,
 * for three callers taking turns request by request (so drift on a shared machine hits all alike):
 *  - admin (Bearer token with the admin scope): no row restriction — the query as it ran before;
 *  - anonymous: the policy's restriction on every table read;
 *  - a group member (Basic with the token as password): the restriction with its group tests.
 * Tokens are verified through the token cache like any production request. Reported: p50/p95 per
 * caller and the added latency of each restricted caller over admin at p50.
 *
 * Knobs: BENCH_AUTH_ROWS (default 1M, --quick 20k), BENCH_AUTH_DIR (a data directory kept and
 * reused across runs; bench/tap's BENCH_TAP_SQLITE_DIR holds the same rows).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SqlTokenStore } from "../src/repo/auth/index.js";
import { openRegistry } from "../src/repo/registry/index.js";
import { mulberry32 } from "../test/support/random.js";
import { startServer } from "../test/support/server.js";
import { type Bench, type BenchFigure, quantile } from "./harness.js";
import { agent, queryStatus, send, tableRows } from "./tap/http.js";
import { buildObsCore, skyPoint } from "./tap/rows.js";

const log = (line: string) => process.stderr.write(`bench/auth: ${line}\n`);

const cone = (ra: number, dec: number) => `SELECT * FROM ivoa.ObsCore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', ${ra.toFixed(6)}, ${dec.toFixed(6)}, 0.5))`;

export const run: Bench = async ({ quick }) => {
  const rows = Number(process.env.BENCH_AUTH_ROWS ?? (quick ? 20_000 : 1_000_000));
  const kept = process.env.BENCH_AUTH_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), "skyport-bench-auth-"));
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") }, { create: true });
  const callers: { name: string; headers: Record<string, string>; times: number[]; rows: number }[] = [];
  try {
    log(`building ${rows} ObsCore rows in ${dir}`);
    await buildObsCore(registry, rows, log);
    const store = new SqlTokenStore(registry.database!);
    await store.init();
    const admin = (await store.create({ subject: "bench-admin", scopes: ["admin", "read:tap"] })).token;
    const member = (await store.create({ subject: "bench-member", groups: ["bench-team", "other"], scopes: ["read:tap"] })).token;
    callers.push(
      { name: "admin (no restriction)", headers: { authorization: `Bearer ${admin}` }, times: [], rows: 0 },
      { name: "anonymous", headers: {}, times: [], rows: 0 },
      { name: "group member (Basic)", headers: { authorization: `Basic ${Buffer.from(`bench:${member}`).toString("base64")}` }, times: [], rows: 0 },
    );
  } finally {
    await registry.close();
  }
  const server = await startServer({ SKYPORT_DATA_DIR: dir, SKYPORT_DEMO_AUTO_CREATE: "false" }, 180_000);
  try {
    const rand = mulberry32(11);
    const n = quick ? 40 : 400;
    for (let i = -10; i < n; i++) {
      const [ra, dec] = skyPoint(rand, 84);
      const query = cone(ra, dec);
      for (const c of i % 2 === 0 ? callers : [...callers].reverse()) {
        const t0 = performance.now();
        const r = await send("POST", `${server.baseUrl}/tap/sync`, { REQUEST: "doQuery", LANG: "ADQL", QUERY: query }, undefined, c.headers);
        const ms = performance.now() - t0;
        const doc = r.body.toString("utf8");
        if (r.status !== 200 || queryStatus(doc) !== "OK") throw new Error(`${c.name}: HTTP ${r.status}: ${doc.slice(0, 300)}`);
        if (i >= 0) {
          c.times.push(ms);
          c.rows += tableRows(doc);
        }
      }
    }
  } finally {
    agent.destroy();
    await server.stop();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
  const figures: BenchFigure[] = [];
  const base = quantile(callers[0]!.times.sort((a, b) => a - b), 0.5);
  for (const c of callers) {
    c.times.sort((a, b) => a - b);
    const p50 = quantile(c.times, 0.5);
    const note = `${rows} rows, 0.5° CONTAINS cone, all columns, TABLEDATA, ${(c.rows / c.times.length).toFixed(1)} rows per answer`;
    figures.push({ name: `TAP cone p50, ${c.name}`, value: p50, unit: "ms", note }, { name: `TAP cone p95, ${c.name}`, value: quantile(c.times, 0.95), unit: "ms" });
    if (c !== callers[0]) {
      const added = (p50 / base - 1) * 100;
      figures.push({ name: `added latency of the policy at p50, ${c.name}`, value: added, unit: "%", target: "< 10%", meetsTarget: added < 10 });
    }
    log(`${c.name}: p50 ${p50.toFixed(2)} ms`);
  }
  return figures;
};
