/**
 * SigV4 against the worked examples published in the AWS S3 API Reference ("Signature
 * Calculations for the Authorization Header" and "Authenticating Requests: Using Query
 * Parameters"): the example credentials, bucket `examplebucket`, region us-east-1 and time
 * 2013-05-24T00:00:00Z, with the signatures printed there.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { amzDates, canonicalQuery, EMPTY_SHA256, presignGetUrl, s3Location, signRequest, uriEncode } from "./sigv4.js";

// AWS's published example key pair (documentation only, not a credential).
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const DATE = new Date("2013-05-24T00:00:00Z");
const HOST = "examplebucket.s3.amazonaws.com";
const base = { region: "us-east-1", credentials: CREDENTIALS, date: DATE } as const;

const signatureOf = (auth: string | undefined): string | undefined => /Signature=([0-9a-f]{64})$/.exec(auth ?? "")?.[1];

describe("SigV4 (AWS documentation examples)", () => {
  test("presigned GET of examplebucket/test.txt for 86400 s", () => {
    const url = presignGetUrl({ ...base, endpoint: "https://s3.amazonaws.com", bucket: "examplebucket", key: "test.txt", expiresS: 86_400, forcePathStyle: false });
    assert.equal(
      url,
      "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    );
  });

  test("GET object with a Range header", () => {
    const h = signRequest({ ...base, method: "GET", path: "/test.txt", query: [], headers: { host: HOST, range: "bytes=0-9" }, payloadHash: EMPTY_SHA256 });
    assert.equal(h["x-amz-date"], "20130524T000000Z");
    assert.equal(
      h.authorization,
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  test("PUT object with a storage class and a signed payload", () => {
    const payload = createHash("sha256").update("Welcome to Amazon S3.").digest("hex");
    assert.equal(payload, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    const h = signRequest({
      ...base,
      method: "PUT",
      path: `/${uriEncode("test$file.text", true)}`,
      query: [],
      headers: { host: HOST, date: "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY" },
      payloadHash: payload,
    });
    assert.equal(signatureOf(h.authorization), "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  });

  test("GET bucket (list objects) with a query string", () => {
    const h = signRequest({ ...base, method: "GET", path: "/", query: [["prefix", "J"], ["max-keys", "2"]], headers: { host: HOST }, payloadHash: EMPTY_SHA256 });
    assert.equal(signatureOf(h.authorization), "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  });
});

describe("SigV4 building blocks", () => {
  test("encoding keeps only unreserved characters (and / in paths)", () => {
    assert.equal(uriEncode("a b+c@d=e,f:g~h_i-j.k/l"), "a%20b%2Bc%40d%3De%2Cf%3Ag~h_i-j.k%2Fl");
    assert.equal(uriEncode("run/a b/x.fits", true), "run/a%20b/x.fits");
    assert.equal(uriEncode("é"), "%C3%A9");
  });

  test("query strings sort by encoded name and keep empty values", () => {
    assert.equal(canonicalQuery([["uploads", ""], ["b", "2"], ["a", "x y"]]), "a=x%20y&b=2&uploads=");
  });

  test("dates truncate milliseconds", () => {
    assert.deepEqual(amzDates(new Date("2026-11-24T10:20:30.999Z")), { amzDate: "20261124T102030Z", dateStamp: "20261124" });
  });

  test("path-style and virtual-hosted addressing, with an endpoint path kept", () => {
    const ep = new URL("http://127.0.0.1:9000/s3/");
    assert.deepEqual(s3Location(ep, "bkt", "p/a+b.fits", true), { origin: "http://127.0.0.1:9000", host: "127.0.0.1:9000", path: "/s3/bkt/p/a%2Bb.fits" });
    assert.deepEqual(s3Location(new URL("https://s3.amazonaws.com"), "bkt", "k", false), { origin: "https://bkt.s3.amazonaws.com", host: "bkt.s3.amazonaws.com", path: "/k" });
    assert.equal(s3Location(ep, "bkt", "", true).path, "/s3/bkt");
  });

  test("a session token is signed into presigned URLs; lifetimes outside 1 … 604800 s are refused", () => {
    const input = { ...base, endpoint: "http://127.0.0.1:9000", bucket: "b", key: "k", expiresS: 60 };
    const withToken = new URL(presignGetUrl({ ...input, credentials: { ...CREDENTIALS, sessionToken: "tok/en" } }));
    assert.equal(withToken.searchParams.get("X-Amz-Security-Token"), "tok/en");
    assert.notEqual(withToken.searchParams.get("X-Amz-Signature"), new URL(presignGetUrl(input)).searchParams.get("X-Amz-Signature"));
    assert.throws(() => presignGetUrl({ ...input, expiresS: 0 }), RangeError);
    assert.throws(() => presignGetUrl({ ...input, expiresS: 604_801 }), RangeError);
    assert.equal(new URL(presignGetUrl(input)).searchParams.get("X-Amz-Expires"), "60");
    const named = new URL(presignGetUrl({ ...input, response: { contentDisposition: 'attachment; filename="a b.fits"' } }));
    assert.equal(named.searchParams.get("response-content-disposition"), 'attachment; filename="a b.fits"');
    assert.match(named.search, /response-content-disposition=attachment%3B%20filename%3D%22a%20b.fits%22&X-Amz-Signature=/);
    assert.notEqual(named.searchParams.get("X-Amz-Signature"), new URL(presignGetUrl(input)).searchParams.get("X-Amz-Signature"));
  });
});
