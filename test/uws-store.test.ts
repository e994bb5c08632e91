/**
 * The JobStore contract on both engines of the registry database: SQLite (a temporary file, as in
 * the embedded mode) and PostgreSQL (a private cluster, the scale-out mode's queue).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { SqlJobStore } from "../src/jobs/index.js";
import { jobStoreContract } from "../src/jobs/store.contract.js";
import { PostgresDatabase } from "../src/repo/registry/sql/postgres.js";
import { SqliteDatabase } from "../src/repo/registry/sql/sqlite.js";
import { postgresSkip, startPostgres, type TestPostgres } from "./support/postgres.js";

const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

jobStoreContract("sqlite", async () => {
  const db = new SqliteDatabase({ path: join(mkdtempSync(join(tmpdir(), "skyport-uws-")), "jobs.sqlite3") });
  closers.push(() => db.close());
  const store = new SqlJobStore(db);
  await store.init();
  return store;
});

let pg: TestPostgres | undefined;
let n = 0;
const pgSkip = postgresSkip();
jobStoreContract(
  "postgres",
  async () => {
    if (!pg) {
      pg = await startPostgres();
      const cluster = pg;
      closers.unshift(() => cluster.stop());
    }
    const db = new PostgresDatabase({ connectionString: pg.createDatabase(`uws_contract_${++n}`), max: 8 });
    closers.push(() => db.close());
    const store = new SqlJobStore(db, { skipLocked: true });
    await store.init();
    return store;
  },
  pgSkip,
);
