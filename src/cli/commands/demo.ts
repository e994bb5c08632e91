/**
 * `skyport demo create`: generates the demo data release (issue 5) into the configured repository,
 * with a progress bar on standard error and a one-line summary on standard output. Edge code only
 * (STYLE.md §1): it parses options and calls `createDemoRelease`; the repository is opened through
 * the callback the program passes in, so this module never picks a backend.
 */
import { type Command, InvalidArgumentError } from "commander";
import type { Butler } from "../../repo/butler.js";
import { createDemoRelease, type DemoSummary } from "../../repo/demo/index.js";
import { ProgressBar } from "../progress.js";

/** Options as commander hands them over. */
interface CreateOptions {
  readonly visits: number;
  readonly seed: number;
  readonly detectorSize: number;
  readonly compress: boolean;
  readonly now?: Date;
}

function integer(name: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer in ${min}…${max}`);
    return n;
  };
}

function instant(text: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError("--now must be an ISO 8601 date-time, e.g. 2026-11-24T04:00:00Z");
  return d;
}

/** One line describing what was made. */
export function formatDemoSummary(s: DemoSummary, seconds: number): string {
  const total = Object.values(s.datasets).reduce((a, b) => a + b, 0);
  const parts = Object.entries(s.datasets).map(([k, v]) => `${v} ${k}`).join(", ");
  return `demo release ${s.collection}: ${s.visits} visits × ${s.detectors} detectors, tract ${s.tract}, ${s.patches} patches; ${total} datasets (${parts}); ${(s.bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s`;
}

/**
 * Registers `skyport demo create [--visits N] [--seed S] [--detector-size PX] [--no-compress] [--now ISO]`.
 * `openRepo` opens (creating if needed) the repository to fill; it is closed afterwards.
 * @returns the `demo` command group.
 */
export function registerDemoCommands(program: Command, openRepo: () => Promise<Butler>): Command {
  const demo = program.command("demo").description("the demo data release");
  demo
    .command("create")
    .description("generate the demo data release (DemoCam, a simulated survey field) into the repository")
    .option("--visits <n>", "number of visits, cycling ugrizy", integer("--visits", 2, 1000), 12)
    .option("--seed <s>", "random seed", integer("--seed", 0, 2 ** 31 - 1), 1)
    .option("--detector-size <px>", "sensor size in pixels", integer("--detector-size", 128, 4096), 2048)
    .option("--no-compress", "write plain FITS instead of tile-compressed images")
    .option("--now <iso>", "reference time (default: now); same seed and --now give the same release", instant)
    .action(async (opts: CreateOptions) => {
      const started = Date.now();
      const bar = new ProgressBar("demo release", 1);
      const butler = await openRepo();
      try {
        const summary = await createDemoRelease(butler, {
          visits: opts.visits,
          seed: opts.seed,
          detectorSize: opts.detectorSize,
          compress: opts.compress,
          ...(opts.now ? { now: opts.now } : {}),
          onProgress: (done, total, detail) => {
            bar.setTotal(total);
            bar.update(done, detail);
          },
        });
        bar.done();
        process.stdout.write(`${formatDemoSummary(summary, (Date.now() - started) / 1000)}\n`);
      } finally {
        await butler.close();
      }
    });
  return demo;
}
