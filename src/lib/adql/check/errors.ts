/**
 * The semantic error of the checker: a query that parses but names an unknown table or column, mixes
 * types, or breaks a rule of ADQL 2.1 §2 (grouping, set operations). Like the syntax error it is a
 * user-safe SkyportError (UsageFault) with the position of the fault.
 */
import type { SourcePosition } from "../ast/common.js";
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

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
export function typoDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** Up to three candidates closest to `name` (case-insensitive), best first. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((c) => {
      const last = c.toLowerCase().split(".").pop() ?? c;
      return { c, d: Math.min(typoDistance(lower, c.toLowerCase()), typoDistance(lower, last), last.includes(lower) || lower.includes(last) ? 2 : 99) };
    })
    .filter((x) => x.d <= Math.max(1, Math.floor(lower.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .filter((x, _, all) => x.d === all[0]?.d)
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
