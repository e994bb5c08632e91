/**
 * The `skyport` command line: one program with a command group per area. Configuration is loaded
 * lazily, once, by the commands that need it; a configuration fault prints one line and exits 2.
 */
import { SKYPORT_VERSION } from "../version.js";
import { Command } from "commander";
import { ConfigError, type LoadedConfig, loadConfig } from "../config/index.js";
import { registerFitsCommands } from "./commands/fits.js";
import { registerFitsCompressCommands } from "./commands/fits-compress.js";
import { registerHealpixCommands } from "./commands/healpix.js";
import { registerWcsCommands } from "./commands/wcs.js";
import { registerConfigCommands } from "./config-command.js";
import { registerDemoCommands } from "./commands/demo.js";
import { registerObsCoreCommands } from "./commands/obscore.js";
import { registerTokenCommands } from "./commands/token.js";
import { registerPolicyCommands } from "./commands/policy.js";
import { registerWorkerCommand } from "./commands/worker.js";
import { registerRepoConvertCommand } from "./commands/repo-convert.js";
import { registerRepoCommands } from "./repo-command.js";
import { openRepository } from "../compose.js";
import { registerServeCommand } from "./serve-command.js";

export const VERSION = SKYPORT_VERSION;

/** Builds the program; `env` and `cwd` are injected so tests need not touch process state. */
export function buildProgram(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): Command {
  const program = new Command("skyport")
    .description("Skyport: IVOA image services (TAP/ObsCore, SIAv2, DataLink, SODA, HiPS) over a Butler-style repository")
    .version(VERSION)
    .option("-c, --config <file>", "configuration file (default ./skyport.yaml, or $SKYPORT_CONFIG)")
    .showHelpAfterError();

  let loaded: LoadedConfig | undefined;
  const load = (): LoadedConfig => {
    loaded ??= loadConfig({ file: program.opts<{ config?: string }>().config ?? env.SKYPORT_CONFIG, env, cwd });
    return loaded;
  };

  registerServeCommand(program, load);
  registerConfigCommands(program, load);
  const repo = registerRepoCommands(program, load);
  registerRepoConvertCommand(repo, async () => (await openRepository(load().config)).registry);

  registerDemoCommands(program, () => openRepository(load().config, { create: true }));
  registerObsCoreCommands(program, () => openRepository(load().config));
  registerPolicyCommands(program, () => openRepository(load().config));
  registerTokenCommands(program, async () => (await openRepository(load().config, { create: true })).registry);
  registerWorkerCommand(program, load);

  registerFitsCommands(program);
  const fits = program.commands.find((c) => c.name() === "fits");
  if (fits) registerFitsCompressCommands(fits);
  registerWcsCommands(program);
  registerHealpixCommands(program);
  return program;
}

/**
 * Runs the CLI. Configuration faults print one line and exit 2; any other failure prints its
 * message on one line and exits 1 (the stack only with SKYPORT_DEBUG=1): users never see a trace.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`skyport: configuration error: ${e.message}\n`);
      process.exit(2);
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`skyport: ${message.split("\n")[0]}\n`);
    if (process.env.SKYPORT_DEBUG === "1" && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  }
}
