/**
 * The one error class of the FITS library. Every malformed input (truncated file, garbage card,
 * absurd NAXISn/BITPIX/PCOUNT/TFORM, allocation over the limit) surfaces as a FitsFormatError with
 * a stable code, so callers can translate it (STYLE.md §5) and fuzz tests can tell it from a crash.
 */

/** Stable codes of FitsFormatError. */
export type FitsErrorCode =
  | "TRUNCATED"
  | "BAD_CARD"
  | "BAD_KEYWORD_VALUE"
  | "MISSING_KEYWORD"
  | "BAD_STRUCTURE"
  | "NO_END"
  | "TOO_LARGE"
  | "BAD_TFORM"
  | "OUT_OF_RANGE"
  | "UNSUPPORTED"
  | "VERIFY_FAILED"
  | "BAD_ARGUMENT";

/** Options of a FitsFormatError beyond code and message. */
export interface FitsFormatErrorOptions {
  /** Absolute byte offset in the source where the problem was found, when known. */
  readonly byteOffset?: number;
  /** 0-based HDU index, when known. */
  readonly hduIndex?: number;
  readonly cause?: unknown;
}

/** A FITS input that cannot be read as asked. Never thrown for programming errors. */
export class FitsFormatError extends Error {
  override readonly name: string = "FitsFormatError";
  readonly code: FitsErrorCode;
  /** Absolute byte offset of the problem in the source, or undefined. */
  readonly byteOffset: number | undefined;
  /** 0-based HDU index of the problem, or undefined. */
  readonly hduIndex: number | undefined;

  constructor(code: FitsErrorCode, message: string, options: FitsFormatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.byteOffset = options.byteOffset;
    this.hduIndex = options.hduIndex;
  }
}

/** Adds the HDU index / offset to an error thrown deeper down when it has none. */
export function withContext(e: unknown, hduIndex: number, byteOffset?: number): unknown {
  if (e instanceof FitsFormatError && (e.hduIndex === undefined || e.byteOffset === undefined)) {
    return new FitsFormatError(e.code, e.message, {
      hduIndex: e.hduIndex ?? hduIndex,
      byteOffset: e.byteOffset ?? byteOffset,
      cause: e.cause,
    });
  }
  return e;
}
