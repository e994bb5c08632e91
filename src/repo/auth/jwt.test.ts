/**
 * The JWT verifier against tokens signed here with node:crypto (a few lines of signer below),
 * against tokens signed by PyJWT 2.6.0 (an independent implementation), and against JWKS served
 * from a file and from a local HTTP server that rotates its keys.
 */
import assert from "node:assert/strict";
import { constants, createHmac, generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes, sign as cryptoSign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { Identity } from "./identity.js";
import { JwtVerifier, type JwtVerifierOptions, JwtVerifierError, KID_REFETCH_MIN_S, MAX_TOKEN_LENGTH } from "./jwt.js";
import { firstOf } from "./verifiers.js";

const ISS = "https://idp.example.org/realms/lsst";
const AUD = "skyport";
const NOW = new Date("2026-11-24T10:00:00Z");
const NOW_S = NOW.getTime() / 1000;

type Pair = { publicKey: KeyObject; privateKey: KeyObject };
const rsa: Pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsa2: Pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256: Pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p384: Pair = generateKeyPairSync("ec", { namedCurve: "P-384" });
const ed: Pair = generateKeyPairSync("ed25519");

function jwk(pair: Pair, kid: string, extra: Record<string, unknown> = {}): JsonWebKey {
  return { ...pair.publicKey.export({ format: "jwk" }), kid, ...extra };
}

const JWKS = [jwk(rsa, "rsa-1"), jwk(p256, "ec-256"), jwk(p384, "ec-384"), jwk(ed, "ed-1")];

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** A compact JWS (RFC 7515 §7.1), signed the way RFC 7518 §3 says for each algorithm. */
function sign(alg: string, key: KeyObject | Buffer, claims: object, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg, typ: "JWT", ...header })}.${b64(claims)}`;
  const hash = `sha${alg.slice(2)}`;
  let sig: Buffer;
  if (alg.startsWith("HS")) sig = createHmac(hash, key).update(input).digest();
  else if (alg === "none") sig = Buffer.alloc(0);
  else if (Buffer.isBuffer(key)) throw new Error("an asymmetric algorithm needs a KeyObject");
  else if (alg === "EdDSA") sig = cryptoSign(null, Buffer.from(input), key);
  else if (alg.startsWith("ES")) sig = cryptoSign(hash, Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  else if (alg.startsWith("PS")) sig = cryptoSign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  else sig = cryptoSign(hash, Buffer.from(input), key);
  return `${input}.${sig.toString("base64url")}`;
}

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: ISS, aud: AUD, sub: "alice", iat: NOW_S - 10, exp: NOW_S + 3600, groups: ["g_users"], scope: "openid read:image", ...extra };
}

function verifier(options: Partial<JwtVerifierOptions> = {}, now: () => Date = () => NOW): JwtVerifier {
  return new JwtVerifier({ jwks: { keys: JWKS }, issuer: ISS, audience: AUD, now, ...options });
}

const ALICE: Identity = { subject: "alice", groups: ["g_users"], scopes: ["read:image"], anonymous: false };

describe("JwtVerifier: valid tokens", () => {
  const v = verifier();
  const cases: [string, KeyObject, string][] = [
    ["RS256", rsa.privateKey, "rsa-1"],
    ["RS384", rsa.privateKey, "rsa-1"],
    ["RS512", rsa.privateKey, "rsa-1"],
    ["PS256", rsa.privateKey, "rsa-1"],
    ["ES256", p256.privateKey, "ec-256"],
    ["ES384", p384.privateKey, "ec-384"],
    ["EdDSA", ed.privateKey, "ed-1"],
  ];
  for (const [alg, key, kid] of cases) {
    test(`${alg} verifies to the identity in its claims`, async () => {
      assert.deepEqual(await v.verify(sign(alg, key, claims(), { kid })), ALICE);
    });
  }

  test("without a kid, every key fitting the algorithm is tried", async () => {
    assert.deepEqual(await v.verify(sign("ES384", p384.privateKey, claims())), ALICE);
    assert.deepEqual(await v.verify(sign("EdDSA", ed.privateKey, claims())), ALICE);
  });

  test("typ may be absent, JWT or at+jwt (RFC 9068); other types are refused", async () => {
    for (const typ of [undefined, "JWT", "jwt", "at+jwt", "application/at+JWT"]) {
      assert.deepEqual(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1", typ })), ALICE, String(typ));
    }
    for (const typ of ["dpop+jwt", "logout+jwt", 1]) {
      assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1", typ })), undefined, String(typ));
    }
  });
});

describe("JwtVerifier: claims to identity", () => {
  const token = (extra: Record<string, unknown>) => sign("ES256", p256.privateKey, claims(extra), { kid: "ec-256" });

  test("groups as strings or {name} objects, deduplicated, sorted, outside NAME_PATTERN dropped", async () => {
    const id = await verifier().verify(token({ groups: ["lsst-dp", { name: "g_users", id: 7 }, "/admins", "a b", 3, null, { id: 1 }, "lsst-dp"] }));
    assert.deepEqual(id?.groups, ["g_users", "lsst-dp"]);
    assert.deepEqual((await verifier().verify(token({ groups: "g_users" })))?.groups, [], "a string is not a list");
    assert.deepEqual((await verifier().verify(token({ groups: undefined })))?.groups, []);
  });

  test("our own scope names pass through from `scope` or `scp`; others are ignored", async () => {
    const v = verifier();
    assert.deepEqual((await v.verify(token({ scope: "  openid read:tap\tadmin profile exec:jobs " })))?.scopes, ["admin", "exec:jobs", "read:tap"]);
    assert.deepEqual((await v.verify(token({ scope: undefined, scp: ["read:image", "write:all", 5] })))?.scopes, ["read:image"]);
    assert.deepEqual((await v.verify(token({ scope: "openid" })))?.scopes, [], "authenticated without rights is still an identity");
  });

  test("scopeMap maps provider groups and scopes to ours (Gafaelfawr style)", async () => {
    const v = verifier({ scopeMap: { g_users: ["read:image", "read:tap"], "/admins": ["admin"], "batch.submit": ["exec:jobs"] } });
    assert.deepEqual(await v.verify(token({ groups: ["g_users"], scope: "openid" })), { ...ALICE, scopes: ["read:image", "read:tap"] });
    const admin = await v.verify(token({ groups: ["/admins"], scope: "batch.submit" }));
    assert.deepEqual(admin?.scopes, ["admin", "exec:jobs"]);
    assert.deepEqual(admin?.groups, [], "a group can be mapped even when its name is not a valid group name");
    assert.deepEqual((await v.verify(token({ groups: ["constructor", "__proto__", "toString"], scope: "hasOwnProperty" })))?.scopes, []);
  });

  test("configurable claim names", async () => {
    const v = verifier({ subjectClaim: "preferred_username", groupsClaim: "isMemberOf", scopeClaim: "scp" });
    const id = await v.verify(token({ preferred_username: "bob", isMemberOf: [{ name: "g_users" }], scp: ["read:tap"] }));
    assert.deepEqual(id, { subject: "bob", groups: ["g_users"], scopes: ["read:tap"], anonymous: false });
    assert.deepEqual((await v.verify(token({ preferred_username: "bob", scp: undefined, scope: "read:tap" })))?.scopes, [], "only the configured claim");
    assert.deepEqual((await v.verify(token({ preferred_username: "bob", scp: "read:tap admin" })))?.scopes, ["admin", "read:tap"], "either shape");
    assert.equal(await v.verify(token({ preferred_username: undefined })), undefined, "no subject");
  });

  test("a subject outside NAME_PATTERN, or not a string, rejects the token", async () => {
    for (const sub of ["a b", "alice;drop", "", "-x", "x".repeat(129), 42, ["alice"], undefined]) {
      assert.equal(await verifier().verify(token({ sub })), undefined, JSON.stringify(sub));
    }
    assert.equal((await verifier().verify(token({ sub: "alice.smith@example.org" })))?.subject, "alice.smith@example.org");
  });
});

describe("JwtVerifier: time, issuer and audience", () => {
  const token = (extra: Record<string, unknown>) => sign("RS256", rsa.privateKey, claims(extra), { kid: "rsa-1" });

  test("exp is required and honoured with the clock skew", async () => {
    const v = verifier();
    assert.deepEqual(await v.verify(token({ exp: NOW_S - 59 })), ALICE, "within the default 60 s skew");
    assert.equal(await v.verify(token({ exp: NOW_S - 60 })), undefined);
    assert.equal(await v.verify(token({ exp: NOW_S - 3600 })), undefined);
    assert.equal(await v.verify(token({ exp: undefined })), undefined, "no exp");
    assert.equal(await v.verify(token({ exp: String(NOW_S + 3600) })), undefined, "exp as a string");
    assert.equal(await verifier({ clockSkewS: 0 }).verify(token({ exp: NOW_S - 1 })), undefined);
    assert.deepEqual(await verifier({ clockSkewS: 0 }).verify(token({ exp: NOW_S + 1 })), ALICE);
  });

  test("nbf and iat in the future (beyond the skew) reject the token", async () => {
    const v = verifier();
    assert.equal(await v.verify(token({ nbf: NOW_S + 61 })), undefined);
    assert.deepEqual(await v.verify(token({ nbf: NOW_S + 59 })), ALICE);
    assert.equal(await v.verify(token({ iat: NOW_S + 600 })), undefined);
    assert.deepEqual(await v.verify(token({ iat: NOW_S + 30 })), ALICE);
    assert.equal(await v.verify(token({ nbf: "soon" })), undefined);
    assert.equal(await v.verify(token({ iat: null })), undefined);
  });

  test("iss must match exactly", async () => {
    const v = verifier();
    for (const iss of [`${ISS}/`, "https://evil.example.org/realms/lsst", ISS.toUpperCase(), undefined, [ISS]]) {
      assert.equal(await v.verify(token({ iss })), undefined, JSON.stringify(iss));
    }
  });

  test("aud must contain one of the configured audiences", async () => {
    const v = verifier();
    assert.deepEqual(await v.verify(token({ aud: ["account", AUD] })), ALICE);
    assert.equal(await v.verify(token({ aud: "account" })), undefined);
    assert.equal(await v.verify(token({ aud: ["account", "portal"] })), undefined);
    assert.equal(await v.verify(token({ aud: undefined })), undefined);
    assert.equal(await v.verify(token({ aud: [] })), undefined);
    const two = verifier({ audience: ["portal", "skyport-dev"] });
    assert.deepEqual(await two.verify(token({ aud: "skyport-dev" })), ALICE);
    assert.equal(await two.verify(token({ aud: AUD })), undefined);
    const any = verifier({ audience: undefined });
    assert.deepEqual(await any.verify(token({ aud: "anything" })), ALICE, "no audience configured: aud unchecked");
  });
});

describe("JwtVerifier: forged and malformed tokens", () => {
  const v = verifier();
  const good = sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1" });
  const [h, p, s] = good.split(".") as [string, string, string];

  test("a changed payload or signature fails", async () => {
    assert.deepEqual(await v.verify(good), ALICE, "the untouched token is fine");
    assert.equal(await v.verify(`${h}.${b64(claims({ sub: "mallory" }))}.${s}`), undefined);
    assert.equal(await v.verify(`${h}.${b64(claims({ scope: "admin" }))}.${s}`), undefined);
    const sig = Buffer.from(s, "base64url");
    sig[100]! ^= 1;
    assert.equal(await v.verify(`${h}.${p}.${sig.toString("base64url")}`), undefined);
    assert.equal(await v.verify(`${h}.${p}.${s.slice(0, -4)}`), undefined, "truncated signature");
    const es = sign("ES256", p256.privateKey, claims(), { kid: "ec-256" });
    const esSig = Buffer.from(es.split(".")[2]!, "base64url");
    esSig[40]! ^= 0x80;
    assert.equal(await v.verify(`${es.split(".").slice(0, 2).join(".")}.${esSig.toString("base64url")}`), undefined);
  });

  test("a key the JWKS does not hold fails, even under a known kid", async () => {
    assert.equal(await v.verify(sign("RS256", rsa2.privateKey, claims(), { kid: "rsa-1" })), undefined);
    assert.equal(await v.verify(sign("RS256", rsa2.privateKey, claims())), undefined);
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-9" })), undefined, "unknown kid");
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: 1 })), undefined, "kid not a string");
  });

  test("alg none and HMAC are refused, including the RS256/HS256 confusion", async () => {
    assert.equal(await v.verify(sign("none", Buffer.alloc(0), claims(), { kid: "rsa-1" })), undefined);
    assert.equal(await v.verify(`${b64({ alg: "none" })}.${p}.${s}`), undefined, "none with a signature");
    assert.equal(await v.verify(`${b64({ alg: "NONE", kid: "rsa-1" })}.${p}.${s}`), undefined);
    const pem = rsa.publicKey.export({ format: "pem", type: "spki" });
    assert.equal(await v.verify(sign("HS256", Buffer.from(pem), claims(), { kid: "rsa-1" })), undefined, "HMAC keyed with the public key");
    const secret = randomBytes(32);
    const withOct = verifier({ jwks: { keys: [...JWKS, { kty: "oct", k: secret.toString("base64url"), kid: "hmac" }] } });
    assert.equal(await withOct.verify(sign("HS256", secret, claims(), { kid: "hmac" })), undefined, "oct keys are never used");
    assert.equal(await withOct.verify(sign("HS512", secret, claims(), { kid: "hmac" })), undefined);
  });

  test("an algorithm that does not fit the key's kty, curve or JWK alg is refused", async () => {
    // The right key under the wrong name: an RSA signature presented as ES256 and vice versa.
    const rs = sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1" }).split(".");
    assert.equal(await v.verify(`${b64({ alg: "PS256", kid: "rsa-1" })}.${rs[1]}.${rs[2]}`), undefined);
    assert.equal(await v.verify(sign("ES256", p256.privateKey, claims(), { kid: "rsa-1" })), undefined, "ES256 naming an RSA key");
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "ec-256" })), undefined, "RS256 naming an EC key");
    // node:crypto would happily check an "RS256" signature against an EC key as DER ECDSA.
    const input = `${b64({ alg: "RS256", kid: "ec-256" })}.${b64(claims())}`;
    const der = cryptoSign("sha256", Buffer.from(input), p256.privateKey).toString("base64url");
    assert.equal(await v.verify(`${input}.${der}`), undefined, "DER ECDSA under an RSA algorithm name");
    assert.equal(await v.verify(sign("ES256", p384.privateKey, claims(), { kid: "ec-384" })), undefined, "ES256 on a P-384 key");
    assert.equal(await v.verify(sign("ES384", p256.privateKey, claims(), { kid: "ec-256" })), undefined, "ES384 on a P-256 key");
    assert.equal(await v.verify(sign("EdDSA", ed.privateKey, claims(), { kid: "ec-256" })), undefined, "EdDSA naming an EC key");
    const pinned = verifier({ jwks: { keys: [jwk(rsa, "rsa-1", { alg: "RS256" })] } });
    assert.deepEqual(await pinned.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1" })), ALICE);
    assert.equal(await pinned.verify(sign("PS256", rsa.privateKey, claims(), { kid: "rsa-1" })), undefined, "the JWK pins RS256");
    assert.equal(await pinned.verify(sign("RS512", rsa.privateKey, claims())), undefined);
  });

  test("unknown algorithms and critical extensions are refused", async () => {
    for (const alg of ["RS1", "ES512", "PS512", "constructor", "__proto__", "toString", "", undefined, 256]) {
      assert.equal(await v.verify(`${b64({ alg, kid: "rsa-1" })}.${p}.${s}`), undefined, String(alg));
    }
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1", crit: ["exp"] })), undefined);
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims(), { kid: "rsa-1", crit: [] })), undefined);
  });

  test("malformed strings verify to nothing", async () => {
    const bad = [
      "",
      "garbage",
      "skp_aaaaaaaaaaaa_bbb",
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      `${h}..${s}`,
      `${h}.${p}.`,
      `.${p}.${s}`,
      `${h}.${p}.${s}=`,
      `${h}=.${p}.${s}`,
      `${h}.${p.replace(/-/g, "+").replace(/_/g, "/")}x+/.${s}`,
      `${h} .${p}.${s}`,
      `${h}.${p}.${s}\n`,
      `${b64("not json")}.${p}.${s}`,
      `${b64("[1,2]")}.${p}.${s}`,
      `${b64("null")}.${p}.${s}`,
      `${h}.${b64('"a string"')}.${s}`,
      `${h}.${Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString("base64url")}.${s}`,
      `${h}.${p.slice(0, -1)}.${s}`,
    ];
    for (const t of bad) assert.equal(await v.verify(t), undefined, JSON.stringify(t.slice(0, 60)));
    for (const t of [undefined, null, 42, {}]) assert.equal(await v.verify(t as unknown as string), undefined);
  });

  test("non-canonical base64url (stray trailing bits) is refused", async () => {
    // The last character of a 2-byte tail carries 2 unused bits; a decoder that ignores them
    // would accept several spellings of the same signature.
    const sig = Buffer.from(s, "base64url");
    assert.equal(sig.length % 3, 1, "a 256-byte signature ends in a 1-byte group (4 unused bits)");
    const last = s.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = alphabet[alphabet.indexOf(last) + 1]!;
    assert.deepEqual(Buffer.from(s.slice(0, -1) + twin, "base64url"), sig, "node decodes both spellings alike");
    assert.equal(await v.verify(`${h}.${p}.${s.slice(0, -1)}${twin}`), undefined);
  });

  test(`tokens above ${MAX_TOKEN_LENGTH} characters are refused even when correctly signed`, async () => {
    const sized = (n: number) => {
      let pad = "";
      let t = sign("ES256", p256.privateKey, claims({ pad }), { kid: "ec-256" });
      while (t.length < n) {
        pad += "x".repeat(Math.max(1, Math.floor(((n - t.length) * 3) / 4)));
        t = sign("ES256", p256.privateKey, claims({ pad }), { kid: "ec-256" });
      }
      return t;
    };
    const fits = sized(MAX_TOKEN_LENGTH - 4);
    assert.ok(fits.length <= MAX_TOKEN_LENGTH);
    assert.deepEqual(await v.verify(fits), ALICE);
    const huge = sized(MAX_TOKEN_LENGTH + 1);
    assert.ok(huge.length > MAX_TOKEN_LENGTH);
    assert.equal(await v.verify(huge), undefined);
    assert.equal(await v.verify("a".repeat(10_000_000)), undefined);
  });

  test("random strings and random mutations of a good token never verify or throw", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (t) => (await v.verify(t)) === undefined),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(good.length - 1), fc.constantFrom(..."ABab019-_.=+/ "), async (i, ch) => {
        const t = good.slice(0, i) + ch + good.slice(i + 1);
        return t === good || (await v.verify(t)) === undefined;
      }),
      { numRuns: 300 },
    );
  });
});

describe("JwtVerifier: options and JWKS files", () => {
  const dir = mkdtempSync(join(tmpdir(), "skyport-jwt-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test("a JWKS file is read at construction", async () => {
    const path = file("jwks.json", JSON.stringify({ keys: [{ kty: "oct", k: "AAAA" }, jwk(ed, "ed-1", { use: "sig" })] }));
    const v = new JwtVerifier({ jwks: { file: path }, issuer: ISS, audience: AUD, now: () => NOW });
    assert.deepEqual(await v.verify(sign("EdDSA", ed.privateKey, claims(), { kid: "ed-1" })), ALICE);
    assert.equal(await v.verify(sign("ES256", p256.privateKey, claims(), { kid: "ec-256" })), undefined, "not in the file");
  });

  test("a file that is not a usable JWKS throws at construction", () => {
    const make = (path: string) => () => new JwtVerifier({ jwks: { file: path }, issuer: ISS, audience: AUD });
    assert.throws(make(join(dir, "missing.json")), /cannot read/);
    assert.throws(make(file("text.json", "keys: []")), /not JSON/);
    assert.throws(make(file("obj.json", '{"kty":"RSA","n":"x","e":"AQAB"}')), /not a JWKS/);
    assert.throws(make(file("list.json", JSON.stringify([jwk(ed, "ed-1")]))), /not a JWKS/);
    assert.throws(make(file("empty.json", '{"keys":[]}')), /no usable signature key/);
    const unusable = [
      { kty: "oct", k: "AAAA" },
      jwk(ed, "enc", { use: "enc" }),
      jwk(p256, "ops", { key_ops: ["encrypt"] }),
      jwk(generateKeyPairSync("rsa", { modulusLength: 1024 }), "weak"),
      jwk(generateKeyPairSync("ec", { namedCurve: "secp256k1" }), "k1"),
      { kty: "RSA", n: "not a modulus", e: "AQAB" },
      "a string",
    ];
    assert.throws(make(file("unusable.json", JSON.stringify({ keys: unusable }))), JwtVerifierError);
  });

  test("bad options throw at construction", () => {
    const base: JwtVerifierOptions = { jwks: { keys: JWKS }, issuer: ISS, audience: AUD };
    const bad: [string, unknown][] = [
      ["no issuer", { ...base, issuer: "" }],
      ["empty audience list", { ...base, audience: [] }],
      ["empty audience", { ...base, audience: ["skyport", ""] }],
      ["negative skew", { ...base, clockSkewS: -1 }],
      ["NaN skew", { ...base, clockSkewS: Number.NaN }],
      ["unknown mapped scope", { ...base, scopeMap: { g_users: ["read:everything"] } }],
      ["mapped scope not a list", { ...base, scopeMap: { g_users: "read:tap" } }],
      ["empty claim name", { ...base, subjectClaim: "" }],
      ["two JWKS sources", { ...base, jwks: { keys: JWKS, url: "https://idp.example.org/jwks" } }],
      ["no JWKS source", { ...base, jwks: {} }],
      ["JWKS not an object", { ...base, jwks: "https://idp.example.org/jwks" }],
      ["undefined file beside a bad URL", { ...base, jwks: { file: undefined, url: "ftp://idp" } }],
      ["refresh not a number", { ...base, jwks: { url: "https://idp.example.org/jwks", refreshS: "60" } }],
      ["keys not a list", { ...base, jwks: { keys: "x" } }],
      ["plain http elsewhere than loopback", { ...base, jwks: { url: "http://idp.example.org/jwks" } }],
      ["not a URL", { ...base, jwks: { url: "idp/jwks" } }],
      ["zero refresh", { ...base, jwks: { url: "https://idp.example.org/jwks", refreshS: 0 } }],
    ];
    for (const [what, options] of bad) assert.throws(() => new JwtVerifier(options as JwtVerifierOptions), JwtVerifierError, what);
    assert.ok(new JwtVerifier({ ...base, jwks: { url: "https://idp.example.org/protocol/openid-connect/certs" } }), "a URL is only fetched on first use");
  });
});

describe("JwtVerifier: JWKS from a URL", () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let response: { status: number; body: string } = { status: 200, body: "" };
  const serve = (keys: JsonWebKey[]) => {
    response = { status: 200, body: JSON.stringify({ keys }) };
  };

  before(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(response.status, { "content-type": "application/json" }).end(response.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A verifier with its own clock, advanced by the test; requests counted from zero. */
  function remote(refreshS?: number, onError?: (e: Error) => void) {
    const clock = { ms: NOW.getTime() };
    requests = 0;
    const v = new JwtVerifier({ jwks: { url, ...(refreshS ? { refreshS } : {}) }, issuer: ISS, audience: AUD, now: () => new Date(clock.ms), ...(onError ? { onError } : {}) });
    const at = (seconds: number, pair: Pair, kid: string) => {
      clock.ms = NOW.getTime() + seconds * 1000;
      const c = claims({ iat: clock.ms / 1000, exp: clock.ms / 1000 + 3600 });
      return v.verify(sign("RS256", pair.privateKey, c, { kid }));
    };
    return { v, at };
  }

  test("keys are fetched once, then a new kid refetches, at most every 30 s", async () => {
    serve([jwk(rsa, "2026-11")]);
    const { at } = remote();
    assert.deepEqual(await at(0, rsa, "2026-11"), ALICE);
    assert.deepEqual(await at(5, rsa, "2026-11"), ALICE);
    assert.equal(requests, 1, "cached");

    serve([jwk(rsa, "2026-11"), jwk(rsa2, "2026-12")]);
    assert.equal(await at(10, rsa2, "2026-12"), undefined, "a new kid within 30 s of the last fetch waits");
    assert.equal(requests, 1);
    assert.deepEqual(await at(KID_REFETCH_MIN_S, rsa2, "2026-12"), ALICE, "the rotated key after a refetch");
    assert.equal(requests, 2);

    assert.equal(await at(KID_REFETCH_MIN_S + 1, rsa2, "bogus-1"), undefined);
    assert.equal(await at(KID_REFETCH_MIN_S + 20, rsa2, "bogus-2"), undefined);
    assert.equal(requests, 2, "unknown kids cannot make us hammer the provider");
    assert.equal(await at(2 * KID_REFETCH_MIN_S + 1, rsa2, "bogus-3"), undefined);
    assert.equal(requests, 3, "but do refetch once the interval has passed");

    serve([jwk(rsa2, "2026-12")]);
    assert.deepEqual(await at(2 * KID_REFETCH_MIN_S + 100, rsa, "2026-11"), ALICE, "the retired key until the next refresh");
    assert.equal(requests, 3);
    assert.equal(await at(2 * KID_REFETCH_MIN_S + 1 + 300, rsa, "2026-11"), undefined, "gone after the periodic refresh");
    assert.equal(requests, 4);
    assert.deepEqual(await at(2 * KID_REFETCH_MIN_S + 302, rsa2, "2026-12"), ALICE);
    assert.equal(requests, 4);
  });

  test("refreshS sets the period; concurrent verifications share one fetch", async () => {
    serve([jwk(rsa, "k")]);
    const { at } = remote(60);
    const results = await Promise.all([0, 0, 0, 0, 0].map((s) => at(s, rsa, "k")));
    assert.deepEqual(results, Array(5).fill(ALICE));
    assert.equal(requests, 1);
    await at(59, rsa, "k");
    assert.equal(requests, 1);
    await at(60, rsa, "k");
    assert.equal(requests, 2);
  });

  test("a failed refresh keeps the old keys and is reported; a failed first fetch rejects", async () => {
    serve([jwk(rsa, "k")]);
    const errors: Error[] = [];
    const { at } = remote(60, (e) => errors.push(e));
    assert.deepEqual(await at(0, rsa, "k"), ALICE);
    response = { status: 503, body: "down" };
    assert.deepEqual(await at(61, rsa, "k"), ALICE, "stale keys still verify");
    assert.equal(requests, 2);
    assert.match(errors[0]?.message ?? "", /HTTP 503/);
    assert.deepEqual(await at(62, rsa, "k"), ALICE);
    assert.equal(requests, 2, "after a failure, retried only after 30 s");
    response = { status: 200, body: '{"not":"a jwks"}' };
    await at(61 + KID_REFETCH_MIN_S, rsa, "k");
    assert.equal(requests, 3);
    assert.match(errors[1]?.message ?? "", /not a JWKS/);
    serve([jwk(rsa2, "k2")]);
    assert.deepEqual(await at(61 + 2 * KID_REFETCH_MIN_S, rsa2, "k2"), ALICE, "recovered");
    assert.equal(errors.length, 2);

    response = { status: 500, body: "" };
    const fresh = remote();
    await assert.rejects(fresh.at(0, rsa, "k"), /HTTP 500/);
    await assert.rejects(fresh.at(10, rsa, "k"), /HTTP 500/, "the remembered error, without another request");
    assert.equal(requests, 1);
    const reported: unknown[] = [];
    const combined = firstOf(fresh.v, { onError: (e) => reported.push(e) });
    assert.equal(await combined.verify(sign("RS256", rsa.privateKey, claims(), { kid: "k" })), undefined);
    assert.ok(reported[0] instanceof JwtVerifierError);
  });

  test("bad tokens do not trigger a fetch", async () => {
    serve([jwk(rsa, "k")]);
    const { v } = remote();
    assert.equal(await v.verify("garbage"), undefined);
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims({ iss: "https://evil.example.org" }), { kid: "new" })), undefined);
    assert.equal(await v.verify(sign("RS256", rsa.privateKey, claims({ exp: NOW_S - 3600 }), { kid: "new" })), undefined);
    assert.equal(await v.verify(sign("HS256", Buffer.from("secret"), claims(), { kid: "new" })), undefined);
    assert.equal(requests, 0);
  });
});

/**
 * Tokens and JWKS made by PyJWT 2.6.0 with the `cryptography` package (keys generated there too),
 * claims {iss: https://idp.example.org, aud: skyport, sub: carol, iat: 1790000000, exp: 1790003600,
 * groups: [g_users], scope: "openid read:tap"}. PyJWT writes the RSA JWK with key_ops [verify].
 */
const PYJWT = {
  jwks: {
    keys: [
      {
        kty: "RSA",
        key_ops: ["verify"],
        n: "rF4zyQb3z3iNptEI1fCRpda2fM8eEiMmJf7GXczom2Mj4dZFdOHBXBD641YwR0wbIDWeykoKY7iA0N9SkBIRa8LMce3YA6HTeA7bwtIrTjyQQr7v0WgMHJqohx5fwPs1_xF3N7qC6BFe70YZvCfcnbd7sRvzJTTvcPclrvd76lKMJ7NWSiF9H-GprJGC0C1pCvQsgVWo3_PaNd4yl9i87nDt0nsjU0ZIXoWQR3b6gC-H84TanyEFzYp-VtsnQMlbKeb5DF3DjHG4TvCGw3AzaUbEaEyiLP8o_nOiODTosMZ_B1HmRk4n8vo-XqnRcdfGlzTAcHudyJMgQmY3tyq1qQ",
        e: "AQAB",
        kid: "py-rsa",
      },
      { kty: "EC", crv: "P-256", x: "UC-GjVbKbixz_cga1RWlqVfHux7RdHOkTRXn98Y2CD0", y: "IxezPasU2z34l5s9fChEmnfLkDnFrmhGZ3VhWd4o39c", kid: "py-ec" },
      { x: "spQ6VITFXAo4lm54p-kJBXJMJ0Su247JkrQvCfep3Oc", kty: "OKP", crv: "Ed25519", kid: "py-ed" },
    ],
  },
  payload:
    "eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLm9yZyIsImF1ZCI6InNreXBvcnQiLCJzdWIiOiJjYXJvbCIsImlhdCI6MTc5MDAwMDAwMCwiZXhwIjoxNzkwMDAzNjAwLCJncm91cHMiOlsiZ191c2VycyJdLCJzY29wZSI6Im9wZW5pZCByZWFkOnRhcCJ9",
  tokens: {
    RS256: [
      "eyJhbGciOiJSUzI1NiIsImtpZCI6InB5LXJzYSIsInR5cCI6IkpXVCJ9",
      "cAc52QyofAG9Oc16-4vWuzAmORjf83aqweM_ykZqt_RFmF79SHNmk7rJ54pQlJD-vD71gYSJGaFFLawHqmUszQwxZtFWxMFMiZJaWeOm2DtXrylH0tK4eSFNvF_ypYOU3aKHGPeoI0YQhWbNw1eXOyoJNLm5FLnRBmppaIU0vI2cbNdjaGo2ALnIctFOr1wYi5Uv7fKNY6WJsLKUCrb-D9RNj48F7s2RKWDJr29pDlcvxoruJusUKWT_bf3nZSAJznP_ZqUvHv_P94RRL1siYAtMl74OEcLs7HwyRqY6RvsF6_uCzeUj22M3S1nkTcSAsd6MM6czrRisGcZlAUbG9Q",
    ],
    PS256: [
      "eyJhbGciOiJQUzI1NiIsImtpZCI6InB5LXJzYSIsInR5cCI6IkpXVCJ9",
      "nBkBfTkPtPzxeZV3wg5igWDtw7p7XffkU_CYLU2w5d20xc_Fs65Mfbnfx-waiUaIDOywna9nY4mmqpVhKzSamAOINfjYSFhSEJwK8VtTJiFSk_QuZs8XmsL9QSZ8Qc_sNriu_zB7pg6bmS6TsUlUOIQs5xhfoCuWq5Iw5S2lqcvEWZI5U2DhejpBreuOO4wYnvautRewJBz1boASsmXs_URkYhd8ro0ULAg2UMet6-jiEQx9lCkjrCyRRdmPsx_FmBQgxEj_BYsfYxIOT5Zklp7vgeATzfI7JDgc4KZchMVATpmqBy4A0-7L1oln0lOC637LIp5hKcZRCUgSzrOEHw",
    ],
    ES256: [
      "eyJhbGciOiJFUzI1NiIsImtpZCI6InB5LWVjIiwidHlwIjoiSldUIn0",
      "bCTuQxiRie54qtuw4oDJaHX2Bz5GZZJUFYVA48ofJghE1GicPHiCcTGdBE9iusIDXslQHuvbf1TvUt5WcPyV_Q",
    ],
    EdDSA: [
      "eyJhbGciOiJFZERTQSIsImtpZCI6InB5LWVkIiwidHlwIjoiSldUIn0",
      "FEC30cHSDNFtFd0ZUmLADoeOy4U58-T84SE1L0yNrY5yNejmAm2vGdAdRPBOGnBhInI9Gbh2wCL2rtCEqP16AA",
    ],
  },
} as const;

describe("JwtVerifier: tokens signed by PyJWT", () => {
  const at = (s: number) =>
    new JwtVerifier({ jwks: { keys: PYJWT.jwks.keys as unknown as JsonWebKey[] }, issuer: "https://idp.example.org", audience: "skyport", now: () => new Date(s * 1000) });
  const carol: Identity = { subject: "carol", groups: ["g_users"], scopes: ["read:tap"], anonymous: false };

  for (const [alg, [header, signature]] of Object.entries(PYJWT.tokens)) {
    test(`${alg}`, async () => {
      const token = `${header}.${PYJWT.payload}.${signature}`;
      assert.deepEqual(await at(1790000100).verify(token), carol);
      assert.equal(await at(1790003600 + 60).verify(token), undefined, "expired");
      const other = Buffer.from(PYJWT.payload, "base64url").toString().replace("carol", "carl0");
      assert.equal(await at(1790000100).verify(`${header}.${b64(other)}.${signature}`), undefined, "another subject, same signature");
    });
  }
});
