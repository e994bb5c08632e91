/**
 * Butler `where` expressions compiled onto a query's joins. The language (lexer, parser, checks,
 * SQL generation) lives in ../query/expression; this is the registry's side of its target
 * interface: columns come from the join set (joining elements on demand), values go through the
 * statement's Params, regions through the engine's spatial strategy, globs through a capability.
 */
import { getElement } from "../../model/index.js";
import { compileWhere, type ExpressionSqlTarget, globForSqlite, globToRegex, lookupFromElements, type SphereRegionValue } from "../query/expression/index.js";
import type { SkyRegionQuery } from "../registry.js";
import { quoteIdent as q, type SqlValue } from "../sql/database.js";
import type { Params, RegistryContext } from "./context.js";
import { RegistryError } from "./context.js";
import type { FilterBase, JoinSet } from "./filters.js";

/** A tiny radius (degrees) that turns a point into a region the spatial strategies understand. */
const POINT_RADIUS_DEG = 1e-7;

/** Samples a RA/Dec range's constant-declination edges so the polygon follows them within ~1°. */
function rangePolygon(r: Extract<SphereRegionValue, { kind: "range" }>): SkyRegionQuery {
  const span = r.raMaxDeg - r.raMinDeg;
  const steps = Math.max(2, Math.ceil(span));
  const south: [number, number][] = [];
  const north: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const ra = r.raMinDeg + (span * i) / steps;
    south.push([ra, r.decMinDeg]);
    north.push([ra, r.decMaxDeg]);
  }
  return { kind: "polygon", vertices: [...south, ...north.reverse()] };
}

/** The spatial strategies' query region for an expression's region value. */
export function skyRegionOf(v: SphereRegionValue): SkyRegionQuery {
  switch (v.kind) {
    case "circle":
      return { kind: "circle", raDeg: v.raDeg, decDeg: v.decDeg, radiusDeg: v.radiusDeg };
    case "point":
      return { kind: "circle", raDeg: v.raDeg, decDeg: v.decDeg, radiusDeg: POINT_RADIUS_DEG };
    case "polygon":
      return { kind: "polygon", vertices: v.vertices.map((p) => [p[0], p[1]] as [number, number]) };
    case "box": {
      const hw = v.widthDeg / 2 / Math.max(1e-9, Math.cos((v.decDeg * Math.PI) / 180));
      const hh = v.heightDeg / 2;
      return { kind: "polygon", vertices: [[v.raDeg - hw, v.decDeg - hh], [v.raDeg + hw, v.decDeg - hh], [v.raDeg + hw, v.decDeg + hh], [v.raDeg - hw, v.decDeg + hh]] };
    }
    case "range":
      return rangePolygon(v);
  }
}

/** Compiles a where expression to a SQL condition; values are bound through `params`. */
export function compileWhereExpression(
  ctx: RegistryContext,
  base: FilterBase,
  joins: JoinSet,
  expression: string,
  bind: Readonly<Record<string, unknown>>,
  params: Params,
  datasetTypes: readonly string[],
): string {
  const isDatasetQuery = base.element === undefined;
  const target: ExpressionSqlTarget = {
    column(element, field) {
      if (isDatasetQuery && datasetTypes.includes(element)) {
        if (field === "dataset_id") return `"d"."id"`;
        if (field === "run") return `"rc"."name"`;
        if (field === "ingest_date") return `"d"."ingest_date"`;
        throw new RegistryError(`dataset type ${element} has no field ${field}`);
      }
      if (field === null) {
        if (element === "ingest_date") {
          if (!isDatasetQuery) throw new RegistryError("ingest_date exists only in dataset queries");
          return `"d"."ingest_date"`;
        }
        return joins.dimension(element);
      }
      // The expression checker has verified that `field` belongs to `element`.
      return `${q(joins.alias(element))}.${q(field)}`;
    },
    timespanColumns(element) {
      const a = q(joins.alias(element));
      return { begin: `${a}."timespan_begin"`, end: `${a}."timespan_end"` };
    },
    placeholder: ctx.ex.caps.placeholder,
    regionOverlaps(element, _field, region) {
      const e = getElement(ctx.universe, element);
      return ctx.spatial.overlaps(joins.alias(element), e, skyRegionOf(region), params);
    },
    glob(expr, pattern, bindParam) {
      return ctx.ex.caps.globMatch === "glob" ? `${expr} GLOB ${bindParam(globForSqlite(pattern))}` : `${expr} ~ ${bindParam(globToRegex(pattern))}`;
    },
  };
  const lookup = lookupFromElements(ctx.universe.elements.values(), datasetTypes);
  const fragment = compileWhere(expression, { lookup, bind, target, addParam: (v: unknown) => params.add(v as SqlValue) });
  return fragment.sql;
}
