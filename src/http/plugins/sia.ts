/**
 * SIA 2.0 over HTTP: /sia/query (GET and POST, DALI-sync). The VOSI resources of the service are
 * mounted beside it by compose.ts (/sia/capabilities, /sia/availability).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SkyportError } from "../../lib/errors/index.js";
import type { SiaService } from "../../services/sia/index.js";
import { type HttpContext, type HttpPlugin, responseBody } from "../app.js";
import { collectParams } from "../params.js";

export function siaPlugin(service: SiaService): HttpPlugin {
  return {
    name: "sia",
    prefix: "/sia",
    errorDialect: "dali",
    access: { service: "sia", scopes: ["read:image"] },
    register(app: FastifyInstance, ctx: HttpContext) {
      const config = { errorDialect: "dali" as const };
      const query = async (request: FastifyRequest, reply: FastifyReply) => {
        const aborted = new AbortController();
        // Only a response cut short aborts (an AbortError per finished request costs a stack trace).
        reply.raw.once("close", () => {
          if (!reply.raw.writableFinished) aborted.abort();
        });
        const response = await service.query(collectParams(request.query, request.body), {
          signal: aborted.signal,
          linksUrl: `${ctx.baseUrl(request)}/datalink/links`,
          identity: request.identity,
        });
        return reply.header("Cache-Control", "no-store").type(response.format.mime).send(await responseBody(response.body));
      };
      app.route({ method: ["GET", "POST"], url: "/query", config, handler: query });
      app.route({
        method: ["PUT", "DELETE", "PATCH"],
        url: "/query",
        config,
        handler: async () => {
          throw new SkyportError({ code: "MethodNotAllowed", message: "the SIA query resource answers GET and POST only", headers: { Allow: "GET, POST" } });
        },
      });
    },
  };
}
