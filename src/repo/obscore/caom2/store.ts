/**
 * CAOM 2.4 rows for the published datasets (standards.md §7): a plane per dataset (planeID = the
 * dataset UUID) under an observation per ObsCore obs_id, one artifact/part/chunk per file, and the
 * plane's provenance inputs from the registry's dataset provenance, so a coadd plane leads to the
 * planes it was made from. Entity IDs of observations, artifacts, parts and chunks are name-based
 * UUIDs, so rebuilding gives the same IDs.
 */
import { createHash } from "node:crypto";
import type { DatasetRef } from "../../model/index.js";
import type { Registry } from "../../registry/index.js";
import { quoteIdent as q, type SqlExecutor } from "../../registry/sql/database.js";
import { chunks, Params } from "../../registry/sql-registry/context.js";
import type { ObsCoreRow, ObsCoreValue } from "../rows.js";
import type { TapTable } from "../tap-schema.js";
import { CAOM2_ARTIFACT, CAOM2_CHUNK, CAOM2_OBSERVATION, CAOM2_PART, CAOM2_PLANE, CAOM2_PROVENANCE_INPUT } from "./schema.js";

type Row = Record<string, ObsCoreValue>;

/** A name-based UUID (SHA-1, version 5 layout) so rebuilt entities keep their IDs. */
export function nameUuid(name: string): string {
  const h = createHash("sha1").update(name).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A CAOM URI path part: no space, '/', '\' or '%' (CAOM-01). */
function part(s: string): string {
  return s.replace(/[\s/\\%]/g, "_");
}

/** The plane's product ID: dataset type, plus the detector or band that separates siblings. */
export function productId(ref: DatasetRef): string {
  const { detector, band, patch } = ref.dataId;
  if (detector !== undefined) return part(`${ref.datasetType}-${detector}`);
  if (patch !== undefined && band !== undefined) return part(`${ref.datasetType}-${band}`);
  return part(ref.datasetType);
}

/** Entities of one dataset. */
interface Entities {
  readonly observation: Row;
  readonly plane: Row;
  readonly artifact: Row;
  readonly part: Row;
  readonly chunk: Row;
  readonly inputIds: readonly string[];
}

async function entities(registry: Registry, ref: DatasetRef, row: ObsCoreRow): Promise<Entities> {
  const v = row.values;
  const collection = part(String(v.obs_collection));
  const observationID = part(String(v.obs_id));
  const obsUri = `caom:${collection}/${observationID}`;
  const obsID = nameUuid(obsUri);
  const derived = ref.dataId.patch !== undefined;
  const seq = ref.dataId.visit ?? ref.dataId.exposure;
  const file = await registry.getDatastoreRecord(ref.id);
  const artifactID = nameUuid(`artifact:${ref.id}`);
  const partID = nameUuid(`part:${ref.id}`);
  const inputs = await registry.getInputs(ref.id);
  return {
    observation: {
      obsID, uri: obsUri, collection, observationID, typeCode: derived ? "D" : "S", algorithm_name: derived ? "coadd" : "exposure", intent: "science",
      sequenceNumber: typeof seq === "number" ? seq : null, target_name: v.target_name ?? null, telescope_name: v.facility_name ?? null, instrument_name: v.instrument_name ?? null,
    },
    plane: {
      planeID: ref.id, obsID, uri: `${obsUri}/${productId(ref)}`, productID: productId(ref), publisherID: v.obs_publisher_did ?? null, creatorID: v.obs_creator_did ?? null,
      calibrationLevel: v.calib_level ?? null, dataProductType: v.dataproduct_type ?? null, dataRelease: v.obs_release_date ?? null, position_bounds: v.s_region ?? null,
      position_resolution: v.s_resolution ?? null, energy_bounds_lower: v.em_min ?? null, energy_bounds_upper: v.em_max ?? null,
      energy_bandpassName: typeof ref.dataId.band === "string" ? ref.dataId.band : null, time_bounds_lower: v.t_min ?? null, time_bounds_upper: v.t_max ?? null, time_exposure: v.t_exptime ?? null,
    },
    artifact: {
      artifactID, planeID: ref.id, uri: `skyport:${ref.id}`, productType: "science", releaseType: "data", contentType: "image/fits",
      contentLength: file?.fileSize ?? null, contentChecksum: file?.checksum ? `sha256:${file.checksum}` : null,
    },
    part: { partID, artifactID, name: "0", productType: "science" },
    chunk: {
      chunkID: nameUuid(`chunk:${ref.id}`), partID, naxis: 2, positionAxis1: 1, positionAxis2: 2,
      position_axis_dimension_naxis1: v.s_xel1 ?? null, position_axis_dimension_naxis2: v.s_xel2 ?? null,
    },
    inputIds: inputs.map((r) => r.id).sort(),
  };
}

/** The CAOM2 tables over one executor. */
export class Caom2Store {
  constructor(private readonly ex: SqlExecutor) {}

  private colType(t: TapTable, name: string): string {
    const c = t.columns.find((x) => x.name === name);
    return c?.sqlType === "int" ? "INTEGER" : c?.sqlType === "long" ? this.ex.caps.bigintType : c?.sqlType === "double" ? this.ex.caps.floatType : "TEXT";
  }

  private create(t: TapTable, pk: string, refs: Readonly<Record<string, string>>): string {
    const cols = t.columns.map((c) => {
      const ref = refs[c.name];
      return `${q(c.name)} ${this.colType(t, c.name)}${c.name === pk ? " PRIMARY KEY" : c.notNull ? " NOT NULL" : ""}${ref ? ` REFERENCES ${ref} ON DELETE CASCADE` : ""}`;
    });
    return `CREATE TABLE IF NOT EXISTS ${q(t.dbTable)} (${cols.join(", ")})`;
  }

  /** Creates the tables (idempotent); planes cascade from the registry's datasets. */
  async ensureSchema(): Promise<void> {
    const ref = (t: TapTable, col: string) => `${q(t.dbTable)} (${q(col)})`;
    const ddl = [
      this.create(CAOM2_OBSERVATION, "obsID", {}),
      this.create(CAOM2_PLANE, "planeID", { planeID: `"dataset" ("id")`, obsID: ref(CAOM2_OBSERVATION, "obsID") }),
      this.create(CAOM2_ARTIFACT, "artifactID", { planeID: ref(CAOM2_PLANE, "planeID") }),
      this.create(CAOM2_PART, "partID", { artifactID: ref(CAOM2_ARTIFACT, "artifactID") }),
      this.create(CAOM2_CHUNK, "chunkID", { partID: ref(CAOM2_PART, "partID") }),
      `${this.create(CAOM2_PROVENANCE_INPUT, "", { planeID: ref(CAOM2_PLANE, "planeID") }).slice(0, -1)}, PRIMARY KEY ("planeID", "inputID"))`,
      `CREATE INDEX IF NOT EXISTS "caom2_plane_obs_idx" ON "caom2_plane" ("obsID")`,
      `CREATE INDEX IF NOT EXISTS "caom2_artifact_plane_idx" ON "caom2_artifact" ("planeID")`,
      `CREATE INDEX IF NOT EXISTS "caom2_part_artifact_idx" ON "caom2_part" ("artifactID")`,
      `CREATE INDEX IF NOT EXISTS "caom2_chunk_part_idx" ON "caom2_chunk" ("partID")`,
      `CREATE INDEX IF NOT EXISTS "caom2_provenance_input_idx" ON "caom2_provenance_input" ("inputID")`,
    ];
    for (const s of ddl) await this.ex.exec(s);
  }

  private async insert(t: TapTable, rows: readonly Row[], upsertKey?: string): Promise<void> {
    const names = t.columns.map((c) => c.name);
    for (const batch of chunks(rows, 200)) {
      const p = new Params(this.ex.caps.placeholder);
      const tuples = batch.map((r) => `(${names.map((n) => p.add(r[n] ?? null)).join(", ")})`);
      const conflict = upsertKey ? ` ON CONFLICT (${q(upsertKey)}) DO UPDATE SET ${names.filter((n) => n !== upsertKey).map((n) => `${q(n)} = excluded.${q(n)}`).join(", ")}` : "";
      await this.ex.run(...p.bind(`INSERT INTO ${q(t.dbTable)} (${names.map(q).join(", ")}) VALUES ${tuples.join(", ")}${conflict}`));
    }
  }

  /** Writes (replacing) the entities of these datasets; `rows` are their ObsCore rows. */
  async upsert(registry: Registry, refs: readonly DatasetRef[], rows: readonly ObsCoreRow[]): Promise<void> {
    const byId = new Map(rows.map((r) => [r.dataset_id, r]));
    const built: Entities[] = [];
    for (const ref of refs) {
      const row = byId.get(ref.id);
      if (row) built.push(await entities(registry, ref, row));
    }
    if (built.length === 0) return;
    await this.deletePlanes(built.map((e) => String(e.plane.planeID)));
    const observations = new Map(built.map((e) => [String(e.observation.obsID), e.observation]));
    await this.insert(CAOM2_OBSERVATION, [...observations.values()], "obsID");
    await this.insert(CAOM2_PLANE, built.map((e) => e.plane));
    await this.insert(CAOM2_ARTIFACT, built.map((e) => e.artifact));
    await this.insert(CAOM2_PART, built.map((e) => e.part));
    await this.insert(CAOM2_CHUNK, built.map((e) => e.chunk));
    const inputs = built.flatMap((e) => e.inputIds.map((inputID) => ({ planeID: e.plane.planeID ?? null, inputID })));
    const uris = await this.planeUris(inputs.map((i) => i.inputID));
    await this.insert(CAOM2_PROVENANCE_INPUT, inputs.map((i) => ({ ...i, inputURI: uris.get(i.inputID) ?? null })));
  }

  private async planeUris(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const batch of chunks([...new Set(ids)], 500)) {
      const p = new Params(this.ex.caps.placeholder);
      const rows = await this.ex.all<{ planeID: string; uri: string }>(...p.bind(`SELECT "planeID", "uri" FROM "caom2_plane" WHERE "planeID" IN (${p.list(batch)})`));
      for (const r of rows) out.set(r.planeID, r.uri);
    }
    return out;
  }

  private async deletePlanes(ids: readonly string[]): Promise<void> {
    for (const batch of chunks(ids, 500)) {
      const p = new Params(this.ex.caps.placeholder);
      await this.ex.run(...p.bind(`DELETE FROM "caom2_plane" WHERE "planeID" IN (${p.list(batch)})`));
    }
  }

  /** Removes the planes of these datasets (artifacts, parts, chunks cascade) and emptied observations. */
  async deleteByDatasetIds(ids: readonly string[]): Promise<void> {
    await this.deletePlanes(ids);
    await this.ex.run(`DELETE FROM "caom2_observation" WHERE NOT EXISTS (SELECT 1 FROM "caom2_plane" AS "p" WHERE "p"."obsID" = "caom2_observation"."obsID")`);
  }

  /** Replaces every CAOM2 row (rebuild). */
  async replaceAll(registry: Registry, refs: readonly DatasetRef[], rows: readonly ObsCoreRow[]): Promise<void> {
    for (const t of ["caom2_provenance_input", "caom2_chunk", "caom2_part", "caom2_artifact", "caom2_plane", "caom2_observation"]) await this.ex.run(`DELETE FROM ${q(t)}`);
    await this.upsert(registry, refs, rows);
    // Inputs written before their own planes in this pass get their URIs now.
    await this.ex.run(`UPDATE "caom2_provenance_input" SET "inputURI" = (SELECT "p"."uri" FROM "caom2_plane" AS "p" WHERE "p"."planeID" = "caom2_provenance_input"."inputID")`);
  }

  /** The planes a plane was made from (its provenance inputs that are published), by plane URI. */
  async inputPlanes(planeID: string): Promise<Row[]> {
    const p = new Params(this.ex.caps.placeholder);
    const sql = `SELECT "p".* FROM "caom2_provenance_input" AS "i" JOIN "caom2_plane" AS "p" ON "p"."planeID" = "i"."inputID" WHERE "i"."planeID" = ${p.add(planeID)} ORDER BY "p"."uri"`;
    return this.ex.all<Row>(...p.bind(sql));
  }

  /** One plane with its observation's URI, or undefined. */
  async plane(planeID: string): Promise<Row | undefined> {
    const p = new Params(this.ex.caps.placeholder);
    const rows = await this.ex.all<Row>(...p.bind(`SELECT * FROM "caom2_plane" WHERE "planeID" = ${p.add(planeID)}`));
    return rows[0];
  }
}
