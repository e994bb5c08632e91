/** `skyport demo create` through its commander registration, on a temporary repository. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { Butler } from "../../repo/butler.js";
import { FileDatastore } from "../../repo/datastore/index.js";
import { COLLECTIONS } from "../../repo/demo/index.js";
import { openRegistry } from "../../repo/registry/index.js";
import { registerDemoCommands } from "./demo.js";

test("demo create runs from the command line and validates its options", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skyport-demo-cli-"));
  try {
    const butler = new Butler(await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") }), new FileDatastore(join(dir, "datastore")));
    const program = new Command("skyport").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerDemoCommands(program, async () => butler);
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await program.parseAsync(["demo", "create", "--visits", "2", "--detector-size", "256", "--seed", "5", "--now", "2026-11-24T04:00:00Z"], { from: "user" });
    } finally {
      process.stdout.write = write;
      process.stderr.write = errWrite;
    }
    assert.match(written.join(""), /demo release DemoCam\/defaults: 2 visits × 4 detectors/);
    const check = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") });
    assert.equal(await check.countDatasets("raw", { collections: [COLLECTIONS.defaults] }), 8);
    await check.close();
    assert.throws(() => program.parse(["demo", "create", "--visits", "x"], { from: "user" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
