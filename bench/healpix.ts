/**
 * HEALPix benchmark: ang2pix NESTED over 1M random points at order 12 and order 29 (batch API,
 * int64 output; plus the scalar Number API at order 12), per-point time beside healpy's
 * (bench/peers/healpix_ang2pix.py, timed inside Python without I/O) in the same run, and
 * query_disc (radius 1°, order 12, exact and inclusive) per call. Both sides time the same points
 * (handed to Python in a temporary file), from degrees (healpy's lonlat=True conversion is in its
 * call, ours in ours), best of the same number of calls after full-size warm-up calls.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { queryDisc, radec2pix, radec2pixBatch } from "../src/lib/healpix/index.js";
import type { Bench, BenchFigure } from "./harness.js";
import { timeCalls } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.SKYPORT_ORACLE_PYTHON ?? "/usr/bin/python3";

interface Peer {
  readonly healpy: string;
  readonly ang2pix_ns_per_point: Record<string, number>;
  readonly query_disc_ms: { readonly exact: number; readonly inclusive: number };
}

function peer(ra: Float64Array, dec: Float64Array, orders: readonly number[], ndisc: number, reps: number): Peer | undefined {
  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-hp-"));
  try {
    const input = join(dir, "radec.f64");
    const both = new Float64Array(2 * ra.length);
    both.set(ra, 0);
    both.set(dec, ra.length);
    writeFileSync(input, new Uint8Array(both.buffer));
    const script = join(here, "peers", "healpix_ang2pix.py");
    const args = [script, String(ra.length), orders.join(","), String(ndisc), String(reps), input];
    const r = spawnSync(PYTHON, args, { encoding: "utf8" });
    if (r.status !== 0) return undefined;
    return JSON.parse(r.stdout) as Peer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function figure(name: string, ours: number, unit: string, peerName: string, peerValue: number | undefined, target?: string): BenchFigure {
  if (peerValue === undefined) return { name, value: ours, unit, note: "healpy not available" };
  const speedup = peerValue / ours;
  return {
    name,
    value: ours,
    unit,
    peer: { name: peerName, value: peerValue },
    speedup,
    ...(target === undefined ? {} : { target, meetsTarget: speedup >= 1 }),
  };
}

export const run: Bench = async ({ quick }) => {
  const n = quick ? 200_000 : 1_000_000;
  const ndisc = quick ? 50 : 300;
  const ra = new Float64Array(n);
  const dec = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ra[i] = Math.random() * 360;
    dec[i] = (Math.asin(2 * Math.random() - 1) * 180) / Math.PI;
  }
  const out = new BigInt64Array(n);
  const reps = quick ? 3 : 7;
  const perPoint = (ms: number[]) => (ms[0]! * 1e6) / n; // best run, ns per point
  // Warm both orders first, so that neither timing includes re-optimisation for the other.
  for (const order of [12, 29, 12, 29]) radec2pixBatch(order, ra, dec, out, "nested");
  const t12 = perPoint(await timeCalls(() => radec2pixBatch(12, ra, dec, out, "nested"), reps, 2));
  const t29 = perPoint(await timeCalls(() => radec2pixBatch(29, ra, dec, out, "nested"), reps, 2));
  let sink = 0;
  const t12s = perPoint(
    await timeCalls(
      () => {
        for (let i = 0; i < n; i++) sink += radec2pix(12, ra[i]!, dec[i]!);
      },
      reps,
      2,
    ),
  );
  const discs = Array.from({ length: ndisc }, (_, i) => [ra[i]!, dec[i]!] as const);
  const qd = async (inclusive: boolean) =>
    (await timeCalls(() => {
      for (const [r, d] of discs) sink += queryDisc(12, r, d, 1, { inclusive }).length;
    }, 3, 1))[0]! / ndisc;
  const qExact = await qd(false);
  const qIncl = await qd(true);
  const p = peer(ra, dec, [12, 29], ndisc, reps);
  const target = ">= healpy per-point speed";
  return [
    figure("ang2pix NESTED order 12 (batch, int64 out)", t12, "ns/point", `healpy ${p?.healpy ?? ""}`, p?.ang2pix_ns_per_point["12"], target),
    figure("ang2pix NESTED order 29 (batch, int64 out)", t29, "ns/point", `healpy ${p?.healpy ?? ""}`, p?.ang2pix_ns_per_point["29"], target),
    figure("ang2pix NESTED order 12 (scalar Number API)", t12s, "ns/point", `healpy ${p?.healpy ?? ""}`, p?.ang2pix_ns_per_point["12"]),
    figure("query_disc r=1deg order 12 exact", qExact, "ms/call", "healpy", p?.query_disc_ms.exact),
    figure("query_disc r=1deg order 12 inclusive", qIncl, "ms/call", "healpy (fact=4)", p?.query_disc_ms.inclusive, undefined),
    { name: "checksum (ignore)", value: sink % 7, unit: "-" },
  ];
};
