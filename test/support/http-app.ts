/** An in-process HTTP app with quiet logs and test defaults, for plugin tests (app.inject). */
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildHttpApp, type HttpPlugin } from "../../src/http/app.js";
import { PublicBaseUrl } from "../../src/http/base-url.js";

export function buildTestApp(plugins: readonly HttpPlugin[], bodyLimitBytes = 1 << 20): Promise<FastifyInstance> {
  return buildHttpApp({
    logger: pino({ level: "silent" }),
    baseUrl: new PublicBaseUrl("http://sky.test"),
    bodyLimitBytes,
    requestTimeoutMs: 30_000,
    trustProxy: false,
    compression: false,
    corsOrigins: "*",
    plugins: [...plugins],
  });
}
