/**
 * The SQLite dialect: named parameters, `LIMIT -1` for a bare OFFSET, PostgreSQL's NULL ordering
 * made explicit, and geometry as DALI text handled by the functions of geometry-functions.ts,
 * with a HEALPix pixel prefilter (indexed regions) or a declination band (position columns)
 * in front of the exact test (STYLE.md §4).
 */
import type { AdqlType } from "../check/types.js";
import { decBand, numText, pixelPrefilter } from "./common.js";
import type { Bind, GeometryDialect, GeometryOperand, SqlDialect } from "./dialect.js";

const FUNCTIONS: Record<string, string> = {
  ABS: "abs", CEILING: "ceil", FLOOR: "floor", DEGREES: "degrees", RADIANS: "radians", EXP: "exp", LOG: "adql_ln",
  LOG10: "adql_log10", SQRT: "adql_sqrt", POWER: "pow", PI: "pi", SIN: "sin", COS: "cos", TAN: "tan", ASIN: "asin",
  ACOS: "acos", ATAN: "atan", ATAN2: "atan2", COT: "adql_cot", MOD: "adql_mod", ROUND: "adql_round",
  TRUNCATE: "adql_truncate", LOWER: "lower", UPPER: "upper",
};

const and = (...parts: (string | undefined)[]): string => parts.filter((p) => p !== undefined).join(" AND ");

const geometry: GeometryDialect = {
  point: (ra, dec, bind, lit) => (lit ? bind(`${numText(lit[0])} ${numText(lit[1])}`) : `adql_point(${ra}, ${dec})`),
  circle: (center, radius, bind, lit) => (lit ? bind(lit.map(numText).join(" ")) : `adql_circle(${center}, ${radius})`),
  polygon: (coords, bind, lit) => (lit ? bind(lit.map(numText).join(" ")) : `adql_polygon(${coords.join(", ")})`),
  polygonOfPoints: (points) => `adql_polygon_pts(${points.join(", ")})`,
  storedColumn: (sql) => sql,
  contains(a, b, bind) {
    if (a.position) {
      return and(b.literal ? decBand(a.position.dec, b.literal) : undefined, `adql_point_in(${a.position.ra}, ${a.position.dec}, ${b.sql}) = 1`);
    }
    return and(prefilter(a, b, bind), `adql_contains(${a.sql}, ${b.sql}) = 1`);
  },
  intersects(a, b, bind) {
    if (a.position || b.position) {
      const [p, other] = a.position ? [a, b] : [b, a];
      const pos = p.position as NonNullable<GeometryOperand["position"]>;
      if (other.type === "point") return `adql_intersects(${a.sql}, ${b.sql}) = 1`;
      return and(other.literal ? decBand(pos.dec, other.literal) : undefined, `adql_point_in(${pos.ra}, ${pos.dec}, ${other.sql}) = 1`);
    }
    return and(prefilter(a, b, bind) ?? prefilter(b, a, bind), `adql_intersects(${a.sql}, ${b.sql}) = 1`);
  },
  negate: (condition) => `NOT (${condition})`,
  predicateValue: (condition) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`,
  distance: (a, b) => `adql_distance(${a.sql}, ${b.sql})`,
  distanceWithin(a, b, radius, radiusLiteral, strict) {
    const [p, other] = a.position ? [a, b] : [b, a];
    const exact = `adql_distance(${a.sql}, ${b.sql}) ${strict ? "<" : "<="} ${radius}`;
    if (!p.position || !other.literal || radiusLiteral === undefined) return undefined;
    return and(decBand(p.position.dec, other.literal, radiusLiteral), exact);
  },
  area: (g) => `adql_area(${g.sql})`,
  centroid: (g) => `adql_centroid(${g.sql})`,
  coord: (p, axis) => `adql_coord(${p.sql}, ${axis})`,
};

/** The pixel prefilter when `a` is an indexed column and `b` a literal region (ranges bound). */
function prefilter(a: GeometryOperand, b: GeometryOperand, bind: Bind): string | undefined {
  return a.indexed && b.literal ? pixelPrefilter(a.indexed, b.literal, bind) : undefined;
}

export const SQLITE_DIALECT: SqlDialect = {
  name: "sqlite",
  placeholder: (n) => `@p${n}`,
  number: (text) => text,
  string: (ph) => ph,
  limit(limit, offset) {
    if (limit === undefined) return offset === undefined ? "" : ` LIMIT -1 OFFSET ${offset}`;
    return ` LIMIT ${limit}${offset === undefined ? "" : ` OFFSET ${offset}`}`;
  },
  nullsOrder: (dir) => (dir === "ASC" ? " NULLS LAST" : " NULLS FIRST"),
  binaryCollate: (sql) => sql,
  func(name, args) {
    if (name === "RAND") return "((random() / 18446744073709551616.0) + 0.5)";
    if (name === "ROUND" || name === "TRUNCATE") return `${FUNCTIONS[name]}(${args[0]}, ${args[1] ?? "0"})`;
    const f = FUNCTIONS[name];
    if (!f) throw new Error(`no SQLite spelling for ${name}`);
    return `${f}(${args.join(", ")})`;
  },
  cast(sql, target, length, from: AdqlType) {
    switch (target) {
      case "SMALLINT":
      case "INTEGER":
      case "BIGINT":
        return `CAST(${sql} AS INTEGER)`;
      case "REAL":
        return `adql_float32(CAST(${sql} AS REAL))`;
      case "DOUBLE PRECISION":
        return `CAST(${sql} AS REAL)`;
      case "VARCHAR": {
        const text = from === "int" || from === "float" ? `adql_text(${sql})` : `CAST(${sql} AS TEXT)`;
        return length === undefined ? text : `substr(${text}, 1, ${length})`;
      }
      case "CHAR": {
        const text = from === "int" || from === "float" ? `adql_text(${sql})` : `CAST(${sql} AS TEXT)`;
        return `adql_char(${text}, ${length ?? 1})`;
      }
      case "TIMESTAMP":
        return `adql_timestamp(${sql})`;
      default:
        throw new Error(`no SQLite cast to ${target}`);
    }
  },
  aggregate: (name, distinct, arg) => `${name}(${arg === undefined ? "*" : `${distinct ? "DISTINCT " : ""}${arg}`})`,
  like: (operand, pattern, insensitive, not) =>
    insensitive ? `adql_lower(${operand}) ${not ? "NOT " : ""}LIKE adql_lower(${pattern})` : `${operand} ${not ? "NOT " : ""}LIKE ${pattern}`,
  bitwise: (op, l, r) => (op === "^" ? `((${l} | ${r}) - (${l} & ${r}))` : `(${l} ${op} ${r})`),
  bitNot: (sql) => `(~${sql})`,
  setOperation(op, all, left, right, columns) {
    if (!all || op === "UNION") return `${left} ${op}${all ? " ALL" : ""} ${right}`;
    // SQLite has no INTERSECT/EXCEPT ALL: number the duplicates of each row on both sides, so the
    // plain set operation keeps min(m, n) (INTERSECT) or max(m − n, 0) (EXCEPT) copies.
    const cols = Array.from({ length: columns }, (_, i) => `"c${i}"`).join(", ");
    const numbered = (sql: string) => `SELECT ${cols}, ROW_NUMBER() OVER (PARTITION BY ${cols}) AS "rn" FROM (${sql})`;
    return `SELECT ${cols} FROM (${numbered(left)} ${op} ${numbered(right)})`;
  },
  geometry,
};

export type { Bind };
