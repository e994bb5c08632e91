/**
 * The compile step (STYLE.md §4 step 4): a checked ADQL query to one SQL SELECT for a dialect.
 * Identifiers in the SQL come only from checked metadata (physical table and column names) or are
 * generated (`t<n>` range variables, `c<n>` result columns, `w<n>` CTEs); string values are bound
 * parameters; numeric literals are inlined only after they match the numeric-literal pattern.
 * Result columns are always named `c0, c1, …` so the caller maps them to FIELDs by position.
 */
import type { Identifier } from "../ast/common.js";
import type { ColumnRef, Condition, FunctionCall, ValueExpr } from "../ast/expressions.js";
import type { Query, QueryBody, Select, TableRef } from "../ast/query.js";
import type { Analysis, OutputColumn } from "../check/checker.js";
import { AdqlCheckError } from "../check/errors.js";
import type { ColumnResolution, RangeVar, StarColumn } from "../check/scope.js";
import { type AdqlType, isGeometry } from "../check/types.js";
import { box, circle, GeometryError, type Region, point as pointRegion, polygonFromFlat } from "../../sphere/index.js";
import type { BoundValue, GeometryOperand, SqlDialect } from "./dialect.js";
import { quoteName } from "./common.js";
import { centroidOf } from "./geometry-functions.js";

export interface CompileOptions {
  /** Row limit of the whole result (MAXREC + 1 for overflow detection), combined with TOP. */
  readonly limit?: number | undefined;
  /**
   * A SQL function (e.g. a deadline check) called in every SELECT that reads tables, with one
   * column of each of its range variables so that the engine evaluates it per joined row rather
   * than once per outer row; it returns 1.
   */
  readonly rowGuard?: string | undefined;
}

export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly BoundValue[];
  readonly columns: readonly OutputColumn[];
}

const NUMERIC_LITERAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^0[xX][0-9a-fA-F]+$/;

/** Compiles a checked query. */
export function compileQuery(query: Query, analysis: Analysis, dialect: SqlDialect, options: CompileOptions = {}): CompiledQuery {
  const c = new Compiler(analysis, dialect, options);
  try {
    const sql = c.query(query, { top: true, limit: options.limit });
    return { sql, params: c.params, columns: analysis.output };
  } catch (e) {
    // Literal shapes are built while compiling; an impossible one is the query's fault.
    if (e instanceof GeometryError) throw new AdqlCheckError(`invalid geometry: ${e.message}`, query.pos);
    throw e;
  }
}

const q = quoteName;
const alias = (rv: RangeVar): string => `"t${rv.id}"`;

class Compiler {
  readonly params: BoundValue[] = [];
  private wrapCounter = 0;

  constructor(
    private readonly a: Analysis,
    private readonly d: SqlDialect,
    private readonly options: CompileOptions,
  ) {}

  /** Drops values bound after `mark` (when a speculative compilation is thrown away). */
  private rollback(mark: number): void {
    this.params.length = mark;
  }

  readonly bind = (v: BoundValue): string => {
    this.params.push(v);
    return this.d.placeholder(this.params.length);
  };

  // ---- queries ---------------------------------------------------------------------------

  query(qy: Query, ctx: { top: boolean; limit?: number | undefined }): string {
    const parts: string[] = [];
    if (qy.with.length > 0) {
      const ctes = qy.with.map((cte) => {
        const info = this.a.ctes.get(cte);
        if (!info) throw new Error("unchecked CTE");
        const cols = info.columns.map((_, i) => `"c${i}"`).join(", ");
        return `"w${info.id}" (${cols}) AS (${this.query(cte.query, { top: false })})`;
      });
      parts.push(`WITH ${ctes.join(", ")} `);
    }
    const offset = qy.offset ? Number(qy.offset.text) : undefined;
    const body = qy.body;
    if (body.kind === "select" && !(body.quantifier === "DISTINCT" && qy.orderBy.length > 0)) {
      const top = body.top ? Number(body.top.text) : undefined;
      const limit = minDefined(top, ctx.limit);
      parts.push(this.select(body, ctx.top));
      parts.push(this.orderBy(qy, body));
      parts.push(this.d.limit(limit, offset));
      return parts.join("");
    }
    // Set operations, and DISTINCT with ORDER BY, are ordered and limited from outside.
    const top = body.kind === "select" && body.top ? Number(body.top.text) : undefined;
    const limit = minDefined(top, ctx.limit);
    const needsWrap = qy.orderBy.length > 0 || offset !== undefined || limit !== undefined;
    const inner = body.kind === "select" ? this.select(body, ctx.top) : this.body(body, ctx.top);
    if (!needsWrap) return parts.join("") + inner;
    const s = `"s${this.wrapCounter++}"`;
    const order = this.orderBy(qy, undefined, s);
    return `${parts.join("")}SELECT * FROM (${inner}) AS ${s}${order}${this.d.limit(limit, offset)}`;
  }

