/** The registry contract on the embedded SQLite backend (a fresh file per test). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryContract } from "../contract/registry.contract.js";
import { openRegistry } from "./index.js";

let n = 0;
const dir = mkdtempSync(join(tmpdir(), "skyport-registry-"));
registryContract("SQLite", () => openRegistry({ kind: "sqlite", path: join(dir, `r${++n}.sqlite3`) }));
