/**
 * Angle parsing for header cards: sexagesimal strings ("21:22:59.982" hours, "+00:30:00.07"
 * degrees) and decimal values. Hours become degrees through radians (hours·π/12·180/π), the
 * route astropy's hourangle→degree unit conversion takes, so our doubles agree bit-for-bit with
 * ObservationInfo oracles produced by astro_metadata_translator; degrees need no conversion.
 */
import type { CardReader } from "./header.js";

const SEXAGESIMAL = /^([+-]?)(\d{1,3})[: ](\d{1,2})[: ](\d{1,2}(?:\.\d*)?)$/;

/** Parses "±D:M:S(.s)" into a signed magnitude in the leading unit, or null when malformed. */
export function parseSexagesimal(text: string): number | null {
  const m = SEXAGESIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign = "", d = "0", mi = "0", s = "0"] = m;
  const mag = Number(d) + Number(mi) / 60 + Number(s) / 3600;
  if (Number(mi) >= 60 || Number(s) >= 60) return null;
  return sign === "-" ? -mag : mag;
}

/**
 * Reads a right ascension card in degrees: a number is taken as degrees, a string as sexagesimal
 * hours. Null when absent; TranslationError when malformed or outside [0, 360].
 */
export function optRaDeg(reader: CardReader, keyword: string): number | null {
  const v = reader.raw(keyword);
  if (typeof v === "string" && v.includes(":")) {
    const hours = parseSexagesimal(v);
    if (hours === null || hours < 0 || hours > 24) throw reader.fail(keyword, `cannot parse right ascension '${v}'`);
    return ((hours * Math.PI) / 12) * (180 / Math.PI);
  }
  const deg = reader.optNumber(keyword);
  if (deg !== null && (deg < 0 || deg > 360)) throw reader.fail(keyword, `right ascension ${deg} outside [0, 360]`);
  return deg;
}

/**
 * Reads a declination card in degrees: a number as degrees, a string as sexagesimal degrees.
 * Null when absent; TranslationError when malformed or outside [−90, 90].
 */
export function optDecDeg(reader: CardReader, keyword: string): number | null {
  const v = reader.raw(keyword);
  let deg: number | null;
  if (typeof v === "string" && v.includes(":")) {
    const d = parseSexagesimal(v);
    if (d === null) throw reader.fail(keyword, `cannot parse declination '${v}'`);
    deg = d;
  } else {
    deg = reader.optNumber(keyword);
  }
  if (deg !== null && (deg < -90 || deg > 90)) throw reader.fail(keyword, `declination ${deg} outside [-90, 90]`);
  return deg;
}
