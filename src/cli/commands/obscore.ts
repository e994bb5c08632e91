/**
 * `skyport obscore rebuild [--check]`: regenerates the ObsCore, CAOM2 and visit tables from the
 * repository (issue 6) and reports what differed; `--check` only compares and exits 1 on any
 * difference, so it can guard a deployment. Edge code only (STYLE.md §1): the repository comes
 * through the callback the program passes in, the configuration from the composition root.
 */
import type { Command } from "commander";
import type { Butler } from "../../repo/butler.js";
import { createObsCoreIndexer, fitsImageShape, type ObsCoreConfig, type RebuildReport } from "../../repo/obscore/index.js";

interface RebuildOptions {
  readonly check: boolean;
  readonly json: boolean;
}

/** One line (or a few) describing a rebuild. */
export function formatRebuildReport(r: RebuildReport, check: boolean, seconds: number): string {
  const diff = r.added.length + r.removed.length + r.changed.length;
  const head = `${r.expected} ObsCore rows expected; ${r.added.length} missing, ${r.removed.length} extra, ${r.changed.length} different`;
  const tail = check ? (diff === 0 ? " — table is up to date" : " — run `skyport obscore rebuild` to fix") : diff === 0 ? " — nothing to fix" : " — fixed";
  const sample = (name: string, ids: readonly string[]) => (ids.length ? `\n  ${name}: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}` : "");
  return `${head}${tail} (${seconds.toFixed(1)} s)${sample("missing", r.added)}${sample("extra", r.removed)}${sample("different", r.changed)}`;
}

/**
 * Registers the `obscore` command group.
 * @param openRepo opens the repository (closed afterwards)
 * @param config the ObsCore mapping (default: the LSST-DP1-like one)
 * @returns the `obscore` command group.
 */
export function registerObsCoreCommands(program: Command, openRepo: () => Promise<Butler>, config?: ObsCoreConfig): Command {
  const obscore = program.command("obscore").description("observation metadata: ivoa.ObsCore, CAOM2 and the visit table");
  obscore
    .command("rebuild")
    .description("regenerate the ObsCore, CAOM2 and visit tables from the repository")
    .option("--check", "compare only; exit 1 when the tables differ from the repository", false)
    .option("--json", "print the report as JSON", false)
    .action(async (opts: RebuildOptions) => {
      const started = Date.now();
      const butler = await openRepo();
      try {
        const imageShape = fitsImageShape((path) => butler.datastore.open(path));
        const indexer = createObsCoreIndexer(config ? { config, imageShape } : { imageShape });
        await indexer.ensureSchema(butler.registry.sql);
        const report = await indexer.rebuild(butler.registry, { check: opts.check });
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatRebuildReport(report, opts.check, (Date.now() - started) / 1000)}\n`);
        if (opts.check && report.added.length + report.removed.length + report.changed.length > 0) process.exitCode = 1;
      } finally {
        await butler.close();
      }
    });
  return obscore;
}
