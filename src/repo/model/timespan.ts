/**
 * Times and timespans as the Butler keeps them: TAI nanoseconds since 1970-01-01T00:00:00 TAI in a
 * 64-bit integer (BigInt here), half-open [begin, end). Conversions to and from ISO strings in TAI
 * and UTC (with the leap-second table), MJD and the export format's !butler_time/tai/iso strings.
 */

/** Nanoseconds per day and second, as BigInt. */
const NS_PER_S = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;

/** MJD of 1970-01-01. */
const MJD_UNIX_EPOCH = 40587;

/**
 * TAI−UTC in seconds from each UTC date on (IERS Bulletin C; unchanged since 2017-01-01). Before
 * 1972 the offset drifted continuously; we use 10 s there, which is what 1972-01-01 starts with.
 */
const LEAP_SECONDS: readonly (readonly [number, number])[] = [
  [Date.UTC(1972, 0, 1), 10], [Date.UTC(1972, 6, 1), 11], [Date.UTC(1973, 0, 1), 12], [Date.UTC(1974, 0, 1), 13],
  [Date.UTC(1975, 0, 1), 14], [Date.UTC(1976, 0, 1), 15], [Date.UTC(1977, 0, 1), 16], [Date.UTC(1978, 0, 1), 17],
  [Date.UTC(1979, 0, 1), 18], [Date.UTC(1980, 0, 1), 19], [Date.UTC(1981, 6, 1), 20], [Date.UTC(1982, 6, 1), 21],
  [Date.UTC(1983, 6, 1), 22], [Date.UTC(1985, 6, 1), 23], [Date.UTC(1988, 0, 1), 24], [Date.UTC(1990, 0, 1), 25],
  [Date.UTC(1991, 0, 1), 26], [Date.UTC(1992, 6, 1), 27], [Date.UTC(1993, 6, 1), 28], [Date.UTC(1994, 6, 1), 29],
  [Date.UTC(1996, 0, 1), 30], [Date.UTC(1997, 6, 1), 31], [Date.UTC(1999, 0, 1), 32], [Date.UTC(2006, 0, 1), 33],
  [Date.UTC(2009, 0, 1), 34], [Date.UTC(2012, 6, 1), 35], [Date.UTC(2015, 6, 1), 36], [Date.UTC(2017, 0, 1), 37],
];

/** TAI−UTC in seconds at a UTC instant given in Unix milliseconds. */
export function taiMinusUtcSeconds(utcMs: number): number {
  let offset = 10;
  for (const [from, s] of LEAP_SECONDS) if (utcMs >= from) offset = s;
  return offset;
}

/** A TAI instant: nanoseconds since 1970-01-01T00:00:00 TAI. */
export type TaiNs = bigint;

/** A half-open time interval [begin, end) in TAI nanoseconds; null bounds are unbounded. */
export interface Timespan {
  readonly begin: TaiNs | null;
  readonly end: TaiNs | null;
}

export class TimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeFormatError";
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?$/;

/** Parses an ISO date-time as calendar fields plus nanoseconds (no time zone other than Z). */
function parseIsoFields(s: string): { ms: number; extraNs: bigint } {
  const m = ISO.exec(s.trim());
  if (!m) throw new TimeFormatError(`not an ISO date-time: '${s}'`);
  const [y, mo, d, h = "0", mi = "0", sec = "0", frac = ""] = m.slice(1);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) {
    throw new TimeFormatError(`not a valid date-time: '${s}'`);
  }
  return { ms, extraNs: BigInt(frac.padEnd(9, "0") || "0") };
}

/** ISO date-time read as a TAI calendar time. */
export function taiFromIsoTai(s: string): TaiNs {
  const { ms, extraNs } = parseIsoFields(s);
  return BigInt(ms) * 1_000_000n + extraNs;
}

/** ISO date-time read as UTC, converted to TAI with the leap-second table. */
export function taiFromIsoUtc(s: string): TaiNs {
  const { ms, extraNs } = parseIsoFields(s);
  return (BigInt(ms) + BigInt(taiMinusUtcSeconds(ms) * 1000)) * 1_000_000n + extraNs;
}

/** A JavaScript Date (UTC) to TAI. Sub-millisecond precision is not available from a Date. */
export function taiFromDate(d: Date): TaiNs {
  const ms = d.getTime();
  return (BigInt(ms) + BigInt(taiMinusUtcSeconds(ms) * 1000)) * 1_000_000n;
}

/** TAI to a UTC Date (millisecond precision). */
export function dateFromTai(t: TaiNs): Date {
  const taiMs = Number(t / 1_000_000n);
  // The offset depends on the UTC instant; one correction step is exact except within a leap second.
  const approx = taiMs - taiMinusUtcSeconds(taiMs) * 1000;
  return new Date(taiMs - taiMinusUtcSeconds(approx) * 1000);
}

/** MJD in the TAI scale to TAI nanoseconds (precision of a double: ~1 µs today). */
export function taiFromMjdTai(mjd: number): TaiNs {
  const days = Math.floor(mjd);
  const fracNs = BigInt(Math.round((mjd - days) * 86_400e9));
  return BigInt(days - MJD_UNIX_EPOCH) * NS_PER_DAY + fracNs;
}

/** TAI nanoseconds to MJD in the TAI scale. */
export function mjdTaiFromTai(t: TaiNs): number {
  const days = t >= 0n ? t / NS_PER_DAY : -((-t + NS_PER_DAY - 1n) / NS_PER_DAY);
  const rem = t - days * NS_PER_DAY;
  return Number(days) + MJD_UNIX_EPOCH + Number(rem) / 86_400e9;
}

/** TAI nanoseconds to MJD in the UTC scale (what ObsCore's t_min/t_max use). */
export function mjdUtcFromTai(t: TaiNs): number {
  const d = dateFromTai(t);
  const utcMs = d.getTime();
  const subMs = Number(t % 1_000_000n) / 1e6;
  return (utcMs + subMs) / 86_400_000 + MJD_UNIX_EPOCH;
}

/** TAI nanoseconds as 'YYYY-MM-DD HH:MM:SS.nnnnnnnnn' in the TAI scale (the export format). */
export function isoTaiFromTai(t: TaiNs): string {
  const ms = t >= 0n ? t / 1_000_000n : -((-t + 999_999n) / 1_000_000n);
  const ns = t - ms * 1_000_000n;
  const d = new Date(Number(ms));
  const base = d.toISOString().slice(0, 19).replace("T", " ");
  const frac = (BigInt(d.getUTCMilliseconds()) * 1_000_000n + ns).toString().padStart(9, "0");
  return `${base}.${frac}`;
}

/** True when two half-open timespans overlap (null bounds are unbounded). */
export function timespansOverlap(a: Timespan, b: Timespan): boolean {
  const aBeforeBEnd = a.begin === null || b.end === null || a.begin < b.end;
  const bBeforeAEnd = b.begin === null || a.end === null || b.begin < a.end;
  return aBeforeBEnd && bBeforeAEnd;
}
