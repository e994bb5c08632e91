/**
 * Times for the expression language: T'…' literals and bound times converted to what the Butler
 * stores for timespans (lsst-image-services.md §2.5, §2.4): TAI nanoseconds since
 * 1970-01-01T00:00:00 TAI as a BigInt, and formatted back as ISO in TAI or UTC. Formats follow
 * astropy's names (iso/isot/fits, mjd, jd, unix) and scales tai, utc, tt; the format is guessed
 * when absent (ISO text → UTC, a bare number → MJD in TAI), as the Butler does.
 *
 * UTC→TAI uses the IERS leap-second table (Bulletin C) hard-coded below, complete through the
 * 2017-01-01 step to TAI−UTC = 37 s; no leap second has been announced since (Bulletin C 70, 2025).
 * Before 1972 UTC ran with rubber seconds and fractional offsets; we use 10 s there, the value UTC
 * started from on 1972-01-01, which is what sky-survey data (post-1990) never meets in practice.
 * Calendar arithmetic is proleptic Gregorian on integers (days-from-civil), valid for years 1–9999.
 */

/** TAI nanoseconds since 1970-01-01T00:00:00 TAI. */
export type TaiNs = bigint;
/** Time scales accepted in literals (TT = TAI + 32.184 s). */
export type TimeScale = "tai" | "utc" | "tt";
/** Literal formats, as astropy names them (iso, isot and fits all read ISO 8601 text). */
export type TimeFormat = "iso" | "isot" | "fits" | "mjd" | "jd" | "unix";

/** A time text that cannot be read; the parser turns it into an ExpressionSyntaxError. */
export class TimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeFormatError";
  }
}

const NS_PER_S = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;
/** MJD of 1970-01-01 (the Unix and our TAI epoch's calendar date). */
const MJD_1970 = 40_587n;
/** JD − MJD = 2 400 000.5 days, kept in tenths of a day so it stays an integer. */
const JD_MINUS_MJD_TENTH_DAYS = 24_000_005n;
/** TT − TAI = 32.184 s exactly (IAU 1991). */
const TT_MINUS_TAI_NS = 32_184_000_000n;

/**
 * TAI−UTC steps: [year, month (1-based), TAI−UTC in seconds from the first of that month, UTC].
 * IERS Bulletin C; each step after the first is one inserted leap second at the end of the
 * previous month.
 */
const LEAP_TABLE: readonly (readonly [number, number, number])[] = [
  [1972, 1, 10], [1972, 7, 11], [1973, 1, 12], [1974, 1, 13], [1975, 1, 14], [1976, 1, 15],
  [1977, 1, 16], [1978, 1, 17], [1979, 1, 18], [1980, 1, 19], [1981, 7, 20], [1982, 7, 21],
  [1983, 7, 22], [1985, 7, 23], [1988, 1, 24], [1990, 1, 25], [1991, 1, 26], [1992, 7, 27],
  [1993, 7, 28], [1994, 7, 29], [1996, 1, 30], [1997, 7, 31], [1999, 1, 32], [2006, 1, 33],
  [2009, 1, 34], [2012, 7, 35], [2015, 7, 36], [2017, 1, 37],
];

/** TAI−UTC used before 1972-01-01 (see the module note). */
export const PRE_1972_TAI_MINUS_UTC_S = 10;

interface LeapStep {
  /** Start of the step as naive UTC nanoseconds since 1970-01-01 (leap seconds not counted). */
  readonly utcNs: bigint;
  readonly offsetNs: bigint;
}

const LEAP_STEPS: readonly LeapStep[] = LEAP_TABLE.map(([y, m, s]) => ({
  utcNs: BigInt(daysFromCivil(y, m, 1)) * NS_PER_DAY,
  offsetNs: BigInt(s) * NS_PER_S,
}));

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-based). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The (year, month 1-based, day) of a day count since 1970-01-01. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** TAI−UTC in seconds at a naive UTC instant (nanoseconds since 1970-01-01 UTC, no leap seconds). */
export function taiMinusUtcSeconds(utcNaiveNs: bigint): number {
  for (let i = LEAP_STEPS.length - 1; i >= 0; i--) {
    const step = LEAP_STEPS[i]!;
    if (utcNaiveNs >= step.utcNs) return Number(step.offsetNs / NS_PER_S);
  }
  return PRE_1972_TAI_MINUS_UTC_S;
}

