/**
 * The PostgreSQL dialect: `$n` parameters, typed literals (so numeric results never come back as
 * NUMERIC strings), binary collation where order matters, and geometry as pgSphere values using
 * the GiST-indexed native columns (spoly for regions, spoint for positions) when a table has them.
 * Helper SQL functions (skyport_spoly …) are created by the TAP service's database set-up
 * (POSTGRES_ADQL_FUNCTIONS below).
 */
import type { AdqlType } from "../check/types.js";
import { numText } from "./common.js";
import type { GeometryDialect, GeometryOperand, SqlDialect } from "./dialect.js";
import { centroidOf } from "./geometry-functions.js";

const FLOAT_FUNCTIONS: Record<string, string> = {
  CEILING: "ceil", FLOOR: "floor", DEGREES: "degrees", RADIANS: "radians", EXP: "exp", LOG: "ln", LOG10: "log",
  SQRT: "sqrt", POWER: "power", SIN: "sin", COS: "cos", TAN: "tan", ASIN: "asin", ACOS: "acos", ATAN: "atan",
  ATAN2: "atan2", COT: "cot",
};

const dbl = (sql: string) => `CAST(${sql} AS double precision)`;
const num = (sql: string) => `CAST(${sql} AS numeric)`;

/** The position's native point when the table has one, else the operand itself. */
const pointSql = (g: GeometryOperand): string => g.position?.nativePoint ?? g.sql;

