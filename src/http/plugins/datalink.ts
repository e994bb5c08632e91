/**
 * DataLink over HTTP: /datalink/links (GET, POST; one or many ID), /datalink/preview/<uuid>.png
 * and .jpg (rendered on demand, cached), and /files/<uuid>, the stable URL of each dataset's file
 * (streamed, byte ranges, ETag and caching headers). Thin: the services decide, this streams.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { notFound, SkyportError, usageFault } from "../../lib/errors/index.js";
import { DATALINK_CONTENT_TYPE, type LinksService, renderLinks } from "../../services/datalink/index.js";
import type { Identity } from "../../repo/auth/index.js";
import type { HttpContext, HttpPlugin } from "../app.js";
import { collectParams } from "../params.js";

/** A dataset's stored file: its size, checksum and a stream of it (optionally a byte range). */
export interface StoredDatasetFile {
  readonly size: number;
  readonly checksum: string | null;
  readonly mtime?: Date;
  stream(range?: { start: number; end: number }): Promise<NodeJS.ReadableStream>;
  /** A short-lived URL the client may GET the bytes from directly (scale-out object store). */
  directUrl?(): string;
  /** Seen by virtue of the caller's rights: no shared caches may keep it. */
  readonly restricted?: boolean;
}

/** What file delivery needs from the repository. */
export interface FileSource {
  /** The dataset's file, or undefined when it has none or the caller may not see it. */
  find(uuid: string, identity: Identity): Promise<StoredDatasetFile | undefined>;
}

/** Previews by dataset and kind, rendered once and cached. */
export interface PreviewSource {
  /** Undefined when there is none or the caller may not see the dataset. */
  preview(uuid: string, kind: "png" | "jpg", identity: Identity): Promise<{ readonly bytes: Uint8Array; readonly cached: boolean; readonly restricted?: boolean } | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VOTABLE_FORMATS = new Set(["votable", "application/x-votable+xml", "text/xml"]);

export function datalinkPlugin(links: LinksService, previews: PreviewSource): HttpPlugin {
  return {
    name: "datalink",
    prefix: "/datalink",
    errorDialect: "datalink",
    access: { service: "datalink", scopes: ["read:image"] },
    register(app: FastifyInstance, ctx: HttpContext) {
      const config = { errorDialect: "datalink" as const };
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const params = collectParams(request.query, request.body);
        const rf = params.get("RESPONSEFORMAT");
        if (rf && rf.length > 0) {
          const f = (rf[0] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
          if (rf.length > 1 || !VOTABLE_FORMATS.has(f)) throw usageFault("RESPONSEFORMAT: this links service writes VOTable only", { param: "RESPONSEFORMAT" });
        }
        const result = await links.links(params.get("ID") ?? [], ctx.baseUrl(request), request.identity);
        return reply.header("Cache-Control", "no-store").type(DATALINK_CONTENT_TYPE).send(await renderLinks(result));
      };
      app.route({ method: ["GET", "POST"], url: "/links", config, handler });
      app.get("/preview/:name", { config: { errorDialect: "plain" } }, async (request, reply) => {
        const { name } = request.params as { name: string };
        const m = /^(.+)\.(png|jpg)$/.exec(name);
        if (!m || !UUID.test(m[1] as string)) throw notFound(`no preview ${name}`);
        const p = await previews.preview(m[1] as string, m[2] as "png" | "jpg", request.identity);
        if (!p) throw notFound(`no preview ${name}`);
        return reply
          .header("Cache-Control", p.restricted ? "private, max-age=300" : "public, max-age=86400")
          .header("X-Preview-Cache", p.cached ? "hit" : "miss")
          .type(m[2] === "png" ? "image/png" : "image/jpeg")
          .send(Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength));
      });
    },
  };
}

/** Parses a single `bytes=a-b` range (RFC 9110 §14.1.2); undefined = whole file; "bad" = 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | "bad" {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "bad";
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "bad";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "bad";
  return { start, end };
}

export function filesPlugin(files: FileSource): HttpPlugin {
  return {
    name: "files",
    prefix: "/files",
    errorDialect: "plain",
    access: { service: "datalink", scopes: ["read:image"] },
    register(app: FastifyInstance) {
      app.get("/:id", { config: { errorDialect: "plain" } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!UUID.test(id)) throw notFound(`no file ${id.slice(0, 80)}`);
        const st = await files.find(id, request.identity);
        if (!st) throw notFound(`no file ${id}`);
        // The object store serves the bytes (ranges included: clients resend Range after the
        // redirect); the signed URL is issued only after the lookup above.
        if (st.directUrl && request.method === "GET") return reply.status(307).header("Cache-Control", "private, no-store").header("Location", st.directUrl()).send();
        const etag = st.checksum ? `"sha256-${st.checksum}"` : `"${st.size.toString(16)}-${st.mtime?.getTime().toString(16) ?? "0"}"`;
        reply
          .header("ETag", etag)
          .header("Accept-Ranges", "bytes")
          .header("Cache-Control", st.restricted ? "private, max-age=300" : "public, max-age=86400")
          .header("Content-Disposition", `attachment; filename="${id}.fits"`)
          .type("application/fits");
        if (st.mtime) reply.header("Last-Modified", st.mtime.toUTCString());
        const inm = request.headers["if-none-match"];
        if (typeof inm === "string" && inm.split(",").some((t) => t.trim() === etag)) return reply.status(304).send();
        const ifRange = request.headers["if-range"];
        const range = typeof ifRange === "string" && ifRange !== etag ? undefined : parseRange(request.headers.range, st.size);
        if (range === "bad") {
          throw new SkyportError({ code: "UsageFault", status: 416, message: `unsatisfiable range for a file of ${st.size} bytes`, headers: { "Content-Range": `bytes */${st.size}` } });
        }
        if (range) {
          reply.status(206).header("Content-Range", `bytes ${range.start}-${range.end}/${st.size}`).header("Content-Length", String(range.end - range.start + 1));
          return reply.send(await st.stream(range));
        }
        reply.header("Content-Length", String(st.size));
        return reply.send(await st.stream());
      });
    },
  };
}
