/**
 * SODA 1.0 over HTTP: /soda/sync (GET and POST). A cut-out answers 200 with the FITS (or PNG/JPEG)
 * bytes, 204 No Content when the filters select no pixels (SODA-05), and errors as SODA's
 * text/plain documents (SODA-06). The async endpoint (/soda/async, UWS) and the VOSI resources are
 * mounted beside it by compose.ts.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SkyportError } from "../../lib/errors/index.js";
import type { SodaService } from "../../services/soda/index.js";
import type { HttpPlugin } from "../app.js";
import { collectParams } from "../params.js";

export function sodaPlugin(service: SodaService): HttpPlugin {
  return {
    name: "soda",
    prefix: "/soda",
    errorDialect: "soda",
    access: { service: "soda", scopes: ["read:image"] },
    register(app: FastifyInstance) {
      const config = { errorDialect: "soda" as const };
      const sync = async (request: FastifyRequest, reply: FastifyReply) => {
        const out = await service.sync(collectParams(request.query, request.body), request.identity);
        if (!out) return reply.status(204).header("Cache-Control", "no-store").send();
        reply.header("Cache-Control", "no-store").header("Content-Disposition", `inline; filename="${out.filename}"`).type(out.contentType);
        if (out.body instanceof Uint8Array) return reply.send(Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength));
        return reply.send(Readable.from(out.body));
      };
      app.route({ method: ["GET", "POST"], url: "/sync", config, handler: sync });
      app.route({
        method: ["PUT", "DELETE", "PATCH"],
        url: "/sync",
        config,
        handler: async () => {
          throw new SkyportError({ code: "MethodNotAllowed", message: "the SODA sync resource answers GET and POST only", headers: { Allow: "GET, POST" } });
        },
      });
    },
  };
}
