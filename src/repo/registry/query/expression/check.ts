/**
 * The checker: resolves names through the registry's DimensionUniverseLookup, substitutes bind
 * values, type-checks every operator, expands IN ranges and rewrites timespan tests into plain
 * comparisons on half-open [begin, end) TAI columns (lsst-image-services.md §2.5). The result is
 * a CheckedExpr (checked.ts) the compiler turns into SQL; no database is involved.
 */
import type { BinaryNode, CallNode, ComparisonOp, Expression, InNode, RangeNode } from "./ast.js";
import type { CheckedExpr, IntRange, LogicalExpr, ValueExpr } from "./checked.js";
import { checkArity, checkCall, stringArgument } from "./check-functions.js";
import { type CheckContext, fail, resolveIdentifier } from "./check-names.js";
import type { SourcePosition } from "./errors.js";
import type { DimensionUniverseLookup } from "./lookup.js";
import { BindValueError, bindOperand, canonicalUuid, describeExpr, describeOperand, type Operand, positionOf, value } from "./operands.js";

/** Ranges up to this many values are expanded into the IN list; longer ones compile to BETWEEN. */
export const RANGE_EXPAND_LIMIT = 1000;
/** Most values one IN list may hold after expanding ranges and bound lists. */
export const MAX_IN_VALUES = 100_000;

/** What checkExpression needs besides the tree. */
export interface CheckOptions {
  /** Names and types of the repository (the registry implements it). */
  readonly lookup: DimensionUniverseLookup;
  /** Values for `:name` placeholders (see bindOperand in operands.ts for accepted types). */
  readonly bind?: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;
}

const NUMERIC = new Set(["int", "float"]);

class Checker implements CheckContext {
  constructor(
    readonly source: string,
    readonly lookup: DimensionUniverseLookup,
    private readonly bind: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>,
  ) {}

  /** A sub-expression used as a condition: must be boolean. */
  predicate(node: Expression): CheckedExpr {
    switch (node.kind) {
      case "logical":
        return { kind: "logical", op: node.op, operands: node.operands.map((o) => this.predicate(o)), type: "bool", pos: node.pos };
      case "unary":
        if (node.op === "NOT") return { kind: "not", operand: this.predicate(node.operand), type: "bool", pos: node.pos };
        break;
      case "binary":
        if (node.op === "OVERLAPS") return this.overlaps(node);
        if (!NUMERIC_OPS.has(node.op)) return this.compare(node, node.op as ComparisonOp);
        break;
      case "in":
        return this.inList(node);
      case "call":
        if (node.name === "GLOB") return this.glob(node);
        break;
      default:
        break;
    }
    const o = this.operand(node);
    if (o.sort === "scalar" && o.expr.type === "bool") return o.expr;
    return fail(this, "type", `expected a condition (true or false), got ${describeOperand(o)}`, positionOf(o));
  }

  /** A sub-expression used as a value. */
  operand(node: Expression): Operand {
    switch (node.kind) {
      case "identifier":
        return resolveIdentifier(this, node);
      case "string":
        return scalar(value("string", node.value, node.pos));
      case "integer":
        return scalar(value("int", node.value, node.pos));
      case "float":
        return scalar(value("float", node.value, node.pos));
      case "time":
        return scalar(value("datetime", node.taiNs, node.pos));
      case "boolean":
        return scalar(value("bool", node.value, node.pos));
      case "null":
        return { sort: "null", pos: node.pos };
      case "bind":
        return this.bindValue(node.name, node.pos);
      case "unary":
        return node.op === "NOT" ? scalar(this.predicate(node)) : this.sign(node.op, node.operand, node.pos);
      case "binary":
        return NUMERIC_OPS.has(node.op) ? this.arithmetic(node) : scalar(this.predicate(node));
      case "logical":
      case "in":
        return scalar(this.predicate(node));
      case "tuple":
        return this.timespanLiteral(node.items, node.pos);
      case "call":
        return node.name === "GLOB" ? scalar(this.glob(node)) : checkCall(this, node, (e) => this.operand(e));
    }
  }

