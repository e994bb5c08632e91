/**
 * "demo_rings", a rings skymap in the manner of LSST's `RingsSkyMap` (lsst-image-services.md §2.1):
 * the sphere is cut into `RING_COUNT` declination rings of equal height plus two polar caps; each
 * ring holds as many tracts as fit its widest circumference; every tract has its own TAN projection
 * at 0.2″/px centred on the tract, and is cut into square patches of `PATCH_INNER_PIX` pixels with a
 * `PATCH_BORDER_PIX` overlap border, numbered x + nx·y. Written from that description, not from the
 * LSST code; the numbers are chosen so a demo patch stays small enough to build quickly.
 */
import { Wcs } from "../../lib/wcs/index.js";
import { PIXEL_SCALE_ARCSEC } from "./camera.js";

export const SKYMAP_NAME = "demo_rings";
/** Declination rings between the polar caps (LSST uses 120). */
export const RING_COUNT = 120;
/** Overlap between adjacent tracts, degrees (1′). */
export const TRACT_OVERLAP_DEG = 1 / 60;
/** Inner patch size and overlap border, pixels. */
export const PATCH_INNER_PIX = 2000;
export const PATCH_BORDER_PIX = 100;

const DEG = Math.PI / 180;
const RING_HEIGHT_DEG = 180 / (RING_COUNT + 1);

/** Tracts per ring: the ring's widest circumference (nearest the equator) over the ring height. */
function ringTractCounts(): number[] {
  const out: number[] = [];
  for (let i = 0; i < RING_COUNT; i++) {
    const start = -90 + RING_HEIGHT_DEG * (i + 0.5);
    const stop = start + RING_HEIGHT_DEG;
    const widest = Math.min(Math.abs(start), Math.abs(stop)) * (start < 0 && stop > 0 ? 0 : 1);
    out.push(Math.floor((360 * Math.cos(widest * DEG)) / RING_HEIGHT_DEG) + 1);
  }
  return out;
}

const RING_TRACTS = ringTractCounts();
/** Number of tracts: rings plus the two caps. */
export const TRACT_COUNT = RING_TRACTS.reduce((a, b) => a + b, 0) + 2;

/** A tract: its id, centre, projection and pixel grid, and its patch grid. */
export interface DemoTract {
  readonly id: number;
  readonly centreRaDeg: number;
  readonly centreDecDeg: number;
  /** Tract grid size in pixels (square), and patches along each axis. */
  readonly sizePix: number;
  readonly patchesPerSide: number;
  /** TAN WCS of the whole tract grid (pixel 1,1 is the tract's lower-left corner). */
  readonly wcs: Wcs;
}

/** One patch: its index within the tract and its outer (bordered) pixel box in tract pixels. */
export interface DemoPatch {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  /** 0-based tract pixel of the outer box's first pixel, and the outer box size. */
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  /** TAN WCS of the patch image (the tract WCS shifted to the outer box). */
  readonly wcs: Wcs;
}

/** The tract that contains a sky position (ring by declination, then nearest centre in RA). */
export function tractContaining(raDeg: number, decDeg: number): DemoTract {
  const ring = Math.floor((decDeg + 90) / RING_HEIGHT_DEG - 0.5);
  if (ring < 0 || ring >= RING_COUNT) throw new RangeError("the polar caps are not supported by the demo");
  const n = RING_TRACTS[ring]!;
  const step = 360 / n;
  const j = ((Math.round((((raDeg % 360) + 360) % 360) / step) % n) + n) % n;
  const id = 1 + RING_TRACTS.slice(0, ring).reduce((a, b) => a + b, 0) + j;
  return makeTract(id, j * step, -90 + RING_HEIGHT_DEG * (ring + 1));
}

function makeTract(id: number, centreRaDeg: number, centreDecDeg: number): DemoTract {
  const scaleDeg = PIXEL_SCALE_ARCSEC / 3600;
  // A tract spans its ring height plus the overlap on each side, in whole patches.
  const spanPix = (RING_HEIGHT_DEG + 2 * TRACT_OVERLAP_DEG) / scaleDeg;
  const patchesPerSide = Math.ceil(spanPix / PATCH_INNER_PIX);
  const sizePix = patchesPerSide * PATCH_INNER_PIX;
  const c = (sizePix + 1) / 2;
  const wcs = Wcs.celestial({ projection: "TAN", crvalDeg: [centreRaDeg, centreDecDeg], crpix1: [c, c], cdeltDeg: scaleDeg, imageSize: [sizePix, sizePix] });
  return { id, centreRaDeg, centreDecDeg, sizePix, patchesPerSide, wcs };
}

/** A patch of a tract by its grid position; the outer box may extend past the tract grid by the border. */
export function patchAt(tract: DemoTract, x: number, y: number): DemoPatch {
  const x0 = x * PATCH_INNER_PIX - PATCH_BORDER_PIX;
  const y0 = y * PATCH_INNER_PIX - PATCH_BORDER_PIX;
  const width = PATCH_INNER_PIX + 2 * PATCH_BORDER_PIX;
  const height = width;
  const p = tract.wcs.params;
  const wcs = new Wcs({ ...p, crpix: [p.crpix[0]! - x0, p.crpix[1]! - y0], imageSize: [width, height] });
  return { id: x + tract.patchesPerSide * y, x, y, x0, y0, width, height, wcs };
}

/** Patch ids → patch, for the patches whose outer boxes a set of tract-pixel points could touch. */
export function patchesNear(tract: DemoTract, xs1: readonly number[], ys1: readonly number[]): DemoPatch[] {
  const lo = (v: number) => Math.max(0, Math.floor((v - 1 - PATCH_BORDER_PIX) / PATCH_INNER_PIX));
  const hi = (v: number) => Math.min(tract.patchesPerSide - 1, Math.floor((v - 1 + PATCH_BORDER_PIX) / PATCH_INNER_PIX));
  const out: DemoPatch[] = [];
  for (let y = lo(Math.min(...ys1)); y <= hi(Math.max(...ys1)); y++) {
    for (let x = lo(Math.min(...xs1)); x <= hi(Math.max(...xs1)); x++) out.push(patchAt(tract, x, y));
  }
  return out;
}
