// Corrupt headers fail with a TranslationError that names the file and the card.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { TranslationError } from "./errors.js";
import { loadHeader, loadHeaderMap, lookupOf } from "./fixtures/header-files.js";
import type { HeaderValue } from "./header.js";
import { translateHeader } from "./translate.js";

const HSC = sharedData("instrument-headers/astro_metadata_translator/fitsheader-hsc.yaml");
const LSSTCAM = sharedData("instrument-headers/obs_lsst/lsstCam-MC_O_20250415_000228_R10_S20.yaml");
const DECAM = sharedData("instrument-headers/astro_metadata_translator/fitsheader-decam.yaml");

/** Translates `path` with some cards replaced (undefined = removed) and returns the error. */
function failure(path: string, file: string, changes: Record<string, HeaderValue>): TranslationError {
  const map = new Map(loadHeaderMap(path));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) map.delete(k);
    else map.set(k, v);
  }
  try {
    translateHeader(lookupOf(map), { filename: file });
  } catch (e) {
    assert.ok(e instanceof TranslationError, `expected TranslationError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${file} translated although ${JSON.stringify(changes)}`);
}

describe("TranslationError for corrupt headers", { skip: sharedSkip() }, () => {
  const cases: readonly [string, string, Record<string, HeaderValue>, string][] = [
    // [base header, file name, changes, expected message]
    [HSC, "fitsheader-x.yaml", { "DATE-OBS": "2019-13-45" }, "fitsheader-x.yaml: DATE-OBS: cannot parse '2019-13-45'"],
    [HSC, "h.yaml", { "UT-STR": "25:61:00" }, "h.yaml: UT-STR: cannot parse '25:61:00'"],
    [HSC, "h.yaml", { "EXP-ID": undefined }, "h.yaml: EXP-ID: required card is missing"],
    [HSC, "h.yaml", { "EXP-ID": "SUPA01234567" }, "h.yaml: EXP-ID: cannot parse 'SUPA01234567' (expected HSC<letter><8 digits>)"],
    [HSC, "h.yaml", { EXPTIME: "thirty" }, "h.yaml: EXPTIME: expected a number, got string 'thirty'"],
    [HSC, "h.yaml", { "DET-ID": 50.5 }, "h.yaml: DET-ID: expected an integer, got 50.5"],
    [HSC, "h.yaml", { "DET-ID": 999 }, "h.yaml: DET-ID: detector 999 outside 0..111"],
    [HSC, "h.yaml", { RA2000: "21:99:00" }, "h.yaml: RA2000: cannot parse right ascension '21:99:00'"],
    [LSSTCAM, "mc.yaml", { "DATE-BEG": "2025-04-16T07:03:61" }, "mc.yaml: DATE-BEG: cannot parse '2025-04-16T07:03:61'"],
    [LSSTCAM, "mc.yaml", { DAYOBS: "20251340" }, "mc.yaml: DAYOBS: invalid day_obs 20251340"],
    [LSSTCAM, "mc.yaml", { SEQNUM: true }, "mc.yaml: SEQNUM: expected a number, got boolean 'true'"],
    [LSSTCAM, "mc.yaml", { RAFTBAY: "R99" }, "mc.yaml: RAFTBAY: unknown raft 'R99'"],
    [LSSTCAM, "mc.yaml", { CCDSLOT: undefined }, "mc.yaml: CCDSLOT: required card is missing"],
    [LSSTCAM, "mc.yaml", { CONTRLLR: "Z" }, "mc.yaml: CONTRLLR: unknown controller 'Z' (expected one of OCHPS)"],
    [LSSTCAM, "mc.yaml", { TIMESYS: "TT" }, "mc.yaml: TIMESYS: unsupported time scale 'TT'"],
    [LSSTCAM, "mc.yaml", { EXPTIME: -1 }, "mc.yaml: EXPTIME: negative exposure time -1"],
    [LSSTCAM, "mc.yaml", { DEC: 123 }, "mc.yaml: DEC: declination 123 outside [-90, 90]"],
    [DECAM, "d.yaml", { CCDNUM: 0 }, "d.yaml: CCDNUM: CCD number 0 outside 1..74"],
    [DECAM, "d.yaml", { "DATE-OBS": "2013-02-30T06:02:55" }, "d.yaml: DATE-OBS: cannot parse '2013-02-30T06:02:55'"],
    [DECAM, "d.yaml", { OBSTYPE: undefined }, "d.yaml: OBSTYPE: required card is missing"],
  ];
  for (const [path, file, changes, message] of cases) {
    test(`${file} with ${JSON.stringify(changes)}`, () => {
      const e = failure(path, file, changes);
      assert.equal(e.message, message);
      assert.equal(e.file, file);
      assert.equal(e.code, "UsageFault");
    });
  }

  test("unknown instruments are never accepted", () => {
    const e = failure(HSC, "x.fits", { TELESCOP: "Mayall", "EXP-ID": undefined, INSTRUME: "Mosaic3" });
    assert.equal(e.message, "x.fits: no translator recognises this header (INSTRUME='Mosaic3', TELESCOP='Mayall')");
    assert.equal(e.card, undefined);
    assert.throws(() => translateHeader(() => undefined), (err: unknown) => {
      assert.ok(err instanceof TranslationError);
      assert.equal(err.message, "<header>: no translator recognises this header (INSTRUME='', TELESCOP='')");
      return true;
    });
  });

  test("the deliberately broken headers fail", () => {
    const dir = "instrument-headers";
    for (const [rel, pattern] of [
      ["obs_lsst/latiss-future-bad.yaml", /^latiss-future-bad\.yaml: EXPTIME: required card is missing for a 'science' observation$/],
      ["astro_metadata_translator/bad-megaprime.yaml", /^bad-megaprime\.yaml: EXPTIME: required card is missing$/],
    ] as const) {
      const file = rel.split("/")[1] ?? rel;
      assert.throws(() => translateHeader(loadHeader(sharedData(dir, rel)), { filename: file }), (e: unknown) => {
        assert.ok(e instanceof TranslationError);
        assert.match(e.message, pattern);
        return true;
      });
    }
  });
});
