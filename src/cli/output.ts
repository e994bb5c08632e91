/**
 * Tabular output for the CLI: an aligned table for people, tab-separated values for scripts, or
 * JSON lines. Values are shown plainly (bigints as integers, bytes as hex, objects as JSON).
 */
export type OutputFormat = "table" | "tsv" | "json";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "tsv", "json"];

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return String(v);
}

/** Writes rows with the given columns to stdout in the chosen format. */
export function printRows(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[], format: OutputFormat, out: NodeJS.WritableStream = process.stdout): void {
  if (format === "json") {
    for (const r of rows) out.write(`${JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])), (_k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x))}\n`);
    return;
  }
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  if (format === "tsv") {
    out.write(`${columns.join("\t")}\n`);
    for (const c of cells) out.write(`${c.map((x) => x.replace(/[\t\n\\]/g, (m) => (m === "\t" ? "\\t" : m === "\n" ? "\\n" : "\\\\"))).join("\t")}\n`);
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (xs: readonly string[]) => xs.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  out.write(`${line(columns)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const c of cells) out.write(`${line(c)}\n`);
  out.write(`(${rows.length} row${rows.length === 1 ? "" : "s"})\n`);
}
