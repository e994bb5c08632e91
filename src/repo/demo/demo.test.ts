/**
 * Tests of the demo release on a small configuration (512-px sensors, 6 visits; 256-px sensors and
 * 2 visits for the determinism and CLI runs): determinism, fitsverify on every product, astropy's
 * WCS against injected star centroids, coadd provenance against independently computed overlaps,
 * and the registry records the contract expects. Oracles: fixtures/oracle_demo.py (astropy/numpy)
 * and fitsverify (cfitsio).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { hasCommand, hasPythonModules, oracleSkip, runPython } from "../../../test/support/oracles.js";
import { bufferSource, readHduIndex } from "../../lib/fits/index.js";
import { Butler } from "../butler.js";
import { FileDatastore } from "../datastore/index.js";
import { mjdTaiFromTai, taiFromDate } from "../model/index.js";
import { openRegistry } from "../registry/index.js";
import { COLLECTIONS, createDemoRelease, type DemoOptions, generateTruthCatalog, INSTRUMENT } from "./index.js";

const NOW = new Date("2026-11-24T04:00:00Z");
const GENERATED = new Date("2026-11-24T05:00:00Z");
const ORACLE = fileURLToPath(new URL("./fixtures/oracle_demo.py", import.meta.url));
/** Largest centroid offset from the catalogue position through astropy's WCS, pixels. */
const TOL_CENTROID_PIX = 0.05;
const HOUR_NS = 3_600_000_000_000n;
const PRODUCT_TYPES = ["raw", "bias", "visit_image", "difference_image", "deep_coadd", "template_coadd", "truth_catalog"] as const;

interface Repo {
  readonly dir: string;
  readonly butler: Butler;
}

/** Temporary repositories, removed when the file's tests end. */
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function freshRepo(): Promise<Repo> {
  const dir = mkdtempSync(join(tmpdir(), "skyport-demo-"));
  made.push(dir);
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") }, { create: true });
  return { dir, butler: new Butler(registry, new FileDatastore(join(dir, "datastore"))) };
}

async function release(options: DemoOptions): Promise<Repo> {
  const repo = await freshRepo();
  await createDemoRelease(repo.butler, { now: NOW, generatedAt: GENERATED, ...options });
  return repo;
}

/** Absolute file path of each dataset of a type in the release. */
async function files(repo: Repo, type: string): Promise<Map<string, string>> {
  const refs = await repo.butler.registry.queryDatasets(type, { collections: [COLLECTIONS.defaults] });
  const out = new Map<string, string>();
  for (const r of refs) out.set(r.id, join(repo.dir, "datastore", (await repo.butler.registry.getDatastoreRecord(r.id))!.path));
  return out;
}

/** Every file of the datastore relative to its root, sorted. */
function storedFiles(repo: Repo): string[] {
  const root = join(repo.dir, "datastore");
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.parentPath.includes(".tmp"))
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();
}

/** File bytes with the generation-time cards (DATE, and the CHECKSUM that covers it) blanked. */
function withoutTimestamps(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("latin1");
  return text.replace(/(DATE {4}= |CHECKSUM= )'[^']*'/g, "$1''");
}