const geometry: GeometryDialect = {
  point: (ra, dec, bind, lit) => (lit ? `CAST(${bind(`(${numText(lit[0])}d, ${numText(lit[1])}d)`)} AS spoint)` : `spoint(radians(${ra}), radians(${dec}))`),
  circle: (center, radius, bind, lit) =>
    lit ? `CAST(${bind(`<(${numText(lit[0])}d, ${numText(lit[1])}d), ${numText(lit[2])}d>`)} AS scircle)` : `scircle(${center}, radians(${radius}))`,
  polygon(coords, bind, lit) {
    if (lit) {
      const pts: string[] = [];
      for (let i = 0; i + 1 < lit.length; i += 2) pts.push(`(${numText(lit[i] as number)}d, ${numText(lit[i + 1] as number)}d)`);
      return `CAST(${bind(`{${pts.join(", ")}}`)} AS spoly)`;
    }
    return `skyport_spoly(VARIADIC ARRAY[${coords.map(dbl).join(", ")}])`;
  },
  polygonOfPoints: (points) => `skyport_spoly_pts(VARIADIC ARRAY[${points.join(", ")}])`,
  storedColumn(sql, type, native) {
    if (native) return native;
    return type === "point" ? `skyport_dali_spoint(${sql})` : type === "circle" ? `skyport_dali_scircle(${sql})` : `skyport_dali_spoly(${sql})`;
  },
  contains: (a, b) => `${pointSql(a)} @ ${b.sql}`,
  intersects(a, b) {
    if (a.type === "point" && b.type === "point") return `${pointSql(a)} = ${pointSql(b)}`;
    if (a.type === "point") return `${pointSql(a)} @ ${b.sql}`;
    if (b.type === "point") return `${pointSql(b)} @ ${a.sql}`;
    return `${a.sql} && ${b.sql}`;
  },
  // Not NOT(…): the planner turns NOT (a && b) into pgSphere's negator operator, which answers
  // like && itself for polygons (pg_sphere 1.2); a cast hides the operator from that rewrite.
  negate: (condition) => `CAST((${condition}) AS integer) = 0`,
  predicateValue: (condition) => `CAST((${condition}) AS integer)`,
  distance: (a, b) => `degrees(${pointSql(a)} <-> ${pointSql(b)})`,
  distanceWithin(a, b, radius, radiusLiteral, strict, bind) {
    const [p, other] = a.position?.nativePoint ? [a, b] : [b, a];
    if (!p.position?.nativePoint || other.literal?.kind !== "point" || radiusLiteral === undefined) return undefined;
    const cone = `CAST(${bind(`<(${numText(other.literal.raDeg)}d, ${numText(other.literal.decDeg)}d), ${numText(radiusLiteral)}d>`)} AS scircle)`;
    return `${p.position.nativePoint} @ ${cone} AND degrees(${p.position.nativePoint} <-> ${other.sql}) ${strict ? "<" : "<="} ${radius}`;
  },
  area: (g) => (g.type === "point" ? "CAST(0 AS double precision)" : `degrees(degrees(area(${g.sql})))`),
  centroid(g) {
    if (g.type === "point") return g.sql;
    if (g.type === "circle") return `center(${g.sql})`;
    if (g.literal) {
      const c = centroidOf(g.literal);
      return `spoint(radians(${dbl(numText(c.raDeg))}), radians(${dbl(numText(c.decDeg))}))`;
    }
    if (g.text) return `skyport_dali_centroid(${g.text})`;
    throw new Error("CENTROID of a computed polygon is not supported on this engine");
  },
  coord: (p, axis) => `degrees(${axis === 1 ? "long" : "lat"}(${pointSql(p)}))`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: "postgres",
  placeholder: (n) => `$${n}`,
  number: (text, t) => (t === "int" ? `CAST(${text} AS bigint)` : dbl(text)),
  string: (ph) => `CAST(${ph} AS text)`,
  limit(limit, offset) {
    return `${limit === undefined ? "" : ` LIMIT ${limit}`}${offset === undefined ? "" : ` OFFSET ${offset}`}`;
  },
  nullsOrder: () => "",
  binaryCollate: (sql) => `((${sql}) COLLATE "C")`,
  func(name, args, types) {
    const a0 = args[0] ?? "";
    switch (name) {
      case "ABS":
        return `abs(${a0})`;
      case "PI":
        return "pi()";
      case "RAND":
        return "random()";
      case "LOWER":
      case "UPPER":
        return `${name.toLowerCase()}(${a0})`;
      case "MOD":
        return types[0] === "int" && types[1] === "int" ? `mod(${a0}, ${args[1]})` : dbl(`mod(${num(a0)}, ${num(args[1] ?? "1")})`);
      case "ROUND":
        return dbl(`round(${num(a0)}, ${args[1] === undefined ? "0" : `CAST(${args[1]} AS integer)`})`);
      case "TRUNCATE":
        return dbl(`trunc(${num(a0)}, ${args[1] === undefined ? "0" : `CAST(${args[1]} AS integer)`})`);
      default: {
        const f = FLOAT_FUNCTIONS[name];
        if (!f) throw new Error(`no PostgreSQL spelling for ${name}`);
        return `${f}(${args.map(dbl).join(", ")})`;
      }
    }
  },
  cast(sql, target, length, from: AdqlType) {
    switch (target) {
      case "SMALLINT":
      case "INTEGER":
      case "BIGINT": {
        const t = target === "BIGINT" ? "bigint" : target === "SMALLINT" ? "smallint" : "integer";
        return from === "float" ? `CAST(trunc(${sql}) AS ${t})` : `CAST(${sql} AS ${t})`;
      }
      case "REAL":
        return dbl(`CAST(${sql} AS real)`);
      case "DOUBLE PRECISION":
        return dbl(sql);
      case "VARCHAR":
        return length === undefined ? `CAST(${sql} AS text)` : `CAST(${sql} AS varchar(${length}))`;
      case "CHAR":
        return `CAST(${sql} AS char(${length ?? 1}))`;
      case "TIMESTAMP":
        return `to_char(CAST(${sql} AS timestamp), 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
      default:
        throw new Error(`no PostgreSQL cast to ${target}`);
    }
  },
  aggregate(name, distinct, arg, argType) {
    const call = `${name}(${arg === undefined ? "*" : `${distinct ? "DISTINCT " : ""}${arg}`})`;
    if (name === "SUM") return argType === "int" ? `CAST(${call} AS bigint)` : dbl(call);
    if (name === "AVG") return dbl(call);
    return call;
  },
  like: (operand, pattern, insensitive, not) => `${operand} ${not ? "NOT " : ""}${insensitive ? "ILIKE" : "LIKE"} ${pattern} ESCAPE ''`,
  bitwise: (op, l, r) => `(${l} ${op === "^" ? "#" : op} ${r})`,
  bitNot: (sql) => `(~${sql})`,
  setOperation: (op, all, left, right) => `${left} ${op}${all ? " ALL" : ""} ${right}`,
  geometry,
};

/** The helper functions the PostgreSQL dialect calls (created idempotently at start-up). */
export const POSTGRES_ADQL_FUNCTIONS: readonly string[] = [
  `CREATE OR REPLACE FUNCTION skyport_spoly(VARIADIC c float8[]) RETURNS spoly LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT CAST('{' || string_agg('(' || c[2 * i - 1] || 'd,' || c[2 * i] || 'd)', ',' ORDER BY i) || '}' AS spoly)
     FROM generate_series(1, array_length(c, 1) / 2) AS i $$`,
  `CREATE OR REPLACE FUNCTION skyport_spoly_pts(VARIADIC p spoint[]) RETURNS spoly LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT CAST('{' || string_agg('(' || degrees(long(p[i])) || 'd,' || degrees(lat(p[i])) || 'd)', ',' ORDER BY i) || '}' AS spoly)
     FROM generate_series(1, array_length(p, 1)) AS i $$`,
  `CREATE OR REPLACE FUNCTION skyport_dali_numbers(t text) RETURNS float8[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT CAST(regexp_split_to_array(btrim(t), '\\s+') AS float8[]) $$`,
  `CREATE OR REPLACE FUNCTION skyport_dali_spoly(t text) RETURNS spoly LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT skyport_spoly(VARIADIC skyport_dali_numbers(t)) $$`,
  `CREATE OR REPLACE FUNCTION skyport_dali_spoint(t text) RETURNS spoint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT spoint(radians(a[1]), radians(a[2])) FROM (SELECT skyport_dali_numbers(t) AS a) AS s $$`,
  `CREATE OR REPLACE FUNCTION skyport_dali_scircle(t text) RETURNS scircle LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT scircle(spoint(radians(a[1]), radians(a[2])), radians(a[3])) FROM (SELECT skyport_dali_numbers(t) AS a) AS s $$`,
  `CREATE OR REPLACE FUNCTION skyport_dali_centroid(t text) RETURNS spoint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT spoint(atan2(sy, sx), atan2(sz, sqrt(sx * sx + sy * sy))) FROM (
       SELECT sum(cos(radians(a[2 * i])) * cos(radians(a[2 * i - 1]))) AS sx, sum(cos(radians(a[2 * i])) * sin(radians(a[2 * i - 1]))) AS sy,
              sum(sin(radians(a[2 * i]))) AS sz
       FROM (SELECT skyport_dali_numbers(t) AS a) AS s, generate_series(1, array_length(a, 1) / 2) AS i) AS v $$`,
];
