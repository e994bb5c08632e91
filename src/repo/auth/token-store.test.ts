/**
 * The token store on both engines of the registry database, and credentials from Authorization
 * headers (Bearer, and Basic with the token as password or user name).
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { PostgresDatabase } from "../registry/sql/postgres.js";
import { SqliteDatabase } from "../registry/sql/sqlite.js";
import type { SqlDatabase } from "../registry/sql/database.js";
import { tokenFromAuthorization } from "./credentials.js";
import { SqlTokenStore } from "./token-store.js";

const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

function contract(name: string, open: () => Promise<SqlDatabase>, skip: false | string = false) {
  describe(`token store: ${name}`, { skip }, () => {
    test("a created token verifies to its identity; tampered, revoked and expired ones to nothing", async () => {
      const db = await open();
      let now = new Date("2026-11-24T10:00:00Z");
      const store = new SqlTokenStore(db, () => now);
      await store.init();
      await store.init();
      const { token, info } = await store.create({ subject: "alice", groups: ["lsst-dp", "g_users", "lsst-dp"], scopes: ["read:tap", "read:image"], note: "laptop" });
      assert.match(token, /^skp_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
      assert.equal(info.id, token.slice(4, 16));
      assert.deepEqual(await store.verify(token), { subject: "alice", groups: ["g_users", "lsst-dp"], scopes: ["read:image", "read:tap"], anonymous: false });
      const last = token.at(-1) === "A" ? "B" : "A";
      assert.equal(await store.verify(token.slice(0, -1) + last), undefined, "a changed secret");
      assert.equal(await store.verify(`skp_${"a".repeat(12)}_${token.slice(17)}`), undefined, "another id");
      assert.equal(await store.verify("not a token"), undefined);
      assert.equal(await store.verify(`${token}'; DROP TABLE x; --`), undefined);

      const short = await store.create({ subject: "bob", scopes: ["read:image"], expires: new Date("2026-11-24T11:00:00Z") });
      assert.equal((await store.verify(short.token))?.subject, "bob");
      now = new Date("2026-11-24T11:00:00Z");
      assert.equal(await store.verify(short.token), undefined, "expired");

      assert.equal(await store.revoke(info.id), true);
      assert.equal(await store.revoke(info.id), false, "already revoked");
      assert.equal(await store.verify(token), undefined, "revoked");
      const listed = await store.list();
      assert.deepEqual(listed.map((t) => t.subject).sort(), ["alice", "bob"]);
      assert.ok(listed.find((t) => t.subject === "alice")?.revoked instanceof Date);
      assert.ok(!JSON.stringify(listed).includes(token.slice(17)), "secrets are never listed");
    });

    test("bad subjects, groups and scopes are refused", async () => {
      const store = new SqlTokenStore(await open());
      await store.init();
      await assert.rejects(store.create({ subject: "a b", scopes: ["read:tap"] }), /subject/);
      await assert.rejects(store.create({ subject: "a", groups: ["x'y"], scopes: ["read:tap"] }), /group/);
      await assert.rejects(store.create({ subject: "a", scopes: [] }), /at least one scope/);
      await assert.rejects(store.create({ subject: "a", scopes: ["write:all" as "admin"] }), /unknown scope/);
      await assert.rejects(store.create({ subject: "a", scopes: ["admin"], expires: new Date(0) }), /past/);
    });
  });
}

contract("sqlite", async () => {
  const db = new SqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), "skyport-token-")), "r.sqlite3") });
  closers.push(() => db.close());
  return db;
});

let pg: TestPostgres | undefined;
let n = 0;
contract(
  "postgres",
  async () => {
    if (!pg) {
      pg = await startPostgres();
      const cluster = pg;
      closers.unshift(() => cluster.stop());
    }
    const db = new PostgresDatabase({ connectionString: pg.createDatabase(`token_${++n}`), max: 4 });
    closers.push(() => db.close());
    return db;
  },
  postgresSkip(),
);

test("Authorization: Bearer, Basic with the token as password or as user name; nothing else", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  assert.equal(tokenFromAuthorization("Bearer skp_abc"), "skp_abc");
  assert.equal(tokenFromAuthorization("bearer   skp_abc "), "skp_abc");
  assert.equal(tokenFromAuthorization(`Basic ${b64("alice:skp_abc")}`), "skp_abc");
  assert.equal(tokenFromAuthorization(`Basic ${b64("skp_abc:")}`), "skp_abc");
  assert.equal(tokenFromAuthorization(`Basic ${b64("x-oauth-basic:skp_a:b")}`), "skp_a:b", "only the first colon splits");
  assert.equal(tokenFromAuthorization(`Basic ${b64(":")}`), undefined);
  assert.equal(tokenFromAuthorization(`Basic ${b64("nocolon")}`), undefined);
  assert.equal(tokenFromAuthorization("Digest abc"), undefined);
  assert.equal(tokenFromAuthorization("Bearer"), undefined);
  assert.equal(tokenFromAuthorization(undefined), undefined);
});
