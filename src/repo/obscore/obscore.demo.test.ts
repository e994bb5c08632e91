/**
 * ObsCore over a small demo release (issue 6, done-when 1): every row has the mandatory columns the
 * standard requires, each s_region contains its s_ra/s_dec and matches the image's WCS footprint
 * from astropy (fixtures/oracle_footprint.py) within 1 arcsec, s_xel1/2 are the image size astropy
 * reads, and em_min/em_max are the band table's; and (done-when 3) each coadd's CAOM2 plane leads to
 * exactly its provenance. The release is tiny (2 visits, 256-px sensors) to keep the run short.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { hasPythonModules, oracleSkip, runPython } from "../../../test/support/oracles.js";
import { angularDistanceDeg, contains, polygonFromFlat } from "../../lib/sphere/index.js";
import { Butler } from "../butler.js";
import { FileDatastore } from "../datastore/index.js";
import { createDemoRelease } from "../demo/index.js";
import { openRegistry } from "../registry/index.js";
import { DEFAULT_OBSCORE_CONFIG } from "./config.js";
import { fitsImageShape } from "./image-shape.js";
import { Caom2Store } from "./caom2/store.js";
import { createObsCoreIndexer } from "./indexer.js";
import { ObsCoreStore } from "./store.js";

/** Largest distance between an s_region vertex and astropy's corner of the image, arcsec. */
const TOL_FOOTPRINT_ARCSEC = 1;
const ORACLE = join(import.meta.dirname, "fixtures", "oracle_footprint.py");

test("demo release: ObsCore rows against astropy footprints", { skip: oracleSkip("astropy", hasPythonModules("astropy")) }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "skyport-obscore-demo-"));
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") });
  const butler = new Butler(registry, new FileDatastore(join(dir, "datastore")));
  try {
    await createDemoRelease(butler, { visits: 2, detectorSize: 256, now: new Date("2026-11-24T04:00:00Z") });
    const indexer = createObsCoreIndexer({ imageShape: fitsImageShape((path) => butler.datastore.open(path)) });
    await indexer.ensureSchema(registry.sql);
    const report = await indexer.rebuild(registry);
    assert.ok(report.expected > 0);
    assert.deepEqual((await indexer.rebuild(registry, { check: true })).changed, []);
    const rows = await new ObsCoreStore(registry.sql).rows();
    const types = new Set(rows.map((r) => r.values.lsst_dataset_type));
    assert.deepEqual([...types].sort(), ["deep_coadd", "difference_image", "raw", "template_coadd", "visit_image"]);
    const files: Record<string, string> = {};
    for (const r of rows) files[r.dataset_id] = join(dir, "datastore", (await registry.getDatastoreRecord(r.dataset_id))!.path);
    const oracle = JSON.parse(runPython(ORACLE, [], JSON.stringify({ files }))) as Record<string, { corners: [number, number][]; naxis: [number, number] }>;
    let worst = 0;
    for (const { dataset_id: id, values: v } of rows) {
      for (const c of ["calib_level", "obs_collection", "obs_id", "obs_publisher_did", "dataproduct_type", "access_url", "access_format", "s_ra", "s_dec", "s_fov", "s_region", "em_min", "em_max", "instrument_name", "facility_name"]) {
        assert.notEqual(v[c], null, `${c} of ${v.lsst_dataset_type} ${id}`);
      }
      const flat = String(v.s_region).split(" ").map(Number);
      assert.ok(contains(polygonFromFlat(flat), v.s_ra as number, v.s_dec as number), `s_region of ${id} contains (s_ra, s_dec)`);
      const band = String(v.lsst_band);
      assert.deepEqual([v.em_min, v.em_max], DEFAULT_OBSCORE_CONFIG.spectral_ranges[band], `em range of band ${band}`);
      const { corners, naxis } = oracle[id]!;
      assert.deepEqual([v.s_xel1, v.s_xel2], naxis, `${id}: s_xel1/2 are the image (data section) size`);
      assert.equal(flat.length, 2 * corners.length, `${id}: a quadrilateral`);
      for (const [ra, dec] of corners) {
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < flat.length; i += 2) best = Math.min(best, angularDistanceDeg(ra, dec, flat[i]!, flat[i + 1]!) * 3600);
        worst = Math.max(worst, best);
        assert.ok(best <= TOL_FOOTPRINT_ARCSEC, `${v.lsst_dataset_type} ${id}: corner (${ra}, ${dec}) is ${best.toFixed(3)}″ from s_region`);
      }
    }
    const caom = new Caom2Store(registry.sql);
    const coadds = rows.filter((r) => r.values.calib_level === 3 && r.values.lsst_patch !== null);
    assert.ok(coadds.length > 0);
    for (const { dataset_id: id } of coadds) {
      const provenance = (await registry.getInputs(id)).map((r) => r.id).sort();
      assert.ok(provenance.length > 0, `coadd ${id} has inputs`);
      assert.deepEqual((await caom.inputPlanes(id)).map((p) => String(p.planeID)).sort(), provenance, `CAOM2 inputs of ${id}`);
    }
    t.diagnostic(`${rows.length} rows; worst s_region vertex offset from astropy's corners ${worst.toFixed(4)} arcsec`);
  } finally {
    await butler.close();
  }
});
