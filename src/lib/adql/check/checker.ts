/**
 * The check step (STYLE.md §4 step 2): resolves every table and column of a parsed query against
 * the published schema, infers value types, names the result columns (TAP-13/14) and enforces the
 * rules that would otherwise make SQLite and PostgreSQL disagree — grouping, set-operation arity,
 * comparisons across types, CONTAINS/INTERSECTS compared only with 0 or 1 (ADQL-02). The AST is not
 * changed; the result is an `Analysis` keyed by AST nodes, which the compiler reads.
 */
import type { Identifier, SourcePosition } from "../ast/common.js";
import type { AggregateCall, ColumnRef, Condition, FunctionCall, ValueExpr } from "../ast/expressions.js";
import type { CommonTableExpr, DerivedTable, Join, OrderItem, Query, QueryBody, QualifiedStar, Select, Star, TableName, TableRef } from "../ast/query.js";
import { printValue } from "../printer.js";
import { AdqlCheckError, didYouMean } from "./errors.js";
import { type ColumnResolution, type RangeColumn, type RangeVar, resolutionKey, resolutionMeta, resolutionType, Scope, type StarColumn, tableColumns } from "./scope.js";
import type { ColumnMeta, SchemaLookup } from "./schema.js";
import { type AdqlType, isGeometry, isNumeric, isStringy, metaOfType, typeOfColumn, unifyTypes } from "./types.js";
import { unitFactor } from "./units.js";
import { childValues, conditionHasAggregate, conditionValues, containsAggregate } from "./walk.js";

/** A result column of a query: its name and metadata (FIELD) and its type. */
export interface OutputColumn {
  readonly name: string;
  readonly meta: ColumnMeta;
  readonly type: AdqlType;
}

/** A CTE as the compiler sees it. */
export interface CteInfo {
  readonly id: number;
  readonly columns: readonly OutputColumn[];
}

/** What an ORDER BY item refers to. */
export type OrderTarget = { readonly kind: "output"; readonly index: number } | { readonly kind: "expr" };

/** Everything the compiler needs, keyed by AST node identity. */
export interface Analysis {
  readonly columns: Map<ColumnRef, ColumnResolution>;
  readonly tables: Map<TableName | DerivedTable, RangeVar>;
  readonly types: Map<ValueExpr, AdqlType>;
  readonly stars: Map<Star | QualifiedStar, readonly StarColumn[]>;
  readonly selects: Map<Select, readonly OutputColumn[]>;
  readonly ctes: Map<CommonTableExpr, CteInfo>;
  readonly orders: Map<OrderItem, OrderTarget>;
  /** IN_UNIT conversion factors. */
  readonly units: Map<FunctionCall, number>;
  /** Optional language features the query uses (TAPRegExt feature forms, e.g. "ILIKE"). */
  readonly features: Set<string>;
  /** The merged (USING/NATURAL) columns each join introduces. */
  readonly joins: Map<Join, readonly StarColumn[]>;
  /** Range variables by id. */
  readonly rangeVars: RangeVar[];
  /** The result columns of the whole query. */
  readonly output: readonly OutputColumn[];
}

export interface CheckOptions {
  /** Optional features the service offers; using any other is an error (ADQL-08). */
  readonly features?: ReadonlySet<string>;
}

type AggContext = "forbidden" | "allowed" | "inside";

interface Ctx {
  readonly scope: Scope;
  readonly agg: AggContext;
  /** What forbids aggregates here, for the message. */
  readonly where: string;
}

const NUMERIC_FUNCTIONS = new Set(["ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "MOD", "PI", "POWER", "RADIANS", "SQRT", "RAND", "ROUND", "TRUNCATE", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2", "COT"]);

/** Checks a parsed query; throws AdqlCheckError on the first fault. */
export function checkQuery(query: Query, lookup: SchemaLookup, options: CheckOptions = {}): Analysis {
  return new Checker(lookup, options).run(query);
}

class Checker {
  private readonly a: Analysis;
  private nextId = 0;
  /** CTEs visible by name, innermost last. */
  private readonly cteEnv: { name: Identifier; node: CommonTableExpr; info: CteInfo }[] = [];

  constructor(
    private readonly lookup: SchemaLookup,
    private readonly options: CheckOptions,
  ) {
    this.a = {
      columns: new Map(), tables: new Map(), types: new Map(), stars: new Map(), selects: new Map(), ctes: new Map(),
      orders: new Map(), units: new Map(), joins: new Map(), features: new Set(), rangeVars: [], output: [],
    };
  }

  run(query: Query): Analysis {
    const output = this.query(query, undefined);
    return { ...this.a, output };
  }

  private feature(form: string, pos: SourcePosition): void {
    this.a.features.add(form);
    if (this.options.features && !this.options.features.has(form)) {
      throw new AdqlCheckError(`${form} is not supported by this service`, pos, "see the service capabilities for the optional ADQL features it offers");
    }
  }

