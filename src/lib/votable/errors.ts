/**
 * Error types of the VOTable library. Readers throw `VOTableFormatError` (with the byte/character
 * position and line/column) for malformed or over-limit input; writers throw `VOTableModelError`
 * for a document model that cannot be serialised (e.g. an unknown datatype). Services translate
 * both into protocol errors (STYLE.md §5); the library never logs.
 */

/** Where in the input a format error was detected (0-based offset, 1-based line and column). */
export interface SourcePosition {
  /** 0-based character offset in the decoded document (or byte offset inside a decoded STREAM). */
  readonly offset: number;
  /** 1-based line, or 0 when unknown. */
  readonly line: number;
  /** 1-based column, or 0 when unknown. */
  readonly column: number;
}

/** Malformed, unsupported or over-limit VOTable input. */
export class VOTableFormatError extends Error {
  override readonly name = "VOTableFormatError";
  /** Where the problem was found. */
  readonly position: SourcePosition;
  /** True when a configured limit (bytes, rows, columns, depth) was exceeded. */
  readonly limitExceeded: boolean;

  constructor(message: string, position: SourcePosition, options: { limitExceeded?: boolean; cause?: unknown } = {}) {
    super(
      position.line > 0 ? `${message} (line ${position.line}, column ${position.column})` : `${message} (offset ${position.offset})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.position = position;
    this.limitExceeded = options.limitExceeded ?? false;
  }
}

/** A document model the writers cannot serialise (programming error on the caller's side). */
export class VOTableModelError extends Error {
  override readonly name = "VOTableModelError";
}

/** Computes line and column of a character offset in `text` (only called when throwing). */
export function positionOf(text: string, offset: number): SourcePosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: end, line, column: end - lineStart + 1 };
}
