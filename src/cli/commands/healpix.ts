/** `skyport healpix …` commands (filled in by the healpix library work). */
import type { Command } from "commander";

/** Registers the `healpix` command group on the root program. */
export function registerHealpixCommands(_program: Command): void {}