  // ---- queries ---------------------------------------------------------------------------

  private query(q: Query, outer: Scope | undefined): OutputColumn[] {
    const mark = this.cteEnv.length;
    try {
      if (q.with.length > 0) this.feature("WITH", q.pos);
      for (const cte of q.with) {
        if (this.cteEnv.slice(mark).some((c) => sameName(c.name, cte.name))) throw new AdqlCheckError(`duplicate WITH name '${cte.name.name}'`, cte.pos);
        const cols = this.query(cte.query, outer);
        if (cte.columns.length > 0 && cte.columns.length !== cols.length) {
          throw new AdqlCheckError(`WITH ${cte.name.name} names ${cte.columns.length} columns but its query returns ${cols.length}`, cte.pos);
        }
        const named = cols.map((c, i) => {
          const id = cte.columns[i];
          return id ? { ...c, name: id.name, meta: { ...c.meta, name: id.name } } : c;
        });
        const info: CteInfo = { id: this.nextId++, columns: named };
        this.a.ctes.set(cte, info);
        this.cteEnv.push({ name: cte.name, node: cte, info });
      }
      const { columns, scope } = this.body(q.body, outer);
      if (q.offset) this.feature("OFFSET", q.offset.pos);
      for (const item of q.orderBy) this.orderItem(item, q, columns, scope);
      return columns;
    } finally {
      this.cteEnv.length = mark;
    }
  }

  /** Checks a query body; `scope` is the select's scope when the body is a single SELECT. */
  private body(b: QueryBody, outer: Scope | undefined): { columns: OutputColumn[]; scope: Scope | undefined; select?: Select } {
    if (b.kind === "select") {
      const r = this.select(b, outer);
      return { columns: r.columns, scope: r.scope, select: b };
    }
    if (b.kind === "parenQuery") return { columns: this.query(b.query, outer), scope: undefined };
    this.feature(b.op, b.pos);
    const left = this.body(b.left, outer).columns;
    const right = this.body(b.right, outer).columns;
    if (left.length !== right.length) {
      throw new AdqlCheckError(`the operands of ${b.op} have different numbers of columns (${left.length} and ${right.length})`, b.pos);
    }
    const columns = left.map((l, i) => {
      const r = right[i] as OutputColumn;
      const t = unifyTypes(l.type, r.type);
      if (t === undefined) throw new AdqlCheckError(`column ${i + 1} of ${b.op} combines incompatible types (${l.type} and ${r.type})`, b.pos);
      return t === l.type ? l : { ...l, type: t, meta: { ...metaOfType(l.name, t), unit: l.meta.unit, ucd: l.meta.ucd } };
    });
    return { columns, scope: undefined };
  }

  private orderItem(item: OrderItem, q: Query, columns: readonly OutputColumn[], scope: Scope | undefined): void {
    const e = item.expr;
    if (e.kind === "number") {
      const n = Number(e.text);
      if (!Number.isInteger(n) || n < 1 || n > columns.length) throw new AdqlCheckError(`ORDER BY position ${e.text} is not between 1 and ${columns.length}`, e.pos);
      this.a.orders.set(item, { kind: "output", index: n - 1 });
      return;
    }
    if (e.kind === "column" && e.parts.length === 1) {
      const id = e.parts[0] as Identifier;
      const idx = columns.findIndex((c) => (id.quoted ? c.name === id.name : c.name.toLowerCase() === id.name.toLowerCase()));
      if (idx >= 0) {
        this.a.orders.set(item, { kind: "output", index: idx });
        return;
      }
    }
    if (!scope || q.body.kind !== "select") {
      const what = e.kind === "column" ? `'${e.parts.map((p) => p.name).join(".")}' is not a result column` : "an expression";
      throw new AdqlCheckError(`ORDER BY of a set operation must name a result column or position; ${what}`, e.pos, `result columns: ${columns.map((c) => c.name).join(", ")}`);
    }
    const sel = q.body;
    const grouped = sel.groupBy.length > 0 || this.selectHasAggregates(sel);
    this.value(e, { scope, agg: grouped ? "allowed" : "forbidden", where: "ORDER BY" });
    if (sel.quantifier === "DISTINCT") {
      throw new AdqlCheckError("with SELECT DISTINCT, ORDER BY items must be result columns", e.pos);
    }
    if (grouped) this.checkGrouped(e, sel, scope, "ORDER BY");
    this.a.orders.set(item, { kind: "expr" });
  }

  // ---- SELECT ----------------------------------------------------------------------------

