/**
 * VOSI at the server root: /availability and /capabilities (VOSI 1.1). Both are anonymous
 * (VOSI-03); other methods answer 405 (VOSI-09). Capabilities list every mounted service.
 */
import type { FastifyInstance } from "fastify";
import { SkyportError } from "../../lib/errors/index.js";
import { renderAvailability, renderCapabilities, type VosiService } from "../../services/vosi/index.js";
import type { HttpContext, HttpPlugin } from "../app.js";

const methodNotAllowed = (): SkyportError =>
  new SkyportError({ code: "MethodNotAllowed", message: "this VOSI resource only answers GET", headers: { Allow: "GET, HEAD" } });

/** VOSI resources under `prefix` (the root, or a service's base such as /tap). */
export function vosiPlugin(vosi: VosiService, startedAt: Date = new Date(), prefix = ""): HttpPlugin {
  return {
    name: prefix === "" ? "vosi" : `vosi${prefix.replaceAll("/", "-")}`,
    prefix,
    errorDialect: "vosi",
    register(app: FastifyInstance, ctx: HttpContext) {
      const config = { errorDialect: "vosi" as const };
      app.get("/availability", { config }, async (_request, reply) => {
        const state = await vosi.availability();
        return reply.header("Cache-Control", "no-store").type("text/xml; charset=utf-8").send(renderAvailability(state));
      });
      app.get("/capabilities", { config }, async (request, reply) => {
        return reply
          .header("Last-Modified", startedAt.toUTCString())
          .type("text/xml; charset=utf-8")
          .send(renderCapabilities(vosi.listCapabilities(), ctx.baseUrl(request)));
      });
      for (const path of ["/availability", "/capabilities"]) {
        app.route({ method: ["POST", "PUT", "DELETE", "PATCH"], url: path, config, handler: async () => { throw methodNotAllowed(); } });
      }
    },
  };
}
