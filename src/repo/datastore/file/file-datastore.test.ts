/** The datastore contract on the local-file datastore (a fresh root per test). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datastoreContract } from "../../contract/datastore.contract.js";
import { FileDatastore } from "./file-datastore.js";

datastoreContract("file", async () => new FileDatastore(mkdtempSync(join(tmpdir(), "skyport-ds-"))));
