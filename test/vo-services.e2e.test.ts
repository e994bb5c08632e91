/**
 * TAP end to end over a demo release (issue 8, Done-when 1 and 2), in the embedded mode (SQLite)
 * and the scale-out mode (PostgreSQL + pgSphere): STILTS taplint, all stages but LOC, must report
 * no error, warning or failure (judged by ../shared/tools/taplint.sh; the report is kept under
 * .test-reports/), and pyvo — sync, run_async, submit/wait/fetch, an UPLOAD join, MAXREC overflow,
 * TAP_SCHEMA browsing — must get the expected rows.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { hasCommand, hasPythonModules, ORACLE_PYTHON, oracleSkip, REPO_ROOT, SHARED_DIR } from "./support/oracles.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";
import { type RunningServer, startServer } from "./support/server.js";

const DEMO = { SKYPORT_DEMO_AUTO_CREATE: "true", SKYPORT_DEMO_VISITS: "3", SKYPORT_DEMO_DETECTOR_SIZE: "256" };
const VISITS = 3;
const DETECTORS = 4;
const taplintSkip = oracleSkip("STILTS taplint", hasCommand("stilts"));
const pyvoSkip = oracleSkip("pyvo", hasPythonModules("pyvo"));

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
