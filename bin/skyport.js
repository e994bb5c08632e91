#!/usr/bin/env node
// The installed `skyport` command: runs the compiled CLI (npm run build makes dist/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const compiled = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write("skyport: dist/ is missing; run `npm run build` first\n");
  process.exit(1);
}
await import(compiled);
