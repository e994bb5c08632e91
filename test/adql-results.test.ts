/**
 * The ADQL result corpus (test/adql-corpus: ≥ 400 queries with rows from an independent Python
 * oracle, or expected errors) run through translate → read session → decode on SQLite and on
 * PostgreSQL with pgSphere: both engines must give the oracle's answers (issue 8, Done-when 3).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { POSTGRES_ADQL_FUNCTIONS } from "../src/lib/adql/index.js";
import { QueryTimeoutError, type SqlDatabase } from "../src/repo/registry/index.js";
import { executeAdql } from "../src/services/tap/execute.js";
import { tapLookup } from "../src/services/tap/schema-lookup.js";
import { CORPUS_SCHEMA } from "./adql-corpus/fixture.js";
import { PostgresDatabase } from "../src/repo/registry/sql/postgres.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { corpusFor, loadCorpus, type Outcome, runEntry } from "./support/adql-corpus.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";

async function runAll(db: SqlDatabase, engine: "sqlite" | "postgres"): Promise<{ ran: number; failures: Outcome[] }> {
  const entries = corpusFor(engine);
  const failures: Outcome[] = [];
  for (const e of entries) {
    const o = await runEntry(db, engine === "sqlite" ? "healpix-ranges" : "pgsphere", e);
    if (!o.ok) failures.push(o);
  }
  return { ran: entries.length, failures };
}

const show = (fs: readonly Outcome[]) => fs.map((f) => `${f.id}: ${f.ok ? "" : f.why}`).join("\n");

describe("ADQL corpus on SQLite", () => {
  test("every entry gives the oracle's rows or the expected error", async () => {
    const db = new SqliteDatabase({ path: ":memory:" });
    try {
      await loadCorpus(db);
      const { ran, failures } = await runAll(db, "sqlite");
      assert.ok(ran >= 400, `only ${ran} entries`);
      assert.deepEqual(failures, [], show(failures));
    } finally {
      await db.close();
    }
  });
});

describe("ADQL corpus on PostgreSQL + pgSphere", { skip: postgresSkip() }, () => {
  let pg: TestPostgres;
  let db: PostgresDatabase;
  before(async () => {
    pg = await startPostgres();
    db = new PostgresDatabase({ connectionString: pg.createDatabase("adql_corpus") });
    await db.exec("CREATE EXTENSION IF NOT EXISTS pg_sphere");
    for (const f of POSTGRES_ADQL_FUNCTIONS) await db.exec(f);
    await loadCorpus(db);
  });
  after(async () => {
    await db?.close();
    pg?.stop();
  });
  test("the time limit is enforced in the database (statement_timeout)", async () => {
    const session = await db.openReadSession();
    const started = Date.now();
    try {
      const q = "SELECT COUNT(*) AS n FROM corpus.obs AS a, corpus.obs AS b, corpus.obs AS c, corpus.obs AS d, corpus.obs AS e";
      const r = executeAdql(session, tapLookup(CORPUS_SCHEMA, "pgsphere"), q, { timeoutMs: 500 });
      await assert.rejects(async () => {
        for await (const _ of r.rows) void _;
      }, QueryTimeoutError);
      assert.ok(Date.now() - started < 5000);
    } finally {
      await session.close();
    }
  });

  test("every entry gives the oracle's rows or the expected error", async () => {
    const { ran, failures } = await runAll(db, "postgres");
    assert.ok(ran >= 400, `only ${ran} entries`);
    assert.deepEqual(failures, [], show(failures));
  });
});
