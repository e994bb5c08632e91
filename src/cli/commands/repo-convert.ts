/**
 * `skyport repo convert-butler-sqlite SOURCE`: converts a Gen3 Butler SQLite registry file into
 * the configured Skyport registry and prints the conversion report as tables (issue 5). The lead
 * wires it under `skyport repo`; the target registry comes from the caller, so this edge picks no
 * backend itself (STYLE.md §1).
 */
import type { Command } from "commander";
import type { Registry } from "../../repo/registry/index.js";
import { convertButlerSqlite, formatConversionReport } from "../../repo/transfer/butler-sqlite/index.js";

interface ConvertFlags {
  readonly dryRun?: boolean;
  readonly existing?: string;
  readonly json?: boolean;
}

const MODES = ["fail", "skip", "replace"] as const;

/**
 * Adds `convert-butler-sqlite SOURCE` to the `repo` command group.
 * @param repo the `skyport repo` command
 * @param openTarget opens the Skyport registry to fill; it is closed after the conversion
 */
export function registerRepoConvertCommand(repo: Command, openTarget: () => Promise<Registry>): void {
  repo
    .command("convert-butler-sqlite")
    .description("convert a Gen3 Butler SQLite registry (gen3.sqlite3, read-only) into this repository's registry, in one transaction")
    .argument("<source>", "path of the Butler registry file (gen3.sqlite3)")
    .option("--dry-run", "read and map everything, write nothing")
    .option("--existing <mode>", "dimension records already in the target: fail | skip | replace", "fail")
    .option("--json", "print the report as JSON instead of tables")
    .action(async (source: string, flags: ConvertFlags) => {
      const mode = MODES.find((m) => m === flags.existing);
      if (!mode) {
        process.stderr.write(`skyport repo convert-butler-sqlite: --existing must be one of ${MODES.join(", ")}\n`);
        process.exitCode = 2;
        return;
      }
      const target = await openTarget();
      try {
        const report = await convertButlerSqlite(source, target, { dryRun: flags.dryRun === true, onExistingRecord: mode });
        const text = flags.json ? `${JSON.stringify(report, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v), 2)}\n` : formatConversionReport(report);
        process.stdout.write(text);
      } catch (e) {
        process.stderr.write(`skyport repo convert-butler-sqlite: ${e instanceof Error ? e.message : String(e)} (nothing was written)\n`);
        process.exitCode = 1;
      } finally {
        await target.close();
      }
    });
}
