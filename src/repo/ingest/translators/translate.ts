/**
 * Entry point of raw-header translation: picks the one translator whose `canTranslate` accepts the
 * header and runs it. No header is accepted by default — an unknown instrument is an error that
 * quotes the identifying cards, so ingest never registers an exposure under a guessed instrument.
 */
import { decamTranslator } from "./decam.js";
import { CardReader, type HeaderLookup } from "./header.js";
import { hscTranslator } from "./hsc.js";
import { imSimTranslator, phoSimTranslator } from "./imsim.js";
import { latissTranslator } from "./latiss.js";
import { lsstCamSimTranslator, lsstCamTranslator } from "./lsstcam.js";
import { lsstComCamSimTranslator, lsstComCamTranslator } from "./lsstcomcam.js";
import { megaPrimeTranslator } from "./megaprime.js";
import type { ObservationInfo } from "./observation-info.js";
import { suprimeCamTranslator } from "./suprimecam.js";
import type { Translator } from "./translator.js";

/** Every translator, in the order they are tried (their `canTranslate` tests are disjoint). */
export const TRANSLATORS: readonly Translator[] = [
  lsstCamTranslator,
  lsstCamSimTranslator,
  latissTranslator,
  lsstComCamTranslator,
  lsstComCamSimTranslator,
  hscTranslator,
  decamTranslator,
  suprimeCamTranslator,
  megaPrimeTranslator,
  imSimTranslator,
  phoSimTranslator,
];

/** Options for {@link translateHeader}. */
export interface TranslateOptions {
  /** File name for error messages (e.g. "HSCA90402512.fits"). */
  readonly filename?: string;
  /** Translators to try instead of {@link TRANSLATORS}. */
  readonly translators?: readonly Translator[];
}

/** The translator that accepts this header, or undefined. */
export function findTranslator(lookup: HeaderLookup, translators: readonly Translator[] = TRANSLATORS): Translator | undefined {
  return translators.find((t) => t.canTranslate(lookup));
}

/**
 * Translates a raw FITS header into an ObservationInfo.
 * @param lookup keyword → value (the shape of `FitsHeader.get`); for a multi-extension raw pass a
 *   lookup that falls back from the amplifier HDU to the primary header.
 * @throws TranslationError naming the file and card when the header is malformed, or
 *   `"<file>: no translator recognises this header (INSTRUME='…', TELESCOP='…')"`.
 * @example translateHeader((k) => header.get(k), { filename: "HSCA90402512.fits" }).exposure_id
 */
export function translateHeader(lookup: HeaderLookup, options: TranslateOptions = {}): ObservationInfo {
  const reader = new CardReader(lookup, options.filename);
  const translator = findTranslator(lookup, options.translators ?? TRANSLATORS);
  if (translator === undefined) {
    const show = (k: string) => {
      const v = lookup(k);
      return v === undefined || v === null ? "" : String(v);
    };
    throw reader.fail(undefined, `no translator recognises this header (INSTRUME='${show("INSTRUME")}', TELESCOP='${show("TELESCOP")}')`);
  }
  return translator.translate(reader);
}
