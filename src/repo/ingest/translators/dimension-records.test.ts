// Dimension records from translated headers, checked against real registry exports.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { bandOf, toDimensionRecords } from "./dimension-records.js";
import { loadHeader } from "./fixtures/header-files.js";
import { translateHeader } from "./translate.js";

const load = (sub: string, f: string) =>
  toDimensionRecords(translateHeader(loadHeader(sharedData("instrument-headers", sub, f)), { filename: f }));

describe("toDimensionRecords", { skip: sharedSkip() }, () => {
  test("HSC records match the ci_hsc-subset export conventions", () => {
    const r = load("astro_metadata_translator", "fitsheader-hsc.yaml");
    // Instrument record exactly as in ci_hsc-subset.yaml.
    assert.deepEqual(r.instrument, {
      name: "HSC", visit_max: 21474800, visit_system: 0, exposure_max: 21474800, detector_max: 200,
      class_name: "lsst.obs.subaru.HyperSuprimeCam",
    });
    assert.deepEqual(r.physical_filter, { instrument: "HSC", name: "HSC-I", band: "i" });
    assert.deepEqual(r.detector, { instrument: "HSC", id: 50, full_name: "1_12", name_in_raft: "12", raft: "1", purpose: "SCIENCE" });
    assert.equal(r.exposure.id, 904024);
    assert.equal(r.exposure.obs_id, "HSCA90402400");
    assert.equal(r.exposure.target_name, "STRIPE82L");
    assert.equal(r.exposure.science_program, "o13015");
    assert.equal(r.exposure.sky_angle, 270);
    assert.equal(r.exposure.azimuth, 226.68922661);
    assert.equal(r.exposure.zenith_angle, 90 - 63.04359233);
    assert.equal(r.day_obs.id, 20131102);
    assert.deepEqual(r.group, { instrument: "HSC", name: "904024" });
  });

  test("LATISS 2018 header reproduces the obs_lsst LATISS registry's exposure record", () => {
    // gen3.sqlite3 (obs_lsst tests/data/input/latiss): exposure 3018092000065.
    const r = load("obs_lsst", "latiss-2018-09-20-05700065-det000.yaml");
    const e = r.exposure;
    assert.equal(e.id, 3018092000065);
    assert.equal(e.obs_id, "AT_C_20180920_000065");
    assert.equal(e.physical_filter, "unknown~unknown");
    assert.equal(e.day_obs, 20180920);
    assert.equal(e.seq_num, 65);
    assert.equal(e.group, "3018092000065");
    assert.equal(e.exposure_time, 27);
    assert.equal(e.dark_time, 27);
    assert.equal(e.observation_type, "unknown");
    assert.equal(e.observation_reason, "unknown");
    assert.equal(e.target_name, "UNKNOWN");
    assert.equal(e.science_program, "unknown");
    assert.equal(e.tracking_ra, null);
    assert.equal(e.zenith_angle, null);
    // The registry's times came from MJD-OBS (a double): equal to within 10 µs.
    const TOL_NS = 10_000n;
    const d = (a: bigint | null, b: bigint) => (a === null ? TOL_NS + 1n : a > b ? a - b : b - a);
    assert.ok(d(e.timespan.begin, 1537510338209997000n) <= TOL_NS, `begin ${e.timespan.begin}`);
    assert.ok(d(e.timespan.end, 1537510365209997000n) <= TOL_NS, `end ${e.timespan.end}`);
    assert.deepEqual(r.detector, { instrument: "LATISS", id: 0, full_name: "RXX_S00", name_in_raft: "S00", raft: "RXX", purpose: "SCIENCE" });
  });

  test("LSSTCam records use the universe's names and Rubin's day_obs", () => {
    const r = load("obs_lsst", "lsstCam-MC_O_20250422_000250_R01_S01.yaml");
    assert.deepEqual(r.physical_filter, { instrument: "LSSTCam", name: "r_57", band: "r" });
    assert.deepEqual(r.detector, { instrument: "LSSTCam", id: 1, full_name: "R01_S01", name_in_raft: "S01", raft: "R01", purpose: "SCIENCE" });
    assert.equal(r.day_obs.id, 20250422);
    assert.equal(r.exposure.group, "2025-04-23T03:52:21.287");
    assert.equal(r.exposure.seq_start, 250);
    assert.equal(r.exposure.has_simulated, false);
    assert.equal(r.exposure.can_see_sky, true);
    assert.deepEqual(Object.keys(r.exposure).sort(), [
      "azimuth", "can_see_sky", "dark_time", "day_obs", "exposure_time", "group", "has_simulated", "id", "instrument",
      "obs_id", "observation_reason", "observation_type", "physical_filter", "science_program", "seq_end", "seq_num",
      "seq_start", "sky_angle", "target_name", "timespan", "tracking_dec", "tracking_ra", "zenith_angle",
    ]);
    const t = r.exposure.timespan;
    assert.ok(t.begin !== null && t.end !== null && r.day_obs.timespan.begin !== null && r.day_obs.timespan.end !== null);
    assert.ok(r.day_obs.timespan.begin <= t.begin && t.end <= r.day_obs.timespan.end, "exposure inside its day_obs");
  });

  test("filter → band tables", () => {
    assert.equal(bandOf("LSSTCam", "z_20"), "z");
    assert.equal(bandOf("LSSTComCam", "g_01"), "g");
    assert.equal(bandOf("LATISS", "KPNO_406_828nm~holo4_003"), "z");
    assert.equal(bandOf("HSC", "NB0921"), "N921");
    assert.equal(bandOf("DECam", "Y DECam c0005 10095.0 1130.0"), "Y");
    assert.equal(bandOf("Nope", "r"), "unknown");
  });
});
