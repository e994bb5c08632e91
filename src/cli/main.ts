#!/usr/bin/env node
/** Entry point of the `skyport` command (bin/skyport.js runs the compiled form of this file). */
import { runCli } from "./program.js";

await runCli(process.argv);