  private bindValue(name: string, pos: SourcePosition): Operand {
    const has = this.bind instanceof Map ? this.bind.has(name) : Object.hasOwn(this.bind, name);
    if (!has) return fail(this, "bind", `no value bound to :${name}`, pos);
    const v = this.bind instanceof Map ? this.bind.get(name) : (this.bind as Readonly<Record<string, unknown>>)[name];
    try {
      return bindOperand(v, name, pos);
    } catch (e) {
      if (e instanceof BindValueError) return fail(this, "bind", `the value bound to :${name} ${e.message}`, pos);
      throw e;
    }
  }

  private numeric(node: Expression): CheckedExpr {
    const o = this.operand(node);
    if (o.sort === "scalar" && NUMERIC.has(o.expr.type)) return o.expr;
    return fail(this, "type", `expected a number, got ${describeOperand(o)}`, positionOf(o));
  }

  private sign(op: "-" | "+", operand: Expression, pos: SourcePosition): Operand {
    const e = this.numeric(operand);
    if (op === "+") return scalar(e);
    // Fold negative literals so `-5` binds one parameter.
    if (e.kind === "value") return scalar(value(e.type, typeof e.value === "bigint" ? -e.value : -(e.value as number), pos));
    return scalar({ kind: "negate", operand: e, type: e.type as "int" | "float", pos });
  }

  private arithmetic(node: BinaryNode): Operand {
    const left = this.numeric(node.left);
    const right = this.numeric(node.right);
    if (node.op === "%" && (left.type !== "int" || right.type !== "int")) fail(this, "type", "'%' needs integer operands", node.pos);
    const type = left.type === "int" && right.type === "int" ? "int" : "float";
    return scalar({ kind: "arith", op: node.op as "+", left, right, type, pos: node.pos });
  }

  private timespanLiteral(items: readonly Expression[], pos: SourcePosition): Operand {
    if (items.length !== 2) return fail(this, "type", `a timespan is written (begin, end); got ${items.length} items`, pos);
    const [begin, end] = items.map((item) => {
      const o = this.operand(item);
      if (o.sort === "null") return null;
      if (o.sort === "scalar" && o.expr.type === "datetime") return o.expr;
      return fail(this, "type", `timespan bounds must be times (T'…') or NULL, got ${describeOperand(o)}`, positionOf(o));
    }) as [CheckedExpr | null, CheckedExpr | null];
    if (begin?.kind === "value" && end?.kind === "value" && (begin.value as bigint) >= (end.value as bigint)) {
      fail(this, "type", "empty timespan: begin is not before end", pos);
    }
    return { sort: "timespan", begin, end, pos };
  }

  /** Makes two scalars comparable (numbers mix; a string meets a uuid as a UUID text). */
  private unify(a: CheckedExpr, b: CheckedExpr, pos: SourcePosition): [CheckedExpr, CheckedExpr] {
    if (a.type === b.type || (NUMERIC.has(a.type) && NUMERIC.has(b.type))) return [a, b];
    if (a.type === "uuid" && b.kind === "value" && b.type === "string") return [a, this.asUuid(b)];
    if (b.type === "uuid" && a.kind === "value" && a.type === "string") return [this.asUuid(a), b];
    const hint = a.type === "datetime" || b.type === "datetime" ? "; write times as T'…'" : "";
    return fail(this, "type", `cannot compare ${describeExpr(a)} with ${describeExpr(b)}${hint}`, pos);
  }

  private asUuid(v: ValueExpr): ValueExpr {
    const u = canonicalUuid(v.value as string);
    if (u === undefined) fail(this, "type", `'${String(v.value)}' is not a UUID`, v.pos);
    return value("uuid", u!, v.pos);
  }

