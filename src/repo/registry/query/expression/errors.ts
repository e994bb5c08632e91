/**
 * Errors of the Butler query expression language (lsst-image-services.md §2.5): a syntax error
 * while lexing or parsing, and a check error when names, types or bind values are wrong. Both
 * carry the source position and a caret excerpt so a user can see where the fault is; both are
 * SkyportError usage faults (STYLE.md §5), so services can render them without translation.
 */
import { SkyportError } from "../../../../lib/errors/index.js";

/** A place in the expression text: 0-based UTF-16 offset, 1-based line and column. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Position of a 0-based offset in `text` (columns count UTF-16 code units, tabs as one). */
export function positionAt(text: string, offset: number): SourcePosition {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: at, line, column: at - lineStart + 1 };
}

/** The source line holding `pos` and a caret under its column, for messages (long lines are cut). */
export function caretExcerpt(text: string, pos: SourcePosition): string {
  const start = pos.offset - (pos.column - 1);
  let end = text.indexOf("\n", start);
  if (end === -1) end = text.length;
  let line = text.slice(start, end);
  let caret = pos.column - 1;
  const WIDTH = 80;
  if (line.length > WIDTH) {
    const from = Math.max(0, Math.min(caret - WIDTH / 2, line.length - WIDTH));
    line = `${from > 0 ? "…" : ""}${line.slice(from, from + WIDTH)}${from + WIDTH < line.length ? "…" : ""}`;
    caret = caret - from + (from > 0 ? 1 : 0);
  }
  return `  ${line}\n  ${" ".repeat(caret)}^`;
}

/** What went wrong, for callers that branch (messages are for people). */
export type ExpressionErrorKind =
  | "syntax"
  | "too-deep"
  | "too-long"
  | "invalid-literal"
  | "unknown-name"
  | "unknown-function"
  | "type"
  | "bind"
  | "region"
  | "unsupported";

/** Common base of expression errors: a UsageFault with the position of the fault. */
export abstract class ExpressionError extends SkyportError {
  /** Where in `source` the fault is. */
  readonly position: SourcePosition;
  /** The whole expression text. */
  readonly source: string;
  /** The message without position and excerpt, e.g. "unexpected ')'". */
  readonly reason: string;
  readonly kind: ExpressionErrorKind;

  constructor(kind: ExpressionErrorKind, reason: string, source: string, position: SourcePosition, hint?: string) {
    const message = `${reason} at line ${position.line}, column ${position.column}\n${caretExcerpt(source, position)}`;
    super({ code: "UsageFault", message, param: "where", ...(hint === undefined ? {} : { hint }) });
    this.position = position;
    this.source = source;
    this.reason = reason;
    this.kind = kind;
  }
}

/** The text is not a well-formed expression (bad token, unexpected token, nesting too deep). */
export class ExpressionSyntaxError extends ExpressionError {
  constructor(kind: ExpressionErrorKind, reason: string, source: string, position: SourcePosition) {
    super(kind, reason, source, position);
    this.name = "ExpressionSyntaxError";
  }
}

/**
 * The expression is well formed but wrong for this repository: an unknown name (the hint lists the
 * closest valid names), mismatched types, a missing or ill-typed bind value, a bad region.
 */
export class ExpressionCheckError extends ExpressionError {
  /** Closest valid names, best first (for unknown names), else empty. */
  readonly suggestions: readonly string[];

  constructor(kind: ExpressionErrorKind, reason: string, source: string, position: SourcePosition, suggestions: readonly string[] = []) {
    const hint = suggestions.length > 0 ? `did you mean ${suggestions.join(", ")}?` : undefined;
    super(kind, hint === undefined ? reason : `${reason} (${hint})`, source, position, hint);
    this.name = "ExpressionCheckError";
    this.suggestions = suggestions;
  }
}