/** Naive UTC nanoseconds to TAI. */
export function taiFromUtcNaiveNs(utcNaiveNs: bigint): TaiNs {
  return utcNaiveNs + BigInt(taiMinusUtcSeconds(utcNaiveNs)) * NS_PER_S;
}

/** A JavaScript Date (UTC, millisecond precision, leap seconds not represented) to TAI. */
export function taiFromDate(date: Date): TaiNs {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new TimeFormatError("invalid Date");
  return taiFromUtcNaiveNs(BigInt(ms) * 1_000_000n);
}

/** An exact decimal `[+-]digits[.digits][e±n]` times `unitNs`, rounded to the nearest ns. */
function decimalTimesNs(text: string, unitNs: bigint): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new TimeFormatError(`not a number: '${text}'`);
  const frac = m[3] ?? "";
  let mantissa = BigInt(`${m[2] || "0"}${frac}`) * unitNs;
  const exp10 = Number(m[4] ?? "0") - frac.length;
  if (exp10 >= 0) {
    if (exp10 > 30) throw new TimeFormatError(`number out of range: '${text}'`);
    mantissa *= 10n ** BigInt(exp10);
  } else {
    const div = 10n ** BigInt(-exp10);
    mantissa = (mantissa + div / 2n) / div;
  }
  return m[1] === "-" ? -mantissa : mantissa;
}

/** Converts nanoseconds counted in `scale` (naive calendar for UTC) to TAI. */
function toTai(ns: bigint, scale: TimeScale): TaiNs {
  if (scale === "tai") return ns;
  if (scale === "tt") return ns - TT_MINUS_TAI_NS;
  return taiFromUtcNaiveNs(ns);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?(Z)?$/;

/**
 * An ISO 8601 date or date-time (`2020-03-30`, `2020-03-30 12:20:33`, `2020-03-30T12:20:33.5`,
 * optional `Z` for UTC) in `scale`, to TAI. Fractions beyond nanoseconds are truncated; second 60
 * is accepted only at a real UTC leap second.
 */
export function taiFromIso(text: string, scale: TimeScale): TaiNs {
  const m = ISO.exec(text.trim());
  if (!m) throw new TimeFormatError(`not an ISO date-time: '${text}'`);
  if (m[8] === "Z" && scale !== "utc") throw new TimeFormatError(`'Z' marks UTC but the scale is ${scale}`);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? "0")) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new TimeFormatError(`no such date: '${text}'`);
  if (hour > 23 || minute > 59 || second > 60) throw new TimeFormatError(`no such time of day: '${text}'`);
  const fracNs = BigInt((m[7] ?? "").slice(0, 9).padEnd(9, "0"));
  const days = BigInt(daysFromCivil(year, month, day));
  const naive = (s: number): bigint => days * NS_PER_DAY + BigInt(hour * 3600 + minute * 60 + s) * NS_PER_S;
  if (second === 60) {
    // 23:59:60 exists only in UTC, on the last day before a step of the leap-second table.
    const before = naive(59);
    const after = before + NS_PER_S;
    if (scale !== "utc" || hour !== 23 || minute !== 59 || taiMinusUtcSeconds(after) === taiMinusUtcSeconds(before)) {
      throw new TimeFormatError(`no leap second at '${text}'`);
    }
    return taiFromUtcNaiveNs(before) + NS_PER_S + fracNs;
  }
  return toTai(naive(second) + fracNs, scale);
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** A Modified Julian Date (decimal text, exact) in `scale` to TAI. */
export function taiFromMjd(text: string, scale: TimeScale): TaiNs {
  return toTai(decimalTimesNs(text, NS_PER_DAY) - MJD_1970 * NS_PER_DAY, scale);
}

/** A Julian Date (decimal text, exact) in `scale` to TAI. */
export function taiFromJd(text: string, scale: TimeScale): TaiNs {
  const mjdNs = decimalTimesNs(text, NS_PER_DAY) - (JD_MINUS_MJD_TENTH_DAYS * NS_PER_DAY) / 10n;
  return toTai(mjdNs - MJD_1970 * NS_PER_DAY, scale);
}

/** Seconds since 1970-01-01T00:00:00 of `scale` (for UTC: POSIX time, leap seconds not counted). */
export function taiFromUnix(text: string, scale: TimeScale): TaiNs {
  return toTai(decimalTimesNs(text, NS_PER_S), scale);
}

