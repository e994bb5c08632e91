/**
 * SQL generation for checked expressions (lsst-image-services.md §2.5) through a small interface
 * the registry implements, ExpressionSqlTarget, so this package knows no schema and no engine
 * (STYLE.md §4). Every literal and bound value becomes a parameter; identifiers come only from
 * the target. Timespan tests arrive already rewritten into begin/end comparisons by the checker.
 */
import type { CheckedExpr, CheckedOrderTerm, InExpr, ScalarValue } from "./checked.js";
import type { ScalarType } from "./lookup.js";
import type { SphereRegionValue } from "./region.js";

/** Binds one more parameter and returns its placeholder (numbered across the statement). */
export type BindParam = (value: ScalarValue | null) => string;

/**
 * What the registry provides to turn an expression into SQL. All returned strings are inserted
 * verbatim, so they must be built from quoted identifiers and placeholders only.
 *
 * Conventions: times are bigint TAI nanoseconds since 1970-01-01 TAI; timespans are two int8
 * columns, half-open [begin, end); UUIDs are lower-case hyphenated strings; ints are number or
 * bigint. Use `param` to convert these to what the driver and schema expect.
 */
export interface ExpressionSqlTarget {
  /**
   * SQL for a scalar column: `field` null is a dimension's primary key value (`visit`) or a
   * free-standing name (`ingest_date`); otherwise `element.field` (metadata, `raw.dataset_id`,
   * `raw.run`). The registry joins the tables the names need, e.g. `"j_visit"."exposure_time"`.
   */
  column(element: string, field: string | null): string;
  /** Begin and end columns (int8 TAI ns, half-open) of the timespan field `element.field`. */
  timespanColumns(element: string, field: string): { readonly begin: string; readonly end: string };
  /** The placeholder for the `index1`-th (1-based) parameter of the statement: "?" or "$n". */
  placeholder(index1: number): string;
  /**
   * A condition true when the region column `element.field` overlaps `region`: on SQLite the
   * HEALPix range prefilter plus an exact test, on PostgreSQL a pgSphere `&&`. Values go through
   * `bind`, in the order they appear in the returned SQL.
   */
  regionOverlaps(element: string, field: string, region: SphereRegionValue, bind: BindParam): string;
  /**
   * A condition true when string SQL `expr` matches the shell-style glob `pattern` (`*`, `?`,
   * `[…]`, `[!…]`, case-sensitive). SQLite: `${expr} GLOB ${bind(globForSqlite(pattern))}`;
   * PostgreSQL: `${expr} ~ ${bind(globToRegex(pattern))}`.
   */
  glob(expr: string, pattern: string, bind: BindParam): string;
  /** Optional conversion of each bound value (e.g. booleans to 1/0, UUIDs to bytes). */
  param?(value: ScalarValue | null, type: ScalarType | "null"): unknown;
}

/** SQL text and its parameters, in placeholder order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Options of compileExpression. */
export interface CompileOptions {
  /** Parameters already bound earlier in the statement; placeholders continue after them. */
  readonly paramOffset?: number;
  /**
   * A collector the registry already uses for the statement (e.g. its `Params.add`): each
   * converted value is handed to it and its returned placeholder is used; `target.placeholder`
   * and `paramOffset` are then ignored and the result's `params` is empty.
   */
  readonly addParam?: (value: unknown) => string;
}

/** Binding strength, loosest first; a child looser than its parent gets parentheses. */
function precedence(e: CheckedExpr): number {
  switch (e.kind) {
    case "logical":
      return e.op === "OR" ? 1 : 2;
    case "not":
      return 3;
    case "compare":
    case "is-null":
    case "in":
    case "glob":
    case "region-overlaps":
      return 4;
    case "arith":
      return e.op === "+" || e.op === "-" ? 5 : 6;
    case "negate":
      return 7;
    default:
      return 8;
  }
}

class Compiler {
  readonly params: unknown[] = [];

  constructor(
    private readonly target: ExpressionSqlTarget,
    private readonly offset: number,
    private readonly addParam?: (value: unknown) => string,
  ) {}

  readonly bind = (v: ScalarValue | null, type: ScalarType | "null" = "null"): string => {
    const converted = this.target.param ? this.target.param(v, type) : v;
    if (this.addParam) return this.addParam(converted);
    this.params.push(converted);
    return this.target.placeholder(this.offset + this.params.length);
  };

  private wrap(child: CheckedExpr, parentPrecedence: number, strict = false): string {
    const sql = this.expr(child);
    const p = precedence(child);
    return p < parentPrecedence || (strict && p === parentPrecedence) ? `(${sql})` : sql;
  }

