/**
 * The one error class of the image library. Thrown for arguments that cannot describe an image
 * (bad width/height, a pixel buffer of the wrong length, too many rows pushed, a size beyond what
 * the PNG/JPEG format can hold). Services translate it (STYLE.md §5), typically to a usage fault.
 */

/** Stable codes of ImageError. */
export type ImageErrorCode = "BAD_ARGUMENT" | "TOO_LARGE";

/** An image operation asked with arguments it cannot honour. */
export class ImageError extends Error {
  override readonly name: string = "ImageError";
  readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Throws BAD_ARGUMENT unless `n` is an integer in [min, max]. */
export function checkInt(name: string, n: number, min: number, max: number): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ImageError(n > max && Number.isInteger(n) ? "TOO_LARGE" : "BAD_ARGUMENT", `${name} must be an integer in [${min}, ${max}], got ${n}`);
  }
}

/** Throws BAD_ARGUMENT unless a buffer holds at least width × height values. */
export function checkLength(name: string, length: number, width: number, height: number): void {
  if (length < width * height) {
    throw new ImageError("BAD_ARGUMENT", `${name} holds ${length} values, fewer than ${width} × ${height}`);
  }
}
