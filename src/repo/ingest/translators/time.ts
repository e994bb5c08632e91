/**
 * Exact observation times for header translation. An instant is a TAI nanosecond count since
 * 1970-01-01T00:00:00 TAI (a BigInt, the Butler's own representation, see repo/model/timespan.ts),
 * so begin/end times survive translation without floating-point loss. UTC header values are moved
 * to TAI with the IERS leap-second table kept in repo/model/timespan.ts (IERS Bulletin C, complete
 * through the last leap second on 2017-01-01, after which TAI−UTC = 37 s; before 1972 it uses 10 s).
 * Header time scales follow the FITS 4.0 standard §9.2.1: TIMESYS names the scale, UTC by default.
 */
import { type TaiNs, TimeFormatError, isoTaiFromTai, taiFromIsoTai, taiFromIsoUtc } from "../../model/index.js";
import type { CardReader } from "./header.js";

export type { TaiNs };

/** The time scales header dates are written in. */
export type TimeScale = "UTC" | "TAI";

const NS_PER_S = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;
/** Julian Date of 1970-01-01T00:00:00 (the epoch of TaiNs, read in the TAI scale). */
const JD_UNIX_EPOCH = 2_440_587.5;
/** MJD of 1970-01-01. */
const MJD_UNIX_EPOCH = 40_587;

/** Parses an ISO-8601 date-time string in the given scale, or throws what the model throws. */
export function taiFromIso(value: string, scale: TimeScale): TaiNs {
  return scale === "TAI" ? taiFromIsoTai(value) : taiFromIsoUtc(value);
}

/**
 * Reads an ISO date-time card in `scale`. Returns null when the card is absent; throws a
 * TranslationError (`<file>: <CARD>: cannot parse '<value>'`) when it is present but malformed.
 */
export function optIsoCard(reader: CardReader, keyword: string, scale: TimeScale): TaiNs | null {
  const value = reader.optString(keyword);
  if (value === null) return null;
  try {
    return taiFromIso(value, scale);
  } catch (e) {
    if (e instanceof TimeFormatError) throw reader.fail(keyword, `cannot parse '${value}'`, e);
    throw e;
  }
}

/** Like {@link optIsoCard} but the card is required. */
export function reqIsoCard(reader: CardReader, keyword: string, scale: TimeScale): TaiNs {
  const t = optIsoCard(reader, keyword, scale);
  if (t === null) throw reader.fail(keyword, "required card is missing");
  return t;
}

/**
 * Reads a date card (`YYYY-MM-DD`) plus a separate time-of-day card (`HH:MM:SS.sss`), as Subaru
 * headers write them. Errors name whichever card is malformed.
 */
export function reqDateAndTimeCards(reader: CardReader, dateKey: string, timeKey: string, scale: TimeScale): TaiNs {
  const date = reader.reqString(dateKey);
  const time = reader.reqString(timeKey);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw reader.fail(dateKey, `cannot parse '${date}'`);
  if (!/^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(time)) throw reader.fail(timeKey, `cannot parse '${time}'`);
  try {
    taiFromIso(date, scale);
  } catch (e) {
    throw reader.fail(dateKey, `cannot parse '${date}'`, e);
  }
  try {
    return taiFromIso(`${date}T${time}`, scale);
  } catch (e) {
    throw reader.fail(timeKey, `cannot parse '${time}'`, e);
  }
}

/** Adds a duration in seconds (rounded to the nanosecond). */
export function addSeconds(t: TaiNs, seconds: number): TaiNs {
  return t + BigInt(Math.round(seconds * 1e9));
}

/** Whole days since 1970-01-01 (floor) of a TAI instant. */
function floorDays(t: TaiNs): bigint {
  return t >= 0n ? t / NS_PER_DAY : -((-t + NS_PER_DAY - 1n) / NS_PER_DAY);
}

/**
 * The observing day YYYYMMDD: the TAI calendar date of `t − offsetSeconds`. The offset is the
 * instrument's day rollover (e.g. 12 h for Rubin, whose day_obs rolls over at 12:00 TAI).
 */
export function observingDay(t: TaiNs, offsetSeconds: number): number {
  const shifted = t - BigInt(offsetSeconds) * NS_PER_S;
  const d = new Date(Number(floorDays(shifted)) * 86_400_000);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** The [begin, end) TAI span of an observing day with the given rollover offset (seconds). */
export function observingDaySpan(dayObs: number, offsetSeconds: number): { begin: TaiNs; end: TaiNs } {
  const y = Math.floor(dayObs / 10_000);
  const m = Math.floor(dayObs / 100) % 100;
  const d = dayObs % 100;
  const begin = BigInt(Date.UTC(y, m - 1, d) / 86_400_000) * NS_PER_DAY + BigInt(offsetSeconds) * NS_PER_S;
  return { begin, end: begin + NS_PER_DAY };
}

/** True when YYYYMMDD is a real calendar date. */
export function isValidDayObs(dayObs: number): boolean {
  if (!Number.isSafeInteger(dayObs)) return false;
  const y = Math.floor(dayObs / 10_000);
  const m = Math.floor(dayObs / 100) % 100;
  const d = dayObs % 100;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Converts an astropy `Time` two-part Julian Date in the TAI scale (`jd1 + jd2` days, as
 * astro_metadata_translator serialises datetime_begin/end) to TAI nanoseconds, rounding to the
 * nanosecond. jd1 is integral or half-integral, so `jd1 − 2440587.5` is exact in a double.
 */
export function taiFromJdPair(jd1: number, jd2: number): TaiNs {
  const days = jd1 - JD_UNIX_EPOCH;
  const whole = Math.floor(days);
  const fracNs = (days - whole) * 86_400e9 + jd2 * 86_400e9;
  return BigInt(whole) * NS_PER_DAY + BigInt(Math.round(fracNs));
}

/** MJD in the TAI scale (double precision: ~1 µs today) to TAI nanoseconds. */
export function taiFromMjdTai(mjd: number): TaiNs {
  const days = Math.floor(mjd);
  return BigInt(days - MJD_UNIX_EPOCH) * NS_PER_DAY + BigInt(Math.round((mjd - days) * 86_400e9));
}

/** TAI instant as ISO 8601 `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn` in the TAI scale. */
export function isoTai(t: TaiNs): string {
  return isoTaiFromTai(t).replace(" ", "T");
}
