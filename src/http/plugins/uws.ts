/**
 * The UWS 1.1 resource tree (REC-UWS-1.1 §2.2) as a fastify plugin, mounted under a service's
 * async prefix (TAP and SODA mount /tap/async and /soda/async). Thin by design (STYLE.md §6):
 * collect the case-insensitive parameters, call UwsService, render XML or text, answer 303 with an
 * absolute Location for every state change (DALI-06, UWS-03). The owner is the subject of
 * `request.identity` (set by the authentication hook, http/auth.ts), and the job keeps the owner's
 * groups and scopes so it runs with exactly their access.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SkyportError, usageFault } from "../../lib/errors/index.js";
import {
  jobParameters,
  type JobUrls,
  parseAction,
  parseDestruction,
  parseExecutionDuration,
  parseListFilter,
  parseWait,
  renderJob,
  renderJobList,
  renderParameters,
  renderResults,
  splitCreate,
  type UwsService,
  uwsTime,
} from "../../services/uws/index.js";
import type { HttpContext, HttpPlugin } from "../app.js";
import type { PluginAccess } from "../auth.js";
import { collectParams, type DaliParams } from "../params.js";

export interface UwsPluginOptions {
  /** Mount point of the job list, e.g. "/tap/async". */
  readonly prefix: string;
  readonly service: UwsService;
  /** Plugin name for logs (default "uws"). */
  readonly name?: string;
  /**
   * Adjusts posted parameters before they are stored, e.g. to keep the files of a multipart body
   * (TAP UPLOAD) and refer to them from the parameters.
   */
  readonly transformParams?: (request: FastifyRequest, params: DaliParams) => Promise<DaliParams>;
  /** Body limit of job creation and parameter POSTs (default: the server's). */
  readonly bodyLimit?: number;
  /** The service and scopes the job tree needs (e.g. TAP: read:tap and exec:jobs). */
  readonly access?: PluginAccess;
  /** The error document of a failed job (default plain text); TAP serves a VOTable (TAP-17). */
  readonly errorDocument?: (message: string, jobId: string) => { readonly type: string; readonly body: string };
}

const XML = "application/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

const methodNotAllowed = (allow: string): SkyportError =>
  new SkyportError({ code: "MethodNotAllowed", message: `this UWS resource answers ${allow} only`, headers: { Allow: allow } });

/** The owner of a request (UWS-16): the token's subject, or "anonymous". */
export function ownerOf(request: FastifyRequest): string {
  return request.identity?.subject ?? "anonymous";
}

