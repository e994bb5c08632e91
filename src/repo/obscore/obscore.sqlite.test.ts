/** The observation-metadata suite on the embedded SQLite backend (a fresh file per test). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRegistry } from "../registry/index.js";
import { obsCoreSuite } from "./obscore.suite.js";

let n = 0;
const dir = mkdtempSync(join(tmpdir(), "skyport-obscore-"));
obsCoreSuite("SQLite", () => openRegistry({ kind: "sqlite", path: join(dir, `r${++n}.sqlite3`) }));
