/**
 * AWS Signature Version 4 for S3, written from the public specification: header signing for the
 * REST calls the S3 datastore makes, and query-string presigning for redirect URLs. Pure functions
 * of their inputs (the date is always passed in), so the AWS documentation's worked examples are
 * exact unit tests.
 *
 * References: AWS S3 API Reference, "Signature Calculations for the Authorization Header" and
 * "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)"; AWS General
 * Reference, "Create a canonical request for Signature Version 4". S3 differs from other services
 * in two ways that matter here: the canonical URI is the path encoded once (not twice), and the
 * payload hash may be the literal `UNSIGNED-PAYLOAD` (always so for presigned GETs).
 */
import { createHash, createHmac } from "node:crypto";

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** SHA-256 of the empty string, the payload hash of a body-less request. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/** Longest validity S3 accepts for a presigned URL (7 days), in seconds. */
export const MAX_PRESIGN_EXPIRES_S = 604_800;

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary-credential token (STS); sent as X-Amz-Security-Token when present. */
  readonly sessionToken?: string;
}

/**
 * Percent-encodes per the SigV4 rules (RFC 3986 unreserved characters `A-Za-z0-9-._~` stay as
 * they are, every other UTF-8 byte becomes `%XX` upper-case). `/` is kept when `keepSlash`, as in
 * an S3 object path.
 */
export function uriEncode(s: string, keepSlash = false): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `YYYYMMDDTHHMMSSZ` and `YYYYMMDD` for a date (UTC, seconds truncated). */
export function amzDates(date: Date): { amzDate: string; dateStamp: string } {
  const amzDate = date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return { amzDate, dateStamp: amzDate.slice(0, 8) };
}

const sha256Hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string): Buffer => createHmac("sha256", key).update(s, "utf8").digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, dateStamp), region), service), "aws4_request");
}

/** The canonical query string: names and values encoded, sorted by encoded name then value. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

interface CanonicalInput {
  readonly method: string;
  /** The path exactly as sent (already encoded once). */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Lower-case names, values as sent; must include `host`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadHash: string;
}

function canonicalRequest(r: CanonicalInput): { request: string; signedHeaders: string } {
  const names = Object.keys(r.headers).map((n) => n.toLowerCase()).sort();
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) lower[k.toLowerCase()] = v;
  const headerLines = names.map((n) => `${n}:${(lower[n] ?? "").trim().replace(/ +/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const request = [r.method, r.path, canonicalQuery(r.query), headerLines, signedHeaders, r.payloadHash].join("\n");
  return { request, signedHeaders };
}

function signature(c: SigV4Credentials, region: string, service: string, date: Date, canonical: string): { scope: string; signature: string } {
  const { amzDate, dateStamp } = amzDates(date);
  const scope = `${dateStamp}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join("\n");
  return { scope, signature: createHmac("sha256", signingKey(c.secretAccessKey, dateStamp, region, service)).update(stringToSign, "utf8").digest("hex") };
}

export interface SignRequestInput extends CanonicalInput {
  readonly region: string;
  readonly service?: string;
  readonly credentials: SigV4Credentials;
  readonly date: Date;
}

/**
 * Signs a request for the Authorization header. `headers` must hold `host` and every header that
 * will be sent and should be covered; `x-amz-date`, `x-amz-content-sha256` (= payloadHash) and,
 * with a session token, `x-amz-security-token` are added here. Returns all headers to send
 * (including `host`, which fetch sets itself, so callers drop it) plus `authorization`.
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const service = input.service ?? "s3";
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers["x-amz-date"] = amzDates(input.date).amzDate;
  headers["x-amz-content-sha256"] = input.payloadHash;
  if (input.credentials.sessionToken) headers["x-amz-security-token"] = input.credentials.sessionToken;
  const { request, signedHeaders } = canonicalRequest({ ...input, headers });
  const s = signature(input.credentials, input.region, service, input.date, request);
  headers.authorization = `${ALGORITHM} Credential=${input.credentials.accessKeyId}/${s.scope}, SignedHeaders=${signedHeaders}, Signature=${s.signature}`;
  return headers;
}

/** Where an object lives: origin (scheme, host, port), host header value, and encoded path. */
export interface S3Location {
  readonly origin: string;
  readonly host: string;
  readonly path: string;
}