/** Builds the UWS plugin for one service. */
export function uwsPlugin(options: UwsPluginOptions): HttpPlugin {
  const { prefix, service } = options;
  return {
    name: options.name ?? "uws",
    prefix,
    errorDialect: "uws",
    ...(options.access ? { access: options.access } : {}),
    register(app: FastifyInstance, ctx: HttpContext) {
      const config = { errorDialect: "uws" as const };
      const urls = (request: FastifyRequest): JobUrls => ({ jobList: `${ctx.baseUrl(request)}${prefix}` });
      const jobUrl = (request: FastifyRequest, id: string) => `${urls(request).jobList}/${encodeURIComponent(id)}`;
      const params = (request: FastifyRequest) => collectParams(request.query, request.body);
      const posted = (request: FastifyRequest) => (options.transformParams ? options.transformParams(request, params(request)) : Promise.resolve(params(request)));
      const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
      const seeOther = (reply: FastifyReply, location: string) => reply.status(303).header("Location", location).send();
      const text = (reply: FastifyReply, body: string) => reply.header("Cache-Control", "no-store").type(TEXT).send(body);
      const xml = (reply: FastifyReply, body: string) => reply.header("Cache-Control", "no-store").type(XML).send(body);
      const route = (url: string, methods: Partial<Record<"GET" | "POST" | "DELETE", (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>>>) => {
        const allow = [...Object.keys(methods), ...(methods.GET ? ["HEAD"] : [])].join(", ");
        for (const [method, handler] of Object.entries(methods)) {
          app.route({ method: method as "GET", url, config, handler, ...(method === "POST" && options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) });
        }
        const others = (["PUT", "PATCH", "DELETE", "POST"] as const).filter((m) => !(m in methods));
        app.route({ method: [...others], url, config, handler: async () => { throw methodNotAllowed(allow); } });
      };

      route("/", {
        GET: async (request, reply) => xml(reply, renderJobList(await service.list(ownerOf(request), parseListFilter(params(request))), urls(request))),
        POST: async (request, reply) => {
          const { controls, parameters } = splitCreate(await posted(request));
          const id = request.identity;
          const job = await service.create(ownerOf(request), controls, parameters, id ? { groups: id.groups, scopes: id.scopes } : undefined);
          return seeOther(reply, jobUrl(request, job.id));
        },
      });

      route("/:id", {
        GET: async (request, reply) => {
          const wait = parseWait(params(request));
          const owner = ownerOf(request);
          if (!wait) return xml(reply, renderJob(await service.get(owner, idOf(request)), urls(request)));
          const gone = new AbortController();
          reply.raw.once("close", () => gone.abort());
          return xml(reply, renderJob(await service.wait(owner, idOf(request), wait, gone.signal), urls(request)));
        },
        POST: async (request, reply) => {
          // DALI-07: the job URL takes no parameters, only ACTION=DELETE (UWS 1.1 §2.2.3.3).
          const action = params(request).get("ACTION");
          if (action?.length !== 1 || action[0]?.toUpperCase() !== "DELETE") {
            throw usageFault("POST to a job accepts only ACTION=DELETE; send parameters to /parameters", { param: "ACTION" });
          }
          await service.delete(ownerOf(request), idOf(request));
          return seeOther(reply, urls(request).jobList);
        },
        DELETE: async (request, reply) => {
          await service.delete(ownerOf(request), idOf(request));
          return seeOther(reply, urls(request).jobList);
        },
      });

      route("/:id/phase", {
        GET: async (request, reply) => text(reply, (await service.get(ownerOf(request), idOf(request))).phase),
        POST: async (request, reply) => {
          await service.act(ownerOf(request), idOf(request), parseAction(params(request)));
          return seeOther(reply, jobUrl(request, idOf(request)));
        },
      });

      route("/:id/executionduration", {
        GET: async (request, reply) => text(reply, String((await service.get(ownerOf(request), idOf(request))).executionDurationS)),
        POST: async (request, reply) => {
          await service.setExecutionDuration(ownerOf(request), idOf(request), parseExecutionDuration(params(request)));
          return seeOther(reply, jobUrl(request, idOf(request)));
        },
      });

      route("/:id/destruction", {
        GET: async (request, reply) => text(reply, uwsTime((await service.get(ownerOf(request), idOf(request))).destruction) ?? ""),
        POST: async (request, reply) => {
          await service.setDestruction(ownerOf(request), idOf(request), parseDestruction(params(request)));
          return seeOther(reply, jobUrl(request, idOf(request)));
        },
      });

      route("/:id/quote", { GET: async (request, reply) => text(reply, uwsTime((await service.get(ownerOf(request), idOf(request))).quote) ?? "") });
      route("/:id/owner", { GET: async (request, reply) => text(reply, (await service.get(ownerOf(request), idOf(request))).owner) });
      route("/:id/runId", { GET: async (request, reply) => text(reply, (await service.get(ownerOf(request), idOf(request))).runId ?? "") });

      // DALI-10: the error document of a failed job is served with 200.
      route("/:id/error", {
        GET: async (request, reply) => {
          const { message } = await service.error(ownerOf(request), idOf(request));
          if (!options.errorDocument) return text(reply, `${message}\n`);
          const doc = options.errorDocument(message, idOf(request));
          return reply.header("Cache-Control", "no-store").type(doc.type).send(doc.body);
        },
      });

      route("/:id/parameters", {
        GET: async (request, reply) => xml(reply, renderParameters(await service.get(ownerOf(request), idOf(request)))),
        POST: async (request, reply) => {
          const changes = jobParameters(await posted(request));
          if (changes.length === 0) throw usageFault("POST to /parameters needs at least one name=value pair");
          await service.setParameters(ownerOf(request), idOf(request), changes);
          return seeOther(reply, jobUrl(request, idOf(request)));
        },
      });

      route("/:id/results", { GET: async (request, reply) => xml(reply, renderResults(await service.get(ownerOf(request), idOf(request)), urls(request))) });
      route("/:id/results/:rid", {
        GET: async (request, reply) => {
          const { rid } = request.params as { rid: string };
          const { result, body } = await service.result(ownerOf(request), idOf(request), rid);
          return reply.type(result.mimeType).header("Content-Length", String(result.size)).send(body);
        },
      });
    },
  };
}
