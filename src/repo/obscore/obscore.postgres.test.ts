/**
 * The observation-metadata suite on PostgreSQL with pgSphere: a private cluster on a free loopback
 * port for this file, a fresh database per test.
 */
import { after, before, describe } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { openRegistry } from "../registry/index.js";
import { obsCoreSuite } from "./obscore.suite.js";

describe("PostgreSQL observation metadata", { skip: postgresSkip() }, () => {
  let pg: TestPostgres | undefined;
  let n = 0;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());
  obsCoreSuite("PostgreSQL + pgSphere", async () => openRegistry({ kind: "postgres", url: pg!.createDatabase(`obscore_${++n}`) }));
});
