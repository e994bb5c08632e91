/** `skyport config show`: the effective configuration, with where each non-default value came from. */
import type { Command } from "commander";
import { stringify } from "yaml";
import type { LoadedConfig } from "../config/index.js";

/** Hides the password of a connection URL. */
function redactUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

export function registerConfigCommands(program: Command, load: () => LoadedConfig): void {
  const config = program.command("config").description("inspect the configuration");
  config
    .command("show")
    .description("print the effective configuration (defaults, skyport.yaml, SKYPORT_* variables)")
    .option("--json", "print JSON instead of YAML")
    .action((opts: { json?: boolean }) => {
      const { config: c, sources } = load();
      const secret = (v: string | null) => (v === null ? null : "***");
      const shown = {
        ...c,
        registry: { ...c.registry, postgresUrl: redactUrl(c.registry.postgresUrl) },
        datastore: { ...c.datastore, s3: { ...c.datastore.s3, secretAccessKey: secret(c.datastore.s3.secretAccessKey), sessionToken: secret(c.datastore.s3.sessionToken) } },
      };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ config: shown, sources }, null, 2)}\n`);
        return;
      }
      process.stdout.write(stringify(shown));
      const entries = Object.entries(sources);
      if (entries.length > 0) {
        process.stdout.write("# set explicitly:\n");
        for (const [k, v] of entries) process.stdout.write(`#   ${k} <- ${v}\n`);
      } else {
        process.stdout.write("# all values are the embedded defaults\n");
      }
    });
}
