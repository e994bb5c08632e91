/**
 * SODA 1.0 cutout parameters (standards.md §9.2, checklist §9.3): ID (required, one or several),
 * POS, CIRCLE, POLYGON, BAND, TIME, POL, our PIXELS section and RESPONSEFORMAT extension. All POL
 * values form one filter (SODA-01). Other parameters may be refused when multi-valued
 * (SODA-02: `MultiValuedParamNotSupported`, typically on sync), controlled by a limits flag.
 * Limits on spatial shapes per request and polygon vertices guard the cutout engine.
 */
import { usageFault } from "../errors/index.js";
import { parseResponseFormat, type RawParams, type ResponseFormat, type ResponseFormatName, singleValue, values } from "./common.js";
import { type PolState, parseOpaque, parsePol } from "./enums.js";
import { type Interval, parseNamedInterval } from "./intervals.js";
import { type PixelSection, parsePixels } from "./pixels.js";
import { type PosRegion, parseCircle, parsePolygon, parsePos } from "./positions.js";

/** The SODA-06 error word for a refused multi-valued parameter; set as the fault's `detail`. */
export const MULTI_VALUED_NOT_SUPPORTED = "MultiValuedParamNotSupported";

/** The SODA parameters subject to the multiplicity rule (POL never is, SODA-01). */
export const SODA_FILTER_PARAMS = ["ID", "POS", "CIRCLE", "POLYGON", "BAND", "TIME", "PIXELS"] as const;

/** Service limits for SODA parsing. */
export interface SodaLimits {
  /** Whether several values of ID/POS/CIRCLE/POLYGON/BAND/TIME/PIXELS are accepted (async: yes). */
  readonly multiValued: boolean;
  /** Most POS + CIRCLE + POLYGON values in one request. */
  readonly maxShapes: number;
  /** Most vertices of one polygon (POLYGON or POS POLYGON). */
  readonly maxPolygonVertices: number;
  /** Most ID values in one request. */
  readonly maxIds?: number;
  /** Formats this service can write; all of DALI §1.4 when absent. */
  readonly responseFormats?: readonly ResponseFormatName[];
}

/** A parsed SODA request. Empty arrays mean "no filter of that kind". */
export interface SodaRequest {
  readonly ids: readonly string[];
  /** POS, CIRCLE and POLYGON values in that order (each a separate spatial filter, SODA-03). */
  readonly shapes: readonly PosRegion[];
  readonly band: readonly Interval[];
  readonly time: readonly Interval[];
  /** All POL values: one filter (SODA-01). */
  readonly pol: readonly PolState[];
  readonly pixels: readonly PixelSection[];
  /** Undefined when RESPONSEFORMAT is absent (the service picks, e.g. FITS). */
  readonly responseFormat: ResponseFormat | undefined;
}

function checkMultiplicity(params: RawParams, limits: SodaLimits): void {
  if (limits.multiValued) return;
  for (const name of SODA_FILTER_PARAMS) {
    const n = values(params, name).length;
    if (n > 1) {
      throw usageFault(`${MULTI_VALUED_NOT_SUPPORTED}: parameter ${name} was given ${n} values; this endpoint accepts one`, {
        param: name,
        detail: MULTI_VALUED_NOT_SUPPORTED,
        hint: "Use the async endpoint for several values, or send one request per value.",
      });
    }
  }
}

/** Parses a SODA request; the first invalid value throws a UsageFault naming its parameter. */
export function parseSodaRequest(params: RawParams, limits: SodaLimits): SodaRequest {
  checkMultiplicity(params, limits);
  const ids = values(params, "ID").map((v) => parseOpaque(v, "ID"));
  if (ids.length === 0) throw usageFault("Missing parameter ID: a SODA request needs the ID of a dataset", { param: "ID" });
  if (limits.maxIds !== undefined && ids.length > limits.maxIds) {
    throw usageFault(`Too many ID values: ${ids.length}; at most ${limits.maxIds} are allowed`, { param: "ID" });
  }
  const nShapes = values(params, "POS").length + values(params, "CIRCLE").length + values(params, "POLYGON").length;
  if (nShapes > limits.maxShapes) {
    const param = values(params, "POLYGON").length > 0 ? "POLYGON" : values(params, "CIRCLE").length > 0 ? "CIRCLE" : "POS";
    throw usageFault(`Too many spatial shapes: ${nShapes} POS/CIRCLE/POLYGON values; at most ${limits.maxShapes} are allowed`, { param });
  }
  const opts = { maxPolygonVertices: limits.maxPolygonVertices };
  const shapes: PosRegion[] = [
    ...values(params, "POS").map((v) => parsePos(v, opts)),
    ...values(params, "CIRCLE").map((v) => parseCircle(v)),
    ...values(params, "POLYGON").map((v) => parsePolygon(v, opts)),
  ];
  const rf = singleValue(params, "RESPONSEFORMAT");
  return {
    ids,
    shapes,
    band: values(params, "BAND").map((v) => parseNamedInterval("BAND", v)),
    time: values(params, "TIME").map((v) => parseNamedInterval("TIME", v)),
    pol: values(params, "POL").map((v) => parsePol(v)),
    pixels: values(params, "PIXELS").map((v) => parsePixels(v)),
    responseFormat: rf === undefined ? undefined : parseResponseFormat(params, limits.responseFormats),
  };
}
