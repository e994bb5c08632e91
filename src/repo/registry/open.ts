/**
 * Creating and opening registries: the schema is generated from the universe on first use and the
 * universe and schema version are stored, so a repository always reopens with the universe it was
 * made with (a mismatch is an error, not a silent reinterpretation).
 */
import { coverRanges } from "../../lib/healpix/index.js";
import { type DimensionUniverse, defaultUniverse, universeFromConfig } from "../model/index.js";
import type { Registry } from "./registry.js";
import { registryDdl, SCHEMA_VERSION } from "./schema.js";
import type { SqlDatabase } from "./sql/database.js";
import { PostgresDatabase } from "./sql/postgres.js";
import { SqliteDatabase } from "./sql/sqlite.js";
import { PgSphereSpatial } from "./spatial/pgsphere.js";
import { HealpixRangeSpatial } from "./spatial/healpix-ranges.js";
import { RegistryError } from "./sql-registry/context.js";
import { SqlRegistry } from "./sql-registry/sql-registry.js";
import type { SpatialStrategy } from "./spatial/spatial.js";

export type RegistryLocation = { readonly kind: "sqlite"; readonly path: string } | { readonly kind: "postgres"; readonly url: string; readonly schema?: string };

export interface OpenRegistryOptions {
  /** The universe for a new registry (default: Skyport's). Ignored when the registry exists. */
  readonly universeConfig?: unknown;
  /** Create the schema when absent (default true). */
  readonly create?: boolean;
}

async function initialise(db: SqlDatabase, universeConfig: unknown, create: boolean): Promise<DimensionUniverse> {
  const hasMeta = await db
    .all<{ value: string }>(`SELECT "value" FROM "skyport_meta" WHERE "key" = 'universe'`)
    .then((rows) => rows[0]?.value)
    .catch(() => undefined);
  if (hasMeta !== undefined) {
    const version = await db.all<{ value: string }>(`SELECT "value" FROM "skyport_meta" WHERE "key" = 'schema_version'`);
    if (Number(version[0]?.value) !== SCHEMA_VERSION) {
      throw new RegistryError(`registry schema version ${version[0]?.value} is not ${SCHEMA_VERSION}; migrate it first`);
    }
    return universeFromConfig(JSON.parse(hasMeta));
  }
  if (!create) throw new RegistryError("no registry here (create one with `skyport repo create`)", "missing");
  const config = universeConfig ?? (await import("../model/default-universe.js")).DEFAULT_UNIVERSE_CONFIG;
  const universe = universeConfig === undefined ? defaultUniverse() : universeFromConfig(universeConfig);
  await db.transaction(async (tx) => {
    for (const stmt of registryDdl(universe, db.caps)) await tx.exec(stmt);
    const ph = db.caps.placeholder;
    await tx.run(`INSERT INTO "skyport_meta" ("key", "value") VALUES (${ph(1)}, ${ph(2)})`, ["universe", JSON.stringify(config)]);
    await tx.run(`INSERT INTO "skyport_meta" ("key", "value") VALUES (${ph(1)}, ${ph(2)})`, ["schema_version", String(SCHEMA_VERSION)]);
  });
  return universe;
}

/** Opens (and by default creates) a registry. */
export async function openRegistry(location: RegistryLocation, options: OpenRegistryOptions = {}): Promise<Registry> {
  let db: SqlDatabase;
  let spatial: SpatialStrategy;
  if (location.kind === "sqlite") {
    const sqlite = new SqliteDatabase({ path: location.path });
    spatial = new HealpixRangeSpatial(sqlite, coverRanges);
    db = sqlite;
  } else {
    const pgdb = new PostgresDatabase({ connectionString: location.url });
    await pgdb.exec("CREATE EXTENSION IF NOT EXISTS pg_sphere");
    if (location.schema) await pgdb.exec(`CREATE SCHEMA IF NOT EXISTS "${location.schema.replace(/"/g, "")}"`);
    spatial = new PgSphereSpatial();
    db = pgdb;
  }
  try {
    const universe = await initialise(db, options.universeConfig, options.create ?? true);
    return new SqlRegistry(db, universe, spatial, true);
  } catch (e) {
    await db.close();
    throw e;
  }
}
