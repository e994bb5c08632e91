/**
 * TAP 1.1 over HTTP (standards.md §4): /tap/sync (GET, POST — form or multipart with UPLOAD
 * tables), /tap/tables, /tap/examples and a small HTML landing page. /tap/async is the UWS plugin
 * mounted beside it and /tap/capabilities, /tap/availability the VOSI plugin (see compose.ts).
 * Thin: collect parameters, call TapService, stream the body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SkyportError, usageFault } from "../../lib/errors/index.js";
import { publishedExamples, renderExamples, renderTableDocument, renderTableset, SKYPORT_EXAMPLES, type TablesDetail } from "../../services/tap/documents/index.js";
import type { TapService } from "../../services/tap/index.js";
import { type HttpContext, type HttpPlugin, responseBody } from "../app.js";
import { filesOf } from "../multipart.js";
import { collectParams } from "../params.js";

const methodNotAllowed = (allow: string): SkyportError => new SkyportError({ code: "MethodNotAllowed", message: `this TAP resource answers ${allow} only`, headers: { Allow: allow } });

function detailOf(request: FastifyRequest): TablesDetail {
  const d = collectParams(request.query, undefined).get("DETAIL")?.[0]?.toLowerCase();
  if (d === undefined || d === "max") return "max";
  if (d === "min") return "min";
  throw usageFault("DETAIL must be min or max", { param: "DETAIL" });
}

export function tapPlugin(service: TapService): HttpPlugin {
  return {
    name: "tap",
    prefix: "/tap",
    errorDialect: "dali",
    access: { service: "tap", scopes: ["read:tap"] },
    register(app: FastifyInstance, ctx: HttpContext) {
      const config = { errorDialect: "dali" as const };
      const sync = async (request: FastifyRequest, reply: FastifyReply) => {
        const params = collectParams(request.query, request.body);
        const tapRequest = service.parse(params);
        const aborted = new AbortController();
        // Only a response cut short aborts (an AbortError per finished request costs a stack trace).
        reply.raw.once("close", () => {
          if (!reply.raw.writableFinished) aborted.abort();
        });
        const files = new Map([...filesOf(request.body)].map(([k, f]) => [k, { data: f.data }]));
        const response = await service.run(tapRequest, {
          timeoutMs: service.limits.syncTimeoutS * 1000,
          files,
          signal: aborted.signal,
          linksUrl: `${ctx.baseUrl(request)}/datalink/links`,
          identity: request.identity,
        });
        return reply.header("Cache-Control", "no-store").type(response.format.mime).send(await responseBody(response.body));
      };
      // Room for UPLOAD tables (their own limit is checked by the service) plus the form fields.
      const bodyLimit = service.limits.uploadMaxBytes + (1 << 20);
      app.route({ method: ["GET", "POST"], url: "/sync", config, bodyLimit, handler: sync });
      app.route({ method: ["PUT", "DELETE", "PATCH"], url: "/sync", config, handler: async () => { throw methodNotAllowed("GET, POST"); } });

      app.get("/tables", { config: { errorDialect: "vosi" } }, async (request, reply) =>
        reply.type("text/xml; charset=utf-8").send(renderTableset(service.published, detailOf(request))),
      );
      app.get("/tables/:name", { config: { errorDialect: "vosi" } }, async (request, reply) => {
        const { name } = request.params as { name: string };
        return reply.type("text/xml; charset=utf-8").send(renderTableDocument(service.published, name, detailOf(request)));
      });

      const examples = renderExamples(publishedExamples(SKYPORT_EXAMPLES, service.published), { title: "Skyport TAP examples" });
      app.get("/examples", { config: { errorDialect: "plain" } }, async (_request, reply) => reply.type("application/xhtml+xml; charset=utf-8").send(examples));

      app.get("/", { config: { errorDialect: "plain" } }, async (request, reply) => {
        const base = `${ctx.baseUrl(request)}/tap`;
        const tables = service.published.tables.map((t) => `<li><code>${escapeHtml(t.name)}</code> — ${escapeHtml(t.description)}</li>`).join("");
        return reply.type("text/html; charset=utf-8").send(
          `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Skyport TAP</title></head><body><h1>Skyport TAP service</h1>` +
            `<p>Table Access Protocol 1.1 with ADQL 2.1. Base URL for TOPCAT, pyvo and astroquery: <code>${escapeHtml(base)}</code></p>` +
            `<ul><li><a href="${escapeHtml(base)}/capabilities">capabilities</a></li><li><a href="${escapeHtml(base)}/tables">tables</a></li><li><a href="${escapeHtml(base)}/examples">examples</a></li><li><a href="${escapeHtml(base)}/availability">availability</a></li></ul>` +
            `<h2>Tables</h2><ul>${tables}</ul></body></html>`,
        );
      });
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
