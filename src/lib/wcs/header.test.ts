/**
 * Header reading: deliberately broken or unsupported headers of shared/data (MANIFEST
 * "deliberately unusual or broken") give a typed WcsError; keyword forms and defaults are read as
 * Paper I/II say.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { buildHeader } from "../fits/index.js";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { walk } from "./fixtures/corpus.js";
import { fitsHeader, lookupOf, parseText } from "./fixtures/headers.js";
import { WcsError, type WcsErrorReason } from "./errors.js";
import { readWcsParams } from "./header.js";
import { Wcs } from "./wcs.js";

function entriesWcs(entries: [string, string | number | boolean][], alt = ""): Wcs {
  return Wcs.fromHeader(lookupOf(buildHeader(entries)), { alt });
}

function isWcsError(reason: WcsErrorReason) {
  return (e: unknown) => e instanceof WcsError && e.reason === reason;
}

describe("broken and unsupported shared headers", { skip: sharedSkip() }, () => {
  /** Every header under wcs-headers without an oracle, with the error it must give. */
  const BROKEN: readonly [string, number | null, string, WcsErrorReason][] = [
    ["wcs-headers/misc/nonstandard_units.hdr", null, "", "BadUnit"], // CUNIT2 = 'M/S' on DEC--TAN
    ["wcs-headers/misc/chandra-pixlist-wcs.hdr", null, "", "NoWcs"], // table WCS (TCTYPn), no image WCS
    ["wcs-headers/misc/header_with_time.fits", 0, "", "NoWcs"], // only an alternate WCS 'A'
    ["wcs-headers/misc/header_with_time.fits", 0, "A", "UnsupportedProjection"], // WAVE-F2W (non-linear spectral)
    ["wcs-headers/distortion/dist.fits", 0, "", "UnsupportedDistortion"], // CPDIS/D2IM lookup tables
    ["wcs-headers/misc/dss.14.29.56-62.41.05.fits.gz", 0, "", "UnsupportedDistortion"], // DSS plate solution
  ];
  test("every wcs-headers file without an oracle is in the list above (corpus check)", () => {
    const root = sharedData();
    const noOracle = walk(sharedData("wcs-headers"))
      .filter((f) => !f.endsWith(".oracle.json") && !existsSync(`${f}.oracle.json`))
      .map((f) => f.slice(root.length + 1))
      .sort();
    assert.equal(noOracle.length, 4);
    assert.deepEqual(noOracle, [...new Set(BROKEN.map((b) => b[0]))].filter((n) => !existsSync(`${sharedData(n)}.oracle.json`)).sort());
  });

  for (const [name, hdu, alt, reason] of BROKEN) {
    test(`${name}${alt ? ` (alt ${alt})` : ""} -> WcsError ${reason}`, async () => {
      const path = sharedData(...name.split("/"));
      const header = hdu === null ? parseText(readFileSync(path, "latin1")) : await fitsHeader(path, hdu);
      assert.throws(() => Wcs.fromHeader(lookupOf(header), { alt }), isWcsError(reason));
    });
  }

  test("alternate WCS descriptions are read by letter", () => {
    const header = parseText(readFileSync(sharedData("wcs-headers", "distortion", "sip-broken.hdr"), "latin1"));
    const primary = readWcsParams(lookupOf(header));
    const o = readWcsParams(lookupOf(header), { alt: "O" });
    assert.equal(primary.ctype[0], "RA---TAN-SIP");
    assert.equal(o.ctype[0], "RA---TAN");
    assert.equal(o.alt, "O");
    assert.notEqual(o.pc[0], primary.pc[0]);
  });
});

