/**
 * The error the sphere library throws for malformed or unsupported geometry (bad DALI/ADQL/STC-S
 * text, fewer than three polygon vertices, out-of-range coordinates). Services map it to a
 * `UsageFault` (STYLE.md §5); the library itself stays free of the service error model.
 */

/** Why a geometry was rejected. */
export type GeometryErrorCode =
  | "syntax" // the text could not be parsed
  | "range" // a number lies outside its allowed range (latitude, radius ...)
  | "degenerate" // too few distinct vertices, self-intersecting polygon, zero-width box
  | "unsupported"; // a valid construct this library does not implement (e.g. AREA of a Not)

/** A rejected geometry value; `position` is the 0-based character offset for syntax errors. */
export class GeometryError extends Error {
  readonly code: GeometryErrorCode;
  readonly position: number | undefined;

  constructor(code: GeometryErrorCode, message: string, position?: number) {
    super(message);
    this.name = "GeometryError";
    this.code = code;
    this.position = position;
  }
}
