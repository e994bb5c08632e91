/**
 * pgSphere spatial strategy (PostgreSQL): each region also stored as an `spoly` with a GiST index;
 * overlap tests use the `&&` operator against an spoly or scircle literal built from bound values.
 * Reference: pgSphere 1.2 documentation (types spoly, scircle; operator && for overlap).
 */
import { type ConvexPolygon, polygonRaDec } from "../../model/index.js";
import type { SkyRegionQuery } from "../registry.js";
import type { Params } from "../sql-registry/context.js";
import type { SpatialStrategy } from "./spatial.js";

/** pgSphere's text form of a polygon: {(ra1d, dec1d), ...} in degrees. */
export function spolyText(vertices: readonly (readonly [number, number])[]): string {
  return `{${vertices.map(([ra, dec]) => `(${ra.toPrecision(17)}d, ${dec.toPrecision(17)}d)`).join(", ")}}`;
}

export class PgSphereSpatial implements SpatialStrategy {
  rowColumns(region: ConvexPolygon | undefined, params: Params) {
    return { columns: [`"region_spoly"`], values: [region ? `CAST(${params.add(spolyText(polygonRaDec(region)))} AS spoly)` : "NULL"] };
  }

  async indexRegions(): Promise<void> {
    // The GiST index on region_spoly is maintained by PostgreSQL itself.
  }

  async unindexRegions(): Promise<void> {}

  overlaps(alias: string, _element: unknown, query: SkyRegionQuery, params: Params): string {
    if (query.kind === "circle") {
      const text = `<(${query.raDeg.toPrecision(17)}d, ${query.decDeg.toPrecision(17)}d), ${query.radiusDeg.toPrecision(17)}d>`;
      return `"${alias}"."region_spoly" && CAST(${params.add(text)} AS scircle)`;
    }
    return `"${alias}"."region_spoly" && CAST(${params.add(spolyText(query.vertices))} AS spoly)`;
  }
}