  private compare(node: BinaryNode, op: ComparisonOp): CheckedExpr {
    const left = this.operand(node.left);
    const right = this.operand(node.right);
    if (left.sort === "null" || right.sort === "null") {
      const other = left.sort === "null" ? right : left;
      if (other.sort !== "scalar") return fail(this, "type", `cannot compare ${describeOperand(other)} with NULL`, node.pos);
      if (op !== "=" && op !== "!=") return fail(this, "type", "NULL can only be compared with = or !=", node.pos);
      return { kind: "is-null", operand: other.expr, negated: op === "!=", type: "bool", pos: node.pos };
    }
    if (left.sort === "timespan" || right.sort === "timespan") return this.timespanCompare(left, right, op, node.pos);
    if (left.sort !== "scalar" || right.sort !== "scalar") {
      const bad = left.sort !== "scalar" ? left : right;
      const why = bad.sort === "list" ? "can only be used on the right of IN" : "can only be used with OVERLAPS";
      return fail(this, "type", `${describeOperand(bad)} ${why}`, positionOf(bad));
    }
    const [l, r] = this.unify(left.expr, right.expr, node.pos);
    if ((l.type === "bool" || l.type === "uuid") && op !== "=" && op !== "!=") {
      fail(this, "type", `${l.type} values can only be compared with = or !=`, node.pos);
    }
    return { kind: "compare", op, left: l, right: r, type: "bool", pos: node.pos };
  }

  /** `ts < t` (ends by t), `ts > t` (begins after t), and the same against another timespan. */
  private timespanCompare(left: Operand, right: Operand, op: ComparisonOp, pos: SourcePosition): CheckedExpr {
    if (op !== "<" && op !== ">") return fail(this, "type", `timespans can be compared only with <, > or OVERLAPS, not '${op}'`, pos);
    // Normalise to "earlier < later".
    const [early, late] = op === "<" ? [left, right] : [right, left];
    const endOf = (o: Operand): CheckedExpr | null | undefined => (o.sort === "timespan" ? o.end : o.sort === "scalar" && o.expr.type === "datetime" ? o.expr : undefined);
    const beginOf = (o: Operand): CheckedExpr | null | undefined => (o.sort === "timespan" ? o.begin : o.sort === "scalar" && o.expr.type === "datetime" ? o.expr : undefined);
    const e = endOf(early);
    const b = beginOf(late);
    if (e === undefined || b === undefined) {
      const bad = e === undefined ? early : late;
      return fail(this, "type", `cannot compare a timespan with ${describeOperand(bad)}`, pos);
    }
    // An unbounded side can never be entirely before the other.
    if (e === null || b === null) return value("bool", false, pos);
    // [b, e) is before t when e <= t; t is before [b, e) when t < b; [b1, e1) before [b2, e2) when e1 <= b2.
    const strict = early.sort === "timespan" ? "<=" : "<";
    return { kind: "compare", op: strict, left: e, right: b, type: "bool", pos };
  }

  private overlaps(node: BinaryNode): CheckedExpr {
    const left = this.operand(node.left);
    const right = this.operand(node.right);
    const pos = node.pos;
    if (left.sort === "timespan" && right.sort === "timespan") {
      // Half-open [b1, e1) and [b2, e2) overlap when b1 < e2 and b2 < e1.
      return and(pos, [lessThan(left.begin, right.end, "<", pos), lessThan(right.begin, left.end, "<", pos)]);
    }
    const ts = left.sort === "timespan" ? left : right.sort === "timespan" ? right : undefined;
    const other = ts === left ? right : left;
    if (ts && other.sort === "scalar" && other.expr.type === "datetime") {
      // A time t is inside [b, e) when b <= t and t < e.
      return and(pos, [lessThan(ts.begin, other.expr, "<=", pos), lessThan(other.expr, ts.end, "<", pos)]);
    }
    const column = left.sort === "region-column" ? left : right.sort === "region-column" ? right : undefined;
    const region = left.sort === "region-value" ? left : right.sort === "region-value" ? right : undefined;
    if (column && region) return { kind: "region-overlaps", element: column.element, field: column.field, region: region.region, type: "bool", pos };
    if (column && (left.sort === "region-column") === (right.sort === "region-column")) {
      return fail(this, "unsupported", "OVERLAPS between two region columns is not supported in a where expression; constrain one side with a region value", pos);
    }
    if (region && left.sort === right.sort) return fail(this, "unsupported", "OVERLAPS needs a region column on one side", pos);
    return fail(this, "type", `OVERLAPS needs two timespans, a timespan and a time, or a region column and a region; got ${describeOperand(left)} and ${describeOperand(right)}`, pos);
  }

