/**
 * The handful of S3 REST calls the S3 datastore needs (HEAD/GET/PUT/DELETE object, CopyObject,
 * ListObjectsV2, multipart upload), over Node's fetch with SigV4 header signing (sigv4.ts). No SDK:
 * the protocol surface is small and this keeps the dependency tree empty. Error responses are
 * parsed for their S3 `Code` and `Message` only, so signatures, string-to-sign echoes and key ids
 * that S3 puts in some error bodies never reach a message.
 *
 * Reference: Amazon S3 API Reference (PutObject, GetObject, HeadObject, DeleteObject, CopyObject,
 * ListObjectsV2, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload).
 */
import { createHash } from "node:crypto";
import { EMPTY_SHA256, s3Location, type SigV4Credentials, signRequest, uriEncode } from "./sigv4.js";

/** A non-2xx answer from S3 (or a 200 whose body is an `<Error>`, as CopyObject may send). */
export class S3ResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly s3Message: string,
    readonly operation: string,
  ) {
    super(`S3 ${operation}: ${code}${s3Message ? `: ${s3Message}` : ""}${status > 0 ? ` (HTTP ${status})` : ""}`);
    this.name = "S3ResponseError";
  }

  /** True for an absent object (404 on HEAD has no body, hence the status check). */
  get missing(): boolean {
    return this.status === 404 || this.code === "NoSuchKey";
  }
}

export interface S3ClientOptions {
  readonly endpoint: URL;
  readonly region: string;
  readonly bucket: string;
  readonly credentials: SigV4Credentials;
  readonly forcePathStyle: boolean;
  /** Time allowed until response headers arrive (bodies may stream for longer). */
  readonly requestTimeoutMs: number;
  /** Attempts for network errors and 500/502/503/504 (all our bodies are replayable buffers). */
  readonly maxAttempts: number;
  /** The fetch to use (default the global one); tests pass a recording wrapper. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface S3Request {
  readonly method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  /** Full object key (prefix applied), unencoded; "" addresses the bucket. */
  readonly key: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Hex SHA-256 of body when the caller already has it. */
  readonly bodySha256?: string;
  /** Name for messages (e.g. "PUT run/a.fits"), never containing credentials. */
  readonly operation: string;
}

const RETRY_STATUS = new Set([500, 502, 503, 504]);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric references. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x") ? String.fromCodePoint(Number.parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? ""),
  );
}

/** Raw inner XML of every `<tag>…</tag>` (S3 response XML is flat enough for this; no attributes used). */
export function xmlElements(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(re)].map((m) => m[1] ?? "");
}

/** Decoded text of every `<tag>…</tag>` holding text only. */
export function xmlAll(xml: string, tag: string): string[] {
  return xmlElements(xml, tag).map(xmlText);
}

export function xmlFirst(xml: string, tag: string): string | undefined {
  return xmlAll(xml, tag)[0];
}

