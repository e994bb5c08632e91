/**
 * The datastore contract on the S3 datastore against s3rver (started here on 127.0.0.1, a fresh
 * key prefix per test), plus what only S3 has: presigned URLs, multipart uploads, paging of the
 * trash listing, and S3 error reporting without credentials.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startS3, type TestS3 } from "../../../../test/support/s3.js";
import { datastoreContract } from "../../contract/datastore.contract.js";
import { S3Datastore, type S3DatastoreOptions } from "./s3-datastore.js";
import { presignGetUrl } from "./sigv4.js";
import { MIN_PART_SIZE_BYTES } from "./upload.js";

const MIB = 1024 * 1024;
// s3rver verifies the access key id but not signatures, so any secret works; a distinctive one
// lets the tests check that no message ever contains it.
const SECRET = "s3cr3t-never-in-messages";

let s3: TestS3;
before(async () => {
  s3 = await startS3();
});
after(async () => {
  await s3?.stop();
});

function make(extra: Partial<S3DatastoreOptions> = {}): S3Datastore {
  return new S3Datastore({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    prefix: `t-${randomUUID()}`,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: SECRET,
    ...extra,
  });
}

/** A fetch that records "METHOD subresource" for each request. */
function recordingFetch(log: string[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const sub = [...url.searchParams.keys()].filter((k) => ["uploads", "uploadId", "partNumber", "list-type"].includes(k)).join(",");
    log.push(`${init?.method ?? "GET"} ${sub}`.trim());
    return fetch(input, init);
  };
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const pattern = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + (i >> 8)) & 0xff);

datastoreContract("s3 (s3rver)", async () => make());

describe("S3 datastore: presigned URLs", () => {
  test("uri() is a presigned GET that plain fetch can use, for signedUrlTtlS seconds", async () => {
    const ds = make({ signedUrlTtlS: 900 });
    const bytes = pattern(4000);
    await ds.put("p/q.fits", bytes);
    const url = new URL(ds.uri("p/q.fits"));
    assert.equal(url.searchParams.get("X-Amz-Expires"), "900");
    assert.equal(url.searchParams.get("X-Amz-SignedHeaders"), "host");
    assert.equal(url.searchParams.get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
    assert.match(url.searchParams.get("X-Amz-Credential") ?? "", /^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    assert.match(url.pathname, new RegExp(`^/${s3.bucket}/${ds.prefix}p/q\\.fits$`));
    assert.ok(!url.href.includes(SECRET));
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
    const ranged = await fetch(url, { headers: { range: "bytes=10-19" } });
    assert.equal(ranged.status, 206);
    assert.deepEqual(new Uint8Array(await ranged.arrayBuffer()), bytes.subarray(10, 20));
  });

  test("signedUrl() sets its own lifetime and response headers; stored objects carry a content type", async () => {
    const ds = make();
    await ds.put("r/x.fits", new Uint8Array([1, 2]));
    await ds.put("r/x.bin", new Uint8Array([3]));
    assert.equal((await fetch(ds.uri("r/x.fits"))).headers.get("content-type"), "application/fits");
    assert.equal((await fetch(ds.uri("r/x.bin"))).headers.get("content-type"), "application/octet-stream");
    const url = ds.signedUrl("r/x.fits", { expiresS: 30, contentDisposition: 'attachment; filename="abc.fits"', contentType: "application/octet-stream" });
    assert.equal(new URL(url).searchParams.get("X-Amz-Expires"), "30");
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="abc.fits"');
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
    assert.throws(() => ds.signedUrl("r/x.fits", { expiresS: 0 }), RangeError);
  });

  test("an expired presigned URL is refused by the server", async () => {
    const ds = make();
    await ds.put("old.fits", new Uint8Array([1, 2, 3]));
    const common = { endpoint: s3.endpoint, bucket: s3.bucket, key: `${ds.prefix}old.fits`, region: s3.region, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: SECRET } };
    const expired = await fetch(presignGetUrl({ ...common, expiresS: 60, date: new Date(Date.now() - 120_000) }));
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code>[\s\S]*expired/);
    const fresh = await fetch(presignGetUrl({ ...common, expiresS: 600, date: new Date(Date.now() - 120_000) }));
    assert.equal(fresh.status, 200);
  });
});