  private select(s: Select, outer: Scope | undefined): { columns: OutputColumn[]; scope: Scope } {
    const scope = new Scope(outer);
    for (const t of s.from) this.fromItem(t, scope);
    if (s.top) {
      const n = Number(s.top.text);
      if (!Number.isInteger(n) || n < 0) throw new AdqlCheckError(`TOP needs a whole number, found ${s.top.text}`, s.top.pos);
    }
    if (s.where) this.condition(s.where, { scope, agg: "forbidden", where: "WHERE" });
    for (const g of s.groupBy) this.groupItem(g, s, scope);
    const grouped = s.groupBy.length > 0 || this.selectHasAggregates(s);
    const ctx: Ctx = { scope, agg: grouped ? "allowed" : "forbidden", where: "the select list" };
    const columns: OutputColumn[] = [];
    const generated: number[] = [];
    for (const item of s.items) {
      if (item.kind === "star") {
        const cols = scope.starColumns;
        this.a.stars.set(item, cols);
        for (const c of cols) columns.push(starOutput(c));
        continue;
      }
      if (item.kind === "qualifiedStar") {
        const rvs = scope.rangeVarsFor(item.table).filter((rv) => scope.rangeVars.includes(rv));
        if (rvs.length === 0) throw new AdqlCheckError(`unknown table or alias '${item.table.map((p) => p.name).join(".")}' in ${item.table.map((p) => p.name).join(".")}.*`, item.pos);
        const cols: StarColumn[] = rvs.flatMap((rv) => rv.columns.map((column) => ({ kind: "column" as const, rangeVar: rv, column })));
        this.a.stars.set(item, cols);
        for (const c of cols) columns.push(starOutput(c));
        continue;
      }
      const t = this.value(item.expr, ctx);
      if (item.alias === undefined && item.expr.kind !== "column") generated.push(columns.length);
      const name = item.alias?.name ?? defaultName(item.expr, this.a);
      const meta = item.alias === undefined && item.expr.kind === "column" ? resolutionMeta(this.a.columns.get(item.expr) as ColumnResolution) : this.exprMeta(item.expr, t);
      columns.push({ name, meta: { ...meta, name }, type: t });
    }
    uniqueGeneratedNames(columns, generated);
    if (s.having) this.condition(s.having, { scope, agg: "allowed", where: "HAVING" });
    if (grouped) {
      for (const item of s.items) {
        if (item.kind === "selectExpr") this.checkGrouped(item.expr, s, scope, "the select list");
        else this.checkStarGrouped(this.a.stars.get(item) ?? [], s, item.pos);
      }
      if (s.having) this.checkGroupedCondition(s.having, s, scope);
    }
    this.a.selects.set(s, columns);
    return { columns, scope };
  }

  private groupItem(g: ValueExpr, s: Select, scope: Scope): void {
    // GROUP BY may name a select-list alias when no column of that name exists (a common extension).
    if (g.kind === "column" && g.parts.length === 1) {
      try {
        this.value(g, { scope, agg: "forbidden", where: "GROUP BY" });
        return;
      } catch (e) {
        if (!(e instanceof AdqlCheckError)) throw e;
        const id = g.parts[0] as Identifier;
        const idx = s.items.findIndex((it) => it.kind === "selectExpr" && it.alias !== undefined && sameName(it.alias, id));
        if (idx < 0) throw e;
        const item = s.items[idx];
        if (item?.kind === "selectExpr") {
          const t = this.value(item.expr, { scope, agg: "forbidden", where: "GROUP BY" });
          this.a.columns.set(g, { kind: "output", index: idx, type: t, meta: metaOfType(id.name, t) });
          this.a.types.set(g, t);
        }
        return;
      }
    }
    this.value(g, { scope, agg: "forbidden", where: "GROUP BY" });
  }

  private selectHasAggregates(s: Select): boolean {
    const items = s.items.some((i) => i.kind === "selectExpr" && containsAggregate(i.expr));
    return items || (s.having !== undefined && conditionHasAggregate(s.having));
  }

  /** Keys of what GROUP BY groups on: column resolutions and printed expressions. */
  private groupKeys(s: Select): Set<string> {
    const keys = new Set<string>();
    for (const g of s.groupBy) {
      if (g.kind === "column") {
        const r = this.a.columns.get(g);
        if (r?.kind === "output") {
          const item = s.items[r.index];
          if (item?.kind === "selectExpr") {
            keys.add(`expr:${printValue(item.expr)}`);
            if (item.expr.kind === "column") {
              const inner = this.a.columns.get(item.expr);
              if (inner) keys.add(resolutionKey(inner));
            }
          }
        } else if (r) keys.add(resolutionKey(r));
      }
      keys.add(`expr:${printValue(g)}`);
    }
    return keys;
  }

