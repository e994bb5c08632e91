/**
 * Public surface of lib/dali: DALI 1.1 / SIA 2.0 / SODA 1.0 request parameters as a pure library
 * (raw multi-valued map in, typed values out, UsageFaults with `param` set). See README.md.
 */
export {
  MAX_RUNID_LENGTH,
  type Maxrec,
  type MaxrecLimits,
  parseMaxrec,
  parseResponseFormat,
  parseRunId,
  RESPONSE_FORMATS,
  type RawParams,
  type ResponseFormat,
  type ResponseFormatName,
  singleValue,
  values,
  type VotableSerialization,
} from "./common.js";
export { DPTYPES, type DpType, POL_STATES, type PolState, parseCalib, parseDpType, parseOpaque, parsePol } from "./enums.js";
export {
  containsValue,
  formatInterval,
  INTERVAL_PARAMS,
  type Interval,
  type IntervalParam,
  overlaps,
  parseInterval,
  parseNamedInterval,
} from "./intervals.js";
export { formatPixels, type PixelRange, type PixelSection, parsePixels } from "./pixels.js";
export { formatPos, formatShape, type PosRegion, parseCircle, parsePolygon, parsePos, type ShapeOptions } from "./positions.js";
export { parseSiaQuery, type SiaLimits, type SiaQuery } from "./sia.js";
export { MULTI_VALUED_NOT_SUPPORTED, parseSodaRequest, SODA_FILTER_PARAMS, type SodaLimits, type SodaRequest } from "./soda.js";
