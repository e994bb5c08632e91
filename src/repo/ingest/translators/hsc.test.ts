// HSC translation against astro_metadata_translator's expected ObservationInfo (fitsheader-hsc.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { loadHeader } from "./fixtures/header-files.js";
import { hscPhysicalFilter } from "./hsc.js";
import { taiFromJdPair } from "./time.js";
import { translateHeader } from "./translate.js";

const DIR = "instrument-headers/astro_metadata_translator";

/**
 * Fields our ObservationInfo has that this oracle (written by an older astro_metadata_translator)
 * does not record; every other field must be present in both and equal.
 */
const NOT_IN_ORACLE = new Set([
  "translator", "group_counter_start", "has_simulated_content", "can_see_sky", "observing_day_offset",
]);
/** Oracle keys that are serialisation metadata, not ObservationInfo fields. */
const ORACLE_META: Record<string, string> = { _translator: "translator", __CONTENT__: "" };

describe("HSC translator", { skip: sharedSkip() }, () => {
  test("fitsheader-hsc.yaml equals its oracle fitsheader-hsc.json exactly", () => {
    const oracle = JSON.parse(readFileSync(sharedData(DIR, "fitsheader-hsc.json"), "utf8")) as Record<string, unknown>;
    const info = translateHeader(loadHeader(sharedData(DIR, "fitsheader-hsc.yaml")), { filename: "fitsheader-hsc.yaml" });
    const ours = info as unknown as Record<string, unknown>;
    assert.equal(oracle._translator, info.translator);
    const compared: string[] = [];
    for (const [key, expected] of Object.entries(oracle)) {
      if (key in ORACLE_META) continue;
      assert.ok(key in ours, `oracle field ${key} missing from our ObservationInfo`);
      if (key === "datetime_begin" || key === "datetime_end") {
        const [jd1, jd2] = expected as [number, number];
        assert.equal(ours[key], taiFromJdPair(jd1, jd2), `${key} to the nanosecond`);
      } else {
        assert.deepEqual(ours[key], expected, key);
      }
      compared.push(key);
    }
    assert.equal(compared.length, 33, "every oracle field compared");
    const extra = Object.keys(ours).filter((k) => !(k in oracle) && !ORACLE_META[`_${k}`]);
    assert.deepEqual(extra.sort(), [...NOT_IN_ORACLE].filter((k) => k !== "translator").sort());
  });

  test("filter names are upper-cased Subaru barcodes", () => {
    assert.equal(hscPhysicalFilter("HSC-i"), "HSC-I");
    assert.equal(hscPhysicalFilter("HSC-r2"), "HSC-R2");
    assert.equal(hscPhysicalFilter("NB0921"), "NB0921");
  });
});