describe("S3 datastore: uploads and range reads", () => {
  test("a 20 MiB stream goes up in 5 MiB parts; checksum, size and ranges across part boundaries are exact", async () => {
    const log: string[] = [];
    const ds = make({ partSizeBytes: MIN_PART_SIZE_BYTES, fetch: recordingFetch(log) });
    const total = 20 * MIB + 123;
    const bytes = pattern(total);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let off = 0; off < total; off += MIB + 7) yield bytes.slice(off, Math.min(total, off + MIB + 7));
    }
    const put = await ds.put("big/cube.fits", chunks());
    assert.equal(put.size, total);
    assert.equal(put.checksum, createHash("sha256").update(bytes).digest("hex"));
    assert.deepEqual(
      log.filter((l) => l !== "HEAD"),
      ["POST uploads", ...Array.from({ length: 5 }, () => "PUT partNumber,uploadId"), "POST uploadId"],
    );
    assert.equal((await ds.stat("big/cube.fits"))?.size, total);
    const f = await ds.open("big/cube.fits");
    assert.equal(f.size, total);
    for (const [off, len] of [[0, 1], [5 * MIB - 3, 6], [10 * MIB - 1, 2], [15 * MIB, 4096], [total - 10, 10], [1234567, 3 * MIB]] as const) {
      assert.deepEqual(await f.read(off, len), bytes.subarray(off, off + len), `read(${off}, ${len})`);
    }
    const direct = await make({ prefix: ds.prefix, readBlockBytes: 0 }).open("big/cube.fits");
    for (const [off, len] of [[0, 1], [5 * MIB - 3, 6], [total - 10, 10]] as const) {
      assert.deepEqual(await direct.read(off, len), bytes.subarray(off, off + len), `uncached read(${off}, ${len})`);
    }
    assert.equal((await f.read(total - 5, 100)).length, 5);
    assert.equal((await f.read(total, 10)).length, 0);
    assert.equal((await f.read(total + 100, 10)).length, 0);
    await f.close();
    const whole = await readAll(await ds.stream("big/cube.fits"));
    assert.equal(createHash("sha256").update(whole).digest("hex"), put.checksum);
    assert.deepEqual(new Uint8Array(await readAll(await ds.stream("big/cube.fits", { start: 5 * MIB - 1, end: 5 * MIB + 1 }))), bytes.subarray(5 * MIB - 1, 5 * MIB + 2));
    assert.equal((await readAll(await ds.stream("big/cube.fits", { start: total + 5, end: total + 10 }))).length, 0);
    // bytes=0-0 (s3rver answers it with the whole object; the store cuts out the one byte)
    assert.deepEqual([...(await readAll(await ds.stream("big/cube.fits", { start: 0, end: 0 })))], [bytes[0]]);
  });

  test("a buffer exactly one part long is a single PUT; one byte more is multipart", async () => {
    const log: string[] = [];
    const ds = make({ partSizeBytes: MIN_PART_SIZE_BYTES, fetch: recordingFetch(log) });
    await ds.put("one.fits", pattern(MIN_PART_SIZE_BYTES));
    assert.deepEqual(log, ["HEAD", "PUT"]);
    log.length = 0;
    const bytes = pattern(MIN_PART_SIZE_BYTES + 1);
    const r = await ds.put("two.fits", bytes);
    assert.deepEqual(log, ["HEAD", "POST uploads", "PUT partNumber,uploadId", "PUT partNumber,uploadId", "POST uploadId"]);
    assert.equal(r.checksum, createHash("sha256").update(bytes).digest("hex"));
    const f = await ds.open("two.fits");
    assert.deepEqual(await f.read(MIN_PART_SIZE_BYTES - 1, 2), bytes.subarray(MIN_PART_SIZE_BYTES - 1));
    await f.close();
  });

  test("empty objects, and a failing source leaves no object behind", async () => {
    const ds = make({ partSizeBytes: MIN_PART_SIZE_BYTES });
    const empty = await ds.put("empty.fits", (async function* () {})());
    assert.deepEqual(empty, { size: 0, checksum: createHash("sha256").digest("hex") });
    assert.equal((await ds.stat("empty.fits"))?.size, 0);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield pattern(MIN_PART_SIZE_BYTES + 10);
      throw new Error("client went away");
    }
    await assert.rejects(ds.put("broken.fits", failing()), /client went away/);
    assert.equal(await ds.exists("broken.fits"), false);
  });

  test("ingest: move deletes the source after upload; hardlink and symlink are copies", async () => {
    const ds = make();
    const dir = mkdtempSync(join(tmpdir(), "skyport-s3src-"));
    for (const mode of ["move", "hardlink", "symlink"] as const) {
      const src = join(dir, `${mode}.fits`);
      writeFileSync(src, `${mode}-bytes`);
      const r = await ds.ingestFile(`in/${mode}.fits`, src, mode);
      assert.equal(r.checksum, createHash("sha256").update(`${mode}-bytes`).digest("hex"));
      assert.equal(existsSync(src), mode !== "move", mode);
      await assert.rejects(ds.ingestFile(`in/${mode}.fits`, join(dir, "move.fits.x"), "copy"), /not a readable file/);
    }
    writeFileSync(join(dir, "again.fits"), "x");
    await assert.rejects(ds.ingestFile("in/symlink.fits", join(dir, "again.fits"), "copy"), /already exists/);
  });
});

