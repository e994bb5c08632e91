/**
 * The error class of the tile-compression module (FITS 4.0 standard §10). It extends the core
 * library's FitsFormatError so callers and fuzz tests handle one family of typed errors; the
 * `codec` field names the algorithm whose stream was malformed, when one was.
 */
import { type FitsErrorCode, FitsFormatError, type FitsFormatErrorOptions } from "../errors.js";

/** Options of a FitsCompressionError. */
export interface FitsCompressionErrorOptions extends FitsFormatErrorOptions {
  /** ZCMPTYPE of the codec that failed (e.g. "RICE_1"), when the fault is in a tile stream. */
  readonly codec?: string;
  /** 0-based tile index (table row), when known. */
  readonly tile?: number;
}

/** A compressed image (header, tile table or tile stream) that cannot be decoded or written. */
export class FitsCompressionError extends FitsFormatError {
  override readonly name = "FitsCompressionError";
  readonly codec: string | undefined;
  readonly tile: number | undefined;

  constructor(code: FitsErrorCode, message: string, options: FitsCompressionErrorOptions = {}) {
    super(code, message, options);
    this.codec = options.codec;
    this.tile = options.tile;
  }
}

/** Shorthand for a malformed tile stream. */
export function badStream(codec: string, message: string): FitsCompressionError {
  return new FitsCompressionError("BAD_STRUCTURE", `${codec}: ${message}`, { codec });
}