  private body(b: QueryBody, top: boolean): string {
    if (b.kind === "select") {
      if (b.top) return this.wrapped(`${this.select(b, top)}${this.d.limit(Number(b.top.text), undefined)}`);
      return this.select(b, top);
    }
    if (b.kind === "parenQuery") {
      const inner = this.query(b.query, { top });
      return b.query.body.kind === "select" && b.query.orderBy.length === 0 && !b.query.offset && !b.query.body.top && b.query.with.length === 0 ? inner : this.wrapped(inner);
    }
    const left = this.body(b.left, top);
    let right = this.body(b.right, top);
    if (b.right.kind === "setOperation") right = this.wrapped(right);
    return this.d.setOperation(b.op, b.all, left, right, this.columnCount(b));
  }

  private columnCount(b: QueryBody): number {
    if (b.kind === "select") return this.a.selects.get(b)?.length ?? 0;
    if (b.kind === "parenQuery") return this.columnCount(b.query.body);
    return this.columnCount(b.left);
  }

  private wrapped(sql: string): string {
    return `SELECT * FROM (${sql}) AS "s${this.wrapCounter++}"`;
  }

  private orderBy(qy: Query, sel: Select | undefined, wrapAlias?: string): string {
    if (qy.orderBy.length === 0) return "";
    const items = qy.orderBy.map((item) => {
      const target = this.a.orders.get(item);
      const dir = item.direction ?? "ASC";
      let sql: string;
      let type: AdqlType;
      if (target?.kind === "output") {
        const col = this.outputAt(qy, target.index);
        type = col?.type ?? "unknown";
        sql = sel ? this.selectItemSql(sel, target.index) : `${wrapAlias}."c${target.index}"`;
      } else {
        type = this.a.types.get(item.expr) ?? "unknown";
        sql = this.value(item.expr);
      }
      if (type === "string" || type === "timestamp") sql = this.d.binaryCollate(sql);
      return `${sql} ${dir}${this.d.nullsOrder(dir)}`;
    });
    return ` ORDER BY ${items.join(", ")}`;
  }

  private outputAt(qy: Query, index: number): OutputColumn | undefined {
    return this.outputsOf(qy)?.[index];
  }

  private outputsOf(qy: Query): readonly OutputColumn[] | undefined {
    let b: QueryBody = qy.body;
    while (b.kind !== "select") b = b.kind === "parenQuery" ? b.query.body : b.left;
    return this.a.selects.get(b);
  }

  /** The SQL of the n-th result column of a SELECT (after star expansion). */
  private selectItemSql(s: Select, index: number): string {
    let i = 0;
    for (const item of s.items) {
      if (item.kind === "selectExpr") {
        if (i === index) return this.value(item.expr);
        i++;
        continue;
      }
      const cols = this.a.stars.get(item) ?? [];
      if (index < i + cols.length) return this.starColumn(cols[index - i] as StarColumn, false);
      i += cols.length;
    }
    throw new Error(`no select item ${index}`);
  }

