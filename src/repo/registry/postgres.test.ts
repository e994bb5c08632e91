/**
 * The registry contract on PostgreSQL with pgSphere: a private cluster started on a free loopback
 * port for this file, a fresh database per test, stopped after.
 */
import { after, before, describe } from "node:test";
import { postgresSkip, startPostgres, type TestPostgres } from "../../../test/support/postgres.js";
import { registryContract } from "../contract/registry.contract.js";
import { openRegistry } from "./index.js";

const skip = postgresSkip();

describe("PostgreSQL registry", { skip }, () => {
  let pg: TestPostgres | undefined;
  let n = 0;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());
  registryContract("PostgreSQL + pgSphere", async () => openRegistry({ kind: "postgres", url: pg!.createDatabase(`registry_${++n}`) }));
});