  /** Every column outside an aggregate must be grouped on (SQL-92 §7.9, as PostgreSQL enforces). */
  private checkGrouped(e: ValueExpr, s: Select, scope: Scope, where: string): void {
    const keys = this.groupKeys(s);
    const visit = (x: ValueExpr): void => {
      if (keys.has(`expr:${printValue(x)}`)) return;
      switch (x.kind) {
        case "aggregate":
        case "subquery":
          return;
        case "column": {
          const r = this.a.columns.get(x);
          if (!r || r.kind === "output") return;
          const local = r.kind === "column" ? scope.rangeVars.includes(r.rangeVar) : r.sides.some((side) => scope.rangeVars.includes(side.rangeVar));
          if (local && !keys.has(resolutionKey(r))) {
            throw new AdqlCheckError(`column '${x.parts.map((p) => p.name).join(".")}' in ${where} must appear in GROUP BY or be used in an aggregate function`, x.pos);
          }
          return;
        }
        default:
          for (const c of childValues(x)) visit(c);
      }
    };
    visit(e);
  }

  private checkStarGrouped(cols: readonly StarColumn[], s: Select, pos: SourcePosition): void {
    const keys = this.groupKeys(s);
    for (const c of cols) {
      if (!keys.has(resolutionKey(c))) {
        const name = c.kind === "column" ? c.column.name : c.meta.name;
        throw new AdqlCheckError(`column '${name}' (from *) must appear in GROUP BY or be used in an aggregate function`, pos);
      }
    }
  }

  private checkGroupedCondition(c: Condition, s: Select, scope: Scope): void {
    for (const v of conditionValues(c)) this.checkGrouped(v, s, scope, "HAVING");
  }

  // ---- FROM ------------------------------------------------------------------------------

  /** Adds a FROM item's range variables to the scope; returns its star columns. */
  private fromItem(t: TableRef, scope: Scope): StarColumn[] {
    switch (t.kind) {
      case "table":
        return this.addRangeVar(this.tableRangeVar(t), scope);
      case "derived": {
        const cols = this.query(t.query, scope.parent);
        const rv: RangeVar = { id: this.nextId++, alias: t.alias, table: undefined, cteName: undefined, columns: outputsAsRange(cols), positions: [] };
        this.a.tables.set(t, rv);
        this.a.rangeVars.push(rv);
        return this.addRangeVar(rv, scope);
      }
      case "parenJoin":
        return this.fromItem(t.table, scope);
      case "join": {
        const left = this.fromItem(t.left, scope);
        const right = this.fromItem(t.right, scope);
        let shared: { name: string; l: StarColumn; r: StarColumn }[] = [];
        if (t.natural || t.using) {
          const names = t.using ?? naturalNames(left, right);
          shared = names.map((n) => {
            const id: Identifier = typeof n === "string" ? { kind: "identifier", name: n, quoted: false, pos: t.pos } : n;
            const l = left.filter((c) => starName(c, id));
            const r = right.filter((c) => starName(c, id));
            if (l.length !== 1 || r.length !== 1) {
              throw new AdqlCheckError(`join column '${id.name}' must exist exactly once on each side of the join`, id.pos);
            }
            return { name: id.name, l: l[0] as StarColumn, r: r[0] as StarColumn };
          });
        }
        const full = t.type === "FULL";
        const mergedCols: StarColumn[] = shared.map(({ l, r }) => {
          const sides = [...sidesOf(l), ...sidesOf(r)];
          const type = unifyTypes(starType(l), starType(r));
          if (type === undefined) throw new AdqlCheckError(`join column types differ`, t.pos);
          const m: StarColumn = { kind: "merged", sides, full: full || t.type === "RIGHT", type, meta: starMeta(l) };
          return m;
        });
        this.a.joins.set(t, mergedCols);
        for (const [i, s] of shared.entries()) scope.merged.set(s.name.toLowerCase(), mergedCols[i] as StarColumn);
        if (t.on) this.condition(t.on, { scope, agg: "forbidden", where: "a join condition" });
        const isShared = (c: StarColumn) => shared.some((s) => s.l === c || s.r === c);
        const cols = [...mergedCols, ...left.filter((c) => !isShared(c)), ...right.filter((c) => !isShared(c))];
        // Replace this join's columns (the last ones added) with the merged order.
        const all = scope.starColumns;
        all.splice(all.length - left.length - right.length, left.length + right.length, ...cols);
        return cols;
      }
    }
  }

  private addRangeVar(rv: RangeVar, scope: Scope): StarColumn[] {
    for (const other of scope.rangeVars) {
      if (rv.alias && other.alias && sameName(rv.alias, other.alias)) throw new AdqlCheckError(`duplicate table alias '${rv.alias.name}'`, rv.alias.pos);
    }
    scope.rangeVars.push(rv);
    const cols: StarColumn[] = rv.columns.map((column) => ({ kind: "column", rangeVar: rv, column }));
    scope.starColumns.push(...cols);
    return cols;
  }