const FORMATS: ReadonlySet<string> = new Set<TimeFormat>(["iso", "isot", "fits", "mjd", "jd", "unix"]);
const SCALES: ReadonlySet<string> = new Set<TimeScale>(["tai", "utc", "tt"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function guessFormat(value: string): TimeFormat {
  if (NUMBER.test(value.trim())) return "mjd";
  if (/^\d{4}-/.test(value.trim())) return "iso";
  throw new TimeFormatError(`cannot tell the format of time '${value}'; write e.g. T'iso/…' or T'mjd/…'`);
}

/**
 * Reads the text of a T'…' literal: `value`, `format/value`, `value/scale` or
 * `format/value/scale`. ISO values default to UTC, numbers (MJD, JD) to TAI, unix to UTC.
 * @example parseTimeLiteral("mjd/58938.5/tai") === 1_585_569_600_000_000_000n
 * @throws TimeFormatError for unknown formats or scales, malformed values and impossible dates.
 */
export function parseTimeLiteral(text: string): TaiNs {
  const parts = text.split("/").map((p) => p.trim());
  let format: TimeFormat;
  let value: string;
  let scale: TimeScale | undefined;
  const [p0 = "", p1 = "", p2 = ""] = parts;
  if (parts.length === 1) {
    value = p0;
    format = guessFormat(value);
  } else if (parts.length === 2 && FORMATS.has(p0.toLowerCase())) {
    format = p0.toLowerCase() as TimeFormat;
    value = p1;
  } else if (parts.length === 2 && SCALES.has(p1.toLowerCase())) {
    value = p0;
    format = guessFormat(value);
    scale = p1.toLowerCase() as TimeScale;
  } else if (parts.length === 3) {
    if (!FORMATS.has(p0.toLowerCase())) throw new TimeFormatError(`unknown time format '${p0}' (use iso, isot, fits, mjd, jd or unix)`);
    if (!SCALES.has(p2.toLowerCase())) throw new TimeFormatError(`unknown time scale '${p2}' (use tai, utc or tt)`);
    format = p0.toLowerCase() as TimeFormat;
    value = p1;
    scale = p2.toLowerCase() as TimeScale;
  } else {
    throw new TimeFormatError(`cannot read time '${text}'; write [format/]value[/scale]`);
  }
  switch (format) {
    case "iso":
    case "isot":
    case "fits":
      return taiFromIso(value, scale ?? "utc");
    case "mjd":
      return taiFromMjd(value, scale ?? "tai");
    case "jd":
      return taiFromJd(value, scale ?? "tai");
    case "unix":
      return taiFromUnix(value, scale ?? "utc");
  }
}

/** Floor division and remainder of BigInts (the remainder is never negative). */
function divFloor(a: bigint, b: bigint): [bigint, bigint] {
  const q = a / b;
  const r = a - q * b;
  return r < 0n ? [q - 1n, r + b] : [q, r];
}

/** Naive calendar nanoseconds as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn`; `leap` prints second 60. */
function formatNaive(ns: bigint, leap: boolean): string {
  const [days, inDay] = divFloor(ns, NS_PER_DAY);
  const [y, mo, d] = civilFromDays(Number(days));
  const [secs, frac] = divFloor(inDay, NS_PER_S);
  const s = Number(secs);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const sec = leap ? 60 : s % 60;
  return `${String(y).padStart(4, "0")}-${p2(mo)}-${p2(d)}T${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(sec)}.${String(frac).padStart(9, "0")}`;
}

/**
 * Formats a TAI instant as ISO `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn` in TAI or UTC (a leap second
 * prints as `23:59:60.…`).
 */
export function formatIso(t: TaiNs, scale: "tai" | "utc" = "tai"): string {
  if (scale === "tai") return formatNaive(t, false);
  for (let i = LEAP_STEPS.length - 1; i >= 0; i--) {
    const step = LEAP_STEPS[i]!;
    if (t >= step.utcNs + step.offsetNs) return formatNaive(t - step.offsetNs, false);
    const prev = LEAP_STEPS[i - 1];
    // Between the old and the new offset lies the inserted second 23:59:60 of the previous day.
    if (prev !== undefined && t >= step.utcNs + prev.offsetNs) return formatNaive(t - prev.offsetNs - NS_PER_S, true);
  }
  return formatNaive(t - BigInt(PRE_1972_TAI_MINUS_UTC_S) * NS_PER_S, false);
}

/** A TAI instant as MJD in the TAI scale (a double: ~1 µs resolution today). */
export function mjdTaiFromTai(t: TaiNs): number {
  const [days, rem] = divFloor(t, NS_PER_DAY);
  return Number(days + MJD_1970) + Number(rem) / Number(NS_PER_DAY);
}
