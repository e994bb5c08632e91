/**
 * Result comparison for a corpus runner, implementing the rules documented in queries.ts:
 * column names case-insensitively, numbers with a relative tolerance (default 1e-9), unordered
 * results as multisets, errors by case-insensitive substring.
 */
import type { CorpusValue } from "./fixture.js";
import type { CorpusExpect } from "./queries.js";

/** What an engine produced for one query. */
export type ActualOutcome =
  | { readonly kind: "rows"; readonly columns: readonly string[]; readonly rows: readonly (readonly CorpusValue[])[] }
  | { readonly kind: "error"; readonly message: string };

export interface CompareOptions {
  /** Relative tolerance for numbers (absolute below 1). Default 1e-9. */
  readonly tolerance?: number;
}

function sameCell(a: CorpusValue, b: CorpusValue, tol: number): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

function sameRow(a: readonly CorpusValue[], b: readonly CorpusValue[], tol: number): boolean {
  return a.length === b.length && a.every((v, i) => sameCell(v, b[i] ?? null, tol));
}

/** A total order on cells (null < number < string) used to sort unordered results. */
function cellOrder(a: CorpusValue, b: CorpusValue): number {
  const rank = (v: CorpusValue): number => (v === null ? 0 : typeof v === "number" ? 1 : 2);
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

function rowOrder(a: readonly CorpusValue[], b: readonly CorpusValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = cellOrder(a[i] ?? null, b[i] ?? null);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const show = (r: readonly CorpusValue[] | undefined): string => JSON.stringify(r ?? null);

/**
 * Compares an outcome with an expectation; returns undefined when they agree, else a short
 * description of the first difference.
 */
export function compareOutcome(expect: CorpusExpect, actual: ActualOutcome, options: CompareOptions = {}): string | undefined {
  const tol = options.tolerance ?? 1e-9;
  if (expect.kind === "error") {
    if (actual.kind !== "error") return `expected an error containing "${expect.match}", got ${actual.rows.length} rows`;
    return actual.message.toLowerCase().includes(expect.match.toLowerCase()) ? undefined : `error message "${actual.message}" lacks "${expect.match}"`;
  }
  if (actual.kind === "error") return `expected rows, got error: ${actual.message}`;
  const want = expect.columns.map((c) => c.toLowerCase());
  const got = actual.columns.map((c) => c.toLowerCase());
  if (want.join("\u0000") !== got.join("\u0000")) return `columns ${JSON.stringify(got)} != expected ${JSON.stringify(want)}`;
  if (actual.rows.length !== expect.rows.length) return `${actual.rows.length} rows, expected ${expect.rows.length}`;
  const a = expect.ordered ? actual.rows : [...actual.rows].sort(rowOrder);
  const e = expect.ordered ? expect.rows : [...expect.rows].sort(rowOrder);
  for (let i = 0; i < e.length; i++) {
    const er = e[i];
    const ar = a[i];
    if (er === undefined || ar === undefined || !sameRow(er, ar, tol)) return `row ${i}${expect.ordered ? "" : " (sorted)"}: got ${show(ar)}, expected ${show(er)}`;
  }
  return undefined;
}