  private tableRangeVar(t: TableName): RangeVar {
    if (t.name.length === 1) {
      const id = t.name[0] as Identifier;
      for (let i = this.cteEnv.length - 1; i >= 0; i--) {
        const c = this.cteEnv[i];
        if (c && sameName(c.name, id)) {
          const rv: RangeVar = { id: this.nextId++, alias: t.alias, table: undefined, cteName: c.name.name, columns: outputsAsRange(c.info.columns), positions: [] };
          this.a.tables.set(t, rv);
          this.a.rangeVars.push(rv);
          return rv;
        }
      }
    }
    const table = this.lookup.table(t.name);
    const name = t.name.map((p) => p.name).join(".");
    if (!table) throw new AdqlCheckError(`unknown table '${name}'`, t.pos, didYouMean(name, this.lookup.tableNames()));
    const rv: RangeVar = { id: this.nextId++, alias: t.alias, table, cteName: undefined, columns: tableColumns(table, typeOfColumn), positions: table.positions ?? [] };
    this.a.tables.set(t, rv);
    this.a.rangeVars.push(rv);
    return rv;
  }

  // ---- values ----------------------------------------------------------------------------

  private exprMeta(e: ValueExpr, t: AdqlType): ColumnMeta {
    // MIN/MAX/SUM/AVG of a column keep its unit and UCD; everything else is described by its type.
    if (e.kind === "aggregate" && e.name !== "COUNT" && e.arg?.kind === "column") {
      const r = this.a.columns.get(e.arg);
      if (r) {
        const m = resolutionMeta(r);
        const base = e.name === "MIN" || e.name === "MAX" ? m : metaOfType(m.name, t);
        return { ...base, ucd: m.ucd, unit: m.unit };
      }
    }
    if (e.kind === "paren") return this.exprMeta(e.expr, t);
    const meta = metaOfType("", t);
    if (e.kind === "function" && (e.name === "DISTANCE")) return { ...meta, unit: "deg", ucd: "pos.angDistance" };
    if (e.kind === "function" && e.name === "AREA") return { ...meta, unit: "deg**2" };
    if (e.kind === "function" && e.name === "IN_UNIT") return { ...meta, unit: (e.args[1] as { value: string }).value };
    return meta;
  }

  private value(e: ValueExpr, ctx: Ctx): AdqlType {
    const t = this.valueType(e, ctx);
    this.a.types.set(e, t);
    return t;
  }

