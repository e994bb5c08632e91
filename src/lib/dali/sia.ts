/**
 * SIA 2.0 query parameters (standards.md §8.1, checklist §8.2): the raw multi-valued map → a typed
 * request. Every SIA parameter is multi-valued; values of one parameter are OR-ed and different
 * parameters AND-ed by the service (SIA-03). MAXREC, RESPONSEFORMAT and RUNID are DALI
 * single-valued (DALI-03). Unknown parameters (VERSION, UPLOAD …) are ignored (DALI-21).
 */
import {
  type Maxrec,
  type MaxrecLimits,
  parseMaxrec,
  parseResponseFormat,
  parseRunId,
  type RawParams,
  type ResponseFormat,
  type ResponseFormatName,
  values,
} from "./common.js";
import { type DpType, type PolState, parseCalib, parseDpType, parseOpaque, parsePol } from "./enums.js";
import { type Interval, type IntervalParam, parseNamedInterval } from "./intervals.js";
import { type PosRegion, parsePos } from "./positions.js";

/** Service limits for SIA parsing. */
export interface SiaLimits extends MaxrecLimits {
  /** Formats this service can write; all of DALI §1.4 when absent. */
  readonly responseFormats?: readonly ResponseFormatName[];
  /** Largest polygon vertex count in POS. */
  readonly maxPolygonVertices?: number;
}

/** A parsed SIA 2.0 query. Empty arrays mean "no constraint". */
export interface SiaQuery {
  readonly pos: readonly PosRegion[];
  readonly band: readonly Interval[];
  readonly time: readonly Interval[];
  readonly pol: readonly PolState[];
  readonly fov: readonly Interval[];
  readonly spatres: readonly Interval[];
  readonly exptime: readonly Interval[];
  readonly timeres: readonly Interval[];
  readonly specrp: readonly Interval[];
  readonly id: readonly string[];
  readonly collection: readonly string[];
  readonly facility: readonly string[];
  readonly instrument: readonly string[];
  readonly dptype: readonly DpType[];
  readonly calib: readonly number[];
  readonly target: readonly string[];
  readonly format: readonly string[];
  readonly maxrec: Maxrec;
  readonly responseFormat: ResponseFormat;
  readonly runId: string | undefined;
}

function intervals(params: RawParams, name: IntervalParam): Interval[] {
  return values(params, name).map((v) => parseNamedInterval(name, v));
}

function strings(params: RawParams, name: string): string[] {
  return values(params, name).map((v) => parseOpaque(v, name));
}

/** Parses an SIA 2.0 query; the first invalid value throws a UsageFault naming its parameter. */
export function parseSiaQuery(params: RawParams, limits: SiaLimits): SiaQuery {
  const shapeOpts = limits.maxPolygonVertices === undefined ? {} : { maxPolygonVertices: limits.maxPolygonVertices };
  return {
    pos: values(params, "POS").map((v) => parsePos(v, shapeOpts)),
    band: intervals(params, "BAND"),
    time: intervals(params, "TIME"),
    pol: values(params, "POL").map((v) => parsePol(v)),
    fov: intervals(params, "FOV"),
    spatres: intervals(params, "SPATRES"),
    exptime: intervals(params, "EXPTIME"),
    timeres: intervals(params, "TIMERES"),
    specrp: intervals(params, "SPECRP"),
    id: strings(params, "ID"),
    collection: strings(params, "COLLECTION"),
    facility: strings(params, "FACILITY"),
    instrument: strings(params, "INSTRUMENT"),
    dptype: values(params, "DPTYPE").map((v) => parseDpType(v)),
    calib: values(params, "CALIB").map((v) => parseCalib(v)),
    target: strings(params, "TARGET"),
    format: strings(params, "FORMAT"),
    maxrec: parseMaxrec(params, limits),
    responseFormat: parseResponseFormat(params, limits.responseFormats),
    runId: parseRunId(params),
  };
}
