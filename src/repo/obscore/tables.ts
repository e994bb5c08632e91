/**
 * The TAP_SCHEMA description of every table this folder maintains — `ivoa.ObsCore` (with the
 * configured extension columns), the CAOM 2.4 tables and the visit conditions table — with their
 * foreign keys, in one value the TAP service publishes unchanged (TAP 1.1 §4).
 */
import { CAOM2_KEYS, CAOM2_TABLES } from "./caom2/schema.js";
import type { ObsCoreConfig } from "./config.js";
import { charCol, doubleCol, longCol, OBSCORE_COLUMNS, type TapColumn, type TapSchemaDescription, type TapTable } from "./tap-schema.js";
import { VISIT_TABLE_DESCRIPTION } from "./visits.js";

/** The configured extension columns as TAP columns (std = false). */
export function extraTapColumns(config: ObsCoreConfig): TapColumn[] {
  return Object.entries(config.extra_columns).map(([name, c]) => {
    const make = c.type === "string" ? charCol : c.type === "int" ? longCol : doubleCol;
    return make(name, c.description, { std: false, indexed: c.indexed ?? false, ...(c.ucd ? { ucd: c.ucd } : {}), ...(c.unit ? { unit: c.unit } : {}) });
  });
}

/** The `ivoa.ObsCore` table description for a configuration. */
export function obsCoreTapTable(config: ObsCoreConfig): TapTable {
  return {
    schema: "ivoa",
    name: "ivoa.ObsCore",
    dbTable: "ivoa_obscore",
    description: `ObsCore 1.1 metadata of the images of ${config.obs_collection}, one row per dataset, kept in step with the repository.`,
    utype: "ivo://ivoa.net/std/ObsCore#core-1.1",
    columns: [...OBSCORE_COLUMNS, ...extraTapColumns(config)],
    regionIndex: { column: "s_region", pixelTable: "ivoa_obscore_pix", key: "dataset_id", order: 8, nativeColumn: "pgs_region" },
    positionIndex: { ra: "s_ra", dec: "s_dec", nativeColumn: "pgs_position" },
  };
}

/** Everything this folder publishes, for TAP_SCHEMA and /tables. */
export function tapSchemaDescription(config: ObsCoreConfig): TapSchemaDescription {
  return {
    schemas: [
      { name: "ivoa", description: "IVOA-standard data model tables (ObsCore 1.1).", utype: "ivo://ivoa.net/std/ObsCore#core-1.1" },
      { name: "caom2", description: "CAOM 2.4 observation, plane, artifact, part and chunk tables with plane provenance.", utype: "caom2" },
      { name: "skyport", description: "Skyport tables: per-visit observing conditions." },
    ],
    tables: [obsCoreTapTable(config), ...CAOM2_TABLES, VISIT_TABLE_DESCRIPTION],
    keys: [
      ...CAOM2_KEYS,
      {
        keyId: "obscore_visit",
        fromTable: "ivoa.ObsCore",
        targetTable: "skyport.visit",
        description: "The visit (observing conditions) of an ObsCore row.",
        columns: [
          { from: "instrument_name", target: "instrument" },
          { from: "lsst_visit", target: "visit" },
        ],
      },
    ],
  };
}
