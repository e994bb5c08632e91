/**
 * The access restriction of every published table, derived from the one ObsCore predicate
 * (sql.ts): ObsCore rows by their own release facts; CAOM2 planes, artifacts, parts and chunks by
 * the ObsCore row of their plane (a plane is a dataset); observations when one of their planes is
 * visible; provenance inputs when both ends may be seen (or the input is not published at all); a
 * visit's conditions when one of its ObsCore rows is visible — so a visit nobody may see yet is
 * absent from every table, and counts, joins and aggregates agree. SQL is over alias "r" with {n}
 * placeholders, as lib/adql's SchemaTable.restriction takes it.
 */
import type { Identity } from "../auth/index.js";
import type { AccessPolicy } from "./policy.js";
import { restrictionSql } from "./sql.js";

export interface RowRestriction {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

/** The ObsCore column naming a row's visit (LSST's extension column), for the visit table. */
export const OBSCORE_VISIT_COLUMN = "lsst_visit";

/**
 * Restrictions per physical table for a caller; undefined when the caller sees everything (admin).
 * `now` is an instant or the marker a caller binds and replaces at execution.
 */
export function tableRestrictions(policy: AccessPolicy, identity: Identity, now: Date | string): ReadonlyMap<string, RowRestriction> | undefined {
  const base = restrictionSql(policy, identity, now, `"o".`);
  if (!base) return undefined;
  const own = restrictionSql(policy, identity, now, `"r".`)!;
  const visiblePlanes = `(SELECT "o"."dataset_id" FROM "ivoa_obscore" AS "o" WHERE ${base.sql})`;
  const one = (sql: string): RowRestriction => ({ sql, params: base.params });
  const out = new Map<string, RowRestriction>([
    ["ivoa_obscore", own],
    ["caom2_plane", one(`"r"."planeID" IN ${visiblePlanes}`)],
    ["caom2_artifact", one(`"r"."planeID" IN ${visiblePlanes}`)],
    ["caom2_part", one(`"r"."artifactID" IN (SELECT "a"."artifactID" FROM "caom2_artifact" AS "a" WHERE "a"."planeID" IN ${visiblePlanes})`)],
    [
      "caom2_chunk",
      one(`"r"."partID" IN (SELECT "pt"."partID" FROM "caom2_part" AS "pt" JOIN "caom2_artifact" AS "a" ON "a"."artifactID" = "pt"."artifactID" WHERE "a"."planeID" IN ${visiblePlanes})`),
    ],
    ["caom2_observation", one(`"r"."obsID" IN (SELECT "p"."obsID" FROM "caom2_plane" AS "p" WHERE "p"."planeID" IN ${visiblePlanes})`)],
    [
      "skyport_visit",
      one(`EXISTS (SELECT 1 FROM "ivoa_obscore" AS "o" WHERE "o"."instrument_name" = "r"."instrument" AND "o"."${OBSCORE_VISIT_COLUMN}" = "r"."visit" AND ${base.sql})`),
    ],
  ]);
  // Two uses of the predicate: its placeholders are renumbered for the second copy.
  const shifted = base.sql.replace(/\{(\d+)\}/g, (_, i: string) => `{${Number(i) + base.params.length}}`);
  out.set("caom2_provenance_input", {
    sql: `"r"."planeID" IN ${visiblePlanes} AND ("r"."inputID" IN (SELECT "o"."dataset_id" FROM "ivoa_obscore" AS "o" WHERE ${shifted}) OR "r"."inputID" NOT IN (SELECT "o"."dataset_id" FROM "ivoa_obscore" AS "o"))`,
    params: [...base.params, ...base.params],
  });
  return out;
}
