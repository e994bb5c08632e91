/** Combining verifiers: order, fall-through, and verifiers that throw. */
import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, test } from "node:test";
import type { Identity } from "./identity.js";
import { JwtVerifier } from "./jwt.js";
import type { TokenVerifier } from "./token-store.js";
import { firstOf, looksLikeJwt } from "./verifiers.js";

const who = (subject: string): Identity => ({ subject, groups: [], scopes: ["read:image"], anonymous: false });

/** A verifier knowing a fixed set of tokens, recording what it was asked. */
function fake(known: Record<string, string>, asked: string[] = []): TokenVerifier {
  return {
    async verify(token) {
      asked.push(token);
      return Object.hasOwn(known, token) ? who(known[token]!) : undefined;
    },
  };
}

const failing: TokenVerifier = {
  async verify() {
    throw new Error("database unreachable");
  },
};

describe("firstOf", () => {
  test("asks in order and stops at the first identity", async () => {
    const askedA: string[] = [];
    const askedB: string[] = [];
    const v = firstOf(fake({ t1: "alice", both: "from-a" }, askedA), fake({ t2: "bob", both: "from-b" }, askedB));
    assert.deepEqual(await v.verify("t1"), who("alice"));
    assert.deepEqual(await v.verify("t2"), who("bob"));
    assert.deepEqual(await v.verify("both"), who("from-a"));
    assert.equal(await v.verify("t3"), undefined);
    assert.deepEqual(askedA, ["t1", "t2", "both", "t3"]);
    assert.deepEqual(askedB, ["t2", "t3"]);
  });

  test("a verifier that throws counts as unknown and is reported", async () => {
    const errors: [unknown, TokenVerifier][] = [];
    const v = firstOf(failing, fake({ t: "alice" }), { onError: (e, source) => errors.push([e, source]) });
    assert.deepEqual(await v.verify("t"), who("alice"));
    assert.equal(await v.verify("other"), undefined);
    assert.equal(errors.length, 2);
    assert.match(String(errors[0]![0]), /database unreachable/);
    assert.equal(errors[0]![1], failing);
    assert.equal(await firstOf(failing).verify("t"), undefined, "without onError too");
    assert.equal(await firstOf().verify("t"), undefined, "no verifiers");
  });

  test("the store and a JWT verifier side by side", async () => {
    const pair = generateKeyPairSync("ed25519");
    const jwt = new JwtVerifier({ jwks: { keys: [{ ...pair.publicKey.export({ format: "jwk" }), kid: "k" }] }, issuer: "https://idp", audience: "skyport" });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const input = `${b64({ alg: "EdDSA", kid: "k" })}.${b64({ iss: "https://idp", aud: "skyport", sub: "carol", exp: Date.now() / 1000 + 60, scope: "read:image" })}`;
    const token = `${input}.${sign(null, Buffer.from(input), pair.privateKey).toString("base64url")}`;
    const v = firstOf(fake({ skp_abc: "alice" }), jwt);
    assert.deepEqual(await v.verify("skp_abc"), who("alice"));
    assert.deepEqual(await v.verify(token), who("carol"));
    assert.equal(await v.verify(`${token}x`), undefined);
  });
});

describe("looksLikeJwt", () => {
  test("three base64url parts with a JSON-object header", () => {
    assert.equal(looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"), true);
    for (const t of ["", "skp_abcdefghijkl_secret", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0", "abc.def.ghi", "eyJ.a.b.c", "eyJhbGci.e30.", "eyJ+.e30.c2ln"]) {
      assert.equal(looksLikeJwt(t), false, t);
    }
  });
});
