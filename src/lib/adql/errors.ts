/**
 * The ADQL syntax error. It is a SkyportError with code "UsageFault" so the TAP layer renders it
 * as a client error (TAP 1.1 §4.x error document); it carries the position of the offending token.
 */
import { SkyportError } from "../errors/index.js";
import type { SourcePosition } from "./ast/common.js";

/** Optional details of a syntax error. */
export interface AdqlSyntaxErrorDetails {
  /** A likely intended keyword, e.g. "FROM" for "FORM". */
  readonly suggestion?: string;
  /** Advice for the user (e.g. how to quote a reserved word). */
  readonly hint?: string;
}

/** A malformed ADQL query; `line`/`column` are 1-based, `offset` 0-based. */
export class AdqlSyntaxError extends SkyportError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly suggestion: string | undefined;

  /**
   * @param what what went wrong, e.g. "expected FROM"
   * @param pos where
   * @param found the offending token as shown to the user ("'FORM'", "end of query"), if any
   */
  constructor(what: string, pos: SourcePosition, found?: string, details: AdqlSyntaxErrorDetails = {}) {
    const suggestion = details.suggestion;
    const hint = details.hint ?? (suggestion === undefined ? undefined : `did you mean ${suggestion}?`);
    const message = `${what} at line ${pos.line}, column ${pos.column}${found === undefined ? "" : `, found ${found}`}`;
    super({ code: "UsageFault", message, param: "QUERY", ...(hint === undefined ? {} : { hint }) });
    this.name = "AdqlSyntaxError";
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.suggestion = suggestion;
  }
}

/** Levenshtein distance, capped work for short keywords (used for "did you mean" hints). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 99;
}

/** The closest candidate to `word` (upper-case), if it is a plausible misspelling. */
export function suggestKeyword(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c === word) return undefined;
    const d = editDistance(word, c);
    const limit = c.length <= 3 ? 1 : 2;
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