/**
 * Addresses an object (or, with key "", the bucket) on an endpoint. Path style puts the bucket in
 * the path (`http://host:port/bucket/key`, what MinIO, Ceph and s3rver expect); virtual-hosted
 * style puts it in the host name (`https://bucket.s3.region.amazonaws.com/key`). A path on the
 * endpoint itself (a reverse-proxy mount) is kept in front.
 */
export function s3Location(endpoint: URL, bucket: string, key: string, forcePathStyle: boolean): S3Location {
  const base = endpoint.pathname.replace(/\/+$/, "");
  const encodedKey = uriEncode(key, true);
  if (forcePathStyle) {
    return { origin: endpoint.origin, host: endpoint.host, path: `${base}/${uriEncode(bucket)}${key ? `/${encodedKey}` : ""}` };
  }
  const host = `${bucket}.${endpoint.host}`;
  return { origin: `${endpoint.protocol}//${host}`, host, path: `${base}/${encodedKey}` };
}

export interface PresignGetInput {
  /** S3 endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`. */
  readonly endpoint: string | URL;
  readonly bucket: string;
  /** Full object key inside the bucket (any datastore prefix already applied), not encoded. */
  readonly key: string;
  readonly region: string;
  readonly credentials: SigV4Credentials;
  /** Validity in seconds from `date`, 1 … 604800. */
  readonly expiresS: number;
  /** Signing time; the URL is valid from then for expiresS seconds. */
  readonly date: Date;
  /** Default true (bucket in the path). */
  readonly forcePathStyle?: boolean;
  /**
   * Response headers S3 should send instead of the stored ones (signed into the URL as
   * `response-content-type` etc.), e.g. a download file name for a redirect.
   */
  readonly response?: { readonly contentType?: string; readonly contentDisposition?: string; readonly cacheControl?: string };
}

/**
 * A presigned GET URL (query-string SigV4, `X-Amz-SignedHeaders=host`, unsigned payload): anyone
 * holding it may fetch the object until `date + expiresS`. Deterministic for a given input.
 * Throws RangeError when expiresS is outside 1 … 604800.
 *
 * @example presignGetUrl({ endpoint: "https://s3.amazonaws.com", bucket: "b", key: "a/x.fits",
 *   region: "us-east-1", credentials, expiresS: 3600, date: new Date(), forcePathStyle: false })
 */
export function presignGetUrl(input: PresignGetInput): string {
  if (!Number.isInteger(input.expiresS) || input.expiresS < 1 || input.expiresS > MAX_PRESIGN_EXPIRES_S) {
    throw new RangeError(`presigned URL lifetime must be an integer 1 … ${MAX_PRESIGN_EXPIRES_S} s, got ${input.expiresS}`);
  }
  const endpoint = typeof input.endpoint === "string" ? new URL(input.endpoint) : input.endpoint;
  const loc = s3Location(endpoint, input.bucket, input.key, input.forcePathStyle ?? true);
  const { amzDate, dateStamp } = amzDates(input.date);
  const c = input.credentials;
  const query: [string, string][] = [
    ["X-Amz-Algorithm", ALGORITHM],
    ["X-Amz-Credential", `${c.accessKeyId}/${dateStamp}/${input.region}/s3/aws4_request`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", String(input.expiresS)],
    ["X-Amz-SignedHeaders", "host"],
  ];
  if (c.sessionToken) query.push(["X-Amz-Security-Token", c.sessionToken]);
  const r = input.response ?? {};
  if (r.cacheControl !== undefined) query.push(["response-cache-control", r.cacheControl]);
  if (r.contentDisposition !== undefined) query.push(["response-content-disposition", r.contentDisposition]);
  if (r.contentType !== undefined) query.push(["response-content-type", r.contentType]);
  const { request } = canonicalRequest({ method: "GET", path: loc.path, query, headers: { host: loc.host }, payloadHash: UNSIGNED_PAYLOAD });
  const s = signature(c, input.region, "s3", input.date, request);
  return `${loc.origin}${loc.path}?${canonicalQuery(query)}&X-Amz-Signature=${s.signature}`;
}
