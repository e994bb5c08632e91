/**
 * SQLite spatial strategy (STYLE.md §4): every region is indexed by the NESTED HEALPix pixel ranges
 * that cover it at INDEX_ORDER, in a side table with a B-tree; a query covers its own region at the
 * same order and joins on overlapping ranges (the prefilter), then an exact test registered from
 * src/lib/sphere decides. Both steps use the same geometry code as every other caller.
 */
import { type ConvexPolygon, type DimensionElement, decodeConvexPolygon, isDimension, polygonRaDec } from "../../model/index.js";
import { circle, intersects, polygon, type Region } from "../../../lib/sphere/index.js";
import type { SkyRegionQuery } from "../registry.js";
import { identifyingColumns, skypixTable } from "../schema.js";
import { quoteIdent as q, type SqlExecutor } from "../sql/database.js";
import type { SqliteDatabase } from "../sql/sqlite.js";
import { chunks, Params } from "../sql-registry/context.js";
import { convexPolygonOverlapsCap, type PreparedCap, prepareCap, verticesFromHex } from "./cap-test.js";
import type { SpatialCandidates, SpatialStrategy } from "./spatial.js";

/**
 * HEALPix order of an element's index, chosen so a typical region touches a handful of pixels:
 * order 9 (6.9′ pixels) for detector-sized regions, order 7 (27′) for visits and patches, order 5
 * (1.8°) for tracts and anything else large.
 */
export function indexOrder(element: DimensionElement): number {
  if (element.name === "tract") return 5;
  if (element.name === "visit" || element.name === "patch") return 7;
  return element.requires.length >= 3 ? 9 : 7;
}

/** Inclusive coverage of a region by NESTED pixel ranges [begin, end) at an order. */
export type CoverRanges = (region: Region, order: number) => readonly (readonly [number, number])[];

function regionOfPolygon(p: ConvexPolygon): Region {
  return polygon(polygonRaDec(p).map(([raDeg, decDeg]) => ({ raDeg, decDeg })));
}

export function regionOfQuery(query: SkyRegionQuery): Region {
  return query.kind === "circle"
    ? circle(query.raDeg, query.decDeg, query.radiusDeg)
    : polygon(query.vertices.map(([raDeg, decDeg]) => ({ raDeg, decDeg })));
}

