// Exact TAI times: UTC→TAI with leap seconds, astropy jd pairs, observing days.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isoTai, observingDay, observingDaySpan, taiFromIso, taiFromJdPair } from "./time.js";

describe("translation times", () => {
  test("UTC gains TAI−UTC from the leap-second table", () => {
    // 35 s between 2012-07-01 and 2015-07-01, 37 s since 2017-01-01 (IERS Bulletin C).
    assert.equal(isoTai(taiFromIso("2013-11-02T06:15:55.908", "UTC")), "2013-11-02T06:16:30.908000000");
    assert.equal(isoTai(taiFromIso("2025-01-01T00:00:00", "UTC")), "2025-01-01T00:00:37.000000000");
    assert.equal(isoTai(taiFromIso("2016-12-31T23:59:59", "UTC")), "2017-01-01T00:00:35.000000000");
    assert.equal(isoTai(taiFromIso("2013-09-01T06:02:55.753848", "TAI")), "2013-09-01T06:02:55.753848000");
  });

  test("astropy jd1/jd2 pairs convert to the nanosecond", () => {
    // fitsheader-hsc.json datetime_begin = DATE-OBS 2013-11-02 UT-STR 06:15:55.908 UTC.
    assert.equal(taiFromJdPair(2456599.0, -0.23853115740740743), taiFromIso("2013-11-02T06:15:55.908", "UTC"));
    assert.equal(taiFromJdPair(2440587.5, 0), 0n);
    assert.equal(taiFromJdPair(2440588.0, -0.5), 0n);
  });

  test("observing day applies the rollover offset in TAI", () => {
    const t = taiFromIso("2025-04-16T07:03:18.052", "TAI");
    assert.equal(observingDay(t, 0), 20250416);
    assert.equal(observingDay(t, 12 * 3600), 20250415);
    assert.equal(observingDay(taiFromIso("2025-04-16T12:00:00", "TAI"), 12 * 3600), 20250416);
    const span = observingDaySpan(20251202, 12 * 3600);
    // lsstcam-subset export: day_obs 20251202 runs 2025-12-02 12:00 → 2025-12-03 12:00 TAI.
    assert.equal(isoTai(span.begin), "2025-12-02T12:00:00.000000000");
    assert.equal(isoTai(span.end), "2025-12-03T12:00:00.000000000");
  });
});
