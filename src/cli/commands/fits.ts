/** `skyport fits …` commands (filled in by the fits library work). */
import type { Command } from "commander";

/** Registers the `fits` command group on the root program. */
export function registerFitsCommands(_program: Command): void {}