/** A tiny cache: the same encoded polygon is tested against many queries in one statement. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string, make: () => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make();
      if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value as string);
      this.map.set(key, v);
    }
    return v;
  }
}

export class HealpixRangeSpatial implements SpatialStrategy {
  private readonly polygons = new LruCache<Region>(4096);
  private readonly queries = new LruCache<{ region: Region; cap: PreparedCap | undefined }>(64);

  constructor(
    db: SqliteDatabase,
    private readonly cover: CoverRanges,
  ) {
    db.registerFunction("skyport_region_overlaps", (regionHex: unknown, queryJson: unknown) => {
      if (typeof regionHex !== "string" || typeof queryJson !== "string") return 0;
      const q = this.queries.get(queryJson, () => {
        const query = JSON.parse(queryJson) as SkyRegionQuery;
        const cap = query.kind === "circle" ? prepareCap(query.raDeg, query.decDeg, query.radiusDeg) : undefined;
        return { region: regionOfQuery(query), cap };
      });
      // Cones against convex polygons (the common case) are tested on the vectors directly.
      if (q.cap) {
        const v = verticesFromHex(regionHex);
        if (v) return convexPolygonOverlapsCap(v, q.cap) ? 1 : 0;
      }
      const a = this.polygons.get(regionHex, () => regionOfPolygon(decodeConvexPolygon(regionHex)));
      return intersects(a, q.region) ? 1 : 0;
    });
  }

  rowColumns() {
    return { columns: [], values: [] };
  }

  private keyColumns(e: DimensionElement): string[] {
    return this.keyDimensions(e).map((c) => c.column);
  }

  private keyDimensions(e: DimensionElement): { column: string; dimension: string }[] {
    return isDimension(e) ? identifyingColumns(e) : e.requires.map((d) => ({ column: d, dimension: d }));
  }

  /** `"s"."pix" BETWEEN … OR "s"."pix" = …` over the query's coverage, or undefined when empty. */
  private rangeTerms(e: DimensionElement, query: SkyRegionQuery, params: Params): string | undefined {
    const ranges = this.cover(regionOfQuery(query), indexOrder(e));
    if (ranges.length === 0) return undefined;
    return ranges.map(([b, en]) => (en - b === 1 ? `"s"."pix" = ${params.add(b)}` : `"s"."pix" BETWEEN ${params.add(b)} AND ${params.add(en - 1)}`)).join(" OR ");
  }

  /** The exact test of the region of the row aliased `alias` against the query bound as `queryToken`. */
  private static exact(alias: string, queryToken: string): string {
    return `skyport_region_overlaps("${alias}"."region", ${queryToken}) = 1`;
  }

  async unindexRegions(ex: SqlExecutor, e: DimensionElement, keys: readonly (readonly (string | number)[])[]): Promise<void> {
    const cols = this.keyColumns(e);
    for (const key of keys) {
      const p = new Params(ex.caps.placeholder);
      await ex.run(...p.bind(`DELETE FROM ${q(skypixTable(e.name))} WHERE ${cols.map((c, i) => `${q(c)} = ${p.add(key[i]!)}`).join(" AND ")}`));
    }
  }

  async indexRegions(ex: SqlExecutor, e: DimensionElement, rows: readonly { key: readonly (string | number)[]; region: ConvexPolygon | undefined }[]): Promise<void> {
    await this.unindexRegions(ex, e, rows.map((r) => r.key));
    const cols = this.keyColumns(e);
    for (const row of rows) {
      if (!row.region) continue;
      const pixels: number[] = [];
      for (const [b, en] of this.cover(regionOfPolygon(row.region), indexOrder(e))) for (let pix = b; pix < en; pix++) pixels.push(pix);
      for (const part of chunks(pixels, 200)) {
        const p = new Params(ex.caps.placeholder);
        const values = part.map((pix) => `(${[...row.key.map((k) => p.add(k)), p.add(pix)].join(", ")})`).join(", ");
        await ex.run(...p.bind(`INSERT INTO ${q(skypixTable(e.name))} (${[...cols.map(q), `"pix"`].join(", ")}) VALUES ${values}`));
      }
    }
  }

  overlaps(alias: string, e: DimensionElement, query: SkyRegionQuery, params: Params): string {
    const rangeTerms = this.rangeTerms(e, query, params);
    if (rangeTerms === undefined) return "1 = 0";
    const cols = this.keyColumns(e);
    // The candidates are the keys of rows with a pixel in the query's coverage: a semi-join the
    // planner can drive from the pix index, then the exact test on the few candidates.
    const prefilter = `(${cols.map((c) => `"${alias}".${q(c)}`).join(", ")}) IN (SELECT ${cols.map((c) => `"s".${q(c)}`).join(", ")} FROM ${q(skypixTable(e.name))} AS "s" WHERE ${rangeTerms})`;
    return `${prefilter} AND ${HealpixRangeSpatial.exact(alias, params.add(JSON.stringify(query)))}`;
  }

  /**
   * The same prefilter as a distinct key list a query starts from. Materialised once, it spares
   * the planner's IN-list being built twice and lets cheap constraints on the candidates (a
   * visit's timespan, a dataset's band) run before the element row is read and tested exactly.
   */
  candidates(e: DimensionElement, query: SkyRegionQuery, params: Params): SpatialCandidates | undefined {
    const rangeTerms = this.rangeTerms(e, query, params);
    if (rangeTerms === undefined) return undefined;
    const columns = this.keyDimensions(e);
    const keysSql = `SELECT DISTINCT ${columns.map((c) => `"s".${q(c.column)}`).join(", ")} FROM ${q(skypixTable(e.name))} AS "s" WHERE ${rangeTerms}`;
    const queryParam = params.add(JSON.stringify(query));
    return { keysSql, columns, exact: (alias) => HealpixRangeSpatial.exact(alias, queryParam) };
  }
}
