/**
 * Benchmark runner: `npm run bench -- <name> [--quick]` imports bench/<name>.ts, runs it, prints a
 * table of figures (with peer ratios) and appends one JSON line per figure to
 * .bench-results/<name>.jsonl, stamped with the time, the machine and the command.
 */
import { appendFileSync, mkdirSync, readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bench, BenchFigure } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));

function available(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith(".ts") && !["run.ts", "harness.ts"].includes(f) && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3));
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 1000 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 0.1 ? n.toFixed(3) : n.toPrecision(3);
}

function table(rows: readonly BenchFigure[]): string {
  const head = ["figure", "value", "unit", "peer", "peer value", "speedup", "target", "ok"];
  const body = rows.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    r.peer?.name ?? "",
    r.peer ? fmt(r.peer.value) : "",
    r.speedup !== undefined ? `${fmt(r.speedup)}x` : "",
    r.target ?? "",
    r.meetsTarget === undefined ? "" : r.meetsTarget ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const names = args.filter((a) => !a.startsWith("--"));
  if (names.length === 0) {
    console.error(`usage: npm run bench -- <name> [--quick]\navailable: ${available().join(", ")}`);
    process.exit(2);
  }
  const outDir = join(here, "..", ".bench-results");
  mkdirSync(outDir, { recursive: true });
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  for (const name of names) {
    if (!available().includes(name)) {
      console.error(`no benchmark named ${name}; available: ${available().join(", ")}`);
      process.exit(2);
    }
    const mod = (await import(join(here, `${name}.ts`))) as { run: Bench };
    const figures = await mod.run({ quick });
    console.log(`\n## bench/${name}  (${machine})\n`);
    console.log(table(figures));
    const stamp = new Date().toISOString();
    for (const f of figures) {
      appendFileSync(join(outDir, `${name}.jsonl`), `${JSON.stringify({ bench: name, at: stamp, machine, command: `npm run bench -- ${args.join(" ")}`, ...f })}\n`);
    }
  }
}

await main();
