/**
 * A small HTTP/1.1 client for bench/tap over loopback: keep-alive sockets (one per concurrent
 * client), form-encoded POSTs, whole bodies or a streamed body handed over chunk by chunk.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

export const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends a request; with `form` a POST body application/x-www-form-urlencoded. `onChunk`, when
 * given, receives the body instead of it being kept (the result's body is then empty).
 */
export function send(
  method: "GET" | "POST" | "DELETE",
  url: string,
  form?: Record<string, string>,
  onChunk?: (chunk: Buffer) => void,
  extraHeaders: Record<string, string> = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers: { ...extraHeaders, ...(body !== undefined ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => (onChunk ? onChunk(c) : parts.push(c)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(600_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The QUERY_STATUS INFO value of a VOTable document (or its tail), if any. */
export function queryStatus(doc: string): string | undefined {
  const all = [...doc.matchAll(/<INFO[^>]*name="QUERY_STATUS"[^>]*value="([A-Z]+)"/g)];
  return all.at(-1)?.[1];
}

/** Number of <TR> rows of a TABLEDATA VOTable. */
export function tableRows(doc: string): number {
  let n = 0;
  for (let i = doc.indexOf("<TR"); i >= 0; i = doc.indexOf("<TR", i + 3)) n++;
  return n;
}
