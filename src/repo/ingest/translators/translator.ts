/**
 * The contract every per-instrument translator meets: a cheap `canTranslate` test on identifying
 * cards (INSTRUME, TELESCOP, …) and a `translate` that reads the rest through a CardReader.
 */
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";

/** A raw-header translator for one instrument. */
export interface Translator {
  /** Name recorded in ObservationInfo.translator (also the instrument name). */
  readonly name: string;
  /** True when this header belongs to the instrument; must not throw. */
  canTranslate(lookup: HeaderLookup): boolean;
  /** Translates the header; throws TranslationError naming the file and card on bad input. */
  translate(reader: CardReader): ObservationInfo;
}

/** The identifying card value as a trimmed string ("" when absent or not a string). */
export function cardText(lookup: HeaderLookup, keyword: string): string {
  const v = lookup(keyword);
  return typeof v === "string" ? v.trim() : "";
}

/** Maps an angle in degrees into [0, 360). */
export function wrapDeg360(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r === 0 ? 0 : r;
}

/** °C to K (IUPAC: 0 °C = 273.15 K). */
export function celsiusToKelvin(c: number): number {
  return c + 273.15;
}