  private select(s: Select, top: boolean): string {
    const items: string[] = [];
    let n = 0;
    for (const item of s.items) {
      if (item.kind === "selectExpr") {
        const t = this.a.types.get(item.expr) ?? "unknown";
        let sql: string;
        if (item.expr.kind === "column" && isGeometry(t) && t !== "unknown") {
          // Stored geometry: text at the top (exact DALI values), the geometry form inside.
          sql = top ? this.value(item.expr) : this.geometry(item.expr).sql;
        } else sql = this.value(item.expr);
        items.push(`${sql} AS "c${n++}"`);
        continue;
      }
      for (const c of this.a.stars.get(item) ?? []) items.push(`${this.starColumn(c, !top)} AS "c${n++}"`);
    }
    let sql = `SELECT ${s.quantifier === "DISTINCT" ? "DISTINCT " : ""}${items.join(", ")}`;
    if (s.from.length > 0) sql += ` FROM ${s.from.map((t) => this.fromItem(t)).join(" CROSS JOIN ")}`;
    const where: string[] = [];
    if (s.where) where.push(this.condition(s.where));
    if (this.options.rowGuard && s.from.length > 0) {
      const cols = s.from.flatMap((t) => this.rangeVarsOf(t)).map((rv) => `${alias(rv)}.${q(rv.columns[0]?.sql ?? "c0")}`);
      where.push(`${q(this.options.rowGuard)}(${cols.join(", ")}) = 1`);
    }
    if (where.length > 0) sql += ` WHERE ${where.length === 1 ? where[0] : where.map((w) => `(${w})`).join(" AND ")}`;
    if (s.groupBy.length > 0) sql += ` GROUP BY ${s.groupBy.map((g) => this.groupItem(g, s)).join(", ")}`;
    if (s.having) sql += ` HAVING ${this.condition(s.having)}`;
    return sql;
  }

  private rangeVarsOf(t: TableRef): RangeVar[] {
    if (t.kind === "table" || t.kind === "derived") {
      const rv = this.a.tables.get(t);
      return rv ? [rv] : [];
    }
    if (t.kind === "parenJoin") return this.rangeVarsOf(t.table);
    return [...this.rangeVarsOf(t.left), ...this.rangeVarsOf(t.right)];
  }

  private groupItem(g: ValueExpr, s: Select): string {
    const r = g.kind === "column" ? this.a.columns.get(g) : undefined;
    if (r?.kind === "output") return this.selectItemSql(s, r.index);
    return this.value(g);
  }

  private starColumn(c: StarColumn, geometryForm: boolean): string {
    if (c.kind === "column") {
      const sql = `${alias(c.rangeVar)}.${q(c.column.sql)}`;
      if (geometryForm && isGeometry(c.column.type) && c.column.type !== "unknown" && c.rangeVar.table) {
        return this.d.geometry.storedColumn(sql, c.column.type, c.column.nativeGeometry ? `${alias(c.rangeVar)}.${q(c.column.nativeGeometry)}` : undefined);
      }
      return sql;
    }
    return this.merged(c);
  }

  private merged(c: Extract<ColumnResolution, { kind: "merged" }>): string {
    const sides = c.sides.map((s) => `${alias(s.rangeVar)}.${q(s.column.sql)}`);
    return c.full ? `COALESCE(${sides.join(", ")})` : (sides[0] as string);
  }

  // ---- FROM ------------------------------------------------------------------------------

  private fromItem(t: TableRef): string {
    switch (t.kind) {
      case "table": {
        const rv = this.a.tables.get(t);
        if (!rv) throw new Error("unchecked table");
        if (rv.cteName !== undefined) {
          const cte = [...this.a.ctes.entries()].find(([node]) => node.name.name === rv.cteName);
          return `"w${cte?.[1].id}" AS ${alias(rv)}`;
        }
        const table = rv.table;
        if (!table) throw new Error("unchecked table");
        if (table.restriction) {
          const cond = table.restriction.sql.replace(/\{(\d+)\}/g, (_, i: string) => this.bind(table.restriction?.params[Number(i)] as BoundValue));
          return `(SELECT * FROM ${q(table.sqlName)} AS "r" WHERE ${cond}) AS ${alias(rv)}`;
        }
        return `${q(table.sqlName)} AS ${alias(rv)}`;
      }
      case "derived": {
        const rv = this.a.tables.get(t);
        if (!rv) throw new Error("unchecked derived table");
        return `(${this.query(t.query, { top: false })}) AS ${alias(rv)}`;
      }
      case "parenJoin":
        return `(${this.fromItem(t.table)})`;
      case "join": {
        const left = this.fromItem(t.left);
        const right = this.fromItem(t.right);
        const kind = t.type === "CROSS" ? "CROSS JOIN" : t.type === "INNER" ? "INNER JOIN" : `${t.type} OUTER JOIN`;
        if (t.type === "CROSS") return `${left} CROSS JOIN ${right}`;
        let on: string;
        if (t.on) on = this.condition(t.on);
        else on = this.usingCondition(t) ?? "1 = 1";
        return `${left} ${kind} ${right} ON ${on}`;
      }
    }
  }