  /** A condition; constant TRUE/FALSE become 1 = 1 / 1 = 0 so no engine sees a bare parameter. */
  predicate(e: CheckedExpr): string {
    if (e.kind === "value" && e.type === "bool") return e.value ? "1 = 1" : "1 = 0";
    return this.expr(e);
  }

  expr(e: CheckedExpr): string {
    switch (e.kind) {
      case "column":
        return this.target.column(e.element, e.field);
      case "timespan-bound": {
        const cols = this.target.timespanColumns(e.element, e.field);
        return e.bound === "begin" ? cols.begin : cols.end;
      }
      case "value":
        return this.bind(e.value, e.type);
      case "arith":
        return `${this.wrap(e.left, precedence(e))} ${e.op} ${this.wrap(e.right, precedence(e), true)}`;
      case "negate":
        return `-${this.wrap(e.operand, 8)}`;
      case "compare":
        return `${this.wrap(e.left, 5)} ${e.op} ${this.wrap(e.right, 5)}`;
      case "is-null":
        return `${this.wrap(e.operand, 5)} IS ${e.negated ? "NOT " : ""}NULL`;
      case "in":
        return this.inList(e);
      case "region-overlaps":
        return `(${this.target.regionOverlaps(e.element, e.field, e.region, (v) => this.bind(v))})`;
      case "glob":
        return `(${this.target.glob(this.wrap(e.operand, 5), e.pattern, (v) => this.bind(v, "string"))})`;
      case "not":
        return `NOT (${this.predicate(e.operand)})`;
      case "logical":
        // Nested AND/OR are always parenthesised: correct either way, but easier to read.
        return e.operands.map((o) => (precedence(o) <= 2 ? `(${this.predicate(o)})` : this.predicate(o))).join(` ${e.op} `);
    }
  }

  private inList(e: InExpr): string {
    const parts: string[] = [];
    const alone = e.ranges.length === 0;
    if (e.values.length > 0) {
      const subject = this.wrap(e.operand, 5);
      const op = alone && e.negated ? "NOT IN" : "IN";
      parts.push(`${subject} ${op} (${e.values.map((v) => this.wrap(v, 5)).join(", ")})`);
    }
    for (const r of e.ranges) {
      // Compile the subject per use so each occurrence binds its own parameters, in order.
      const between = `${this.wrap(e.operand, 5)} BETWEEN ${this.bind(r.start, "int")} AND ${this.bind(r.stop, "int")}`;
      parts.push(r.stride === 1 ? between : `(${between} AND (${this.wrap(e.operand, 5)} - ${this.bind(r.start, "int")}) % ${this.bind(r.stride, "int")} = 0)`);
    }
    if (parts.length === 0) return e.negated ? "1 = 1" : "1 = 0";
    if (alone) return parts[0]!;
    if (parts.length === 1) return e.negated ? `NOT (${parts[0]!})` : parts[0]!;
    const joined = parts.join(" OR ");
    return e.negated ? `NOT (${joined})` : `(${joined})`;
  }
}

/**
 * Compiles a checked condition to SQL for `target`. Values are never interpolated.
 * @example
 *   compileExpression(checked, target) // { sql: '"visit"."visit" IN (?, ?) AND …', params: [903334, 904010, …] }
 */
export function compileExpression(e: CheckedExpr, target: ExpressionSqlTarget, options: CompileOptions = {}): SqlFragment {
  const c = new Compiler(target, options.paramOffset ?? 0, options.addParam);
  const sql = c.predicate(e);
  return { sql, params: c.params };
}

/** ORDER BY items (`<column> ASC|DESC`) for checked terms; they bind no parameters. */
export function compileOrderBy(terms: readonly CheckedOrderTerm[], target: ExpressionSqlTarget): string[] {
  const c = new Compiler(target, 0);
  return terms.map((t) => `${c.expr(t.column)} ${t.descending ? "DESC" : "ASC"}`);
}

/**
 * A glob (`*` any run, `?` one character, `[…]` a class, `[!…]` a negated class) as an anchored
 * POSIX regular expression, for PostgreSQL's `~`.
 */
export function globToRegex(pattern: string): string {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") out += ".*";
    else if (ch === "?") out += ".";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close === -1) out += "\\[";
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else out += /[\\^$.|+(){}[\]]/.test(ch) ? `\\${ch}` : ch;
  }
  return `${out}$`;
}

/** A glob for SQLite's GLOB operator, which negates classes with `[^…]` rather than `[!…]`. */
export function globForSqlite(pattern: string): string {
  return pattern.replace(/\[!/g, "[^");
}
