/**
 * Tokens from an external identity provider (OIDC): JSON Web Tokens (RFC 7519) in JWS compact
 * serialization (RFC 7515), signed with a key from the provider's JSON Web Key Set (RFC 7517;
 * algorithms from RFC 7518 §3, EdDSA from RFC 8037). Claims become an Identity the way LSST's
 * Gafaelfawr does it: subject from `sub`, groups from `groups`, scopes from `scope`/`scp` and from
 * groups through a configured map (lsst-image-services.md §7).
 *
 * Only asymmetric algorithms verify: "none" needs no key and HMAC needs a shared secret, so either
 * would let someone other than the provider mint identities. Keys come only from the configured
 * JWKS; header hints (`jku`, `x5u`, an embedded `jwk`) are ignored, since trusting them lets a
 * token choose its own key. A key must fit the algorithm (kty, crv, and the JWK's own `alg` when it
 * names one), which closes the RS256/HS256 confusion attack.
 *
 * A bad token verifies to undefined and never throws. Bad options and a JWKS file that is not a
 * usable JWKS throw at construction. A remote JWKS that has never been fetched successfully makes
 * `verify` reject: that is an outage at the provider, not the caller's fault.
 */
import { constants, createPublicKey, verify as cryptoVerify, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { TextDecoder } from "node:util";
import { type Identity, isScope, NAME_PATTERN, type Scope } from "./identity.js";
import type { TokenVerifier } from "./token-store.js";

/** Where the provider's keys come from. */
export type JwksSource =
  /** A JWKS JSON file, read once at construction (the operator copies it from the provider). */
  | { readonly file: string }
  /** The provider's `jwks_uri`, cached and re-fetched every `refreshS` seconds (default 300). */
  | { readonly url: string; readonly refreshS?: number }
  /** Keys given directly (tests, or keys embedded in configuration). */
  | { readonly keys: readonly JsonWebKey[] };

export interface JwtVerifierOptions {
  readonly jwks: JwksSource;
  /** The provider's issuer; `iss` must equal it exactly (OIDC Core §3.1.3.7). */
  readonly issuer: string;
  /**
   * Accepted audiences (our client id); `aud` must contain one of them. When absent, `aud` is not
   * checked: set it whenever the provider issues tokens to other clients too.
   */
  readonly audience?: string | readonly string[];
  /** Tolerance for clock differences when checking `exp`, `nbf` and `iat` (default 60). */
  readonly clockSkewS?: number;
  /** Claim holding the subject (default "sub"); a value outside NAME_PATTERN rejects the token. */
  readonly subjectClaim?: string;
  /** Claim holding groups (default "groups"): strings, or objects with a `name`. */
  readonly groupsClaim?: string;
  /** Claim holding scopes (default "scope", space-separated, falling back to the `scp` array). */
  readonly scopeClaim?: string;
  /**
   * Provider scope or group name → our scopes, e.g. `{ g_users: ["read:image", "read:tap"] }`.
   * Keys are matched against raw group names, so groups outside NAME_PATTERN can still be mapped.
   * Provider scopes spelled like ours ("read:tap") count without an entry.
   */
  readonly scopeMap?: Readonly<Record<string, readonly Scope[]>>;
  /** Told about failed refreshes of a remote JWKS while older keys stay in use. */
  readonly onError?: (error: Error) => void;
  /** The clock, injectable for tests of expiry and refresh. */
  readonly now?: () => Date;
}

/** Bad options, an unusable JWKS, or a remote JWKS that cannot be fetched. */
export class JwtVerifierError extends Error {}

/** Tokens above this are refused unparsed (headers rarely carry more than 8 KiB anyway). */
export const MAX_TOKEN_LENGTH = 16 * 1024;
/** A token naming an unknown `kid` refetches the JWKS at most this often. */
export const KID_REFETCH_MIN_S = 30;
const DEFAULT_REFRESH_S = 300;
const DEFAULT_SKEW_S = 60;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_JWKS_BYTES = 1024 * 1024;
/** NIST SP 800-131A: RSA below 2048 bits is no longer acceptable for signatures. */
const MIN_RSA_BITS = 2048;

interface Algorithm {
  readonly kty: "RSA" | "EC" | "OKP";
  readonly crv?: string;
  /** Digest for crypto.verify; null for EdDSA, which hashes internally. */
  readonly hash: string | null;
  readonly pss?: boolean;
}

/** RFC 7518 §3.1 and RFC 8037 §3.1; a Map so that names like "constructor" are simply unknown. */
const ALGORITHMS: ReadonlyMap<string, Algorithm> = new Map<string, Algorithm>([
  ["RS256", { kty: "RSA", hash: "sha256" }],
  ["RS384", { kty: "RSA", hash: "sha384" }],
  ["RS512", { kty: "RSA", hash: "sha512" }],
  ["PS256", { kty: "RSA", hash: "sha256", pss: true }],
  ["ES256", { kty: "EC", crv: "P-256", hash: "sha256" }],
  ["ES384", { kty: "EC", crv: "P-384", hash: "sha384" }],
  ["EdDSA", { kty: "OKP", crv: "Ed25519", hash: null }],
]);
const CURVES: ReadonlyMap<string, readonly string[]> = new Map([
  ["EC", ["P-256", "P-384"]],
  ["OKP", ["Ed25519"]],
  ["RSA", []],
]);

/** A public key from the JWKS, ready for crypto.verify. */
interface VerificationKey {
  readonly kid: string | undefined;
  readonly alg: string | undefined;
  readonly kty: string;
  readonly crv: string | undefined;
  readonly key: KeyObject;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An own property only: claim names come from configuration and must not reach the prototype. */
function own(o: Json, name: string): unknown {
  return Object.hasOwn(o, name) ? o[name] : undefined;
}

function optionalString(o: Json, name: string): string | undefined {
  const v = own(o, name);
  return typeof v === "string" ? v : undefined;
}

/** Keys usable for signatures, skipping others (encryption keys, unknown kty or curve, weak RSA). */
function keysOf(jwks: unknown, origin: string): VerificationKey[] {
  if (!isObject(jwks) || !Array.isArray(own(jwks, "keys"))) throw new JwtVerifierError(`${origin}: not a JWKS (no "keys" array)`);
  const keys: VerificationKey[] = [];
  for (const jwk of own(jwks, "keys") as unknown[]) {
    if (!isObject(jwk)) continue;
    const kty = optionalString(jwk, "kty");
    const crv = optionalString(jwk, "crv");
    const curves = kty === undefined ? undefined : CURVES.get(kty);
    if (!curves || (kty !== "RSA" && (crv === undefined || !curves.includes(crv)))) continue;
    const use = own(jwk, "use");
    const ops = own(jwk, "key_ops");
    if (use !== undefined && use !== "sig") continue;
    if (ops !== undefined && !(Array.isArray(ops) && ops.includes("verify"))) continue;
    const alg = own(jwk, "alg");
    if (alg !== undefined && typeof alg !== "string") continue;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    } catch {
      continue;
    }
    if (kty === "RSA" && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) continue;
    keys.push({ kid: optionalString(jwk, "kid"), alg, kty: kty!, crv, key });
  }
  if (keys.length === 0) throw new JwtVerifierError(`${origin}: the JWKS has no usable signature key (RSA ≥ ${MIN_RSA_BITS} bits, EC P-256/P-384, Ed25519)`);
  return keys;
}

/** A parsed compact JWS; undefined for anything malformed. */
interface CompactJws {
  readonly header: Json;
  readonly claims: Json;
  /** The ASCII bytes the signature covers: `base64url(header).base64url(payload)`. */
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Strict base64url (RFC 7515 §2): no padding, no other alphabet, no stray trailing bits. */
function fromBase64url(s: string): Buffer | undefined {
  if (!BASE64URL.test(s)) return undefined;
  const bytes = Buffer.from(s, "base64url");
  return bytes.toString("base64url") === s ? bytes : undefined;
}

function jsonObject(bytes: Buffer): Json | undefined {
  try {
    const v: unknown = JSON.parse(utf8.decode(bytes));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseCompact(token: string): CompactJws | undefined {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = fromBase64url(h);
  const payloadBytes = fromBase64url(p);
  const signature = fromBase64url(s);
  if (!headerBytes || !payloadBytes || !signature) return undefined;
  const header = jsonObject(headerBytes);
  const claims = jsonObject(payloadBytes);
  if (!header || !claims) return undefined;
  return { header, claims, signingInput: Buffer.from(`${h}.${p}`, "ascii"), signature };
}

/** Header `typ` values of tokens meant for us: absent, a plain JWT, or an access token (RFC 9068). */
const TYPES = new Set(["jwt", "at+jwt", "application/jwt", "application/at+jwt"]);

function signatureValid(jws: CompactJws, alg: Algorithm, key: KeyObject): boolean {
  try {
    if (alg.kty === "EC") return cryptoVerify(alg.hash, jws.signingInput, { key, dsaEncoding: "ieee-p1363" }, jws.signature);
    if (alg.pss) {
      // RFC 7518 §3.5: the salt is as long as the digest.
      return cryptoVerify(alg.hash, jws.signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jws.signature);
    }
    return cryptoVerify(alg.hash, jws.signingInput, key, jws.signature);
  } catch {
    return false;
  }
}

function fitsAlgorithm(k: VerificationKey, name: string, alg: Algorithm): boolean {
  return k.kty === alg.kty && (alg.crv === undefined || k.crv === alg.crv) && (k.alg === undefined || k.alg === name);
}

function isNumericDate(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Loopback hosts may serve a JWKS over plain http (a sidecar, tests); elsewhere it must be https. */
function checkJwksUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new JwtVerifierError(`jwks.url ${JSON.stringify(url)} is not a URL`);
  }
  const loopback = u.hostname === "localhost" || u.hostname === "127.0.0.1" || u.hostname === "[::1]";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
    throw new JwtVerifierError(`jwks.url must use https (plain http only on loopback): ${url}`);
  }
  return u;
}

function checkName(what: string, v: unknown): string {
  if (typeof v !== "string" || v === "") throw new JwtVerifierError(`${what} must be a non-empty string`);
  return v;
}

function checkSeconds(what: string, v: number | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < min) throw new JwtVerifierError(`${what} must be a number ≥ ${min}`);
  return v;
}

export class JwtVerifier implements TokenVerifier {
  private readonly issuer: string;
  /** Undefined when any audience will do. */
  private readonly audiences: ReadonlySet<string> | undefined;
  private readonly skewS: number;
  private readonly subjectClaim: string;
  private readonly groupsClaim: string;
  private readonly scopeClaims: readonly string[];
  private readonly scopeMap: ReadonlyMap<string, readonly Scope[]>;
  private readonly now: () => Date;
  private readonly onError: ((error: Error) => void) | undefined;
  /** Set for a remote JWKS only. */
  private readonly remote: { readonly url: URL; readonly refreshMs: number } | undefined;
  private keys: readonly VerificationKey[] = [];
  private lastAttemptMs = Number.NEGATIVE_INFINITY;
  private lastError: Error | undefined;
  private inflight: Promise<void> | undefined;

  constructor(options: JwtVerifierOptions) {
    this.issuer = checkName("issuer", options.issuer);
    if (options.audience === undefined) this.audiences = undefined;
    else {
      const audiences = typeof options.audience === "string" ? [options.audience] : [...options.audience];
      if (audiences.length === 0) throw new JwtVerifierError("audience must name at least one audience");
      this.audiences = new Set(audiences.map((a) => checkName("audience", a)));
    }
    this.skewS = checkSeconds("clockSkewS", options.clockSkewS, DEFAULT_SKEW_S, 0);
    this.subjectClaim = checkName("subjectClaim", options.subjectClaim ?? "sub");
    this.groupsClaim = checkName("groupsClaim", options.groupsClaim ?? "groups");
    this.scopeClaims = options.scopeClaim === undefined ? ["scope", "scp"] : [checkName("scopeClaim", options.scopeClaim)];
    const map = new Map<string, readonly Scope[]>();
    for (const [name, scopes] of Object.entries(options.scopeMap ?? {})) {
      if (!Array.isArray(scopes)) throw new JwtVerifierError(`scopeMap.${name} must be a list of scopes`);
      for (const s of scopes) if (typeof s !== "string" || !isScope(s)) throw new JwtVerifierError(`scopeMap.${name}: unknown scope ${JSON.stringify(s)}`);
      map.set(name, scopes);
    }
    this.scopeMap = map;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError;

    // Checked field by field: the options usually come from a configuration file.
    const jwks: Partial<Record<"file" | "url" | "keys" | "refreshS", unknown>> = isObject(options.jwks) ? options.jwks : {};
    const given = (["file", "url", "keys"] as const).filter((k) => jwks[k] !== undefined);
    if (given.length !== 1) throw new JwtVerifierError(`jwks must have exactly one of file, url or keys (got ${given.join(", ") || "none"})`);
    if (given[0] === "file") {
      const file = checkName("jwks.file", jwks.file);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (cause) {
        throw new JwtVerifierError(`${file}: cannot read the JWKS file`, { cause });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new JwtVerifierError(`${file}: the JWKS file is not JSON`, { cause });
      }
      this.keys = keysOf(json, file);
      this.remote = undefined;
    } else if (given[0] === "url") {
      const url = checkJwksUrl(checkName("jwks.url", jwks.url));
      const refreshS = jwks.refreshS === undefined || typeof jwks.refreshS === "number" ? jwks.refreshS : Number.NaN;
      this.remote = { url, refreshMs: checkSeconds("jwks.refreshS", refreshS, DEFAULT_REFRESH_S, 1) * 1000 };
    } else {
      if (!Array.isArray(jwks.keys)) throw new JwtVerifierError("jwks.keys must be a list of JWKs");
      this.keys = keysOf({ keys: jwks.keys }, "jwks.keys");
      this.remote = undefined;
    }
  }

  async verify(token: string): Promise<Identity | undefined> {
    const jws = parseCompact(token);
    if (!jws) return undefined;
    const { header, claims } = jws;
    const algName = own(header, "alg");
    const alg = typeof algName === "string" ? ALGORITHMS.get(algName) : undefined;
    if (!alg || typeof algName !== "string") return undefined;
    // RFC 7515 §4.1.11: we understand no extensions, so any `crit` makes the token unusable.
    if (own(header, "crit") !== undefined) return undefined;
    const typ = own(header, "typ");
    if (typ !== undefined && (typeof typ !== "string" || !TYPES.has(typ.toLowerCase()))) return undefined;
    const kid = own(header, "kid");
    if (kid !== undefined && typeof kid !== "string") return undefined;
    // Claims first: they are cheap, and only plausible tokens of our issuer may trigger a refetch.
    if (!this.claimsValid(claims)) return undefined;
    const identity = this.identityOf(claims);
    if (!identity) return undefined;
    const keys = await this.keysFor(kid);
    const candidates = keys.filter((k) => (kid === undefined || k.kid === kid) && fitsAlgorithm(k, algName, alg));
    return candidates.some((k) => signatureValid(jws, alg, k.key)) ? identity : undefined;
  }

  /** RFC 7519 §4.1: iss exact, aud containing ours (if configured), exp required, nbf and iat not in the future. */
  private claimsValid(claims: Json): boolean {
    if (own(claims, "iss") !== this.issuer) return false;
    if (this.audiences) {
      const aud = own(claims, "aud");
      const auds = typeof aud === "string" ? [aud] : stringList(aud);
      if (!auds.some((a) => this.audiences!.has(a))) return false;
    }
    const nowS = this.now().getTime() / 1000;
    const exp = own(claims, "exp");
    if (!isNumericDate(exp) || nowS >= exp + this.skewS) return false;
    const nbf = own(claims, "nbf");
    if (nbf !== undefined && (!isNumericDate(nbf) || nowS + this.skewS < nbf)) return false;
    const iat = own(claims, "iat");
    if (iat !== undefined && (!isNumericDate(iat) || nowS + this.skewS < iat)) return false;
    return true;
  }

  private identityOf(claims: Json): Identity | undefined {
    const subject = own(claims, this.subjectClaim);
    if (typeof subject !== "string" || !NAME_PATTERN.test(subject)) return undefined;
    const rawGroups: string[] = [];
    const groupsValue = own(claims, this.groupsClaim);
    for (const g of Array.isArray(groupsValue) ? groupsValue : []) {
      const name = typeof g === "string" ? g : isObject(g) ? own(g, "name") : undefined;
      if (typeof name === "string") rawGroups.push(name);
    }
    const providerScopes: string[] = [];
    for (const c of this.scopeClaims) {
      const v = own(claims, c);
      providerScopes.push(...(typeof v === "string" ? v.split(/\s+/).filter((s) => s !== "") : stringList(v)));
    }
    const scopes = new Set<Scope>();
    for (const s of providerScopes) if (isScope(s)) scopes.add(s);
    for (const name of [...providerScopes, ...rawGroups]) for (const s of this.scopeMap.get(name) ?? []) scopes.add(s);
    const groups = [...new Set(rawGroups.filter((g) => NAME_PATTERN.test(g)))].sort();
    return { subject, groups, scopes: [...scopes].sort(), anonymous: false };
  }

  /**
   * The current keys, refreshing a remote JWKS when it is due, and early (at most every
   * KID_REFETCH_MIN_S) when the token names a kid we do not know: the provider may have rotated.
   */
  private async keysFor(kid: string | undefined): Promise<readonly VerificationKey[]> {
    if (!this.remote) return this.keys;
    const sinceMs = this.now().getTime() - this.lastAttemptMs;
    const loaded = this.keys.length > 0;
    const dueMs = loaded && this.lastError === undefined ? this.remote.refreshMs : KID_REFETCH_MIN_S * 1000;
    const unknownKid = kid !== undefined && !this.keys.some((k) => k.kid === kid);
    if (this.inflight || sinceMs >= dueMs || (unknownKid && sinceMs >= KID_REFETCH_MIN_S * 1000)) await this.refresh();
    if (this.keys.length === 0) throw this.lastError ?? new JwtVerifierError(`${this.remote.url.href}: no JWKS yet`);
    return this.keys;
  }

  /** One fetch at a time; concurrent verifications wait for the same one. */
  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    const remote = this.remote!;
    this.lastAttemptMs = this.now().getTime();
    try {
      const res = await fetch(remote.url, { headers: { accept: "application/jwk-set+json, application/json" }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) throw new JwtVerifierError(`${remote.url.href}: HTTP ${res.status} fetching the JWKS`);
      const text = await res.text();
      if (text.length > MAX_JWKS_BYTES) throw new JwtVerifierError(`${remote.url.href}: the JWKS is larger than ${MAX_JWKS_BYTES} bytes`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new JwtVerifierError(`${remote.url.href}: the JWKS is not JSON`, { cause });
      }
      this.keys = keysOf(json, remote.url.href);
      this.lastError = undefined;
    } catch (e) {
      const error = e instanceof JwtVerifierError ? e : new JwtVerifierError(`${remote.url.href}: cannot fetch the JWKS`, { cause: e });
      this.lastError = error;
      // With older keys still in hand, verification goes on; the failure is only worth a log line.
      if (this.keys.length > 0) this.onError?.(error);
    }
  }
}
