/**
 * LATISS, the imager-spectrograph on Rubin's Auxiliary Telescope: one ITL CCD (detector 0) behind a
 * filter wheel and a grating wheel. The physical filter names both wheels, "<filter>~<grating>",
 * as the LATISS registry of obs_lsst's test repository does (shared/data/butler-exports/
 * obs_lsst-latiss/gen3.sqlite3: "SDSSr~empty", "unknown~unknown"); bands come from that registry.
 */
import type { CardReader } from "./header.js";
import { type LsstCameraSpec, type LsstDetector, lsstTranslator } from "./lsst-common.js";
import type { Translator } from "./translator.js";

/**
 * LATISS filter → band, as registered in obs_lsst's LATISS test registry (gen3.sqlite3) plus the
 * 65 mm SDSS set installed in 2023 (Rubin LATISS filter list, rubinobs.github.io/ts_observatory).
 */
export const LATISS_FILTER_BANDS: Readonly<Record<string, string>> = {
  empty: "white", blank_bk7_wg05: "white", KPNO_1111_436nm: "g", KPNO_373A_677nm: "r", KPNO_406_828nm: "z",
  diffuser: "diffuser", BG40: "g", quadnotch1: "notch", RG610: "r", FELH0600: "r", SDSSg: "g", SDSSr: "r",
  SDSSi: "i", SDSSg_65mm: "g", SDSSr_65mm: "r", SDSSi_65mm: "i", SDSSz_65mm: "z", SDSSy_65mm: "y",
  BG40_65mm: "g", OG550_65mm: "g", unknown: "unknown",
};

/** LATISS has one detector. */
const LATISS_DETECTOR: LsstDetector = { num: 0, group: "RXX", name: "S00" };

/** "empty_1", "EMPTY", "" → "empty"; null → "unknown". */
function wheelValue(value: string | null): string {
  if (value === null) return "unknown";
  return /^(empty(_\d+)?|none)?$/i.test(value) ? "empty" : value;
}

function physicalFilter(reader: CardReader): string {
  return `${wheelValue(reader.optString("FILTER"))}~${wheelValue(reader.optString("GRATING"))}`;
}

/** Band of a LATISS physical filter "<filter>~<grating>" (the filter decides). */
export function latissBand(physical: string): string {
  const filter = physical.split("~")[0] ?? "unknown";
  return LATISS_FILTER_BANDS[filter] ?? "white";
}

const LATISS: LsstCameraSpec = {
  name: "LATISS",
  instrumeValues: ["latiss", "lsst_atiss"],
  defaultTelescope: "LSST AuxTelescope",
  simulated: false,
  detector: (reader: CardReader) => {
    // Headers since 2021 state the position; it must be the one CCD.
    const slot = reader.optString("CCDSLOT");
    if (slot !== null && slot !== "S00") throw reader.fail("CCDSLOT", `LATISS has only slot S00, got '${slot}'`);
    return LATISS_DETECTOR;
  },
  physicalFilter,
};

/** LATISS (INSTRUME = "LATISS", or "LSST_ATISS" in 2018). */
export const latissTranslator: Translator = lsstTranslator(LATISS);
