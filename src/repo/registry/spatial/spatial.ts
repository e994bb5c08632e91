/**
 * How an engine indexes and tests sky regions (STYLE.md §4): PostgreSQL keeps a pgSphere polygon
 * beside each region with a GiST index; SQLite keeps HEALPix pixel ranges in a side table as a
 * prefilter and tests candidates exactly with functions from src/lib/sphere.
 */
import type { ConvexPolygon, DimensionElement } from "../../model/index.js";
import type { SqlExecutor } from "../sql/database.js";
import type { Params } from "../sql-registry/context.js";
import type { SkyRegionQuery } from "../registry.js";

export interface SpatialStrategy {
  /**
   * Extra columns and value SQL for an element row holding `region` (pgSphere's spoly column);
   * empty for strategies that index in a side table.
   */
  rowColumns(region: ConvexPolygon | undefined, params: Params): { columns: string[]; values: string[] };
  /** Indexes the regions of rows just written (SQLite: replaces their HEALPix ranges). */
  indexRegions(ex: SqlExecutor, element: DimensionElement, rows: readonly { key: readonly (string | number)[]; region: ConvexPolygon | undefined }[]): Promise<void>;
  /** Removes the index entries of rows (by identifying key values). */
  unindexRegions(ex: SqlExecutor, element: DimensionElement, keys: readonly (readonly (string | number)[])[]): Promise<void>;
  /**
   * A SQL condition true when the region of the element row aliased `alias` overlaps `query`.
   * Values go into `params`.
   */
  overlaps(alias: string, element: DimensionElement, query: SkyRegionQuery, params: Params): string;
  /**
   * Optional, for strategies whose index is a side table: the candidate rows of `element` for
   * `query` as a statement a query can start from (`keysSql` selects the distinct identifying
   * columns `columns` of a superset of the overlapping rows), and the exact test to apply to the
   * element row aliased `alias` once it is joined. Undefined when the strategy has no such form.
   * `candidates` + `exact` select exactly the rows `overlaps` selects.
   */
  candidates?(element: DimensionElement, query: SkyRegionQuery, params: Params): SpatialCandidates | undefined;
}

/** See SpatialStrategy.candidates. */
export interface SpatialCandidates {
  /** SELECT DISTINCT of the identifying columns of the candidate rows (bound values in Params). */
  readonly keysSql: string;
  /** The identifying columns it returns, with the dimension each holds. */
  readonly columns: readonly { readonly column: string; readonly dimension: string }[];
  /** The exact overlap condition on the element row aliased `alias`. */
  exact(alias: string): string;
}