describe("keyword forms and defaults", () => {
  const base: [string, string | number | boolean][] = [
    ["NAXIS", 2],
    ["NAXIS1", 100],
    ["NAXIS2", 100],
    ["CRPIX1", 50],
    ["CRPIX2", 50],
    ["CRVAL1", 10],
    ["CRVAL2", 20],
  ];

  test("PC + CDELT, CD and CROTA2 describe the same WCS", () => {
    const rho = 30;
    const c = Math.cos((rho * Math.PI) / 180);
    const s = Math.sin((rho * Math.PI) / 180);
    const ct: [string, string][] = [
      ["CTYPE1", "RA---TAN"],
      ["CTYPE2", "DEC--TAN"],
    ];
    const viaCrota = entriesWcs([...base, ...ct, ["CDELT1", -0.01], ["CDELT2", 0.02], ["CROTA2", rho]]);
    const viaCd = entriesWcs([...base, ...ct, ["CD1_1", -0.01 * c], ["CD1_2", -0.02 * s], ["CD2_1", -0.01 * s], ["CD2_2", 0.02 * c]]);
    const viaPc = entriesWcs([...base, ...ct, ["CDELT1", -0.01], ["CDELT2", 0.02], ["PC1_1", c], ["PC1_2", 2 * s], ["PC2_1", (s * -0.01) / 0.02], ["PC2_2", c]]);
    for (const [x, y] of [
      [1, 1],
      [100, 3],
      [37.5, 88.25],
    ] as const) {
      const a = viaCrota.pixToWorld(x, y);
      const b = viaCd.pixToWorld(x, y);
      const d = viaPc.pixToWorld(x, y);
      assert.ok(Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12, `CROTA vs CD at ${x},${y}`);
      assert.ok(Math.abs(a[0] - d[0]) < 1e-12 && Math.abs(a[1] - d[1]) < 1e-12, `CROTA vs PC at ${x},${y}`);
    }
  });

  test("RADESYS/EQUINOX defaults (Paper II §3.1) and legacy RADECSYS/EPOCH", () => {
    const ct: [string, string][] = [
      ["CTYPE1", "RA---TAN"],
      ["CTYPE2", "DEC--TAN"],
    ];
    assert.equal(entriesWcs([...base, ...ct]).params.frame, "ICRS");
    assert.deepEqual([entriesWcs([...base, ...ct, ["EQUINOX", 1950]]).params.frame, entriesWcs([...base, ...ct, ["EQUINOX", 1950]]).params.equinox], ["FK4", 1950]);
    assert.deepEqual([entriesWcs([...base, ...ct, ["EPOCH", 2000]]).params.frame, entriesWcs([...base, ...ct, ["EPOCH", 2000]]).params.equinox], ["FK5", 2000]);
    assert.equal(entriesWcs([...base, ...ct, ["RADESYS", "FK5"]]).params.equinox, 2000);
    assert.equal(entriesWcs([...base, ...ct, ["RADECSYS", "FK4"]]).params.equinox, 1950);
    assert.equal(entriesWcs([...base, ["CTYPE1", "GLON-CAR"], ["CTYPE2", "GLAT-CAR"]]).params.frame, "galactic");
  });

  test("celestial axes in any order and linear axes passed through", () => {
    const w = entriesWcs([
      ["NAXIS", 3],
      ["CTYPE1", "FREQ"],
      ["CTYPE2", "DEC--SIN"],
      ["CTYPE3", "RA---SIN"],
      ["CUNIT1", "GHz"],
      ["CRPIX1", 1],
      ["CRVAL1", 1.4],
      ["CDELT1", 0.001],
      ["CRPIX2", 10],
      ["CRVAL2", -30],
      ["CDELT2", 0.01],
      ["CRPIX3", 10],
      ["CRVAL3", 150],
      ["CDELT3", -0.01],
    ]);
    assert.equal(w.params.lonAxis, 2);
    assert.equal(w.params.latAxis, 1);
    const world = w.pixToWorldN([3, 10, 10]);
    assert.ok(Math.abs(world[0]! - 1.402e9) < 1e-3, "FREQ in Hz");
    assert.ok(Math.abs(world[1]! + 30) < 1e-12 && Math.abs(world[2]! - 150) < 1e-12);
    const pix = w.worldToPixN(world);
    assert.ok(Math.abs(pix[0]! - 3) < 1e-9 && Math.abs(pix[1]! - 10) < 1e-9 && Math.abs(pix[2]! - 10) < 1e-9);
    const sky = w.celestialWcs();
    assert.equal(sky.naxis, 2);
    const [dec, ra] = sky.pixToWorld(10, 10);
    assert.ok(Math.abs(dec + 30) < 1e-12 && Math.abs(ra - 150) < 1e-12);
  });

  test("inconsistent headers are typed errors", () => {
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--SIN"]]), isWcsError("Inconsistent"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "FREQ"]]), isWcsError("Inconsistent"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---XYZ"], ["CTYPE2", "DEC--XYZ"]]), isWcsError("UnsupportedProjection"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TNX"], ["CTYPE2", "DEC--TNX"]]), isWcsError("UnsupportedDistortion"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"], ["CDELT1", 0]]), isWcsError("BadKeyword"));
    assert.throws(() => entriesWcs([["CRVAL1", "abc"], ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"]]), isWcsError("BadKeyword"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"], ["PC1_1", 1], ["PC1_2", 1], ["PC2_1", 1], ["PC2_2", 1]]), isWcsError("Singular"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"], ["A_ORDER", 2]]), isWcsError("Inconsistent"));
    assert.throws(() => entriesWcs([["NAXIS", 2]]), isWcsError("NoWcs"));
    assert.throws(() => entriesWcs([...base, ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"]], "B"), isWcsError("NoWcs"));
  });

  test("NCP is SIN with (0, cot delta0); pixToWorld needs 2 axes", () => {
    const ncp = entriesWcs([...base, ["CTYPE1", "RA---NCP"], ["CTYPE2", "DEC--NCP"], ["CDELT1", -0.01], ["CDELT2", 0.01]]);
    assert.equal(ncp.params.projection, "SIN");
    assert.ok(Math.abs(ncp.params.pv[2]! - 1 / Math.tan((20 * Math.PI) / 180)) < 1e-15);
    const cube = entriesWcs([...base, ["NAXIS", 3], ["CTYPE1", "RA---TAN"], ["CTYPE2", "DEC--TAN"], ["CTYPE3", "VRAD"]]);
    assert.throws(() => cube.pixToWorld(1, 1), isWcsError("WrongShape"));
  });
});