  private valueType(e: ValueExpr, ctx: Ctx): AdqlType {
    switch (e.kind) {
      case "number": {
        if (!/^0x/i.test(e.text) && !Number.isFinite(Number(e.text))) throw new AdqlCheckError(`numeric literal ${e.text.slice(0, 30)} is out of range`, e.pos);
        return /^0x/i.test(e.text) || !/[.eE]/.test(e.text) ? "int" : "float";
      }
      case "string":
        return "string";
      case "null":
        return "unknown";
      case "column": {
        const r = ctx.scope.resolve(e.parts, e.pos);
        this.a.columns.set(e, r);
        return resolutionType(r);
      }
      case "paren":
        return this.value(e.expr, ctx);
      case "unary": {
        const t = this.value(e.operand, ctx);
        if (e.op === "~") {
          this.feature("bitwise", e.pos);
          if (t !== "int" && t !== "unknown") throw new AdqlCheckError(`type error: ~ needs an integer, found ${t}`, e.pos);
          return "int";
        }
        if (!isNumeric(t)) throw new AdqlCheckError(`type error: unary ${e.op} needs a number, found ${t}`, e.pos);
        return t;
      }
      case "binary": {
        const l = this.value(e.left, ctx);
        const r = this.value(e.right, ctx);
        if (e.op === "||") {
          if (isGeometry(l) && l !== "unknown") throw new AdqlCheckError(`type error: || needs strings, found ${l}`, e.pos);
          if (isGeometry(r) && r !== "unknown") throw new AdqlCheckError(`type error: || needs strings, found ${r}`, e.pos);
          return "string";
        }
        if (e.op === "&" || e.op === "|" || e.op === "^") {
          this.feature("bitwise", e.pos);
          if ((l !== "int" && l !== "unknown") || (r !== "int" && r !== "unknown")) throw new AdqlCheckError(`type error: operator ${e.op} needs integers, found ${l} and ${r}`, e.pos);
          return "int";
        }
        if (!isNumeric(l) || !isNumeric(r)) throw new AdqlCheckError(`type error: operator ${e.op} needs numbers, found ${l} and ${r}`, e.pos);
        return l === "int" && r === "int" ? "int" : "float";
      }
      case "function":
        return this.func(e, ctx);
      case "aggregate":
        return this.aggregate(e, ctx);
      case "udf":
        throw new AdqlCheckError(`unknown function '${e.name}'`, e.pos, "this service defines no user-defined functions");
      case "cast": {
        this.feature("CAST", e.pos);
        const t = this.value(e.operand, ctx);
        const target = e.target.name;
        if (target === "POINT" || target === "CIRCLE" || target === "POLYGON") {
          throw new AdqlCheckError(`CAST to ${target} is not supported`, e.pos, "use the POINT, CIRCLE and POLYGON functions");
        }
        if (isGeometry(t) && t !== "unknown") throw new AdqlCheckError(`CAST of a ${t} is not supported`, e.pos);
        if ((target === "CHAR" || target === "VARCHAR") && e.target.length !== undefined && e.target.length < 1) throw new AdqlCheckError(`${target} length must be at least 1`, e.pos);
        if (target === "TIMESTAMP") {
          if (!isStringy(t)) throw new AdqlCheckError(`CAST to TIMESTAMP needs a string, found ${t}`, e.pos);
          return "timestamp";
        }
        if (target === "CHAR" || target === "VARCHAR") return "string";
        if (t === "timestamp") throw new AdqlCheckError(`CAST of a timestamp to ${target} is not supported`, e.pos);
        return target === "REAL" || target === "DOUBLE PRECISION" ? "float" : "int";
      }
      case "subquery": {
        const cols = this.query(e.query, ctx.scope);
        if (cols.length !== 1) throw new AdqlCheckError(`a scalar subquery must return one column, this one returns ${cols.length}`, e.pos);
        return (cols[0] as OutputColumn).type;
      }
      case "case": {
        this.feature("CASE", e.pos);
        let result: AdqlType = "unknown";
        if (e.operand) this.value(e.operand, ctx);
        for (const w of e.whens) {
          if (e.operand) this.value(w.when as ValueExpr, ctx);
          else this.condition(w.when as Condition, ctx);
          const r = this.value(w.result, ctx);
          const u = unifyTypes(result, r);
          if (u === undefined) throw new AdqlCheckError(`CASE results have incompatible types (${result} and ${r})`, e.pos);
          result = u;
        }
        if (e.otherwise) {
          const u = unifyTypes(result, this.value(e.otherwise, ctx));
          if (u === undefined) throw new AdqlCheckError(`CASE results have incompatible types`, e.pos);
          result = u;
        }
        return result;
      }
    }
  }

  private aggregate(e: AggregateCall, ctx: Ctx): AdqlType {
    if (ctx.agg === "forbidden") throw new AdqlCheckError(`aggregate function ${e.name} is not allowed in ${ctx.where}`, e.pos);
    if (ctx.agg === "inside") throw new AdqlCheckError(`aggregate functions cannot be nested`, e.pos);
    if (!e.arg) return "int";
    const t = this.value(e.arg, { ...ctx, agg: "inside" });
    if (isGeometry(t) && t !== "unknown") throw new AdqlCheckError(`${e.name} of a ${t} is not supported`, e.pos);
    switch (e.name) {
      case "COUNT":
        return "int";
      case "AVG":
        if (!isNumeric(t)) throw new AdqlCheckError(`type error: AVG needs numbers, found ${t}`, e.pos);
        return "float";
      case "SUM":
        if (!isNumeric(t)) throw new AdqlCheckError(`type error: SUM needs numbers, found ${t}`, e.pos);
        return t;
      default:
        return t;
    }
  }