  /** NATURAL/USING as explicit equalities (physical names differ from published ones). */
  private usingCondition(t: Extract<TableRef, { kind: "join" }>): string | undefined {
    const terms: string[] = [];
    for (const m of this.a.joins.get(t) ?? []) {
      if (m.kind !== "merged") continue;
      const sides = m.sides.map((s) => `${alias(s.rangeVar)}.${q(s.column.sql)}`);
      const right = sides.pop();
      if (right === undefined || sides.length === 0) continue;
      // The last side is this join's right-hand column; the others come from earlier joins.
      terms.push(`${sides.length === 1 ? sides[0] : `COALESCE(${sides.join(", ")})`} = ${right}`);
    }
    return terms.length > 0 ? terms.join(" AND ") : undefined;
  }

  // ---- values ----------------------------------------------------------------------------

  value(e: ValueExpr): string {
    const t = this.a.types.get(e) ?? "unknown";
    switch (e.kind) {
      case "number": {
        if (!NUMERIC_LITERAL.test(e.text)) throw new Error(`not a numeric literal: ${e.text}`);
        const text = /^0x/i.test(e.text) ? BigInt(e.text).toString() : e.text;
        return this.d.number(text, t);
      }
      case "string":
        return this.d.string(this.bind(e.value));
      case "null":
        return "NULL";
      case "column":
        return this.column(e);
      case "paren":
        return `(${this.value(e.expr)})`;
      case "unary":
        if (e.op === "~") return this.d.bitNot(this.value(e.operand));
        return `${e.op}(${this.value(e.operand)})`;
      case "binary": {
        const l = this.value(e.left);
        const r = this.value(e.right);
        if (e.op === "&" || e.op === "|" || e.op === "^") return this.d.bitwise(e.op, l, r);
        if (e.op === "||") return `(${this.asText(e.left, l)} || ${this.asText(e.right, r)})`;
        return `(${l} ${e.op} ${r})`;
      }
      case "function":
        return this.func(e);
      case "aggregate": {
        const argType = e.arg ? (this.a.types.get(e.arg) ?? "unknown") : "unknown";
        return this.d.aggregate(e.name, e.quantifier === "DISTINCT", e.arg ? this.value(e.arg) : undefined, argType);
      }
      case "udf":
        throw new Error(`unchecked function ${e.name}`);
      case "cast":
        return this.d.cast(this.value(e.operand), e.target.name, e.target.length, this.a.types.get(e.operand) ?? "unknown");
      case "subquery":
        return `(${this.query(e.query, { top: false })})`;
      case "case": {
        const parts = ["CASE"];
        if (e.operand) parts.push(this.value(e.operand));
        for (const w of e.whens) {
          const when = e.operand ? this.value(w.when as ValueExpr) : this.condition(w.when as Condition);
          parts.push(`WHEN ${when} THEN ${this.value(w.result)}`);
        }
        if (e.otherwise) parts.push(`ELSE ${this.value(e.otherwise)}`);
        parts.push("END");
        return `(${parts.join(" ")})`;
      }
    }
  }

  private asText(e: ValueExpr, sql: string): string {
    const t = this.a.types.get(e);
    return t === "int" || t === "float" ? this.d.cast(sql, "VARCHAR", undefined, t) : sql;
  }

  private column(e: ColumnRef): string {
    const r = this.a.columns.get(e);
    if (!r) throw new Error("unchecked column");
    if (r.kind === "column") return `${alias(r.rangeVar)}.${q(r.column.sql)}`;
    if (r.kind === "merged") return this.merged(r);
    throw new Error("output reference outside ORDER BY/GROUP BY");
  }

