/**
 * The Wcs object: a prepared WCS (prepared.ts) with convenience methods that call the plain
 * functions of transform.ts, footprint.ts and cards.ts (STYLE.md §2: low-level first, objects wrap).
 */
import { type WcsCard, type WcsCardOptions, wcsToCards } from "./cards.js";
import { type FootprintOptions, footprint } from "./footprint.js";
import type { CompiledSip } from "./distortion/sip.js";
import { readWcsParams, type WcsHeaderOptions } from "./header.js";
import type { KeywordLookup } from "./keywords.js";
import { type CelestialCore, prepareWcs, type WcsCore } from "./prepared.js";
import { pixToWorld, pixToWorldArrays, pixToWorldN, worldToPix, worldToPixArrays, worldToPixN } from "./transform.js";
import { type CelestialWcsSpec, celestialParams, makeCelestialParams, subimageParams } from "./params.js";
import type { WcsParams } from "./types.js";

/** A ready-to-use World Coordinate System. Immutable. */
export class Wcs implements WcsCore {
  readonly params: WcsParams;
  readonly naxis: number;
  readonly matrix: Float64Array;
  readonly inverse: Float64Array;
  readonly celestial: CelestialCore | undefined;
  readonly sipCompiled: CompiledSip | undefined;

  /**
   * Prepares a WCS from parameters (see WcsParams; makeCelestialParams builds them from scratch).
   * @throws WcsError when the parameters are inconsistent or unsupported.
   */
  constructor(params: WcsParams) {
    const core = prepareWcs(params);
    this.params = core.params;
    this.naxis = core.naxis;
    this.matrix = core.matrix;
    this.inverse = core.inverse;
    this.celestial = core.celestial;
    this.sipCompiled = core.sipCompiled;
  }

  /**
   * Reads a header through a keyword lookup (e.g. `(k) => fitsHeader.get(k)`).
   * @throws WcsError (see readWcsParams).
   */
  static fromHeader(get: KeywordLookup, options: WcsHeaderOptions = {}): Wcs {
    return new Wcs(readWcsParams(get, options));
  }

  /**
   * A 2-axis celestial WCS from parameters (target grids for mosaics and tiles).
   * @example Wcs.celestial({ projection: "TAN", crvalDeg: [150, 2], crpix1: [1024.5, 1024.5], cdeltDeg: 0.2 / 3600, imageSize: [2048, 2048] })
   */
  static celestial(spec: CelestialWcsSpec): Wcs {
    return new Wcs(makeCelestialParams(spec));
  }

  /** True when the WCS has a celestial longitude/latitude pair. */
  get hasCelestial(): boolean {
    return this.celestial !== undefined;
  }

  /** See transform.pixToWorld: 1-based (x1, y1) -> [world1, world2] (degrees when celestial). */
  pixToWorld(x1: number, y1: number): [number, number] {
    return pixToWorld(this, x1, y1);
  }

  /** See transform.worldToPix: world -> 1-based [x1, y1]. */
  worldToPix(world1: number, world2: number): [number, number] {
    return worldToPix(this, world1, world2);
  }

  /** See transform.pixToWorldArrays. */
  pixToWorldArrays(x1: ArrayLike<number>, y1: ArrayLike<number>, outWorld1: Float64Array, outWorld2: Float64Array): void {
    pixToWorldArrays(this, x1, y1, outWorld1, outWorld2);
  }

  /** See transform.worldToPixArrays. */
  worldToPixArrays(world1: ArrayLike<number>, world2: ArrayLike<number>, outX1: Float64Array, outY1: Float64Array): void {
    worldToPixArrays(this, world1, world2, outX1, outY1);
  }

  /** See transform.pixToWorldN. */
  pixToWorldN(pix1: ArrayLike<number>, out?: Float64Array): Float64Array {
    return pixToWorldN(this, pix1, out);
  }

  /** See transform.worldToPixN. */
  worldToPixN(world: ArrayLike<number>, out?: Float64Array): Float64Array {
    return worldToPixN(this, world, out);
  }

  /** The sky polygon of the image (see footprint.footprint). */
  footprint(options?: FootprintOptions): [number, number][] {
    return footprint(this, options);
  }

  /** FITS keyword entries for this WCS (see cards.wcsToCards). */
  toCards(options?: WcsCardOptions): WcsCard[] {
    return wcsToCards(this, options);
  }

  /** The WCS of a sub-image starting at 1-based parent pixel `first1` (see params.subimageParams). */
  subimage(first1: readonly number[], shape?: readonly number[]): Wcs {
    return new Wcs(subimageParams(this.params, first1, shape));
  }

  /** The 2-axis celestial part of an N-axis WCS (see params.celestialParams). */
  celestialWcs(): Wcs {
    return this.naxis === 2 && this.celestial ? this : new Wcs(celestialParams(this.params));
  }
}
