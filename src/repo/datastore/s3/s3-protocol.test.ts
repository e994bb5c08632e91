/**
 * S3 behaviour s3rver cannot show, against a scripted fetch: ListObjectsV2 paging with
 * continuation tokens, 200 answers that carry an `<Error>` (CopyObject), retries of 5xx answers,
 * and the shape of signed requests (headers, encoded paths, no credentials in the URL).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { S3Datastore } from "./s3-datastore.js";

interface Seen {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
}

/** A fetch answering from a script of (status, body, headers) in order, recording each request. */
function scripted(answers: Array<[number, string, Record<string, string>?]>, seen: Seen[]): typeof fetch {
  return async (input, init) => {
    seen.push({ method: init?.method ?? "GET", url: new URL(String(input)), headers: { ...(init?.headers as Record<string, string>) } });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init?.method} ${String(input)}`);
    const [status, body, headers] = next;
    return new Response(status === 204 ? null : body, { status, headers: headers ?? {} });
  };
}

const make = (fetch: typeof globalThis.fetch, extra = {}) =>
  new S3Datastore({ endpoint: "https://s3.example.org", region: "eu-west-1", bucket: "bkt", prefix: "p", accessKeyId: "AKID", secretAccessKey: "SECRET", fetch, maxAttempts: 2, ...extra });

describe("S3 datastore against a scripted server", () => {
  test("ListObjectsV2 pages follow NextContinuationToken; keys are XML-decoded", async () => {
    const seen: Seen[] = [];
    const page1 =
      "<?xml version='1.0'?><ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>p/.trash/u1/a.fits</Key><Size>1</Size></Contents>" +
      "<Contents><Key>p/.trash/u2/b&amp;c.fits</Key></Contents><NextContinuationToken>tok+/=1</NextContinuationToken></ListBucketResult>";
    const page2 = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p/.trash/u3/d.fits</Key></Contents></ListBucketResult>";
    const ds = make(scripted([[200, page1], [204, ""], [204, ""], [200, page2], [204, ""]], seen));
    assert.equal(await ds.emptyTrash(), 3);
    const lists = seen.filter((s) => s.method === "GET");
    assert.equal(lists[0]?.url.searchParams.get("list-type"), "2");
    assert.equal(lists[0]?.url.searchParams.get("prefix"), "p/.trash/");
    assert.equal(lists[0]?.url.searchParams.has("continuation-token"), false);
    assert.equal(lists[1]?.url.searchParams.get("continuation-token"), "tok+/=1");
    assert.deepEqual(
      seen.filter((s) => s.method === "DELETE").map((s) => s.url.pathname),
      ["/p/.trash/u1/a.fits", "/p/.trash/u2/b%26c.fits", "/p/.trash/u3/d.fits"].map((k) => `/bkt${k}`),
    );
  });

  test("requests are path-style, signed in headers, and carry no secret", async () => {
    const seen: Seen[] = [];
    const ds = make(scripted([[200, "", { "content-length": "3", "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT" }]], seen));
    assert.deepEqual(await ds.stat("run/a b+c.fits"), { size: 3, mtime: new Date("2026-11-24T10:00:00Z") });
    const [req] = seen;
    assert.equal(req?.method, "HEAD");
    assert.equal(req?.url.href, "https://s3.example.org/bkt/p/run/a%20b%2Bc.fits");
    assert.match(req?.headers.authorization ?? "", /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(req).includes("SECRET"));
  });

  test("a CopyObject answer of 200 with an <Error> body fails the trash and keeps the file", async () => {
    const seen: Seen[] = [];
    const err = "<?xml version='1.0'?>\n<Error><Code>InternalError</Code><Message>copy failed</Message><RequestId>1</RequestId></Error>";
    const ds = make(scripted([[200, err]], seen));
    await assert.rejects(ds.trash("a.fits"), /InternalError: copy failed/);
    assert.equal(seen.length, 1); // no DELETE of the original
    assert.equal(seen[0]?.headers["x-amz-copy-source"], "/bkt/p/a.fits");
  });

  test("5xx answers are retried up to maxAttempts; S3 error details beyond Code and Message are dropped", async () => {
    const seen: Seen[] = [];
    const slow = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
    const ok = make(scripted([[503, slow], [200, "abc", { "content-length": "3" }]], seen));
    assert.equal((await ok.stat("x.fits"))?.size, 3);
    assert.equal(seen.length, 2);
    const denied =
      "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>" +
      "<AWSAccessKeyId>AKID</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 ...</StringToSign><SignatureProvided>abcdef</SignatureProvided></Error>";
    const bad = make(scripted([[403, denied]], []));
    const e = await bad.put("y.fits", new Uint8Array([1]), { overwrite: true }).then(() => undefined, (x: Error) => x);
    assert.match(String(e?.message), /SignatureDoesNotMatch: The request signature we calculated does not match \(HTTP 403\)/);
    assert.ok(!/AKID|StringToSign|abcdef/.test(String(e?.message)));
  });

  test("a conditional-write refusal (412) is reported as an existing file", async () => {
    const seen: Seen[] = [];
    const ds = make(scripted([[404, ""], [412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"]], seen));
    await assert.rejects(ds.put("race.fits", new Uint8Array([1])), /a file already exists for key race.fits/);
    assert.equal(seen[1]?.headers["if-none-match"], "*");
    const seen2: Seen[] = [];
    await make(scripted([[200, ""]], seen2), { conditionalWrites: false }).put("free.fits", new Uint8Array([1]), { overwrite: true });
    assert.equal(seen2[0]?.headers["if-none-match"], undefined);
  });
});
