/**
 * SODA request parameters (SODA 1.0 §3, standards.md SODA-01..08) → a typed request. The filters
 * (ID, POS/CIRCLE/POLYGON, BAND, TIME, POL, PIXELS) are lib/dali's; this adds the two parameters
 * of our descriptor: CUTOUTDETAIL (what the output holds, LSST's names accepted as aliases) and
 * RESPONSEFORMAT (FITS, or a PNG/JPEG quick look of the cut image), and MASKOUTSIDE (flag pixels
 * outside the shape in the mask plane, as LSST's OUTSIDE_STENCIL).
 */
import { type RawParams, singleValue } from "../../lib/dali/common.js";
import { parseSodaRequest, type SodaRequest } from "../../lib/dali/soda.js";
import { usageFault } from "../../lib/errors/index.js";

/** What a cutout holds: the image plane; image, mask and variance; or every HDU of the file. */
export type CutoutDetail = "image" | "image+mask+variance" | "full";
export const CUTOUT_DETAILS: readonly CutoutDetail[] = ["image", "image+mask+variance", "full"];

const DETAIL_ALIASES: Readonly<Record<string, CutoutDetail>> = {
  image: "image",
  "image+mask+variance": "image+mask+variance",
  maskedimage: "image+mask+variance",
  full: "full",
  exposure: "full",
};

/** The cutout's output format. */
export type CutoutFormat = "fits" | "png" | "jpeg";

const FORMATS: Readonly<Record<string, CutoutFormat>> = {
  fits: "fits",
  "application/fits": "fits",
  "image/fits": "fits",
  png: "png",
  "image/png": "png",
  jpg: "jpeg",
  jpeg: "jpeg",
  "image/jpeg": "jpeg",
};

export const CUTOUT_MIME: Readonly<Record<CutoutFormat, string>> = { fits: "application/fits", png: "image/png", jpeg: "image/jpeg" };

/** Limits of one endpoint (config soda.*; sync refuses multiple values, SODA-02). */
export interface SodaParamLimits {
  readonly multiValued: boolean;
  readonly maxShapes: number;
  readonly maxPolygonVertices: number;
  readonly maxIds: number;
}

export interface SodaCutoutRequest {
  readonly filters: SodaRequest;
  readonly detail: CutoutDetail;
  readonly format: CutoutFormat;
  readonly maskOutside: boolean;
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (["true", "1", "yes", "t"].includes(v)) return true;
  if (["false", "0", "no", "f", ""].includes(v)) return false;
  throw usageFault(`${name}: expected true or false, got ${JSON.stringify(value.slice(0, 40))}`, { param: name });
}

/** Parses a SODA request; the first bad value throws a UsageFault naming its parameter. */
export function parseCutoutRequest(params: RawParams, limits: SodaParamLimits): SodaCutoutRequest {
  const rest = new Map(params);
  const rf = singleValue(params, "RESPONSEFORMAT");
  rest.delete("RESPONSEFORMAT");
  const filters = parseSodaRequest(rest, limits);
  const format = rf === undefined || rf.trim() === "" ? "fits" : FORMATS[rf.split(";")[0]!.trim().toLowerCase()];
  if (format === undefined) {
    throw usageFault(`RESPONSEFORMAT ${JSON.stringify(rf?.slice(0, 60))} is not offered: use application/fits, image/png or image/jpeg`, { param: "RESPONSEFORMAT" });
  }
  const d = singleValue(params, "CUTOUTDETAIL");
  const detail = d === undefined || d.trim() === "" ? "image" : DETAIL_ALIASES[d.trim().toLowerCase()];
  if (detail === undefined) {
    throw usageFault(`CUTOUTDETAIL ${JSON.stringify(d?.slice(0, 60))} is not one of ${CUTOUT_DETAILS.join(", ")}`, { param: "CUTOUTDETAIL" });
  }
  if (format !== "fits" && detail !== "image") {
    throw usageFault(`CUTOUTDETAIL=${detail} needs RESPONSEFORMAT=application/fits: a ${format.toUpperCase()} quick look shows the image plane only`, { param: "CUTOUTDETAIL" });
  }
  return { filters, detail, format, maskOutside: parseBoolean("MASKOUTSIDE", singleValue(params, "MASKOUTSIDE")) };
}
