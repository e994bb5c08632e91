/** `skyport token create|list|revoke` through its commander registration, on a temporary registry. */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { SqlTokenStore } from "../../repo/auth/index.js";
import { openRegistry } from "../../repo/registry/index.js";
import { registerTokenCommands } from "./token.js";

async function run(dir: string, args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const program = new Command("skyport").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerTokenCommands(program, () => openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") }, { create: true }));
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  // Only the command's text is captured; the test runner's own (binary) messages pass through.
  process.stdout.write = ((c: string | Uint8Array, ...rest: never[]) => (typeof c === "string" ? out.push(c) > 0 : write(c, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array, ...rest: never[]) => (typeof c === "string" ? err.push(c) > 0 : errWrite(c, ...rest))) as typeof process.stderr.write;
  const before = process.exitCode;
  let code: number | undefined;
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
    code = process.exitCode === undefined ? undefined : Number(process.exitCode);
    process.exitCode = before;
  }
  return { out: out.join(""), err: err.join(""), code };
}

test("token create prints a token that verifies; list shows it without its secret; revoke ends it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skyport-token-cli-"));
  const made = await run(dir, ["token", "create", "--subject", "carol", "--group", "lsst-dp,g_users", "--scope", "read:tap", "--expires-days", "7"]);
  const token = made.out.trim();
  assert.match(token, /^skp_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
  assert.match(made.err, /not shown again/);
  const registry = await openRegistry({ kind: "sqlite", path: join(dir, "registry.sqlite3") });
  const store = new SqlTokenStore(registry.database!);
  assert.deepEqual(await store.verify(token), { subject: "carol", groups: ["g_users", "lsst-dp"], scopes: ["read:tap"], anonymous: false });
  const listed = await run(dir, ["token", "list"]);
  assert.match(listed.out, new RegExp(`^${token.slice(4, 16)}  carol  groups=g_users,lsst-dp  scopes=read:tap  created .* expires `));
  assert.ok(!listed.out.includes(token.slice(17)));
  assert.equal((await run(dir, ["token", "revoke", token.slice(4, 16)])).out, `revoked ${token.slice(4, 16)}\n`);
  assert.equal(await store.verify(token), undefined);
  const again = await run(dir, ["token", "revoke", token.slice(4, 16)]);
  assert.equal(again.code, 1);
  await assert.rejects(run(dir, ["token", "create", "--subject", "dave", "--scope", "write:all"]), /unknown scope write:all/);
  await registry.close();
});
