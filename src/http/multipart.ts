/**
 * multipart/form-data bodies (RFC 7578), as DALI services receive TAP UPLOAD tables and POSTed
 * parameters. The body is already bounded by the route's body limit, so it is parsed from one
 * buffer: text fields become ordinary parameters, file parts are kept aside by field name for the
 * `param:` URIs of UPLOAD (DALI 1.1 §3.4.5).
 */
import { usageFault } from "../lib/errors/index.js";

/** An uploaded file part. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

/** Where the parsed body keeps its files (a symbol, so parameter collection skips it). */
export const FILES = Symbol("multipart files");

/** A parsed body: fields by name, files under FILES. */
export type MultipartBody = Record<string, string[]> & { [FILES]: Map<string, UploadedFile> };

/** The files of a request body, if it was multipart. */
export function filesOf(body: unknown): ReadonlyMap<string, UploadedFile> {
  if (typeof body === "object" && body !== null && FILES in body) return (body as MultipartBody)[FILES];
  return new Map();
}

function boundaryOf(contentType: string): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b || b.length > 200) throw usageFault("multipart/form-data without a valid boundary");
  return b;
}

function dispositionParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, "i").exec(header);
  return m?.[1]?.replace(/\\(.)/g, "$1");
}

/** Parses a multipart/form-data body. */
export function parseMultipart(contentType: string, body: Buffer, maxParts = 1000): MultipartBody {
  const boundary = Buffer.from(`--${boundaryOf(contentType)}`);
  const out = {} as MultipartBody;
  out[FILES] = new Map();
  let pos = body.indexOf(boundary);
  if (pos < 0) throw usageFault("multipart body without its boundary");
  let parts = 0;
  for (;;) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw usageFault("malformed multipart part (no header end)");
    const headers = body.subarray(pos, headerEnd).toString("latin1").split("\r\n");
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) throw usageFault("malformed multipart body (no closing boundary)");
    // The part's data ends before the CRLF that precedes the next boundary.
    const data = body.subarray(headerEnd + 4, next >= 2 && body[next - 2] === 0x0d ? next - 2 : next);
    if (++parts > maxParts) throw usageFault(`too many multipart parts (more than ${maxParts})`);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const type = headers.find((h) => /^content-type:/i.test(h))?.split(":")[1]?.trim();
    const name = disposition ? dispositionParam(disposition, "name") : undefined;
    if (name === undefined) throw usageFault("multipart part without a field name");
    const filename = disposition ? dispositionParam(disposition, "filename") : undefined;
    if (filename !== undefined || (type !== undefined && !/^text\/plain/i.test(type))) {
      out[FILES].set(name, { field: name, filename, contentType: type, data: Buffer.from(data) });
    } else {
      const list = out[name] ?? [];
      list.push(data.toString("utf8"));
      out[name] = list;
    }
    pos = next;
  }
  return out;
}