function errorFrom(status: number, body: string, operation: string): S3ResponseError {
  const err = /<Error>([\s\S]*)<\/Error>/.exec(body)?.[1];
  const code = (err && xmlFirst(err, "Code")) || (status === 404 ? "NotFound" : status === 412 ? "PreconditionFailed" : `HTTP${status}`);
  const message = (err && xmlFirst(err, "Message")) ?? "";
  return new S3ResponseError(status, code, message.slice(0, 300), operation);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class S3Client {
  constructor(readonly options: S3ClientOptions) {}

  /** Sends one signed request; resolves with a 2xx response, rejects with S3ResponseError otherwise. */
  async send(req: S3Request): Promise<Response> {
    const o = this.options;
    const loc = s3Location(o.endpoint, o.bucket, req.key, o.forcePathStyle);
    const query = req.query ?? [];
    const qs = query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join("&");
    const url = `${loc.origin}${loc.path}${qs ? `?${qs}` : ""}`;
    const payloadHash = req.bodySha256 ?? (req.body ? createHash("sha256").update(req.body).digest("hex") : EMPTY_SHA256);
    for (let attempt = 1; ; attempt++) {
      const signed = signRequest({
        method: req.method,
        path: loc.path,
        query,
        headers: { ...req.headers, host: loc.host },
        payloadHash,
        region: o.region,
        credentials: o.credentials,
        date: new Date(),
      });
      delete signed.host; // fetch derives Host from the URL (same value as signed)
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), o.requestTimeoutMs);
      let res: Response;
      try {
        res = await (o.fetch ?? fetch)(url, { method: req.method, headers: signed, body: req.body, signal: controller.signal, redirect: "manual" });
      } catch (e) {
        if (attempt < o.maxAttempts) {
          await sleep(100 * 2 ** attempt);
          continue;
        }
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = controller.signal.aborted ? `no response within ${o.requestTimeoutMs} ms` : (cause?.code ?? cause?.message ?? (e as Error).message);
        throw new S3ResponseError(0, "NetworkError", why, req.operation);
      } finally {
        clearTimeout(timer);
      }
      if (res.ok) return res;
      const body = req.method === "HEAD" ? "" : await res.text().catch(() => "");
      if (RETRY_STATUS.has(res.status) && attempt < o.maxAttempts) {
        await sleep(100 * 2 ** attempt);
        continue;
      }
      throw errorFrom(res.status, body, req.operation);
    }
  }

  /** Sends and reads the whole (small, XML) body; a 200 carrying `<Error>` is turned into an error. */
  async sendXml(req: S3Request): Promise<string> {
    const res = await this.send(req);
    const text = await res.text();
    if (/^\s*(<\?xml[^>]*>\s*)?<Error>/.test(text)) throw errorFrom(res.status, text, req.operation);
    return text;
  }

  async head(key: string, operation: string): Promise<{ size: number; mtime: Date; etag: string | undefined } | undefined> {
    try {
      const res = await this.send({ method: "HEAD", key, operation });
      const size = Number(res.headers.get("content-length"));
      const lm = res.headers.get("last-modified");
      return { size, mtime: lm ? new Date(lm) : new Date(0), etag: res.headers.get("etag") ?? undefined };
    } catch (e) {
      if (e instanceof S3ResponseError && e.missing) return undefined;
      throw e;
    }
  }

  /**
   * One page of keys under a prefix. Version 2 (ListObjectsV2) pages with the opaque
   * continuation token; version 1 (ListObjects) with a marker, the last key seen. `cursor` is
   * whichever the previous page returned as `next` (undefined for the first page).
   */
  async listPage(prefix: string, maxKeys: number, cursor: string | undefined, version: 1 | 2, operation: string): Promise<{ keys: string[]; next: string | undefined }> {
    const query: [string, string][] = [["prefix", prefix], ["max-keys", String(maxKeys)]];
    if (version === 2) query.push(["list-type", "2"]);
    if (cursor) query.push([version === 2 ? "continuation-token" : "marker", cursor]);
    const xml = await this.sendXml({ method: "GET", key: "", query, operation });
    const keys = xmlElements(xml, "Contents")
      .map((c) => xmlFirst(c, "Key") ?? "")
      .filter((k) => k !== "");
    if (xmlFirst(xml, "IsTruncated") !== "true") return { keys, next: undefined };
    const next = version === 2 ? xmlFirst(xml, "NextContinuationToken") : (xmlFirst(xml, "NextMarker") ?? keys[keys.length - 1]);
    if (!next) throw new S3ResponseError(200, "MalformedResponse", "truncated listing without a way to continue", operation);
    return { keys, next };
  }

  /** Server-side copy within the bucket (CopyObject; S3 limits a single copy to 5 GiB). */
  async copy(fromKey: string, toKey: string, operation: string): Promise<void> {
    const source = uriEncode(`/${this.options.bucket}/${fromKey}`, true);
    await this.sendXml({ method: "PUT", key: toKey, headers: { "x-amz-copy-source": source }, operation });
  }
}
