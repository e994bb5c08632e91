/**
 * `skyport policy show|set FILE` (issue 11): the access policy stored in the repository — embargo
 * hours (per instrument too), embargo groups, and per-collection rules with groups and release
 * dates — as a JSON document. `set` validates the document, stores it and refreshes every ObsCore
 * row's release facts in the same step, so TAP, SIA and direct reads agree at once.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Butler } from "../../repo/butler.js";
import { parsePolicy, PolicyStore, policyDocument } from "../../repo/policy/index.js";
import { createObsCoreIndexer, fitsImageShape } from "../../repo/obscore/index.js";

/** Registers the `policy` command group; `openRepo` opens the repository (closed afterwards). */
export function registerPolicyCommands(program: Command, openRepo: () => Promise<Butler>): Command {
  const policy = program.command("policy").description("the access policy: embargo, proprietary collections and their groups");
  const withButler = async (fn: (butler: Butler) => Promise<void>) => {
    const butler = await openRepo();
    try {
      await fn(butler);
    } finally {
      await butler.close();
    }
  };
  policy
    .command("show")
    .description("print the policy in force as JSON")
    .action(async () => {
      await withButler(async (butler) => {
        process.stdout.write(`${JSON.stringify(policyDocument(await new PolicyStore(butler.registry.sql).load()), null, 2)}\n`);
      });
    });
  policy
    .command("set <file>")
    .description("replace the policy with a JSON document and refresh the release facts of every ObsCore row")
    .action(async (file: string) => {
      const doc = parsePolicy(JSON.parse(await readFile(file, "utf8")) as unknown);
      await withButler(async (butler) => {
        await new PolicyStore(butler.registry.sql).save(doc);
        const indexer = createObsCoreIndexer({ imageShape: fitsImageShape((path) => butler.datastore.open(path)) });
        const report = await indexer.rebuild(butler.registry);
        process.stdout.write(`policy stored; ${report.changed.length} of ${report.expected} ObsCore rows got new release facts\n`);
      });
    });
  return policy;
}
