/**
 * TAP and SIA end to end over a demo release (issue 8, Done-when 1-2; issue 9, Done-when 1-2 for
 * SIA), in the embedded mode (SQLite)
 * and the scale-out mode (PostgreSQL + pgSphere): STILTS taplint, all stages but LOC, must report
 * no error, warning or failure (judged by ../shared/tools/taplint.sh; the report is kept under
 * .test-reports/), and pyvo — sync, run_async, submit/wait/fetch, an UPLOAD join, MAXREC overflow,
 * TAP_SCHEMA browsing — must get the expected rows. pyvo's SIA2 client runs every SIA parameter
 * against ObsCore rows filtered independently in Python, and the SIA VOTables pass votlint and the
 * VOTable 1.4 XSD.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { hasCommand, hasPythonModules, ORACLE_PYTHON, oracleSkip, REPO_ROOT, runPython, SHARED_DIR } from "./support/oracles.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";
import { type RunningServer, startServer } from "./support/server.js";
import { mulberry32 } from "./support/random.js";
import { bufferSource, logicalHeader, readHduIndex } from "../src/lib/fits/index.js";
import { COMPRESSION_HOOKS } from "../src/lib/fits/compress/index.js";
import { pixelScaleDeg, Wcs } from "../src/lib/wcs/index.js";
import { findImagePlane } from "../src/services/soda/index.js";
import { randomShapes } from "../src/services/soda/fixtures/random-shapes.js";

// A release made a day back: no visit is under embargo any more (the policy has its own tests).
const DEMO = { SKYPORT_DEMO_AUTO_CREATE: "true", SKYPORT_DEMO_VISITS: "3", SKYPORT_DEMO_DETECTOR_SIZE: "256", SKYPORT_DEMO_NOW: new Date(Date.now() - 86_400_000).toISOString() };
const VISITS = 3;
const DETECTORS = 4;
const taplintSkip = oracleSkip("STILTS taplint", hasCommand("stilts"));
const pyvoSkip = oracleSkip("pyvo", hasPythonModules("pyvo"));
const votlintSkip = oracleSkip("STILTS votlint", hasCommand("stilts"));

interface PyvoOutcome {
  sync_rows: [string, string, number][];
  run_async_rows: [string, string, number][];
  job_phase: string;
  job_count: number;
  bad_job_phase: string;
  bad_job_raised: boolean;
  bad_job_error_type: string;
  bad_job_error: string;
  maxrec_rows: number;
  maxrec_status: string;
  top_status: string;
  upload_rows: [string, string, number][];
  upload_async_count: number;
  tables: string[];
  obscore_columns: string[];
  tap_schema_ivoa_tables: string[];
}

async function csv(base: string, query: string): Promise<string[][]> {
  const res = await fetch(`${base}/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent(query)}`);
  assert.equal(res.status, 200);
  return (await res.text()).trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
}

function suite(label: string, env: () => Record<string, string>) {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ ...DEMO, ...env() }, 240_000);
  });
  after(async () => {
    await server?.stop();
  });

  test(`${label}: taplint reports 0 errors, 0 warnings, 0 failures`, { skip: taplintSkip, timeout: 600_000 }, (t) => {
    const dir = join(REPO_ROOT, ".test-reports");
    mkdirSync(dir, { recursive: true });
    const report = join(dir, `taplint-${label}.txt`);
    const r = spawnSync(join(SHARED_DIR, "tools", "taplint.sh"), [`${server.baseUrl}/tap`, report, "stages=-LOC"], { encoding: "utf8", timeout: 540_000 });
    t.diagnostic(`report: ${report}`);
    t.diagnostic(r.stdout.trim().split("\n").slice(-1)[0] ?? "");
    assert.equal(r.status, 0, `taplint found problems:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Totals: Errors: 0; Warnings: 0; Infos: \d+; Summaries: \d+; Failures: 0/);
  });

  test(`${label}: pyvo sync, async, upload join, overflow and TAP_SCHEMA`, { skip: pyvoSkip, timeout: 300_000 }, async () => {
    const visitImages = await csv(server.baseUrl, "SELECT obs_id FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image' ORDER BY obs_id");
    const firstVisit = visitImages[0]?.[0] as string;
    const level3 = await csv(server.baseUrl, "SELECT COUNT(*) AS n FROM ivoa.ObsCore WHERE calib_level = 3");
    const dir = mkdtempSync(join(tmpdir(), "skyport-pyvo-"));
    const upload = join(dir, "mine.xml");
    writeFileSync(
      upload,
      `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE><FIELD name="wanted" datatype="char" arraysize="*"/>` +
        `<DATA><TABLEDATA><TR><TD>${firstVisit}</TD></TR><TR><TD>no-such-observation</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n`,
    );
    const r = spawnSync(ORACLE_PYTHON, [join(REPO_ROOT, "test", "tap", "pyvo_client.py"), `${server.baseUrl}/tap`, upload], { encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as PyvoOutcome;

    // One visit image per visit and detector, calibration level 2, found the same way by every path.
    assert.equal(o.sync_rows.length, VISITS * DETECTORS);
    assert.deepEqual(o.sync_rows.map((x) => x[0]), visitImages.map((x) => x[0]));
    assert.ok(o.sync_rows.every(([, subtype, level]) => subtype === "lsst.visit_image" && level === 2));
    assert.deepEqual(o.run_async_rows, o.sync_rows);
    assert.equal(o.job_phase, "COMPLETED");
    assert.equal(o.job_count, Number(level3[0]?.[0]));
    assert.ok(o.job_count >= VISITS * DETECTORS, "difference images and coadds are level 3");

    assert.equal(o.bad_job_phase, "ERROR");
    assert.equal(o.bad_job_raised, true);
    assert.match(o.bad_job_error_type, /votable/);
    assert.match(o.bad_job_error, /QUERY_STATUS" value="ERROR">[^<]*unknown column 'nonexistent_column'/);

    assert.equal(o.maxrec_rows, 5);
    assert.equal(o.maxrec_status, "OVERFLOW");
    assert.equal(o.top_status, "OK", "TOP 3 under MAXREC=5 is not an overflow (TAP-12)");

    // The uploaded obs_id matches that visit's raws (one per detector); the other matches nothing.
    assert.equal(o.upload_rows.length, DETECTORS);
    assert.ok(o.upload_rows.every(([wanted, obsId, level]) => wanted === firstVisit && obsId === firstVisit && level === 1));
    assert.equal(o.upload_async_count, 2);

    for (const t of ["ivoa.ObsCore", "caom2.Plane", "skyport.visit", "TAP_SCHEMA.columns"]) assert.ok(o.tables.includes(t), `${t} listed`);
    for (const c of ["obs_publisher_did", "s_region", "t_min", "em_min", "access_url"]) assert.ok(o.obscore_columns.includes(c), `${c} listed`);
    assert.deepEqual(o.tap_schema_ivoa_tables, ["ivoa.ObsCore"]);
  });

  test(`${label}: pyvo SIA2 with every parameter matches an independent filter of the ObsCore rows`, { skip: pyvoSkip, timeout: 300_000 }, () => {
    const r = spawnSync(ORACLE_PYTHON, [join(REPO_ROOT, "test", "sia", "pyvo_sia.py"), server.baseUrl], { encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { failures: unknown[]; checks: number; rows: number };
    assert.ok(o.rows >= VISITS * DETECTORS * 3, `${o.rows} ObsCore rows`);
    assert.ok(o.checks >= 25, `${o.checks} checks`);
    assert.deepEqual(o.failures, []);
  });

  test(`${label}: SIA answers pass votlint and the VOTable XSD; bad input is a DALI error`, { skip: votlintSkip, timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "skyport-sia-"));
    for (const q of ["POS=CIRCLE%2060%20-30%201&MAXREC=3", "BAND=6e-7&CALIB=2&RESPONSEFORMAT=votable/b2", "POS=RANGE%200%20360%20-90%2090&MAXREC=0"]) {
      const res = await fetch(`${server.baseUrl}/sia/query?${q}`);
      assert.equal(res.status, 200);
      const file = join(dir, "sia.xml");
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const lint = spawnSync("stilts", ["votlint", `votable=${file}`, "version=1.4", "ucd=true", "unit=true"], { encoding: "utf8" });
      assert.equal(`${lint.stdout}${lint.stderr}`.trim(), "", `votlint on ${q}`);
      const xsd = spawnSync(join(SHARED_DIR, "data", "xsd", "validate.sh"), [file, "votable-1.4"], { encoding: "utf8" });
      assert.equal(xsd.status, 0, `${q}: ${xsd.stdout}${xsd.stderr}`);
    }
    const bad = await fetch(`${server.baseUrl}/sia/query?POS=CIRCLE%20400%200%201`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /QUERY_STATUS" value="ERROR">[^<]*POS/);
  });

  test(`${label}: pyvo DataLink: links, progenitor walk = CAOM2 provenance, file ranges, cached previews`, { skip: pyvoSkip, timeout: 300_000 }, () => {
    const r = spawnSync(ORACLE_PYTHON, [join(REPO_ROOT, "test", "datalink", "pyvo_datalink.py"), server.baseUrl], { encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
      semantics: string[];
      progenitors: string[];
      caom2_inputs: string[];
      child_semantics: string[];
      child_derivations: string[];
      this_type: string;
      this_length_ok: boolean;
      this_fits: string;
      range_status: number;
      range_ok: boolean;
      previews: Record<string, { format: string; mode: string; size: number[]; std: number; p99_minus_median: number; cache: string[]; same: boolean }>;
      tap_row_semantics: string[];
    };
    for (const s of ["#this", "#preview", "#cutout", "#progenitor"]) assert.ok(o.semantics.includes(s), `coadd links have ${s}`);
    assert.ok(o.progenitors.length > 0);
    assert.deepEqual(o.progenitors, o.caom2_inputs, "a coadd's progenitors are exactly its recorded inputs");
    for (const s of ["#this", "#progenitor", "#derivation"]) assert.ok(o.child_semantics.includes(s), `visit image links have ${s}`);
    assert.equal(o.this_type, "application/fits");
    assert.ok(o.this_length_ok);
    assert.match(o.this_fits, /^SIMPLE {2}=\s+T/);
    assert.equal(o.range_status, 206);
    assert.ok(o.range_ok);
    const png = o.previews["image/png"];
    const jpg = o.previews["image/jpeg"];
    assert.ok(png && jpg, "both previews listed");
    assert.deepEqual([png.format, png.mode, jpg.format, jpg.mode], ["PNG", "L", "JPEG", "L"]);
    assert.ok(Math.max(...png.size) <= 512 && Math.max(...jpg.size) <= 1024 && Math.max(...jpg.size) > Math.max(...png.size));
    for (const p of [png, jpg]) {
      assert.ok(p.std > 5, `not blank (std ${p.std})`);
      assert.ok(p.p99_minus_median > 50, "stars stand out of the sky");
      assert.equal(p.cache[1], "hit", "the second request is served from the cache");
      assert.ok(p.same);
    }
    for (const s of ["#this", "#cutout"]) assert.ok(o.tap_row_semantics.includes(s), "a TAP row's DataLink descriptor works in pyvo");
  });

  test(`${label}: pyvo drives SODA cut-outs through the DataLink descriptors, sync and async; astropy agrees`, { skip: pyvoSkip, timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "skyport-soda-"));
    const r = spawnSync(ORACLE_PYTHON, [join(REPO_ROOT, "test", "soda", "pyvo_soda.py"), server.baseUrl, dir], { encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
      cases: { subtype: string; parent: string; circle: [number, number, number]; did: string; sync_url: string; sync_id: string; sync: string; async_url: string; async_create_status: number; async_phase: string; async_results: number; async: string; region_descriptors: number; region_id: string; region_mosaic_card: boolean }[];
      miss_status: number;
      miss_length: number;
      multi_phase: string;
      multi_results: string[];
    };
    assert.deepEqual(o.cases.map((c) => c.subtype), ["lsst.visit_image", "lsst.deep_coadd"]);
    const oracle: Record<string, unknown>[] = [];
    for (const c of o.cases) {
      assert.equal(c.sync_url, `${server.baseUrl}/soda/sync`);
      assert.equal(c.sync_id, c.did, "pyvo took the ID from the descriptor");
      assert.equal(c.async_url, `${server.baseUrl}/soda/async`);
      assert.equal(c.async_create_status, 303);
      assert.equal(c.async_phase, "COMPLETED");
      assert.equal(c.async_results, 1);
      assert.equal(c.region_descriptors, 1, "a sky-region cut-out descriptor beside the dataset's own");
      assert.match(c.region_id, c.subtype === "lsst.deep_coadd" ? /mosaic=deep_coadd&band=[a-z]$/ : /mosaic=visit_image&visit=\d+$/);
      assert.equal(c.region_mosaic_card, true, "pyvo's cut through it is a stitched mosaic");
      // Demo images: an empty primary, then IMAGE (tile-compressed in the parent, plain in the cut-out).
      for (const cut of [c.sync, c.async]) oracle.push({ parent: c.parent, hdu: 1, cutout: cut, cut_hdu: 1, shape: { kind: "circle", ra: c.circle[0], dec: c.circle[1], r: c.circle[2] } });
    }
    const results = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_cutout.py"), [], JSON.stringify(oracle))) as { pixels_equal: boolean; max_sky_err_deg: number; centres_missed: number; centres_inside: number; box: number[] }[];
    results.forEach((x, i) => {
      assert.equal(x.pixels_equal, true, `${oracle[i]!.cutout as string}: pixels equal the parent's`);
      assert.ok(x.max_sky_err_deg < 1e-9, `WCS off by ${x.max_sky_err_deg}`);
      assert.equal(x.centres_missed, 0);
      assert.ok(x.centres_inside > 1000, "a 14.4 arcsec circle covers thousands of 0.2 arcsec pixels");
    });
    assert.deepEqual(results[0]!.box, results[1]!.box, "sync and async cut the same box");
    for (const c of o.cases) {
      const v = spawnSync("fitsverify", ["-q", c.sync], { encoding: "utf8" });
      assert.match(v.stdout, /verification OK/, v.stdout);
    }
    // Random circles, polygons and ranges on both demo images (the seed is printed).
    const seed = Number(process.env.SKYPORT_TEST_SEED ?? Date.now() % 1_000_000);
    t.diagnostic(`random shapes: seed ${seed}`);
    const rnd = mulberry32(seed);
    const randomCases: Record<string, unknown>[] = [];
    for (const c of o.cases) {
      const bytes = new Uint8Array(readFileSync(c.parent));
      const image = findImagePlane(await readHduIndex(bufferSource(bytes), { compression: COMPRESSION_HOOKS }));
      assert.ok(image);
      const h = logicalHeader(image);
      const size: [number, number] = [Number(h.get("NAXIS1")), Number(h.get("NAXIS2"))];
      const wcs = Wcs.fromHeader((k) => h.get(k));
      for (const [i, shape] of randomShapes(wcs, size, rnd, 9, pixelScaleDeg(wcs, size)).entries()) {
        const res = await fetch(`${server.baseUrl}/soda/sync?ID=${encodeURIComponent(c.did)}&${shape.param[0]}=${encodeURIComponent(shape.param[1])}`);
        if (res.status === 204) continue;
        assert.equal(res.status, 200, `${shape.param.join("=")}: ${res.status}`);
        const file = join(dir, `${c.subtype}-random-${i}.fits`);
        writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
        randomCases.push({ parent: c.parent, hdu: image.index, cutout: file, cut_hdu: 1, shape: shape.oracle });
      }
    }
    assert.ok(randomCases.length >= 8, `${randomCases.length} random shapes met the images`);
    const randomResults = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_cutout.py"), [], JSON.stringify(randomCases))) as { pixels_equal: boolean; max_sky_err_deg: number; centres_missed: number }[];
    randomResults.forEach((x, i) => {
      assert.equal(x.pixels_equal, true, `${randomCases[i]!.cutout as string}: pixels`);
      assert.ok(x.max_sky_err_deg < 1e-9, `${randomCases[i]!.cutout as string}: WCS off by ${x.max_sky_err_deg}`);
      assert.equal(x.centres_missed, 0);
      const v = spawnSync("fitsverify", ["-q", randomCases[i]!.cutout as string], { encoding: "utf8" });
      assert.match(v.stdout, /verification OK/, v.stdout);
    });
    assert.equal(o.miss_status, 204, "a shape off the image: no content (SODA-05)");
    assert.equal(o.miss_length, 0);
    assert.equal(o.multi_phase, "COMPLETED");
    assert.equal(o.multi_results.length, 2, "one result per CIRCLE (SODA-03)");
    assert.match(o.multi_results[0]!, /^SIMPLE {2}=/);
    assert.match(o.multi_results[1]!, /^UsageError: /, "the empty combination still has an error-labelled result");
  });

  test(`${label}: a sky-region cut-out across two coadd patches equals the single-patch cut-outs where they overlap`, { skip: pyvoSkip, timeout: 300_000 }, async () => {
    const rows = await csv(server.baseUrl, "SELECT obs_publisher_did, s_ra, s_dec, em_min FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.deep_coadd' ORDER BY em_min, obs_id");
    const byBand = new Map<string, string[][]>();
    for (const r of rows) byBand.set(r[3]!, [...(byBand.get(r[3]!) ?? []), r]);
    const pair = [...byBand.values()].find((v) => v.length >= 2);
    assert.ok(pair, "the demo has a band with two neighbouring patches");
    const [a, b] = pair as [string[], string[]];
    const circle = `${(Number(a[1]) + Number(b[1])) / 2} ${(Number(a[2]) + Number(b[2])) / 2} 0.01`;
    const band = (await csv(server.baseUrl, `SELECT DISTINCT lsst_band FROM ivoa.ObsCore WHERE em_min = ${a[3]} AND dataproduct_subtype = 'lsst.deep_coadd'`))[0]?.[0];
    const dir = mkdtempSync(join(tmpdir(), "skyport-mosaic-"));
    const files: string[] = [];
    for (const id of [`ivo://skyport.example/demo?repo=demo&mosaic=deep_coadd&band=${band}`, a[0]!, b[0]!]) {
      const res = await fetch(`${server.baseUrl}/soda/sync?ID=${encodeURIComponent(id)}&CIRCLE=${encodeURIComponent(circle)}`);
      assert.equal(res.status, 200, `${id}: ${res.status}`);
      const file = join(dir, `${files.length}.fits`);
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      files.push(file);
    }
    type Mosaic = { covered_by: number[]; mismatched: number; uncovered_not_nan: number; max_offgrid: number; from_each: number[] };
    const o = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_mosaic.py"), files)) as Mosaic;
    assert.equal(o.mismatched, 0, "every stitched pixel a single-patch cut-out covers is that cut-out's pixel");
    assert.ok(o.max_offgrid < 1e-6, `one pixel grid (off by ${o.max_offgrid})`);
    assert.ok(o.covered_by[2]! > 1000, "the patches overlap inside the circle");
    assert.ok(o.from_each.every((n) => n > 1000), `both patches contribute pixels only they cover: ${o.from_each}`);
    // Against the whole patches: nothing a patch has is left blank, nothing blank is invented.
    const parents: string[] = [];
    for (const r of [a, b]) {
      const res = await fetch(`${server.baseUrl}/files/${r[0]!.split("id=")[1]}`);
      const file = join(dir, `parent-${parents.length}.fits`);
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      parents.push(file);
    }
    const w = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_mosaic.py"), [files[0]!, ...parents])) as Mosaic;
    assert.equal(w.mismatched, 0);
    assert.equal(w.uncovered_not_nan, 0);
    assert.equal(w.covered_by[0], 0, "the circle lies inside the two patches: no blank pixel");
    const v = spawnSync("fitsverify", ["-q", files[0]!], { encoding: "utf8" });
    assert.match(v.stdout, /verification OK/, v.stdout);
    const miss = await fetch(`${server.baseUrl}/soda/sync?ID=${encodeURIComponent(`ivo://skyport.example/demo?repo=demo&mosaic=deep_coadd&band=${band}`)}&CIRCLE=10+10+0.01`);
    assert.equal(miss.status, 204);
  });

  test(`${label}: a sky-region cut-out of one visit across its detectors holds each detector's own pixels`, { skip: pyvoSkip, timeout: 300_000 }, async () => {
    const rows = await csv(server.baseUrl, "SELECT obs_publisher_did, s_ra, s_dec FROM ivoa.ObsCore WHERE dataproduct_subtype = 'lsst.visit_image' ORDER BY obs_id, obs_publisher_did");
    const visit = (await csv(server.baseUrl, "SELECT visit FROM skyport.visit ORDER BY visit"))[0]![0];
    const detectors = rows.slice(0, DETECTORS);
    const ra = detectors.reduce((t, r) => t + Number(r[1]), 0) / DETECTORS;
    const dec = detectors.reduce((t, r) => t + Number(r[2]), 0) / DETECTORS;
    const dir = mkdtempSync(join(tmpdir(), "skyport-vmosaic-"));
    const res = await fetch(`${server.baseUrl}/soda/sync?ID=${encodeURIComponent(`ivo://skyport.example/demo?repo=demo&mosaic=visit_image&visit=${visit}`)}&CIRCLE=${ra}+${dec}+0.006`);
    assert.equal(res.status, 200);
    const files = [join(dir, "mosaic.fits")];
    writeFileSync(files[0]!, new Uint8Array(await res.arrayBuffer()));
    for (const r of detectors) {
      const f = await fetch(`${server.baseUrl}/files/${r[0]!.split("id=")[1]}`);
      files.push(join(dir, `${files.length}.fits`));
      writeFileSync(files.at(-1)!, new Uint8Array(await f.arrayBuffer()));
    }
    const o = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_mosaic.py"), files)) as { mismatched: number; uncovered_not_nan: number; from_each: number[] };
    assert.equal(o.mismatched, 0, "each pixel is the pixel of the detector holding it");
    assert.equal(o.uncovered_not_nan, 0, "pixels between detectors are blank");
    assert.ok(o.from_each.filter((n) => n > 100).length >= 2, `several detectors contribute: ${o.from_each}`);
    const v = spawnSync("fitsverify", ["-q", files[0]!], { encoding: "utf8" });
    assert.match(v.stdout, /verification OK/, v.stdout);
  });

  test(`${label}: datalinklint: no error or warning on links documents`, { skip: votlintSkip, timeout: 120_000 }, async () => {
    const rows = await csv(server.baseUrl, "SELECT obs_publisher_did FROM ivoa.ObsCore WHERE dataproduct_subtype IN ('lsst.deep_coadd', 'lsst.visit_image', 'lsst.raw') ORDER BY obs_publisher_did");
    const ids = [rows[0]?.[0], rows[rows.length - 1]?.[0], "ivo://skyport.example/demo?repo=demo&id=00000000-0000-0000-0000-000000000000", "not-an-id"] as string[];
    const dir = mkdtempSync(join(tmpdir(), "skyport-dl-"));
    const file = join(dir, "links.xml");
    const res = await fetch(`${server.baseUrl}/datalink/links?${ids.map((i) => `ID=${encodeURIComponent(i)}`).join("&")}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/x-votable+xml;content=datalink");
    const text = await res.text();
    writeFileSync(file, text);
    assert.match(text, /NotFoundFault: no dataset/);
    assert.match(text, /UsageFault: 'not-an-id' is not a dataset identifier/);
    const lint = spawnSync("stilts", ["datalinklint", `votable=${file}`], { encoding: "utf8" });
    assert.match(lint.stdout, /Totals: Errors: 0; Warnings: 0; Infos: \d+; Summaries: \d+; Failures: 0/, lint.stdout);
    const vot = spawnSync("stilts", ["votlint", `votable=${file}`, "version=1.4"], { encoding: "utf8" });
    assert.equal(`${vot.stdout}${vot.stderr}`.trim(), "");
    const xsd = spawnSync(join(SHARED_DIR, "data", "xsd", "validate.sh"), [file, "votable-1.4"], { encoding: "utf8" });
    assert.equal(xsd.status, 0, xsd.stdout);
  });
}

describe("TAP on the embedded default (SQLite)", () => {
  suite("sqlite", () => ({}));
});

describe("TAP in the scale-out mode (PostgreSQL + pgSphere)", { skip: postgresSkip() }, () => {
  let pg: TestPostgres;
  let url = "";
  before(async () => {
    pg = await startPostgres();
    url = pg.createDatabase("tap_e2e");
  });
  after(() => pg?.stop());
  suite("postgres", () => ({ SKYPORT_REGISTRY_KIND: "postgres", SKYPORT_REGISTRY_POSTGRES_URL: url }));
});