  private func(e: FunctionCall): string {
    const g = this.d.geometry;
    switch (e.name) {
      case "POINT":
      case "CIRCLE":
      case "BOX":
      case "POLYGON":
        return this.geometry(e).sql;
      case "CONTAINS":
      case "INTERSECTS": {
        const [a, b] = e.args.map((x) => this.geometry(x)) as [GeometryOperand, GeometryOperand];
        const cond = e.name === "CONTAINS" ? g.contains(a, b, this.bind) : g.intersects(a, b, this.bind);
        return g.predicateValue(cond, a, b);
      }
      case "DISTANCE": {
        const [a, b] = this.distanceOperands(e);
        return g.distance(a, b);
      }
      case "AREA":
        return g.area(this.geometry(e.args[0] as ValueExpr));
      case "CENTROID":
        return this.geometry(e).sql;
      case "COORD1":
      case "COORD2":
        return g.coord(this.geometry(e.args[0] as ValueExpr), e.name === "COORD1" ? 1 : 2);
      case "COORDSYS":
        return this.d.string(this.bind("ICRS"));
      case "IN_UNIT": {
        const f = this.a.units.get(e) ?? 1;
        return `(${this.value(e.args[0] as ValueExpr)} * ${this.d.number(String(f), "float")})`;
      }
      case "COALESCE":
        return `COALESCE(${e.args.map((x) => this.value(x)).join(", ")})`;
      default: {
        const args = e.args.map((x) => this.value(x));
        const types = e.args.map((x) => this.a.types.get(x) ?? "unknown");
        return this.d.func(e.name, args, types);
      }
    }
  }

  private distanceOperands(e: FunctionCall): [GeometryOperand, GeometryOperand] {
    if (e.args.length === 4) {
      const [a, b, c, d] = e.args as [ValueExpr, ValueExpr, ValueExpr, ValueExpr];
      return [this.pointOperand(a, b), this.pointOperand(c, d)];
    }
    return e.args.map((x) => this.geometry(x)) as [GeometryOperand, GeometryOperand];
  }

  private pointOperand(raE: ValueExpr, decE: ValueExpr): GeometryOperand {
    const g = this.d.geometry;
    const ra = literalNumber(raE);
    const dec = literalNumber(decE);
    if (ra !== undefined && dec !== undefined) {
      return { sql: g.point("", "", this.bind, [ra, dec]), type: "point", literal: pointRegion(ra, dec) };
    }
    const raSql = this.value(raE);
    const decSql = this.value(decE);
    return { sql: g.point(raSql, decSql, this.bind), type: "point", position: this.positionOf(raE, decE, raSql, decSql) };
  }

  /** POINT(ra_col, dec_col) on a table's declared position columns. */
  private positionOf(raE: ValueExpr, decE: ValueExpr, raSql: string, decSql: string): GeometryOperand["position"] {
    const ra = raE.kind === "column" ? this.a.columns.get(raE) : undefined;
    const dec = decE.kind === "column" ? this.a.columns.get(decE) : undefined;
    if (ra?.kind !== "column" || dec?.kind !== "column" || ra.rangeVar !== dec.rangeVar) return { ra: raSql, dec: decSql };
    const pos = ra.rangeVar.positions.find((p) => p.ra === ra.column.sql && p.dec === dec.column.sql);
    return { ra: raSql, dec: decSql, nativePoint: pos?.nativePoint ? `${alias(ra.rangeVar)}.${q(pos.nativePoint)}` : undefined };
  }

  /** A geometry-valued expression as an operand (invalid literal shapes are the user's error). */
  geometry(e: ValueExpr): GeometryOperand {
    try {
      return this.geometryOperand(e);
    } catch (err) {
      if (err instanceof GeometryError) throw new AdqlCheckError(`invalid ${e.kind === "function" ? e.name : "geometry"}: ${err.message}`, e.pos);
      throw err;
    }
  }

