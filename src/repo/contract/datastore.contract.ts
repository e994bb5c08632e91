/**
 * The datastore contract (STYLE.md §7): every Datastore implementation (file now, S3 later) passes
 * it. Keys that escape the store are refused before any I/O; puts are atomic and checksummed;
 * range reads return exactly the bytes asked for; deletion is trash-then-empty.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Datastore } from "../datastore/index.js";

export function datastoreContract(name: string, factory: () => Promise<Datastore>): void {
  describe(`datastore contract: ${name}`, () => {
    test("put, stat, range reads, stream, checksum", async () => {
      const ds = await factory();
      const bytes = new Uint8Array(10_000).map((_, i) => (i * 7) & 0xff);
      const put = await ds.put("run/a/file.fits", bytes);
      assert.equal(put.size, 10_000);
      assert.equal(put.checksum, createHash("sha256").update(bytes).digest("hex"));
      assert.equal((await ds.stat("run/a/file.fits"))?.size, 10_000);
      const f = await ds.open("run/a/file.fits");
      assert.deepEqual([...(await f.read(2880, 5))], [...bytes.subarray(2880, 2885)]);
      assert.equal((await f.read(9998, 100)).length, 2);
      await f.close();
      const chunks: Buffer[] = [];
      for await (const c of await ds.stream("run/a/file.fits", { start: 100, end: 199 })) chunks.push(c as Buffer);
      assert.deepEqual([...Buffer.concat(chunks)], [...bytes.subarray(100, 200)]);
      await assert.rejects(ds.put("run/a/file.fits", bytes), /already exists/);
      await ds.put("run/a/file.fits", new Uint8Array([1]), { overwrite: true });
      assert.equal((await ds.stat("run/a/file.fits"))?.size, 1);
    });

    test("keys that escape or are malformed are refused before any I/O", async () => {
      const ds = await factory();
      for (const bad of ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a/./b", "a\\b", "a/\u0000b", "", "C:/x", "a/..", ".."]) {
        await assert.rejects(ds.put(bad, new Uint8Array([1])), /invalid datastore key/, bad);
        await assert.rejects(ds.open(bad), /invalid datastore key/, bad);
        await assert.rejects(ds.exists(bad), /invalid datastore key/, bad);
      }
    });

    test("ingest copies; missing files and keys are reported", async () => {
      const ds = await factory();
      const src = join(mkdtempSync(join(tmpdir(), "skyport-src-")), "raw.fits");
      writeFileSync(src, "x".repeat(2880));
      const r = await ds.ingestFile("raw/one.fits", src, "copy");
      assert.equal(r.size, 2880);
      assert.equal(await ds.exists("raw/one.fits"), true);
      await assert.rejects(ds.ingestFile("raw/two.fits", `${src}.missing`, "copy"), /not a readable file/);
      await assert.rejects(ds.open("raw/none.fits"), /no file/);
    });

    test("two-phase deletion", async () => {
      const ds = await factory();
      await ds.put("x/y.fits", new Uint8Array([1, 2, 3]));
      await ds.trash("x/y.fits");
      assert.equal(await ds.exists("x/y.fits"), false);
      assert.equal(await ds.emptyTrash(), 1);
      assert.equal(await ds.emptyTrash(), 0);
      await ds.trash("x/never-existed.fits");
    });
  });
}
