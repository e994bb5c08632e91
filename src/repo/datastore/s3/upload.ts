/**
 * Uploading bytes of unknown length to S3 with bounded memory: input is cut into parts of exactly
 * `partSizeBytes` (the last one shorter); an object that fits in one part goes up in a single
 * PutObject, a larger one through CreateMultipartUpload / UploadPart / CompleteMultipartUpload,
 * aborted on any failure. Each request's payload SHA-256 is signed (so S3 verifies every part) and
 * the whole object's SHA-256 is computed on the way through. Either way the object appears at its
 * key all at once, which is the datastore's atomicity promise.
 *
 * Reference: Amazon S3 User Guide, "Uploading and copying objects using multipart upload" (parts
 * 1 … 10,000, each at least 5 MiB except the last).
 */
import { createHash } from "node:crypto";
import type { PutResult } from "../datastore.js";
import { type S3Client, S3ResponseError, xmlFirst } from "./s3-client.js";

/** S3's minimum size of every part but the last, bytes. */
export const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
/** S3's maximum size of a single PUT or part, bytes. */
export const MAX_PART_SIZE_BYTES = 5 * 1024 * 1024 * 1024;
/** S3's maximum number of parts in one upload. */
export const MAX_PARTS = 10_000;

export interface Part {
  readonly bytes: Uint8Array;
  readonly last: boolean;
}

/**
 * Re-chunks a byte stream into parts of exactly `partSize` bytes, the last one 1 … partSize bytes
 * (or empty for empty input). A part is only released once more data shows it is not the last, so
 * memory stays near partSize plus one input chunk.
 */
export async function* cutParts(data: Uint8Array | AsyncIterable<Uint8Array>, partSize: number): AsyncGenerator<Part> {
  const pending: Uint8Array[] = [];
  let pendingLen = 0;
  const take = (n: number): Uint8Array => {
    const head = pending[0];
    if (head && head.length >= n) {
      pending[0] = head.subarray(n);
      if (pending[0].length === 0) pending.shift();
      pendingLen -= n;
      return head.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = pending[0] as Uint8Array;
      const k = Math.min(c.length, n - filled);
      out.set(c.subarray(0, k), filled);
      filled += k;
      if (k === c.length) pending.shift();
      else pending[0] = c.subarray(k);
    }
    pendingLen -= n;
    return out;
  };
  const source = data instanceof Uint8Array ? [data] : data;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    pending.push(chunk);
    pendingLen += chunk.length;
    while (pendingLen > partSize) yield { bytes: take(partSize), last: false };
  }
  yield { bytes: take(pendingLen), last: true };
}

export interface UploadOptions {
  readonly partSizeBytes: number;
  /** Send `If-None-Match: *` so S3 refuses to replace an existing object (conditional write). */
  readonly ifNoneMatch: boolean;
  /** For messages, e.g. "put run/a.fits". */
  readonly label: string;
  /** Stored Content-Type, served on GETs (and so on presigned-URL downloads). */
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  fits: "application/fits",
  fit: "application/fits",
  fts: "application/fits",
  fz: "application/fits",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  json: "application/json",
  xml: "application/xml",
  vot: "application/x-votable+xml",
  parquet: "application/vnd.apache.parquet",
  csv: "text/csv",
  txt: "text/plain",
};

/** A Content-Type from the key's extension (application/octet-stream when unknown). */
export function contentTypeFor(key: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) ?? "application/octet-stream";
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Uploads `data` to the full object key; see the module header. Throws S3ResponseError or the source's error. */
export async function uploadObject(client: S3Client, objectKey: string, data: Uint8Array | AsyncIterable<Uint8Array>, o: UploadOptions): Promise<PutResult> {
  const whole = createHash("sha256");
  let size = 0;
  const conditional: Record<string, string> = o.ifNoneMatch ? { "if-none-match": "*" } : {};
  const parts = cutParts(data, o.partSizeBytes);
  const first = await parts.next();
  const firstPart = first.done ? { bytes: new Uint8Array(0), last: true } : first.value;
  whole.update(firstPart.bytes);
  size += firstPart.bytes.length;
  if (firstPart.last) {
    const h = sha256(firstPart.bytes);
    const res = await client.send({ method: "PUT", key: objectKey, body: firstPart.bytes, bodySha256: h, headers: { "content-type": o.contentType, ...conditional }, operation: `${o.label} (PutObject)` });
    await res.arrayBuffer(); // drain, so the connection returns to the pool
    return { size, checksum: h };
  }
  const created = await client.sendXml({ method: "POST", key: objectKey, query: [["uploads", ""]], headers: { "content-type": o.contentType }, operation: `${o.label} (CreateMultipartUpload)` });
  const uploadId = xmlFirst(created, "UploadId");
  if (!uploadId) throw new S3ResponseError(200, "MalformedResponse", "no UploadId in CreateMultipartUpload answer", o.label);
  const uploadQuery = [["uploadId", uploadId]] as const;
  try {
    const etags: string[] = [];
    let part: Part = firstPart;
    for (;;) {
      const n = etags.length + 1;
      if (n > MAX_PARTS) throw new S3ResponseError(0, "EntityTooLarge", `more than ${MAX_PARTS} parts of ${o.partSizeBytes} bytes`, o.label);
      const res = await client.send({
        method: "PUT",
        key: objectKey,
        query: [["partNumber", String(n)], ...uploadQuery],
        body: part.bytes,
        bodySha256: sha256(part.bytes),
        operation: `${o.label} (UploadPart ${n})`,
      });
      await res.arrayBuffer();
      const etag = res.headers.get("etag");
      if (!etag) throw new S3ResponseError(res.status, "MalformedResponse", `no ETag for part ${n}`, o.label);
      etags.push(etag);
      if (part.last) break;
      const next = await parts.next();
      if (next.done) break;
      part = next.value;
      whole.update(part.bytes);
      size += part.bytes.length;
    }
    const body = Buffer.from(
      `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</ETag></Part>`).join("")}</CompleteMultipartUpload>`,
    );
    await client.sendXml({ method: "POST", key: objectKey, query: uploadQuery, body, headers: { "content-type": "application/xml", ...conditional }, operation: `${o.label} (CompleteMultipartUpload)` });
    return { size, checksum: whole.digest("hex") };
  } catch (e) {
    await parts.return(undefined).catch(() => undefined); // closes the source (e.g. a file stream)
    // Best effort: an upload left behind only costs storage until a bucket lifecycle rule
    // (AbortIncompleteMultipartUpload) removes it; the original error is what the caller needs.
    await client.send({ method: "DELETE", key: objectKey, query: uploadQuery, operation: `${o.label} (AbortMultipartUpload)` }).then((r) => r.arrayBuffer(), () => undefined);
    throw e;
  }
}