  private geometryOperand(e: ValueExpr): GeometryOperand {
    const g = this.d.geometry;
    const t = this.a.types.get(e) ?? "unknown";
    if (e.kind === "paren") return this.geometry(e.expr);
    if (e.kind === "column") {
      const r = this.a.columns.get(e);
      if (r?.kind === "column") {
        const sql = `${alias(r.rangeVar)}.${q(r.column.sql)}`;
        if (!r.rangeVar.table) return { sql, type: t };
        const native = r.column.nativeGeometry ? `${alias(r.rangeVar)}.${q(r.column.nativeGeometry)}` : undefined;
        const idx = r.column.pixelIndex;
        return {
          sql: g.storedColumn(sql, t, native),
          text: sql,
          type: t,
          indexed: idx ? { key: `${alias(r.rangeVar)}.${q(idx.key)}`, index: idx } : undefined,
        };
      }
      return { sql: this.value(e), type: t };
    }
    if (e.kind === "function") {
      const lits = e.args.map(literalNumber);
      const allLit = lits.every((x) => x !== undefined) ? (lits as number[]) : undefined;
      switch (e.name) {
        case "POINT":
          return this.pointOperand(e.args[0] as ValueExpr, e.args[1] as ValueExpr);
        case "CIRCLE": {
          if (e.args.length === 3) {
            if (allLit) {
              const [ra, dec, r] = allLit as [number, number, number];
              return { sql: g.circle("", "", this.bind, [ra, dec, r]), type: "circle", literal: circle(ra, dec, r) };
            }
            const center = this.pointOperand(e.args[0] as ValueExpr, e.args[1] as ValueExpr);
            return { sql: g.circle(center.sql, this.value(e.args[2] as ValueExpr), this.bind), type: "circle" };
          }
          const mark = this.params.length;
          const center = this.geometry(e.args[0] as ValueExpr);
          const r = literalNumber(e.args[1] as ValueExpr);
          if (center.literal?.kind === "point" && r !== undefined) {
            this.rollback(mark);
            const lit: [number, number, number] = [center.literal.raDeg, center.literal.decDeg, r];
            return { sql: g.circle("", "", this.bind, lit), type: "circle", literal: circle(...lit) };
          }
          return { sql: g.circle(center.sql, this.value(e.args[1] as ValueExpr), this.bind), type: "circle" };
        }
        case "POLYGON": {
          if (e.args.length > 0 && e.args.every((x) => this.a.types.get(x) === "point")) {
            const mark = this.params.length;
            const pts = e.args.map((x) => this.geometry(x));
            if (pts.every((p) => p.literal?.kind === "point")) {
              this.rollback(mark);
              const flat = pts.flatMap((p) => (p.literal?.kind === "point" ? [p.literal.raDeg, p.literal.decDeg] : []));
              return { sql: g.polygon([], this.bind, flat), type: "polygon", literal: polygonFromFlat(flat) };
            }
            return { sql: g.polygonOfPoints(pts.map((p) => p.sql)), type: "polygon" };
          }
          if (allLit) return { sql: g.polygon([], this.bind, allLit), type: "polygon", literal: polygonFromFlat(allLit) };
          return { sql: g.polygon(e.args.map((x) => this.value(x)), this.bind), type: "polygon" };
        }
        case "BOX": {
          let nums = allLit;
          if (e.args.length === 3) {
            const mark = this.params.length;
            const c = this.geometry(e.args[0] as ValueExpr);
            this.rollback(mark);
            const w = literalNumber(e.args[1] as ValueExpr);
            const h = literalNumber(e.args[2] as ValueExpr);
            nums = c.literal?.kind === "point" && w !== undefined && h !== undefined ? [c.literal.raDeg, c.literal.decDeg, w, h] : undefined;
          }
          if (!nums) throw new AdqlCheckError("BOX needs numeric literal arguments (its corners are computed before the query runs)", e.pos);
          const [ra, dec, w, h] = nums as [number, number, number, number];
          const poly = box(ra, dec, w, h);
          const flat = poly.vertices.flatMap((v) => [v.raDeg, v.decDeg]);
          return { sql: g.polygon([], this.bind, flat), type: "polygon", literal: poly as Region };
        }
        case "CENTROID": {
          const mark = this.params.length;
          const arg = this.geometry(e.args[0] as ValueExpr);
          if (arg.literal) {
            // The centroid of a literal shape is a literal point (the same function on every engine).
            this.rollback(mark);
            const c = centroidOf(arg.literal);
            return { sql: g.point("", "", this.bind, [c.raDeg, c.decDeg]), type: "point", literal: pointRegion(c.raDeg, c.decDeg) };
          }
          if (arg.type === "polygon" && arg.text === undefined) {
            throw new AdqlCheckError("CENTROID of a computed polygon is not supported; use a polygon column or literal", e.pos);
          }
          return { sql: g.centroid(arg), type: "point" };
        }
        default:
          break;
      }
    }
    return { sql: this.value(e), type: t };
  }

  // ---- conditions ------------------------------------------------------------------------

