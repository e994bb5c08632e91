/**
 * bench/http: the cost of the HTTP edge itself — VOSI /capabilities and /availability over real
 * loopback HTTP with keep-alive, sequential and with 8 concurrent clients. Every protocol's latency
 * sits on top of this floor. No peer: DaCHS is measured per protocol in the later benchmarks.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { composeServer } from "../src/compose.js";
import { loadConfig } from "../src/config/index.js";
import { type Bench, type BenchFigure, quantile, timeCalls } from "./harness.js";

async function concurrent(url: string, clients: number, perClient: number): Promise<{ times: number[]; rps: number }> {
  const times: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now();
        const r = await fetch(url);
        await r.arrayBuffer();
        times.push(performance.now() - s);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { times: times.sort((a, b) => a - b), rps: (clients * perClient) / elapsed };
}

export const run: Bench = async ({ quick }) => {
  const dataDir = mkdtempSync(join(tmpdir(), "skyport-bench-http-"));
  const { config } = loadConfig({ env: { SKYPORT_DATA_DIR: dataDir, SKYPORT_SERVER_PORT: "0" }, cwd: dataDir });
  const server = await composeServer(config, { logger: pino({ level: "silent" }) });
  const { baseUrl } = await server.listen();
  const n = quick ? 200 : 2000;
  const figures: BenchFigure[] = [];
  try {
    for (const path of ["/capabilities", "/availability"]) {
      const url = baseUrl + path;
      const seq = await timeCalls(async () => (await fetch(url)).arrayBuffer(), n, 50);
      figures.push({ name: `GET ${path} sequential p50`, value: quantile(seq, 0.5), unit: "ms" });
      figures.push({ name: `GET ${path} sequential p95`, value: quantile(seq, 0.95), unit: "ms" });
      const c8 = await concurrent(url, 8, Math.ceil(n / 8));
      figures.push({ name: `GET ${path} 8 clients p50`, value: quantile(c8.times, 0.5), unit: "ms" });
      figures.push({ name: `GET ${path} 8 clients throughput`, value: c8.rps, unit: "req/s" });
    }
  } finally {
    await server.close();
  }
  return figures;
};