  private func(e: FunctionCall, ctx: Ctx): AdqlType {
    const args = e.args.map((a) => this.value(a, ctx));
    const n = e.name;
    const need = (i: number, ok: (t: AdqlType) => boolean, what: string) => {
      const t = args[i] as AdqlType;
      if (!ok(t)) throw new AdqlCheckError(`type error: argument ${i + 1} of ${n} must be ${what}, found ${t}`, (e.args[i] as ValueExpr).pos);
    };
    if (e.coordSys) {
      const frame = e.coordSys.value.trim().toUpperCase();
      if (frame !== "" && frame !== "ICRS" && !frame.startsWith("ICRS ")) {
        throw new AdqlCheckError(`coordinate system '${e.coordSys.value}' is not supported`, e.coordSys.pos, "coordinates are ICRS; pass 'ICRS' or omit the coordinate system");
      }
    }
    if (NUMERIC_FUNCTIONS.has(n)) {
      for (let i = 0; i < args.length; i++) need(i, isNumeric, "a number");
      if (n === "ABS") return args[0] as AdqlType;
      if (n === "MOD") return args[0] === "int" && args[1] === "int" ? "int" : "float";
      return "float";
    }
    switch (n) {
      case "LOWER":
      case "UPPER":
        this.feature(n, e.pos);
        need(0, isStringy, "a string");
        return "string";
      case "COALESCE": {
        this.feature("COALESCE", e.pos);
        let t: AdqlType = "unknown";
        for (const [i, a] of args.entries()) {
          const u = unifyTypes(t, a);
          if (u === undefined) throw new AdqlCheckError(`type error: COALESCE argument ${i + 1} is ${a}, not ${t}`, (e.args[i] as ValueExpr).pos);
          t = u;
        }
        return t;
      }
      case "IN_UNIT": {
        this.feature("IN_UNIT", e.pos);
        need(0, isNumeric, "a number");
        const target = (e.args[1] as { value: string }).value;
        const from = this.unitOf(e.args[0] as ValueExpr);
        if (from === undefined) throw new AdqlCheckError(`IN_UNIT needs a value whose unit is known (a column with a unit)`, e.pos);
        const f = unitFactor(from, target);
        if (f === undefined) throw new AdqlCheckError(`cannot convert from unit '${from}' to '${target}'`, e.pos);
        this.a.units.set(e, f);
        return "float";
      }
      case "POINT":
        for (let i = 0; i < args.length; i++) need(i, isNumeric, "a number");
        return "point";
      case "CIRCLE":
        if (args.length === 2) {
          need(0, (t) => t === "point" || t === "unknown", "a point");
          need(1, isNumeric, "a number");
        } else for (let i = 0; i < args.length; i++) need(i, isNumeric, "a number");
        return "circle";
      case "BOX":
        if (args.length === 3) need(0, (t) => t === "point", "a point");
        for (let i = 0; i < args.length; i++) if (args[i] !== "point") need(i, isNumeric, "a number");
        return "polygon";
      case "POLYGON": {
        const points = args.every((t) => t === "point");
        if (!points) for (let i = 0; i < args.length; i++) need(i, isNumeric, "a number (or all arguments points)");
        return "polygon";
      }
      case "REGION":
        throw new AdqlCheckError("REGION is not supported", e.pos, "use POINT, CIRCLE, BOX or POLYGON");
      case "CENTROID":
        need(0, (t) => t === "circle" || t === "polygon" || t === "point" || t === "unknown", "a geometry");
        return "point";
      case "AREA":
        need(0, (t) => t === "circle" || t === "polygon" || t === "point" || t === "unknown", "a geometry");
        return "float";
      case "COORD1":
      case "COORD2":
        need(0, (t) => t === "point" || t === "unknown", "a point");
        return "float";
      case "COORDSYS":
        need(0, isGeometry, "a geometry");
        return "string";
      case "DISTANCE":
        if (args.length === 2) for (let i = 0; i < args.length; i++) need(i, (t) => t === "point" || t === "unknown", "a point");
        else for (let i = 0; i < args.length; i++) need(i, isNumeric, "a number");
        return "float";
      case "CONTAINS":
      case "INTERSECTS":
        for (let i = 0; i < args.length; i++) need(i, isGeometry, "a geometry");
        if (n === "CONTAINS" && args[1] === "point") throw new AdqlCheckError("CONTAINS needs a circle or polygon as its second argument", (e.args[1] as ValueExpr).pos);
        return "int";
      default:
        throw new AdqlCheckError(`unknown function '${n}'`, e.pos);
    }
  }

  /** The published unit of a value, when it is a column (possibly in parentheses). */
  private unitOf(e: ValueExpr): string | undefined {
    if (e.kind === "paren") return this.unitOf(e.expr);
    if (e.kind === "column") {
      const r = this.a.columns.get(e);
      return r ? resolutionMeta(r).unit : undefined;
    }
    return undefined;
  }

  // ---- conditions ------------------------------------------------------------------------

