/** `skyport wcs …` commands (filled in by the wcs library work). */
import type { Command } from "commander";

/** Registers the `wcs` command group on the root program. */
export function registerWcsCommands(_program: Command): void {}
