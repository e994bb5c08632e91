// Corpus test: every raw header under shared/data/instrument-headers for the supported cameras
// translates to sensible values; headers we deliberately do not translate fail with the right error.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, test } from "node:test";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { TranslationError } from "./errors.js";
import { loadHeader } from "./fixtures/header-files.js";
import { isValidDayObs, isoTai } from "./time.js";
import { translateHeader } from "./translate.js";

const AMT = "instrument-headers/astro_metadata_translator";
const OBS_LSST = "instrument-headers/obs_lsst";

/** File-name pattern → instrument, and how many header files of each the corpus holds. */
const CORPUS: readonly { instrument: string; dir: string; pattern: RegExp; count: number }[] = [
  { instrument: "LSSTCam", dir: OBS_LSST, pattern: /^lsstCam[-_](?!Sim)/, count: 11 },
  { instrument: "LSSTCamSim", dir: OBS_LSST, pattern: /^lsstCamSim-/, count: 1 },
  { instrument: "LATISS", dir: OBS_LSST, pattern: /^latiss-/, count: 20 },
  { instrument: "LSSTComCam", dir: OBS_LSST, pattern: /^comCam-/, count: 3 },
  { instrument: "LSSTComCamSim", dir: OBS_LSST, pattern: /^comCamSim-/, count: 2 },
  { instrument: "HSC", dir: AMT, pattern: /^fitsheader-hsc\.yaml$/, count: 1 },
  { instrument: "DECam", dir: AMT, pattern: /^fitsheader-decam.*\.yaml$/, count: 2 },
  // Bonus instruments.
  { instrument: "SuprimeCam", dir: AMT, pattern: /^fitsheader-suprimecam/, count: 1 },
  { instrument: "MegaPrime", dir: AMT, pattern: /megaprime\.yaml$/, count: 2 },
  { instrument: "LSSTCam-imSim", dir: OBS_LSST, pattern: /^imsim-/, count: 4 },
  { instrument: "LSSTCam-PhoSim", dir: OBS_LSST, pattern: /^phosim-(?!hdu1)/, count: 2 },
];

/** Files of supported cameras that must fail, with the card the error names and why. */
const EXPECTED_FAILURES: Readonly<Record<string, { card: string; why: string }>> = {
  // Deliberately broken (MANIFEST.md): a "science" frame with no EXPTIME (and no pointing).
  "latiss-future-bad.yaml": { card: "EXPTIME", why: "science observation without exposure time" },
  // Deliberately broken (MANIFEST.md): EXPTIME/OBSTYPE renamed XPTIME/OBSTYP.
  "bad-megaprime.yaml": { card: "EXPTIME", why: "exposure time card misspelt" },
};

/** Other headers in the folders that no translator claims: test stands, simulators we do not support, non-raw. */
const UNSUPPORTED = [
  /^ts[38]-/, /^UCD-/, // Rubin lab test stands: no telescope, no exposure numbering of the cameras
  /^phosim-hdu1-/, // a PhoSim extension HDU alone: no TESTTYPE/CHIPID until merged with its primary
  /^fitsheader-sdss/, // SDSS drift-scan frames: bonus instrument not implemented
  /^visit_info\.yaml$/, // a serialised VisitInfo, not a raw header
];

function headerFiles(dir: string): string[] {
  return readdirSync(sharedData(dir)).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith(".oracle.json"));
}

