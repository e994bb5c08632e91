import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  civilFromDays,
  daysFromCivil,
  formatIso,
  mjdTaiFromTai,
  parseTimeLiteral,
  taiFromDate,
  taiFromIso,
  taiFromJd,
  taiFromMjd,
  taiFromUnix,
  taiMinusUtcSeconds,
  TimeFormatError,
} from "./time.js";

const S = 1_000_000_000n;
/** 2020-03-30T00:00:00 as naive seconds since 1970 (MJD 58938 − 40587 = 18351 days). */
const MAR30_2020_S = 18_351n * 86_400n;

describe("time literals", () => {
  it("reads MJD 58938.5 TAI as 2020-03-30T12:00:00 TAI", () => {
    const t = parseTimeLiteral("mjd/58938.5/tai");
    assert.equal(t, (MAR30_2020_S + 43_200n) * S);
    assert.equal(formatIso(t, "tai"), "2020-03-30T12:00:00.000000000");
    assert.equal(formatIso(t, "utc"), "2020-03-30T11:59:23.000000000");
    assert.equal(mjdTaiFromTai(t), 58938.5);
  });

  it("adds 37 s to 2020 UTC (TAI−UTC since 2017-01-01)", () => {
    const utc = parseTimeLiteral("2020-03-30 12:20:33");
    assert.equal(utc, (MAR30_2020_S + 12n * 3600n + 20n * 60n + 33n + 37n) * S);
    assert.equal(formatIso(utc, "tai"), "2020-03-30T12:21:10.000000000");
    assert.equal(formatIso(utc, "utc"), "2020-03-30T12:20:33.000000000");
  });

  it("guesses formats and applies default scales", () => {
    assert.equal(parseTimeLiteral("58938.5"), parseTimeLiteral("mjd/58938.5/tai"));
    assert.equal(parseTimeLiteral("2020-03-30T12:20:33"), parseTimeLiteral("iso/2020-03-30 12:20:33/utc"));
    assert.equal(parseTimeLiteral("2020-03-30"), (MAR30_2020_S + 37n) * S);
    assert.equal(parseTimeLiteral("2020-03-30T12:20:33/tai"), (MAR30_2020_S + 44_433n) * S);
    assert.equal(parseTimeLiteral("58938.5/utc"), parseTimeLiteral("mjd/58938.5/tai") + 37n * S);
    assert.equal(parseTimeLiteral("MJD/58938.5/TAI"), parseTimeLiteral("58938.5"));
  });

  it("keeps nanoseconds exactly (no float rounding)", () => {
    assert.equal(parseTimeLiteral("2020-03-30T12:20:33.123456789/tai") % S, 123_456_789n);
    assert.equal(parseTimeLiteral("2020-03-30T12:20:33.5") % S, 500_000_000n);
    assert.equal(parseTimeLiteral("2020-03-30T12:20:33.1234567899/tai") % S, 123_456_789n, "truncated past ns");
    // 1e-5 day = 864 ms exactly.
    assert.equal(taiFromMjd("58938.00001", "tai") - taiFromMjd("58938", "tai"), 864_000_000n);
    assert.equal(taiFromMjd("5.89385e4", "tai"), parseTimeLiteral("58938.5"));
  });

  it("reads JD, unix and TT", () => {
    assert.equal(taiFromJd("2458939.0", "tai"), parseTimeLiteral("58938.5"));
    assert.equal(taiFromJd("2440587.5", "tai"), 0n, "JD of 1970-01-01T00:00 TAI");
    assert.equal(taiFromUnix("1585570833", "utc"), parseTimeLiteral("2020-03-30T12:20:33"));
    assert.equal(taiFromUnix("0", "tai"), 0n);
    assert.equal(parseTimeLiteral("isot/2020-03-30T12:20:33/tt"), parseTimeLiteral("2020-03-30T12:20:33/tai") - 32_184_000_000n);
  });

  it("follows the leap-second table", () => {
    const ns = (iso: string): bigint => BigInt(Date.parse(`${iso}Z`)) * 1_000_000n;
    assert.equal(taiMinusUtcSeconds(ns("1971-06-01T00:00:00")), 10, "pre-1972 approximation");
    assert.equal(taiMinusUtcSeconds(ns("1972-01-01T00:00:00")), 10);
    assert.equal(taiMinusUtcSeconds(ns("1972-07-01T00:00:00")), 11);
    assert.equal(taiMinusUtcSeconds(ns("1999-01-01T00:00:00")), 32);
    assert.equal(taiMinusUtcSeconds(ns("2008-12-31T23:59:59")), 33);
    assert.equal(taiMinusUtcSeconds(ns("2009-01-01T00:00:00")), 34);
    assert.equal(taiMinusUtcSeconds(ns("2016-12-31T23:59:59")), 36);
    assert.equal(taiMinusUtcSeconds(ns("2017-01-01T00:00:00")), 37);
    assert.equal(taiMinusUtcSeconds(ns("2030-01-01T00:00:00")), 37);
  });

  it("handles the 2016-12-31 leap second in both directions", () => {
    const before = taiFromIso("2016-12-31T23:59:59", "utc");
    const leap = taiFromIso("2016-12-31T23:59:60.25", "utc");
    const after = taiFromIso("2017-01-01T00:00:00", "utc");
    assert.equal(leap - before, 1_250_000_000n);
    assert.equal(after - before, 2n * S);
    assert.equal(formatIso(leap, "utc"), "2016-12-31T23:59:60.250000000");
    assert.equal(formatIso(after, "utc"), "2017-01-01T00:00:00.000000000");
    assert.equal(formatIso(before, "utc"), "2016-12-31T23:59:59.000000000");
  });

  it("round-trips ISO UTC through TAI for many instants", () => {
    for (let y = 1960; y <= 2040; y += 3) {
      for (const md of ["01-01T00:00:00", "06-30T23:59:59", "07-01T00:00:00", "12-31T12:34:56.789"]) {
        const iso = `${y}-${md}`;
        const out = formatIso(taiFromIso(iso, "utc"), "utc");
        assert.equal(out.slice(0, iso.length), iso);
      }
    }
  });

  it("converts Dates (UTC milliseconds)", () => {
    assert.equal(taiFromDate(new Date("2020-03-30T12:20:33.000Z")), parseTimeLiteral("2020-03-30T12:20:33"));
    assert.throws(() => taiFromDate(new Date("nope")), TimeFormatError);
  });

  it("has consistent calendar arithmetic", () => {
    assert.equal(daysFromCivil(1970, 1, 1), 0);
    assert.equal(daysFromCivil(2000, 3, 1), 11_017);
    assert.equal(daysFromCivil(1, 1, 1), -719_162);
    for (let d = -800_000; d <= 3_000_000; d += 997) assert.equal(daysFromCivil(...civilFromDays(d)), d);
    assert.equal(formatIso(-1n, "tai"), "1969-12-31T23:59:59.999999999");
  });

  it("rejects malformed times (a bare number is an MJD, so '2020' is valid)", () => {
    assert.equal(parseTimeLiteral("2020"), taiFromMjd("2020", "tai"));
    for (const bad of ["", "2020-1-1", "x2020", "2020-01-01T1:00", "mjd/", "jd/x", "unix/1/ut1", "iso/2020-01-01/bad"]) {
      assert.throws(() => parseTimeLiteral(bad), TimeFormatError, bad);
    }
  });
});
