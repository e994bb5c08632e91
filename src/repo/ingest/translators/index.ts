/**
 * Public surface of raw-header translation (issue 5): `translateHeader` turns a raw FITS header
 * lookup into an ObservationInfo, `toDimensionRecords` turns that into Butler dimension records.
 * See README.md for the map of this folder.
 */
export { bandOf, toDimensionRecords } from "./dimension-records.js";
export { TranslationError, type TranslationErrorOptions } from "./errors.js";
export { CardReader, type HeaderLookup, type HeaderValue } from "./header.js";
export type { ObservationInfo, RotationCoord } from "./observation-info.js";
export type {
  DayObsRecord,
  DetectorRecord,
  DimensionRecords,
  ExposureRecord,
  GroupRecord,
  InstrumentRecord,
  PhysicalFilterRecord,
} from "./records.js";
export { CTIO_BLANCO_LOCATION, RUBIN_LOCATION, SUBARU_LOCATION, geodeticToGeocentric } from "./sites.js";
export { type TaiNs, isoTai, observingDay, observingDaySpan, taiFromJdPair } from "./time.js";
export { TRANSLATORS, type TranslateOptions, findTranslator, translateHeader } from "./translate.js";
export type { Translator } from "./translator.js";
