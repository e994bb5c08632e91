/**
 * WCS benchmark: TAN-SIP pixel -> world over 1M points (src/lib/wcs pixToWorldArrays), beside
 * astropy's all_pix2world on the same header and points in the same run (bench/peers/
 * wcs_pix2world.py via /usr/bin/python3; its timing excludes I/O). Target: at least astropy's
 * per-point speed. The two results are also compared (max difference, degrees).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { bufferSource, readHduIndex } from "../src/lib/fits/index.js";
import { Wcs } from "../src/lib/wcs/index.js";
import { ORACLE_PYTHON, sharedData } from "../test/support/oracles.js";
import type { Bench, BenchFigure } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));

export const run: Bench = async ({ quick }) => {
  const n = quick ? 100_000 : 1_000_000;
  const repeats = quick ? 3 : 5;
  // A real TAN-SIP calexp header (HSC, SIP order 4 plus AP/BP); points over the whole 200x200 HDU.
  const bytes = new Uint8Array(readFileSync(sharedData("fits", "exposures", "HSC-0908120-056-small.fits")));
  const header = (await readHduIndex(bufferSource(bytes))).hdus[1]!.header;
  const wcs = Wcs.fromHeader((k) => header.get(k));
  const x1 = new Float64Array(n);
  const y1 = new Float64Array(n);
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    x1[i] = 0.5 + 200 * rand();
    y1[i] = 0.5 + 200 * rand();
  }
  const ra = new Float64Array(n);
  const dec = new Float64Array(n);
  wcs.pixToWorldArrays(x1, y1, ra, dec); // warm-up (JIT)
  const ours: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    wcs.pixToWorldArrays(x1, y1, ra, dec);
    ours.push(performance.now() - t0);
  }
  const oursNs = (Math.min(...ours) * 1e6) / n;
  // The inverse (SIP inverted by Newton iteration to 1e-10 px), ours only.
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  wcs.worldToPixArrays(ra, dec, bx, by);
  const inv: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    wcs.worldToPixArrays(ra, dec, bx, by);
    inv.push(performance.now() - t0);
  }
  let maxBack = 0;
  for (let i = 0; i < n; i++) maxBack = Math.max(maxBack, Math.abs(bx[i]! - x1[i]!), Math.abs(by[i]! - y1[i]!));
  const inverseFigure: BenchFigure = {
    name: `TAN-SIP world->pix (Newton SIP inverse), ${n} points, best of ${repeats}`,
    value: (Math.min(...inv) * 1e6) / n,
    unit: "ns/point",
    note: `max round-trip error ${maxBack.toExponential(2)} px`,
  };

  const dir = mkdtempSync(join(tmpdir(), "skyport-bench-wcs-"));
  const figures: BenchFigure[] = [];
  try {
    const pts = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      pts[2 * i] = x1[i]!;
      pts[2 * i + 1] = y1[i]!;
    }
    writeFileSync(join(dir, "header.txt"), header.cards.map((c) => c.raw).join("") + "END".padEnd(80));
    writeFileSync(join(dir, "points.f64"), new Uint8Array(pts.buffer));
    const r = spawnSync(
      ORACLE_PYTHON,
      [join(here, "peers", "wcs_pix2world.py"), join(dir, "header.txt"), join(dir, "points.f64"), join(dir, "world.f64"), String(repeats)],
      { encoding: "utf8" },
    );
    if (r.status !== 0) {
      figures.push({ name: `TAN-SIP pix->world, ${n} points`, value: oursNs, unit: "ns/point", note: `astropy peer failed: ${r.stderr.slice(0, 200)}` });
      return figures;
    }
    const peer = JSON.parse(r.stdout) as { n: number; best_s: number };
    const peerNs = (peer.best_s * 1e9) / n;
    const theirs = new Float64Array(new Uint8Array(readFileSync(join(dir, "world.f64"))).buffer);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) {
      let dl = Math.abs(ra[i]! - theirs[2 * i]!);
      dl = Math.min(dl, 360 - dl);
      maxDiff = Math.max(maxDiff, dl, Math.abs(dec[i]! - theirs[2 * i + 1]!));
    }
    const speedup = peerNs / oursNs;
    figures.push({
      name: `TAN-SIP pix->world (HSC, SIP order ${wcs.params.sip?.aOrder}), ${n} points, best of ${repeats}`,
      value: oursNs,
      unit: "ns/point",
      peer: { name: "astropy 5.2.1 all_pix2world", value: peerNs },
      speedup,
      target: ">= 1x astropy per-point speed",
      meetsTarget: speedup >= 1,
      note: `max |difference| vs astropy ${maxDiff.toExponential(2)} deg`,
    });
    figures.push({ name: "max difference vs astropy", value: maxDiff, unit: "deg" });
    figures.push(inverseFigure);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};
