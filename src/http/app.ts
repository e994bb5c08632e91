/**
 * The HTTP edge: a fastify instance with JSON logs carrying a request id, compression, CORS, body
 * limits, liveness (/health), and one error renderer for every route and framework fault. Protocol
 * plugins (src/http/plugins) mount in their own encapsulated contexts and only translate HTTP to
 * service calls (STYLE.md §6).
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import compress from "@fastify/compress";
import cors from "@fastify/cors";
import formbody from "@fastify/formbody";
import { parseMultipart } from "./multipart.js";
import { SKYPORT_VERSION } from "../version.js";

/** The HTTP Server header (RFC 9110 product/version; taplint checks its syntax). */
const SERVER_HEADER = `Skyport/${SKYPORT_VERSION}`;
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { type ErrorDialect, type ErrorDocumentKind, normaliseError, renderError } from "./errors.js";
import type { PublicBaseUrl } from "./base-url.js";
import { HttpAuth, type PluginAccess } from "./auth.js";
import { ANONYMOUS } from "../repo/auth/index.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The protocol whose error document this route answers with. */
    errorDialect?: ErrorDialect;
  }
  interface FastifyRequest {
    /** Set by a plugin when the client asked for a non-VOTable format (errors then come as text). */
    errorDocumentKind?: ErrorDocumentKind;
  }
}

/** A protocol's HTTP plugin: its mount prefix, error dialect and routes. */
export interface HttpPlugin {
  readonly name: string;
  /** Mount point, "" for the server root, otherwise like "/tap". */
  readonly prefix: string;
  /** Error dialect for this plugin's routes and for unknown paths under its prefix. */
  readonly errorDialect: ErrorDialect;
  /** The service and scopes its routes need (none: open to all, like VOSI resources). */
  readonly access?: PluginAccess;
  register(app: FastifyInstance, ctx: HttpContext): void | Promise<void>;
}

/** What every plugin gets from the edge. */
export interface HttpContext {
  /** The public base URL for a request (no trailing slash). */
  baseUrl(request: FastifyRequest): string;
}

export interface HttpAppOptions {
  readonly logger: FastifyBaseLogger;
  readonly baseUrl: PublicBaseUrl;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly trustProxy: boolean;
  readonly compression: boolean;
  /** "*" or a comma-separated list of allowed origins. */
  readonly corsOrigins: string;
  readonly plugins: readonly HttpPlugin[];
  /** Authentication, scopes and quotas; without it every caller is anonymous with every scope. */
  readonly auth?: HttpAuth;
}

/**
 * A streamed response body as fastify should send it: one Buffer (sent with Content-Length in a
 * single write) when the producer finishes within its first two chunks, otherwise a stream that
 * starts with the chunks already taken. Chunks are pulled before the headers go out, so a
 * producer failing that early still becomes an error document rather than a cut-off response.
 */
export async function responseBody(chunks: AsyncIterable<Uint8Array>): Promise<Buffer | Readable> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return Buffer.alloc(0);
  const second = await it.next();
  const head = Buffer.from(first.value.buffer, first.value.byteOffset, first.value.byteLength);
  if (second.done) return head;
  return Readable.from(
    (async function* () {
      try {
        yield head;
        yield second.value;
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          yield n.value;
        }
      } finally {
        await it.return?.();
      }
    })(),
  );
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function dialectFor(request: FastifyRequest, plugins: readonly HttpPlugin[]): ErrorDialect {
  const routeDialect = request.routeOptions?.config?.errorDialect;
  if (routeDialect) return routeDialect;
  // Unknown routes: the longest plugin prefix the path falls under decides.
  const path = request.url.split("?")[0] ?? "/";
  let best: HttpPlugin | undefined;
  for (const p of plugins) {
    if (p.prefix && (path === p.prefix || path.startsWith(`${p.prefix}/`))) {
      if (!best || p.prefix.length > best.prefix.length) best = p;
    }
  }
  return best?.errorDialect ?? "plain";
}

function sendError(plugins: readonly HttpPlugin[], e: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const err = normaliseError(e);
  // Usage faults are the client's business (info); anything else is ours (error, with cause).
  if (err.status >= 500) request.log.error({ err: e, code: err.code }, "request failed");
  else request.log.info({ code: err.code, status: err.status, reason: err.message }, "request rejected");
  const dialect = dialectFor(request, plugins);
  const rendered = renderError(err, dialect, String(request.id), request.errorDocumentKind);
  return reply.status(rendered.status).headers(rendered.headers).type(rendered.contentType).send(rendered.body);
}

/**
 * Request logging as one access line per request, at info once the response has gone out (at
 * error when it failed): method, URL, client, status, time and request id. Fastify's default
 * also writes an "incoming request" line before the handler runs; merging the two halves the
 * serialising and writing, and none of it is on the way to the response any more. Fastify's
 * other request-time lines (stream errors, 404s, ...) are unchanged.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}

/** Builds the fastify app with every plugin registered (not yet listening). */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: options.requestTimeoutMs,
    trustProxy: options.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    logController: new AccessLog(),
  });

  app.addHook("onRequest", (request, reply, done) => {
    reply.header("X-Request-Id", String(request.id));
    reply.header("Server", SERVER_HEADER);
    done();
  });

  const origins = options.corsOrigins.trim() === "*" ? "*" : options.corsOrigins.split(",").map((s) => s.trim());
  await app.register(cors, {
    origin: origins,
    methods: ["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
    exposedHeaders: ["X-Request-Id", "Location", "Content-Disposition", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Used", "X-RateLimit-Resource", "Retry-After", "WWW-Authenticate"],
  });
  if (options.compression) {
    // FITS and images are already dense or served with ranges; compress text-like results only.
    await app.register(compress, { global: true, threshold: 1024, customTypes: /^(text\/|application\/(xml|json|x-votable\+xml|xhtml\+xml))/ });
  }
  await app.register(formbody);
  // DALI POSTs may be multipart (TAP UPLOAD tables); parsed within the body limit.
  app.addContentTypeParser(/^multipart\/form-data/i, { parseAs: "buffer" }, (request, body, done) => {
    try {
      done(null, parseMultipart(String(request.headers["content-type"] ?? ""), body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  // After compress and CORS, so their hooks also apply to error and not-found responses.
  app.setErrorHandler((e, request, reply) => sendError(options.plugins, e, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(options.plugins, normaliseError({ statusCode: 404, message: `no resource at ${request.url.split("?")[0]}` }), request, reply),
  );

  app.get("/health", { config: { errorDialect: "plain" } }, async (_request, reply) => {
    // Liveness only: the process answers. Dependency health is VOSI availability's job.
    return reply.type("application/json").send({ status: "ok" });
  });

  const ctx: HttpContext = { baseUrl: (request) => options.baseUrl.forRequest(request) };
  const auth = options.auth ?? new HttpAuth({ anonymousScopes: () => ["read:image", "read:tap", "exec:jobs"], realm: "skyport", tokenCacheMs: 0 });
  app.decorateRequest("identity", null as unknown as FastifyRequest["identity"]);
  // Routes outside any plugin (/health, unknown paths) are served to an anonymous caller.
  app.addHook("onRequest", async (request) => {
    request.identity = ANONYMOUS;
  });
  for (const plugin of options.plugins) {
    await app.register(
      async (scope) => {
        scope.addHook("onRequest", auth.guard(plugin.access));
        await plugin.register(scope, ctx);
      },
      { prefix: plugin.prefix },
    );
  }
  return app;
}