describe("translateHeader over the shared header corpus", { skip: sharedSkip() }, () => {
  for (const { instrument, dir, pattern, count } of CORPUS) {
    test(`${instrument}: ${count} headers translate to sensible values`, () => {
      const files = headerFiles(dir).filter((f) => pattern.test(f));
      assert.equal(files.length, count, `header files found for ${instrument}`);
      for (const f of files) {
        const failure = EXPECTED_FAILURES[f];
        const lookup = loadHeader(sharedData(dir, f));
        if (failure) {
          assert.throws(() => translateHeader(lookup, { filename: f }), (e: unknown) => {
            assert.ok(e instanceof TranslationError, String(e));
            assert.equal(e.card, failure.card, e.message);
            assert.ok(e.message.startsWith(`${f}: ${failure.card}: `), e.message);
            return true;
          });
          continue;
        }
        const info = translateHeader(lookup, { filename: f });
        assert.equal(info.instrument, instrument, f);
        assert.ok(info.physical_filter.length > 0, `${f} physical_filter`);
        assert.ok(Number.isSafeInteger(info.exposure_id) && info.exposure_id > 0, `${f} exposure_id`);
        assert.ok(isValidDayObs(info.observing_day), `${f} observing_day ${info.observing_day}`);
        assert.ok(info.datetime_begin <= info.datetime_end, `${f} times ordered`);
        assert.ok(info.exposure_time >= 0, `${f} exposure_time`);
        assert.ok(Number.isSafeInteger(info.detector_exposure_id), `${f} detector_exposure_id`);
        if (info.tracking_radec) {
          const [ra, dec] = info.tracking_radec;
          assert.ok(ra >= 0 && ra <= 360 && dec >= -90 && dec <= 90, `${f} tracking_radec`);
        }
        if ((instrument.startsWith("LSST") && !instrument.includes("-")) || instrument === "LATISS") {
          // Rubin OBSIDs embed day_obs and the sequence number.
          const m = /_(\d{8})_(\d{6})$/.exec(info.observation_id);
          assert.ok(m, `${f} observation_id ${info.observation_id}`);
          assert.equal(info.observation_counter, Number(m[2]), `${f} seq`);
          assert.equal(info.exposure_id % 100_000, info.observation_counter, `${f} exposure id ends in seq`);
        }
      }
    });
  }

  test("every other header file is unsupported and says which instrument it saw", () => {
    const claimed = (dir: string, f: string) => CORPUS.some((c) => c.dir === dir && c.pattern.test(f));
    let n = 0;
    for (const dir of [AMT, OBS_LSST]) {
      for (const f of headerFiles(dir)) {
        if (claimed(dir, f) || f === "fitsheader-hsc.json" || f === "obsinfo-full.json") continue;
        assert.ok(UNSUPPORTED.some((re) => re.test(f)), `unexpected header file ${f}`);
        assert.throws(() => translateHeader(loadHeader(sharedData(dir, f)), { filename: f }), (e: unknown) => {
          assert.ok(e instanceof TranslationError);
          assert.match(e.message, new RegExp(`^${f.replace(/\./g, "\\.")}: no translator recognises this header \\(INSTRUME='.*', TELESCOP='.*'\\)$`));
          return true;
        });
        n++;
      }
    }
    // sdss + visit_info + 10 test-stand headers + the lone PhoSim extension HDU.
    assert.equal(n, 13);
  });

  test("spot values: LSSTCam r_57, detector numbering, LATISS filter~grating, DECam day", () => {
    const load = (dir: string, f: string) => translateHeader(loadHeader(sharedData(dir, f)), { filename: f });
    const cam = load(OBS_LSST, "lsstCam-MC_O_20250422_000250_R01_S01.yaml");
    assert.equal(cam.physical_filter, "r_57");
    assert.equal(cam.exposure_id, 2025042200250);
    assert.equal(cam.detector_num, 1);
    assert.equal(cam.detector_unique_name, "R01_S01");
    // PRESSURE in pascals on 2025 LSSTCam headers (74225 Pa) comes out in hPa.
    assert.equal(load(OBS_LSST, "lsstCam-MC_O_20250415_000228_R10_S20.yaml").pressure, 742.25);
    assert.equal(load(OBS_LSST, "lsstCamSim-MC_S_20240321_000720_R22_S11.yaml").detector_num, 94);
    assert.equal(load(OBS_LSST, "lsstCam-MC_C_20190319_000001_R10_S02.yaml").exposure_id, 3019031900001);
    const at = load(OBS_LSST, "latiss-AT_O_20220405_000348.yaml");
    assert.equal(at.physical_filter, "SDSSr~empty");
    assert.equal(at.observing_day, 20220405);
    assert.equal(at.pressure, 744.3);
    const decam = load(AMT, "fitsheader-decam.yaml");
    assert.equal(decam.observing_day, 20130831); // the archive's DTCALDAT
    assert.equal(decam.detector_exposure_id, 22938825);
    assert.equal(decam.physical_filter, "z DECam SDSS c0004 9260.0 1520.0");
    assert.ok(decam.tracking_radec !== null);
    // Suprime-Cam: EXP-ID SUPE00535770 is exposure 4053577, the number in the file name CORR40535770.
    const scam = load(AMT, "fitsheader-suprimecam-CORR40535770.yaml");
    assert.equal(scam.exposure_id, 4053577);
    assert.equal(scam.detector_exposure_id, 40535770);
    assert.equal(isoTai(scam.datetime_begin), "2007-04-23T08:03:00.204000000"); // UT-STR + 33 s
    const mega = load(AMT, "fitsheader-megaprime.yaml");
    assert.equal(mega.exposure_id, 1038843);
    assert.equal(mega.detector_num, 2);
    assert.equal(isoTai(mega.datetime_end), "2008-11-01T14:45:14.960000000"); // UTCEND + 33 s
    assert.equal(mega.temperature, 0.9 + 273.15);
  });
});
