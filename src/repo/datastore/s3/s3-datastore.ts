/**
 * The S3 datastore: the Datastore interface (STYLE.md §3) over any S3-compatible object store
 * (AWS S3, MinIO, Ceph RGW; s3rver in tests), for scale-out deployments where several servers and
 * workers share the bytes. Keys are checked by keys.ts exactly as the file datastore checks them,
 * then placed under an optional prefix in one bucket; range reads are ranged GETs; puts are atomic
 * because S3 makes an object visible only when its PUT (or multipart completion) succeeds; deletion
 * is two-phase through a `.trash/` prefix; `uri()` is a presigned GET for redirects.
 */
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat as fsStat, unlink } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Datastore, IngestMode, PutResult, SignedUrlOptions, StoredFile } from "../datastore.js";
// DatastoreError lives beside the file store; both stores throw the same class and messages.
import { DatastoreError } from "../file/file-datastore.js";
import { checkKey, DatastoreKeyError } from "../keys.js";
import { blockCachedFile } from "./block-cache.js";
import { S3Client, S3ResponseError } from "./s3-client.js";
import { MAX_PRESIGN_EXPIRES_S, presignGetUrl } from "./sigv4.js";
import { contentTypeFor, MAX_PART_SIZE_BYTES, MIN_PART_SIZE_BYTES, uploadObject } from "./upload.js";

/** The trash area, under the datastore prefix; user keys may not start with it. */
const TRASH = ".trash";
const DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;

export interface S3DatastoreOptions {
  /** http(s) URL of the S3 service, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`. No user:password part. */
  readonly endpoint: string;
  /**
   * Endpoint clients reach for presigned URLs when it differs from `endpoint` (e.g. servers use
   * `http://minio:9000` inside the cluster, browsers `https://s3.example.org`). The host is signed,
   * so the proxy in front must pass this Host through to the store. Default: `endpoint`.
   */
  readonly publicEndpoint?: string;
  /** Signing region (`us-east-1` for most non-AWS stores). */
  readonly region: string;
  readonly bucket: string;
  /** Key prefix inside the bucket (e.g. `skyport/main`); "" or absent for the bucket root. */
  readonly prefix?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** STS session token for temporary credentials. */
  readonly sessionToken?: string;
  /** Bucket in the path (default true; needed for MinIO, Ceph and s3rver) rather than the host name. */
  readonly forcePathStyle?: boolean;
  /** Lifetime of the presigned URLs `uri()` returns, seconds (1 … 604800; default 3600). */
  readonly signedUrlTtlS?: number;
  /** Multipart part size, bytes (5 MiB … 5 GiB; default 8 MiB); also the largest single PUT. */
  readonly partSizeBytes?: number;
  /**
   * Send `If-None-Match: *` on non-overwriting writes so the store itself refuses to replace an
   * object (AWS S3 since 2024, MinIO). Default true; set false for stores that reject the header.
   */
  readonly conditionalWrites?: boolean;
  /**
   * Reads shorter than this are served from aligned blocks of this size fetched whole and cached
   * per open file (FITS headers, cut-out rows); bytes, default 256 KiB, 0 turns it off.
   */
  readonly readBlockBytes?: number;
  /** Blocks cached per open file (default 8). */
  readonly readCacheBlocks?: number;
  /** Time allowed for response headers, ms (default 60000). */
  readonly requestTimeoutMs?: number;
  /** Attempts for network errors and 5xx answers (default 3). */
  readonly maxAttempts?: number;
  /** Keys per ListObjectsV2 page (1 … 1000; default 1000; tests lower it to exercise paging). */
  readonly listPageSize?: number;
  /**
   * 2 (default): ListObjectsV2 with continuation tokens. 1: ListObjects with markers, for stores
   * whose V2 paging is broken (s3rver 3.7 makes its tokens with DES, which OpenSSL 3 refuses).
   */
  readonly listObjectsVersion?: 1 | 2;
  /** The fetch to use (default the global one): a proxy-aware or instrumented fetch, or a test spy. */
  readonly fetch?: typeof globalThis.fetch;
}

function intIn(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`S3 datastore: ${name} must be an integer ${lo} … ${hi}, got ${v}`);
  return v;
}

function endpointUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`S3 datastore: ${name} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new RangeError(`S3 datastore: ${name} must be http(s)`);
  if (url.username || url.password) throw new RangeError(`S3 datastore: put credentials in accessKeyId/secretAccessKey, not in the ${name} URL`);
  if (url.search || url.hash) throw new RangeError(`S3 datastore: ${name} must not have a query or fragment`);
  return url;
}

/** Validates and normalises options; throws RangeError naming the bad option (never echoing secrets). */
function normalise(o: S3DatastoreOptions) {
  const endpoint = endpointUrl("endpoint", o.endpoint);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucket)) throw new RangeError(`S3 datastore: bad bucket name ${JSON.stringify(o.bucket)}`);
  if (!o.region) throw new RangeError("S3 datastore: region is required");
  if (!o.accessKeyId || !o.secretAccessKey) throw new RangeError("S3 datastore: accessKeyId and secretAccessKey are required");
  const rawPrefix = (o.prefix ?? "").replace(/\/+$/, "");
  if (rawPrefix) checkKey(rawPrefix);
  return {
    endpoint,
    publicEndpoint: o.publicEndpoint ? endpointUrl("publicEndpoint", o.publicEndpoint) : endpoint,
    prefix: rawPrefix ? `${rawPrefix}/` : "",
    forcePathStyle: o.forcePathStyle ?? true,
    signedUrlTtlS: intIn("signedUrlTtlS", o.signedUrlTtlS ?? 3600, 1, MAX_PRESIGN_EXPIRES_S),
    partSizeBytes: intIn("partSizeBytes", o.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES, MIN_PART_SIZE_BYTES, MAX_PART_SIZE_BYTES),
    conditionalWrites: o.conditionalWrites ?? true,
    readBlockBytes: intIn("readBlockBytes", o.readBlockBytes ?? 256 * 1024, 0, 64 * 1024 * 1024),
    readCacheBlocks: intIn("readCacheBlocks", o.readCacheBlocks ?? 8, 1, 1024),
    requestTimeoutMs: intIn("requestTimeoutMs", o.requestTimeoutMs ?? 60_000, 1, 3_600_000),
    maxAttempts: intIn("maxAttempts", o.maxAttempts ?? 3, 1, 10),
    listPageSize: intIn("listPageSize", o.listPageSize ?? 1000, 1, 1000),
    listObjectsVersion: intIn("listObjectsVersion", o.listObjectsVersion ?? 2, 1, 2) as 1 | 2,
  };
}

const missing = (key: string) => new DatastoreError(`no file for key ${key}`, "missing");
const conflict = (key: string) => new DatastoreError(`a file already exists for key ${key}`, "conflict");

/**
 * The offset of the first byte in a GET answer: the Content-Range start of a 206, else 0. Servers
 * may ignore a Range (200, whole object) or widen it (s3rver 3.7 reads `bytes=0-0` as the whole
 * object), so callers cut out what they asked for instead of trusting the answer's extent.
 */
function servedFrom(res: Response): number {
  if (res.status !== 206) return 0;
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
  return m ? Number(m[1]) : 0;
}

/** Bytes [skip, skip + length) of a stream. */
async function* slice(source: AsyncIterable<Uint8Array>, skip: number, length: number): AsyncGenerator<Uint8Array> {
  let pos = 0;
  const end = skip + length;
  for await (const chunk of source) {
    const from = Math.max(0, skip - pos);
    const to = Math.min(chunk.length, end - pos);
    if (to > from) yield chunk.subarray(from, to);
    pos += chunk.length;
    if (pos >= end) break;
  }
}

/** Turns an S3 failure into a DatastoreError with the S3 code and message (no URL, no credentials). */
function failure(e: unknown): unknown {
  if (e instanceof S3ResponseError) return new DatastoreError(e.message, "io");
  return e;
}

export class S3Datastore implements Datastore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly o: ReturnType<typeof normalise>;
  private readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

  constructor(options: S3DatastoreOptions) {
    this.o = normalise(options);
    this.bucket = options.bucket;
    this.prefix = this.o.prefix;
    this.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) };
    this.client = new S3Client({
      endpoint: this.o.endpoint,
      region: options.region,
      bucket: options.bucket,
      credentials: this.credentials,
      forcePathStyle: this.o.forcePathStyle,
      requestTimeoutMs: this.o.requestTimeoutMs,
      maxAttempts: this.o.maxAttempts,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  get description(): string {
    return `s3 datastore at s3://${this.bucket}/${this.prefix} (${this.o.endpoint.origin})`;
  }

  /** The full object key of a datastore key; throws DatastoreKeyError before any I/O. */
  private objectKey(key: string): string {
    checkKey(key);
    if (key === TRASH || key.startsWith(`${TRASH}/`)) throw new DatastoreKeyError(key, `the ${TRASH} prefix is reserved`);
    return this.prefix + key;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async stat(key: string): Promise<{ size: number; mtime: Date } | undefined> {
    const head = await this.client.head(this.objectKey(key), `HEAD ${key}`).catch((e) => Promise.reject(failure(e)));
    return head && { size: head.size, mtime: head.mtime };
  }

  async open(key: string): Promise<StoredFile> {
    const objectKey = this.objectKey(key);
    const head = await this.client.head(objectKey, `HEAD ${key}`).catch((e) => Promise.reject(failure(e)));
    if (!head) throw missing(key);
    const { size, etag } = head;
    const client = this.client;
    const fetchRange = async (offset: number, n: number): Promise<Uint8Array> => {
      try {
        // If-Match pins the version HEAD saw: a replaced object fails (412) instead of mixing bytes.
        const res = await client.send({
          method: "GET",
          key: objectKey,
          headers: { range: `bytes=${offset}-${offset + n - 1}`, ...(etag ? { "if-match": etag } : {}) },
          operation: `GET ${key}`,
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        const skip = offset - servedFrom(res);
        const out = bytes.subarray(skip, skip + n);
        if (out.length !== n) throw new DatastoreError(`short read of key ${key}: ${out.length} of ${n} bytes at ${offset} (object changed?)`, "io");
        return out;
      } catch (e) {
        if (e instanceof S3ResponseError && e.missing) throw missing(key);
        if (e instanceof S3ResponseError && e.status === 412) throw new DatastoreError(`file for key ${key} changed while open`, "io");
        throw failure(e);
      }
    };
    return blockCachedFile(size, fetchRange, { blockBytes: this.o.readBlockBytes, maxBlocks: this.o.readCacheBlocks });
  }

  async stream(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const objectKey = this.objectKey(key);
    try {
      const res = await this.client.send({ method: "GET", key: objectKey, headers: range ? { range: `bytes=${range.start}-${range.end}` } : {}, operation: `GET ${key}` });
      if (!res.body) return Readable.from([]);
      const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
      if (!range) return body;
      const skip = range.start - servedFrom(res);
      const length = range.end - range.start + 1;
      const served = Number(res.headers.get("content-length") ?? Number.NaN);
      return skip === 0 && served <= length ? body : Readable.from(slice(body, skip, length));
    } catch (e) {
      if (e instanceof S3ResponseError && e.missing) throw missing(key);
      // A range starting past the end reads nothing, as a file stream would.
      if (e instanceof S3ResponseError && e.status === 416) return Readable.from([]);
      throw failure(e);
    }
  }

  /**
   * Writes an object; S3 makes it visible only when complete. Without `overwrite`, a HEAD refuses
   * an existing key first; two writers racing between that HEAD and their PUTs could both pass it,
   * so with `conditionalWrites` the PUT also carries `If-None-Match: *` and the store refuses the
   * loser (412). Stores without conditional writes keep that race (last writer wins).
   */
  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, options: { overwrite?: boolean } = {}): Promise<PutResult> {
    const objectKey = this.objectKey(key);
    const overwrite = options.overwrite ?? false;
    if (!overwrite && (await this.exists(key))) throw conflict(key);
    return this.upload(key, objectKey, data, overwrite);
  }

  private async upload(key: string, objectKey: string, data: Uint8Array | AsyncIterable<Uint8Array>, overwrite: boolean): Promise<PutResult> {
    try {
      return await uploadObject(this.client, objectKey, data, {
        partSizeBytes: this.o.partSizeBytes,
        ifNoneMatch: !overwrite && this.o.conditionalWrites,
        label: `put ${key}`,
        contentType: contentTypeFor(key),
      });
    } catch (e) {
      if (e instanceof S3ResponseError && (e.status === 412 || e.code === "ConditionalRequestConflict")) throw conflict(key);
      throw failure(e);
    }
  }

  /**
   * Uploads a local file. S3 has no links, so `hardlink` and `symlink` are plain copies here (the
   * source stays where it is, as with `copy`); `move` deletes the source after a successful upload.
   */
  async ingestFile(key: string, sourcePath: string, mode: IngestMode): Promise<PutResult> {
    const objectKey = this.objectKey(key);
    const src = resolve(sourcePath);
    const s = await fsStat(src).catch(() => undefined);
    if (!s?.isFile()) throw new DatastoreError(`cannot ingest ${sourcePath}: not a readable file`, "missing");
    if (await this.exists(key)) throw conflict(key);
    const result = await this.upload(key, objectKey, createReadStream(src), false);
    if (mode === "move") await unlink(src);
    return result;
  }

  async remove(key: string): Promise<void> {
    await this.deleteObject(this.objectKey(key), `DELETE ${key}`);
  }

  private async deleteObject(objectKey: string, operation: string): Promise<void> {
    try {
      await (await this.client.send({ method: "DELETE", key: objectKey, operation })).arrayBuffer();
    } catch (e) {
      if (e instanceof S3ResponseError && e.missing) return;
      throw failure(e);
    }
  }

  /**
   * Moves the object under `.trash/<uuid>/` with a server-side CopyObject, then deletes it. A crash
   * between the two leaves the object in both places, which is the safe side: emptyTrash removes
   * only the copy. CopyObject is limited to 5 GiB objects by S3.
   */
  async trash(key: string): Promise<void> {
    const from = this.objectKey(key);
    const to = `${this.prefix}${TRASH}/${randomUUID()}/${key}`;
    try {
      await this.client.copy(from, to, `trash ${key} (CopyObject)`);
    } catch (e) {
      if (!(e instanceof S3ResponseError && e.missing)) throw failure(e);
      // Nothing to trash, unless the store misread the copy source (s3rver decodes it with
      // decodeURI, so keys with + @ = , : fail there): then say so rather than keep the file.
      if (!(await this.exists(key))) return;
      throw new DatastoreError(`S3 trash ${key}: CopyObject could not find the source object`, "io");
    }
    await this.deleteObject(from, `trash ${key} (DeleteObject)`);
  }

  async emptyTrash(): Promise<number> {
    const prefix = `${this.prefix}${TRASH}/`;
    let count = 0;
    let token: string | undefined;
    do {
      const page = await this.client.listPage(prefix, this.o.listPageSize, token, this.o.listObjectsVersion, "emptyTrash (list trash)").catch((e) => Promise.reject(failure(e)));
      // A few deletes at a time; the listing continues after the last key, so deleting a listed
      // page does not disturb the next one.
      for (let i = 0; i < page.keys.length; i += 8) {
        await Promise.all(page.keys.slice(i, i + 8).map((k) => this.deleteObject(k, "emptyTrash (DeleteObject)")));
      }
      count += page.keys.length;
      token = page.next;
    } while (token);
    return count;
  }

  /**
   * Verifies that the bucket is reachable with these credentials (one ListObjects of at most one
   * key under the prefix). HEAD answers carry no error body, so a wrong bucket name would
   * otherwise only look like missing files; use this for start-up and availability checks.
   * Throws DatastoreError with the S3 code (NoSuchBucket, AccessDenied, InvalidAccessKeyId, …).
   */
  async check(): Promise<void> {
    await this.client.listPage(this.prefix, 1, undefined, this.o.listObjectsVersion, "check bucket").catch((e) => Promise.reject(failure(e)));
  }

  /** A presigned GET URL valid for signedUrlTtlS seconds from now (the object need not exist). */
  uri(key: string): string {
    return this.signedUrl(key);
  }

  /**
   * A presigned GET URL with a chosen lifetime (default signedUrlTtlS) and response-header
   * overrides, e.g. `{ contentDisposition: 'attachment; filename="<uuid>.fits"' }` so a redirected
   * download keeps the name the server would have given it. Throws DatastoreKeyError for bad keys
   * and RangeError for a lifetime outside 1 … 604800 s.
   */
  signedUrl(key: string, options: SignedUrlOptions = {}): string {
    const { expiresS, ...response } = options;
    return presignGetUrl({
      endpoint: this.o.publicEndpoint,
      bucket: this.bucket,
      key: this.objectKey(key),
      region: this.client.options.region,
      credentials: this.credentials,
      expiresS: expiresS ?? this.o.signedUrlTtlS,
      date: new Date(),
      forcePathStyle: this.o.forcePathStyle,
      ...(Object.keys(response).length > 0 ? { response } : {}),
    });
  }
}