async function recordsOf(repo: Repo): Promise<string> {
  const r = repo.butler.registry;
  const elements = ["instrument", "physical_filter", "detector", "day_obs", "group", "exposure", "visit", "visit_detector_region", "visit_definition", "skymap", "tract", "patch"];
  const out: unknown[] = [];
  for (const e of elements) out.push(e, await r.queryDimensionRecords(e));
  for (const t of PRODUCT_TYPES) {
    for (const ref of await r.queryDatasets(t, { collections: [COLLECTIONS.defaults], findFirst: false })) {
      out.push(ref, (await r.getInputs(ref.id)).map((i) => i.id).sort());
    }
  }
  return JSON.stringify(out, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
}

describe("demo release (512-px sensors, 6 visits)", () => {
  let repo: Repo;
  before(async () => {
    repo = await release({ visits: 6, seed: 3, detectorSize: 512 });
  });
  after(() => repo?.butler.close());

  it("has every product type, one raw/visit/difference image per visit and sensor", async () => {
    const r = repo.butler.registry;
    const count = (t: string) => r.countDatasets(t, { collections: [COLLECTIONS.defaults] });
    assert.equal(await count("raw"), 24);
    assert.equal(await count("visit_image"), 24);
    assert.equal(await count("difference_image"), 24);
    assert.equal(await count("truth_catalog"), 1);
    assert.ok((await count("deep_coadd")) >= 6, "at least one deep coadd per band");
    assert.ok((await count("template_coadd")) >= 6, "at least one template per band");
    const bias = await r.findDataset("bias", { instrument: INSTRUMENT, detector: 2 }, [COLLECTIONS.calib], taiFromDate(NOW));
    assert.ok(bias, "the bias is certified for the visits' times");
    const chain = await r.getCollection(COLLECTIONS.defaults);
    assert.equal(chain?.type, "CHAINED");
    assert.deepEqual([...(chain?.children ?? [])].sort(), [COLLECTIONS.calib, COLLECTIONS.coadd, COLLECTIONS.templates, COLLECTIONS.diff, COLLECTIONS.raw, COLLECTIONS.truth, COLLECTIONS.visit].sort());
  });

  it("stores the truth catalogue that generateTruthCatalog regenerates", async () => {
    const [path] = [...(await files(repo, "truth_catalog")).values()];
    const index = await readHduIndex(bufferSource(readFileSync(path!)));
    const table = index.hdus[1]!.header;
    const nowMjd = index.hdus[0]!.header.get("NOWMJD") as number;
    assert.equal(table.get("NAXIS2"), generateTruthCatalog({ seed: 3, nowMjd }).length);
    assert.equal(table.get("EXTNAME"), "TRUTH");
  });

  it("records visits with regions, conditions and timespans; the last two within 6 h of now", async () => {
    const r = repo.butler.registry;
    const visits = await r.queryDimensionRecords("visit", { dataId: { instrument: INSTRUMENT }, orderBy: ["visit.timespan.begin"] });
    assert.equal(visits.length, 6);
    const now = taiFromDate(NOW);
    for (const v of visits) {
      assert.ok(v.region && v.region.vertices.length >= 4, "visit region");
      assert.ok(v.timespan?.begin !== null && v.timespan?.end !== null && v.timespan!.begin! < v.timespan!.end!, "timespan");
      const fwhm = v.psf_fwhm as number;
      assert.ok(fwhm >= 0.55 && fwhm <= 1.4, `psf_fwhm ${fwhm}`);
      assert.ok((v.airmass as number) >= 1 && (v.airmass as number) <= 1.8);
      for (const k of ["sky_bg", "sky_noise", "zero_point", "limiting_mag", "boresight_ra", "boresight_dec", "rotation_angle"]) assert.equal(typeof v[k], "number", k);
      assert.ok(v.timespan!.end! <= now, "no visit after now");
    }
    const recent = visits.filter((v) => v.timespan!.begin! >= now - 6n * HOUR_NS);
    assert.deepEqual(recent.map((v) => v.id), visits.slice(-2).map((v) => v.id), "exactly the last two visits are within 6 h of now");
    assert.equal((await r.queryDimensionRecords("visit_detector_region")).length, 24);
    assert.equal((await r.queryDimensionRecords("exposure")).length, 6);
    assert.equal((await r.queryDimensionRecords("visit_definition")).length, 6);
    const atCentre = await r.queryDimensionRecords("visit", { region: { kind: "circle", raDeg: 60, decDeg: -30, radiusDeg: 0.001 } });
    assert.equal(atCentre.length, 6, "every visit covers the field centre");
    assert.ok((await r.queryDimensionRecords("patch")).length >= 1);
  });

  it("links visit images to their raw and bias, differences to their visit image and templates", async () => {
    const r = repo.butler.registry;
    for (const id of (await files(repo, "visit_image")).keys()) {
      assert.deepEqual((await r.getInputs(id)).map((i) => i.datasetType).sort(), ["bias", "raw"]);
    }
    for (const id of (await files(repo, "difference_image")).keys()) {
      const types = (await r.getInputs(id)).map((i) => i.datasetType);
      assert.equal(types.filter((t) => t === "visit_image").length, 1);
      assert.ok(types.includes("template_coadd") || types.length === 1);
    }
  });

  it("passes fitsverify with no warnings or errors for every product type", { skip: oracleSkip("fitsverify", hasCommand("fitsverify")) }, async () => {
    for (const type of PRODUCT_TYPES) {
      const paths = [...(await files(repo, type)).values()];
      assert.ok(paths.length > 0, type);
      const r = spawnSync("fitsverify", ["-q", ...paths], { encoding: "utf8" });
      const lines = r.stdout.trim().split("\n");
      assert.equal(lines.length, paths.length, `${type}: one fitsverify line per file`);
      for (const line of lines) assert.match(line, /^verification OK/, `${type}: ${line}`);
    }
  });

  it("puts bright isolated stars within 0.05 px of astropy's all_world2pix of the catalogue", { skip: oracleSkip("astropy", hasPythonModules("astropy", "numpy")) }, async () => {
    const nowMjd = mjdTaiFromTai(taiFromDate(NOW));
    const sources = generateTruthCatalog({ seed: 3, nowMjd }).map((s) => [s.raDeg, s.decDeg, s.mag, s.kind]);
    const paths = [...(await files(repo, "visit_image")).values()];
    const out = JSON.parse(runPython(ORACLE, [], JSON.stringify({ centroids: { files: paths, sources } }))) as { centroids: { dx: number; dy: number; file: string }[] };
    const stars = out.centroids;
    assert.ok(stars.length >= 5, `only ${stars.length} measurable stars`);
    const worst = Math.max(...stars.map((s) => Math.hypot(s.dx, s.dy)));
    const rms = Math.sqrt(stars.reduce((a, s) => a + s.dx * s.dx + s.dy * s.dy, 0) / stars.length);
    assert.ok(worst < TOL_CENTROID_PIX, `worst centroid offset ${worst.toFixed(4)} px (rms ${rms.toFixed(4)}) over ${stars.length} stars`);
  });

  it("lists exactly the overlapping visit images of the band as each coadd's inputs", { skip: oracleSkip("astropy", hasPythonModules("astropy", "numpy")) }, async () => {
    const visitImages = Object.fromEntries(await files(repo, "visit_image"));
    const coadds = { ...Object.fromEntries(await files(repo, "deep_coadd")) };
    const out = JSON.parse(runPython(ORACLE, [], JSON.stringify({ overlaps: { visit_images: visitImages, coadds } }))) as { overlaps: Record<string, string[]> };
    assert.equal(Object.keys(out.overlaps).length, Object.keys(coadds).length);
    for (const [id, expected] of Object.entries(out.overlaps)) {
      const inputs = (await repo.butler.registry.getInputs(id)).map((r) => r.id).sort();
      assert.deepEqual(inputs, expected, `coadd ${id}`);
    }
    // Templates take the good-seeing subset of the same overlaps.
    for (const id of (await files(repo, "template_coadd")).keys()) {
      const inputs = await repo.butler.registry.getInputs(id);
      assert.ok(inputs.length > 0 && inputs.every((r) => r.datasetType === "visit_image"));
    }
  });
});

describe("demo release determinism and CLI (256-px sensors, 2 visits)", () => {
  it("gives the same bytes (but for DATE and CHECKSUM cards) and records for the same seed", async () => {
    const a = await release({ visits: 2, seed: 7, detectorSize: 256 });
    const b = await release({ visits: 2, seed: 7, detectorSize: 256, generatedAt: new Date("2030-01-01T00:00:00Z") });
    try {
      const fa = storedFiles(a);
      assert.deepEqual(fa, storedFiles(b));
      assert.ok(fa.length > 20);
      for (const f of fa) {
        const x = readFileSync(join(a.dir, "datastore", f));
        const y = readFileSync(join(b.dir, "datastore", f));
        assert.equal(withoutTimestamps(x), withoutTimestamps(y), f);
      }
      assert.equal(await recordsOf(a), await recordsOf(b));
    } finally {
      await a.butler.close();
      await b.butler.close();
    }
  });

});
