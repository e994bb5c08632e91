#!/usr/bin/env node
/** Entry point of the `skyport` command (bin/skyport.js runs the compiled form of this file). */
import { runCli } from "./program.js";

// `skyport fits header big.fits | head` closes our stdout early: that is success, not a crash.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

await runCli(process.argv);
