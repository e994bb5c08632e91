/**
 * The semantic error of the checker: a query that parses but names an unknown table or column, mixes
 * types, or breaks a rule of ADQL 2.1 §2 (grouping, set operations). Like the syntax error it is a
 * user-safe SkyportError (UsageFault) with the position of the fault.
 */
import type { SourcePosition } from "../ast/common.js";
import { editDistance } from "../errors.js";
import { SkyportError } from "../../errors/index.js";

/** A query that is well-formed but wrong for the schema or for ADQL's rules. */
export class AdqlCheckError extends SkyportError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;

  constructor(what: string, pos: SourcePosition, hint?: string) {
    super({ code: "UsageFault", message: `${what} at line ${pos.line}, column ${pos.column}`, param: "QUERY", ...(hint === undefined ? {} : { hint }) });
    this.name = "AdqlCheckError";
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
  }
}

/** Up to three candidates closest to `name` (case-insensitive), best first. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((c) => {
      const last = c.toLowerCase().split(".").pop() ?? c;
      return { c, d: Math.min(editDistance(lower, c.toLowerCase()), editDistance(lower, last), last.includes(lower) || lower.includes(last) ? 2 : 99) };
    })
    .filter((x) => x.d <= Math.max(2, Math.floor(lower.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((x) => x.c);
}

/** "did you mean a, b or c?" or undefined. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const best = closestNames(name, [...new Set(candidates)]);
  if (best.length === 0) return undefined;
  const list = best.length === 1 ? best[0] : `${best.slice(0, -1).join(", ")} or ${best[best.length - 1]}`;
  return `did you mean ${list}?`;
}