  condition(c: Condition): string {
    switch (c.kind) {
      case "comparison": {
        const pred = this.geometryPredicate(c);
        if (pred !== undefined) return pred;
        const within = this.distanceCondition(c);
        if (within !== undefined) return within;
        let l = this.value(c.left);
        let r = this.value(c.right);
        const lt = this.a.types.get(c.left);
        if ((lt === "string" || lt === "timestamp") && c.op !== "=" && c.op !== "<>") {
          l = this.d.binaryCollate(l);
          r = this.d.binaryCollate(r);
        }
        return `${l} ${c.op} ${r}`;
      }
      case "between": {
        const t = this.a.types.get(c.operand);
        const wrap = (s: string) => (t === "string" || t === "timestamp" ? this.d.binaryCollate(s) : s);
        return `${wrap(this.value(c.operand))} ${c.not ? "NOT " : ""}BETWEEN ${wrap(this.value(c.low))} AND ${wrap(this.value(c.high))}`;
      }
      case "like":
        return this.d.like(this.value(c.operand), this.value(c.pattern), c.insensitive, c.not);
      case "isNull":
        return `${this.value(c.operand)} IS ${c.not ? "NOT " : ""}NULL`;
      case "in": {
        const src = Array.isArray(c.source) ? (c.source as readonly ValueExpr[]).map((v) => this.value(v)).join(", ") : this.query(c.source as Query, { top: false });
        return `${this.value(c.operand)} ${c.not ? "NOT " : ""}IN (${src})`;
      }
      case "exists":
        return `EXISTS (${this.query(c.query, { top: false })})`;
      case "logical":
        return `${this.condition(c.left)} ${c.op} ${this.condition(c.right)}`;
      case "not":
        return `NOT ${this.condition(c.operand)}`;
      case "parenCondition":
        return `(${this.condition(c.condition)})`;
    }
  }

  /** `1 = CONTAINS(a, b)`, `INTERSECTS(a, b) = 0` … as a geometry condition (ADQL-02, ADQL-04). */
  private geometryPredicate(c: Extract<Condition, { kind: "comparison" }>): string | undefined {
    const isPred = (e: ValueExpr) => e.kind === "function" && (e.name === "CONTAINS" || e.name === "INTERSECTS");
    const fn = isPred(c.left) ? c.left : isPred(c.right) ? c.right : undefined;
    const other = fn === c.left ? c.right : c.left;
    if (fn?.kind !== "function" || other.kind !== "number") return undefined;
    const [a, b] = fn.args.map((x) => this.geometry(x)) as [GeometryOperand, GeometryOperand];
    const g = this.d.geometry;
    const cond = fn.name === "CONTAINS" ? g.contains(a, b, this.bind) : g.intersects(a, b, this.bind);
    const positive = (other.text === "1") === (c.op === "=");
    return positive ? `(${cond})` : g.negate(cond);
  }

  /** `DISTANCE(p, q) < r` (or <=, or r > DISTANCE …) as an index-friendly cone (ADQL-04). */
  private distanceCondition(c: Extract<Condition, { kind: "comparison" }>): string | undefined {
    const isDist = (e: ValueExpr) => e.kind === "function" && e.name === "DISTANCE";
    let fn: ValueExpr | undefined;
    let radius: ValueExpr | undefined;
    let strict = true;
    if (isDist(c.left) && (c.op === "<" || c.op === "<=")) {
      fn = c.left;
      radius = c.right;
      strict = c.op === "<";
    } else if (isDist(c.right) && (c.op === ">" || c.op === ">=")) {
      fn = c.right;
      radius = c.left;
      strict = c.op === ">";
    }
    if (fn?.kind !== "function" || !radius) return undefined;
    const mark = this.params.length;
    const [a, b] = this.distanceOperands(fn);
    const sql = this.d.geometry.distanceWithin(a, b, this.value(radius), literalNumber(radius), strict, this.bind);
    if (sql === undefined) this.rollback(mark);
    return sql;
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The value of a (signed) numeric literal, or undefined. */
export function literalNumber(e: ValueExpr): number | undefined {
  if (e.kind === "number" && NUMERIC_LITERAL.test(e.text)) return Number(e.text);
  if (e.kind === "unary" && (e.op === "-" || e.op === "+")) {
    const v = literalNumber(e.operand);
    return v === undefined ? undefined : e.op === "-" ? -v : v;
  }
  if (e.kind === "paren") return literalNumber(e.expr);
  return undefined;
}

export type { Identifier };
