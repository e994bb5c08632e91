/**
 * End-to-end check of `skyport wcs pix2world|world2pix` (src/cli/commands/wcs.ts; the test lives
 * here because the WCS work owns only that one CLI file): streams stdin points through the CLI and
 * compares with the stored astropy oracle of a TAN-SIP FITS image and a plain header text file.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT, sharedData, sharedSkip } from "../../../test/support/oracles.js";
import type { OracleFile } from "./fixtures/corpus.js";

const TOL_WORLD_DEG = 1e-9;
const TOL_PIX = 1e-6;

function cli(args: readonly string[], input: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "src", "cli", "main.ts"), "wcs", ...args], {
    input,
    encoding: "utf8",
    cwd: REPO_ROOT,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function numbers(text: string): number[][] {
  return text
    .trim()
    .split("\n")
    .map((l) => l.split(" ").map(Number));
}

describe("skyport wcs CLI", { skip: sharedSkip() }, () => {
  test("pix2world and world2pix on a FITS HDU (TAN-SIP) match astropy", () => {
    const file = sharedData("fits", "exposures", "HSC-0908120-056-small.fits");
    const oracle = JSON.parse(readFileSync(`${file}.oracle.json`, "utf8")) as OracleFile;
    const pix = oracle.points.map((p) => p.pixel.join(" ")).join("\n");
    const r = cli(["pix2world", file, "--hdu", "1"], `${pix}\n`);
    assert.equal(r.status, 0, r.stderr);
    const world = numbers(r.stdout);
    assert.equal(world.length, oracle.points.length);
    world.forEach((w, i) => {
      const o = oracle.points[i]!.world as number[];
      assert.ok(Math.abs(w[0]! - o[0]!) < TOL_WORLD_DEG && Math.abs(w[1]! - o[1]!) < TOL_WORLD_DEG, `${w} vs ${o}`);
    });
    const back = cli(["world2pix", file, "--hdu", "1"], r.stdout);
    assert.equal(back.status, 0, back.stderr);
    numbers(back.stdout).forEach((p, i) => {
      const o = oracle.points[i]!.pixel_roundtrip as number[];
      assert.ok(Math.abs(p[0]! - o[0]!) < TOL_PIX && Math.abs(p[1]! - o[1]!) < TOL_PIX, `${p} vs ${o}`);
    });
  });

  test("header text files, bad lines and broken headers", () => {
    const file = sharedData("wcs-headers", "projections", "1904-66_ZPN.hdr");
    const oracle = JSON.parse(readFileSync(`${file}.oracle.json`, "utf8")) as OracleFile;
    const p = oracle.points[3]!;
    const r = cli(["pix2world", file], `# comment\n${p.pixel.join(" ")}\nnot a point\n\n`);
    assert.equal(r.status, 1, "a malformed line sets exit status 1");
    const lines = numbers(r.stdout);
    assert.equal(lines.length, 2);
    assert.ok(Math.abs(lines[0]![0]! - (p.world![0] as number)) < TOL_WORLD_DEG);
    assert.ok(lines[1]!.every(Number.isNaN));
    assert.match(r.stderr, /line 3/);
    const bad = cli(["pix2world", sharedData("wcs-headers", "misc", "nonstandard_units.hdr")], "1 1 1\n");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /BadUnit/);
  });
});