  private inList(node: InNode): CheckedExpr {
    const left = this.operand(node.operand);
    if (left.sort !== "scalar") return fail(this, "type", `the left side of IN must be a single value, got ${describeOperand(left)}`, positionOf(left));
    let subject = left.expr;
    const values: CheckedExpr[] = [];
    const ranges: IntRange[] = [];
    const add = (item: CheckedExpr): void => {
      const [s, v] = this.unify(subject, item, item.pos);
      subject = s;
      values.push(v);
      if (values.length > MAX_IN_VALUES) fail(this, "type", `IN list has more than ${MAX_IN_VALUES} values`, node.pos);
    };
    for (const item of node.items) {
      if (item.kind === "range") {
        this.range(item, subject, values, ranges);
        if (values.length > MAX_IN_VALUES) fail(this, "type", `IN list has more than ${MAX_IN_VALUES} values`, node.pos);
        continue;
      }
      const o = this.operand(item);
      if (o.sort === "list") o.items.forEach(add);
      else if (o.sort === "scalar") add(o.expr);
      else if (o.sort === "null") fail(this, "type", "NULL cannot be in an IN list; use = NULL", o.pos);
      else fail(this, "type", `${describeOperand(o)} cannot be in an IN list`, positionOf(o));
    }
    return { kind: "in", operand: subject, negated: node.negated, values, ranges, type: "bool", pos: node.pos };
  }

  private range(item: RangeNode, subject: CheckedExpr, values: CheckedExpr[], ranges: IntRange[]): void {
    if (subject.type !== "int") fail(this, "type", `an integer range needs an integer on the left of IN, got ${describeExpr(subject)}`, item.pos);
    if (item.stop < item.start) return;
    const count = Math.floor((item.stop - item.start) / item.stride) + 1;
    if (count > RANGE_EXPAND_LIMIT) {
      ranges.push({ start: item.start, stop: item.stop, stride: item.stride });
      return;
    }
    for (let v = item.start; v <= item.stop; v += item.stride) values.push(value("int", v, item.pos));
  }

  private glob(node: CallNode): CheckedExpr {
    checkArity(this, node);
    const subject = this.operand(node.args[0]!);
    if (subject.sort !== "scalar" || subject.expr.type !== "string") {
      return fail(this, "type", `GLOB matches strings, got ${describeOperand(subject)}`, positionOf(subject));
    }
    const pattern = stringArgument(this, node, node.args[1]!, (e) => this.operand(e), "the pattern");
    return { kind: "glob", operand: subject.expr, pattern, type: "bool", pos: node.pos };
  }
}

const NUMERIC_OPS: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%"]);

const scalar = (expr: CheckedExpr): Operand => ({ sort: "scalar", expr });

/** `a op b` unless a side is unbounded (null), in which case the test always holds. */
function lessThan(a: CheckedExpr | null, b: CheckedExpr | null, op: "<" | "<=", pos: SourcePosition): CheckedExpr | undefined {
  return a === null || b === null ? undefined : { kind: "compare", op, left: a, right: b, type: "bool", pos };
}

function and(pos: SourcePosition, parts: readonly (CheckedExpr | undefined)[]): CheckedExpr {
  const kept = parts.filter((p): p is CheckedExpr => p !== undefined);
  if (kept.length === 0) return value("bool", true, pos);
  if (kept.length === 1) return kept[0]!;
  const result: LogicalExpr = { kind: "logical", op: "AND", operands: kept, type: "bool", pos };
  return result;
}

/**
 * Checks a parsed expression against the repository's names and the bind values.
 * @param source the expression text (for error excerpts).
 * @returns a boolean CheckedExpr ready for compileExpression.
 * @throws ExpressionCheckError for unknown names (with the closest valid ones), type mismatches,
 *   missing or unusable bind values, and invalid regions.
 */
export function checkExpression(tree: Expression, source: string, options: CheckOptions): CheckedExpr {
  return new Checker(source, options.lookup, options.bind ?? {}).predicate(tree);
}