describe("S3 datastore: deletion, keys and errors", () => {
  test("emptyTrash pages through the listing and leaves live files alone", async () => {
    // Version 1 listing: s3rver 3.7 cannot page ListObjectsV2 on OpenSSL 3 (its tokens use DES).
    const ds = make({ listPageSize: 2, listObjectsVersion: 1 });
    for (let i = 0; i < 5; i++) await ds.put(`d/${i}.fits`, new Uint8Array([i]));
    await ds.put("d/keep.fits", new Uint8Array([9]));
    for (let i = 0; i < 5; i++) await ds.trash(`d/${i}.fits`);
    assert.equal(await ds.exists("d/3.fits"), false);
    assert.equal(await ds.emptyTrash(), 5);
    assert.equal(await ds.emptyTrash(), 0);
    assert.equal(await ds.exists("d/keep.fits"), true);
    await ds.remove("d/keep.fits");
    await ds.remove("d/keep.fits");
    assert.equal(await ds.exists("d/keep.fits"), false);
  });

  test("the trash area is not addressable and bad keys fail before any request", async () => {
    const log: string[] = [];
    const ds = make({ fetch: recordingFetch(log) });
    await assert.rejects(ds.put(".trash/x.fits", new Uint8Array([1])), /invalid datastore key.*reserved/);
    await assert.rejects(ds.stat(".trash"), /invalid datastore key/);
    assert.throws(() => ds.uri("../x"), /invalid datastore key/);
    await assert.rejects(ds.stream("a/../b"), /invalid datastore key/);
    await assert.rejects(ds.trash("/abs"), /invalid datastore key/);
    assert.deepEqual(log, []);
  });

  test("S3 failures carry the S3 code and message but never the secret or a signature", async () => {
    await make().check();
    const noBucket = make({ bucket: "no-such-bucket" });
    assert.equal(await noBucket.exists("a.fits"), false); // HEAD cannot tell a missing bucket …
    await assert.rejects(noBucket.check(), /NoSuchBucket/); // … check() can
    const e1 = await noBucket.put("a.fits", new Uint8Array([1])).then(() => undefined, (e: Error) => e);
    assert.match(String(e1?.message), /NoSuchBucket/);
    const badKey = make({ accessKeyId: "NOT-A-KEY" });
    const e2 = await badKey.open("a.fits").then(() => undefined, (e: Error) => e);
    assert.match(String(e2?.message), /InvalidAccessKeyId|HTTP 403/);
    const down = make({ endpoint: "http://127.0.0.1:9", maxAttempts: 1 });
    const e3 = await down.stat("a.fits").then(() => undefined, (e: Error) => e);
    assert.match(String(e3?.message), /NetworkError|ECONNREFUSED/);
    for (const e of [e1, e2, e3]) {
      assert.ok(e instanceof Error);
      assert.equal(e.name, "DatastoreError");
      assert.ok(!e.message.includes(SECRET) && !/Signature=|X-Amz-Signature/.test(e.message), e.message);
    }
  });

  test("options are validated", () => {
    const ok = { endpoint: "http://127.0.0.1:1", region: "us-east-1", bucket: "bkt", accessKeyId: "a", secretAccessKey: "b" };
    assert.throws(() => new S3Datastore({ ...ok, endpoint: "http://user:pw@127.0.0.1:1" }), /not in the endpoint URL/);
    assert.throws(() => new S3Datastore({ ...ok, endpoint: "ftp://x" }), /http\(s\)/);
    assert.throws(() => new S3Datastore({ ...ok, signedUrlTtlS: 604_801 }), /signedUrlTtlS/);
    assert.throws(() => new S3Datastore({ ...ok, partSizeBytes: MIB }), /partSizeBytes/);
    assert.throws(() => new S3Datastore({ ...ok, bucket: "Bad_Bucket" }), /bucket/);
    assert.throws(() => new S3Datastore({ ...ok, prefix: "../up" }), /invalid datastore key/);
    assert.equal(new S3Datastore({ ...ok, prefix: "a/b/" }).prefix, "a/b/");
    assert.equal(new S3Datastore(ok).description, "s3 datastore at s3://bkt/ (http://127.0.0.1:1)");
    assert.throws(() => new S3Datastore({ ...ok, publicEndpoint: "https://u:p@s3.example.org" }), /publicEndpoint/);
    assert.match(new S3Datastore({ ...ok, publicEndpoint: "https://s3.example.org" }).uri("a.fits"), /^https:\/\/s3\.example\.org\/bkt\/a\.fits\?X-Amz-/);
  });
});