  private condition(c: Condition, ctx: Ctx): void {
    switch (c.kind) {
      case "comparison": {
        const l = this.value(c.left, ctx);
        const r = this.value(c.right, ctx);
        const pred = isPredicateFunction(c.left) ? c.right : isPredicateFunction(c.right) ? c.left : undefined;
        if (pred !== undefined) {
          if (!(pred.kind === "number" && (pred.text === "0" || pred.text === "1")) || (c.op !== "=" && c.op !== "<>")) {
            throw new AdqlCheckError("CONTAINS and INTERSECTS may only be compared with 0 or 1 (e.g. 1 = CONTAINS(…))", c.pos);
          }
          return;
        }
        comparable(l, r, c.op, c.pos);
        return;
      }
      case "between": {
        const t = this.value(c.operand, ctx);
        comparable(t, this.value(c.low, ctx), "BETWEEN", c.pos);
        comparable(t, this.value(c.high, ctx), "BETWEEN", c.pos);
        return;
      }
      case "like": {
        if (c.insensitive) this.feature("ILIKE", c.pos);
        const l = this.value(c.operand, ctx);
        const r = this.value(c.pattern, ctx);
        if (!isStringy(l) || !isStringy(r)) throw new AdqlCheckError(`type error: ${c.insensitive ? "ILIKE" : "LIKE"} needs strings, found ${l} and ${r}`, c.pos);
        return;
      }
      case "isNull":
        this.value(c.operand, ctx);
        return;
      case "in": {
        const t = this.value(c.operand, ctx);
        if (Array.isArray(c.source)) {
          for (const v of c.source as readonly ValueExpr[]) comparable(t, this.value(v, ctx), "IN", v.pos);
        } else {
          const cols = this.query(c.source as Query, ctx.scope);
          if (cols.length !== 1) throw new AdqlCheckError(`the subquery of IN must return one column, this one returns ${cols.length}`, c.pos);
          comparable(t, (cols[0] as OutputColumn).type, "IN", c.pos);
        }
        return;
      }
      case "exists":
        this.query(c.query, ctx.scope);
        return;
      case "logical":
        this.condition(c.left, ctx);
        this.condition(c.right, ctx);
        return;
      case "not":
        this.condition(c.operand, ctx);
        return;
      case "parenCondition":
        this.condition(c.condition, ctx);
        return;
    }
  }
}

// ---- helpers -------------------------------------------------------------------------------

function comparable(l: AdqlType, r: AdqlType, op: string, pos: SourcePosition): void {
  if (l === "unknown" || r === "unknown") return;
  if (isGeometry(l) || isGeometry(r)) throw new AdqlCheckError(`type error: ${op} cannot compare geometries (${l}, ${r}); use CONTAINS, INTERSECTS or DISTANCE`, pos);
  if (isNumeric(l) !== isNumeric(r)) throw new AdqlCheckError(`type error: ${op} cannot compare ${l} with ${r}`, pos);
}

function isPredicateFunction(e: ValueExpr): boolean {
  return e.kind === "function" && (e.name === "CONTAINS" || e.name === "INTERSECTS");
}

function sameName(a: Identifier, b: Identifier): boolean {
  if (!a.quoted && !b.quoted) return a.name.toLowerCase() === b.name.toLowerCase();
  return a.name === b.name;
}

function starName(c: StarColumn, id: Identifier): boolean {
  const name = c.kind === "column" ? c.column.name : c.meta.name;
  return id.quoted ? name === id.name : name.toLowerCase() === id.name.toLowerCase();
}

function sidesOf(c: StarColumn): { rangeVar: RangeVar; column: RangeColumn }[] {
  return c.kind === "column" ? [{ rangeVar: c.rangeVar, column: c.column }] : [...c.sides];
}

const starType = (c: StarColumn): AdqlType => (c.kind === "column" ? c.column.type : c.type);
const starMeta = (c: StarColumn): ColumnMeta => (c.kind === "column" ? c.column.meta : c.meta);

function starOutput(c: StarColumn): OutputColumn {
  const meta = starMeta(c);
  return { name: meta.name, meta, type: starType(c) };
}

function naturalNames(left: readonly StarColumn[], right: readonly StarColumn[]): string[] {
  const names = (cs: readonly StarColumn[]) => cs.map((c) => starMeta(c).name);
  const r = new Set(names(right).map((n) => n.toLowerCase()));
  return names(left).filter((n) => r.has(n.toLowerCase()));
}

/** Output columns of a subquery or CTE as the columns of a range variable (`c<i>` in SQL). */
function outputsAsRange(cols: readonly OutputColumn[]): RangeColumn[] {
  return cols.map((c, i) => ({ name: c.name, delimited: false, meta: c.meta, type: c.type, sql: `c${i}` }));
}

/** Name of an unaliased select item: the column's name, or the function's, lower-cased. */
function defaultName(e: ValueExpr, a: Analysis): string {
  if (e.kind === "column") {
    const r = a.columns.get(e);
    return r ? resolutionMeta(r).name : (e.parts[e.parts.length - 1]?.name ?? "expr");
  }
  if (e.kind === "function" || e.kind === "aggregate") return e.name.toLowerCase();
  if (e.kind === "udf") return e.name.toLowerCase();
  if (e.kind === "paren") return defaultName(e.expr, a);
  return "expr";
}

/** Generated names (not aliases, not column names) made unique with a numeric suffix (TAP-13). */
function uniqueGeneratedNames(columns: OutputColumn[], generated: readonly number[]): void {
  const gen = new Set(generated);
  const taken = new Set(columns.filter((_, i) => !gen.has(i)).map((c) => c.name.toLowerCase()));
  for (const i of generated) {
    const col = columns[i] as OutputColumn;
    let name = col.name;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${col.name}${k}`;
    taken.add(name.toLowerCase());
    columns[i] = { ...col, name, meta: { ...col.meta, name } };
  }
}
