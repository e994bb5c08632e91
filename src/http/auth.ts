/**
 * Authentication at the edge (issue 11): every request gets an identity — from a token in the
 * Authorization header (Bearer, or Basic with the token as password or user, as VO clients send
 * it), or the anonymous identity with the scopes configured for the service — then the scopes its
 * service needs are checked and its per-minute quota counted. What the identity may see is the
 * repository's business (repo/policy); here only "who" and "which service".
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { SkyportError } from "../lib/errors/index.js";
import { anonymousIdentity, type Identity, type Scope, type TokenVerifier, tokenFromAuthorization } from "../repo/auth/index.js";
import { type RateLimiter, rateLimitedError } from "./rate-limit.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking; set for every request by the authentication hook. */
    identity: Identity;
  }
}

/** What a protocol plugin's routes require. */
export interface PluginAccess {
  /** Service name for anonymous scopes, quotas and audit lines ("tap", "sia", "datalink", "soda", "hips"). */
  readonly service: string;
  /** Scopes every route of the plugin needs. */
  readonly scopes: readonly Scope[];
}

export interface HttpAuthOptions {
  /** Verifies tokens (the registry's token store, an OIDC verifier, or both). */
  readonly verifier?: TokenVerifier;
  /** Scopes of an anonymous caller of a service. */
  readonly anonymousScopes: (service: string) => readonly Scope[];
  /** Realm of the WWW-Authenticate challenges. */
  readonly realm: string;
  /** How long a verified token is remembered, ms (0 = ask the verifier every time). */
  readonly tokenCacheMs: number;
  readonly rateLimiter?: RateLimiter;
}

const MAX_CACHED_TOKENS = 10_000;

/** The edge's authentication: identities for requests, scope checks and quotas per plugin. */
export class HttpAuth {
  private readonly cache = new Map<string, { identity: Identity | undefined; until: number }>();

  constructor(private readonly o: HttpAuthOptions) {}

  private challenge(): Record<string, string> {
    return { "WWW-Authenticate": `Bearer realm="${this.o.realm}", Basic realm="${this.o.realm}"` };
  }

  private async verify(token: string): Promise<Identity | undefined> {
    if (!this.o.verifier) return undefined;
    if (this.o.tokenCacheMs <= 0) return this.o.verifier.verify(token);
    const t = Date.now();
    const hit = this.cache.get(token);
    if (hit && hit.until > t) return hit.identity;
    const identity = await this.o.verifier.verify(token);
    if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(token, { identity, until: t + this.o.tokenCacheMs });
    return identity;
  }

  /**
   * The caller of a request: a verified token's identity, or anonymous with the service's scopes.
   * A header that carries no valid token is refused (401), never downgraded to anonymous.
   */
  async identify(request: FastifyRequest, service: string | undefined): Promise<Identity> {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === "") return anonymousIdentity(service ? this.o.anonymousScopes(service) : []);
    const token = tokenFromAuthorization(header);
    const identity = token === undefined || token.length > 16_384 ? undefined : await this.verify(token);
    if (!identity) throw new SkyportError({ code: "Unauthorized", status: 401, message: "the credentials sent are not a valid token (unknown, expired or revoked)", headers: this.challenge() });
    return identity;
  }

  /** The onRequest check of a plugin's routes: identity, scopes, then the quota. */
  guard(access: PluginAccess | undefined): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
    return async (request, reply) => {
      request.identity = await this.identify(request, access?.service);
      if (!access) return;
      const id = request.identity;
      const missing = access.scopes.filter((s) => !id.scopes.includes(s) && !id.scopes.includes("admin"));
      if (missing.length > 0) {
        if (id.anonymous) {
          throw new SkyportError({ code: "Unauthorized", status: 401, message: `${access.service} needs a token with scope ${missing.join(", ")}`, headers: this.challenge() });
        }
        throw new SkyportError({ code: "Forbidden", status: 403, message: `this token lacks scope ${missing.join(", ")} needed by ${access.service}` });
      }
      if (this.o.rateLimiter) {
        // Anonymous callers are told apart by address (behind a proxy: server.trustProxy).
        const who = id.anonymous ? `anonymous@${request.ip}` : id.subject;
        const decision = await this.o.rateLimiter.check(access.service, who);
        for (const [k, v] of Object.entries(decision.headers)) reply.header(k, v);
        if (!decision.allowed) throw rateLimitedError(decision, access.service);
      }
    };
  }
}
