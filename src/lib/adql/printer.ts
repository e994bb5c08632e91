/**
 * Prints an ADQL AST back to canonical ADQL 2.1 text: upper-case keywords, single spaces,
 * identifiers and literals as written (re-escaped). Used by rewrites and round-trip tests:
 * parse(toAdql(parse(q))) equals parse(q) up to source positions.
 */
import type { Identifier } from "./ast/common.js";
import { type Condition, isCondition, type ValueExpr } from "./ast/expressions.js";
import type { Query, QueryBody, SelectItem, TableRef } from "./ast/query.js";

const PRECEDENCE: Readonly<Record<string, number>> = { "||": 1, "|": 2, "^": 2, "&": 3, "+": 4, "-": 4, "*": 5, "/": 5 };

/** Prints an identifier, quoting it when it was delimited. */
export function printIdentifier(id: Identifier): string {
  return id.quoted ? `"${id.name.replaceAll('"', '""')}"` : id.name;
}

const names = (ids: readonly Identifier[]): string => ids.map(printIdentifier).join(".");
const list = <T>(xs: readonly T[], f: (x: T) => string): string => xs.map(f).join(", ");

function operand(e: ValueExpr, parentPrec: number, right: boolean): string {
  if (e.kind !== "binary") return printValue(e);
  const prec = PRECEDENCE[e.op] ?? 0;
  const wrap = prec < parentPrec || (right && prec === parentPrec);
  return wrap ? `(${printValue(e)})` : printValue(e);
}

/** Prints a value expression. */
export function printValue(e: ValueExpr): string {
  switch (e.kind) {
    case "number": return e.text;
    case "string": return `'${e.value.replaceAll("'", "''")}'`;
    case "null": return "NULL";
    case "column": return names(e.parts);
    case "unary": {
      const inner = e.operand.kind === "binary" ? `(${printValue(e.operand)})` : printValue(e.operand);
      return e.operand.kind === "unary" ? `${e.op} ${inner}` : `${e.op}${inner}`;
    }
    case "binary": {
      // Walk the left spine iteratively: `a + b + c …` with thousands of terms is one long
      // left-deep chain, and recursion on it would overflow the stack.
      const parts: string[] = [];
      let node = e;
      for (;;) {
        const prec = PRECEDENCE[node.op] ?? 0;
        parts.push(`${node.op} ${operand(node.right, prec, true)}`);
        const left = node.left;
        if (left.kind === "binary" && (PRECEDENCE[left.op] ?? 0) >= prec) {
          node = left;
          continue;
        }
        parts.push(operand(left, prec, false));
        return parts.reverse().join(" ");
      }
    }
    case "paren": return `(${printValue(e.expr)})`;
    case "function": {
      const args = e.coordSys === undefined ? e.args : [e.coordSys, ...e.args];
      return `${e.name}(${list(args, printValue)})`;
    }
    case "aggregate":
      if (e.arg === undefined) return `${e.name}(*)`;
      return `${e.name}(${e.quantifier === undefined ? "" : `${e.quantifier} `}${printValue(e.arg)})`;
    case "udf": return `${e.name}(${list(e.args, printValue)})`;
    case "cast": {
      const len = e.target.length === undefined ? "" : `(${e.target.length})`;
      return `CAST(${printValue(e.operand)} AS ${e.target.name}${len})`;
    }
    case "subquery": return `(${toAdql(e.query)})`;
    case "case": {
      const head = e.operand === undefined ? "CASE" : `CASE ${printValue(e.operand)}`;
      const arms = e.whens.map((w) => ` WHEN ${printNode(w.when)} THEN ${printValue(w.result)}`).join("");
      return `${head}${arms}${e.otherwise === undefined ? "" : ` ELSE ${printValue(e.otherwise)}`} END`;
    }
  }
}

const not = (negated: boolean): string => (negated ? "NOT " : "");

/** Prints a search condition. */
export function printCondition(c: Condition): string {
  switch (c.kind) {
    case "comparison": return `${printValue(c.left)} ${c.op} ${printValue(c.right)}`;
    case "between": return `${printValue(c.operand)} ${not(c.not)}BETWEEN ${printValue(c.low)} AND ${printValue(c.high)}`;
    case "like": return `${printValue(c.operand)} ${not(c.not)}${c.insensitive ? "ILIKE" : "LIKE"} ${printValue(c.pattern)}`;
    case "isNull": return `${printValue(c.operand)} IS ${not(c.not)}NULL`;
    case "in": {
      const source = Array.isArray(c.source) ? list(c.source as readonly ValueExpr[], printValue) : toAdql(c.source as Query);
      return `${printValue(c.operand)} ${not(c.not)}IN (${source})`;
    }
    case "exists": return `EXISTS (${toAdql(c.query)})`;
    case "logical": {
      const wrap = (op: string, x: Condition): string => (op === "AND" && x.kind === "logical" && x.op === "OR" ? `(${printCondition(x)})` : printCondition(x));
      // Iterative over the left spine, like binary operators in printValue.
      const parts: string[] = [];
      let node = c;
      for (;;) {
        parts.push(`${node.op} ${wrap(node.op, node.right)}`);
        const left = node.left;
        if (left.kind === "logical" && !(node.op === "AND" && left.op === "OR")) {
          node = left;
          continue;
        }
        parts.push(wrap(node.op, left));
        return parts.reverse().join(" ");
      }
    }
    case "not": return `NOT ${printCondition(c.operand)}`;
    case "parenCondition": return `(${printCondition(c.condition)})`;
  }
}

function printNode(n: ValueExpr | Condition): string {
  return isCondition(n) ? printCondition(n) : printValue(n);
}

function printItem(item: SelectItem): string {
  if (item.kind === "star") return "*";
  if (item.kind === "qualifiedStar") return `${names(item.table)}.*`;
  return item.alias === undefined ? printValue(item.expr) : `${printValue(item.expr)} AS ${printIdentifier(item.alias)}`;
}

function printTable(t: TableRef): string {
  switch (t.kind) {
    case "table": return t.alias === undefined ? names(t.name) : `${names(t.name)} AS ${printIdentifier(t.alias)}`;
    case "derived": return `(${toAdql(t.query)}) AS ${printIdentifier(t.alias)}`;
    case "parenJoin": return `(${printTable(t.table)})`;
    case "join": {
      const type = t.type === "LEFT" || t.type === "RIGHT" || t.type === "FULL" ? `${t.type} OUTER` : t.type;
      let s = `${printTable(t.left)} ${t.natural ? "NATURAL " : ""}${type} JOIN ${printTable(t.right)}`;
      if (t.on !== undefined) s += ` ON ${printCondition(t.on)}`;
      if (t.using !== undefined) s += ` USING (${list(t.using, printIdentifier)})`;
      return s;
    }
  }
}

function printBody(b: QueryBody): string {
  switch (b.kind) {
    case "parenQuery": return `(${toAdql(b.query)})`;
    case "setOperation": {
      // INTERSECT binds tighter than UNION/EXCEPT; all three are left-associative (ADQL-10).
      const tight = (x: QueryBody): boolean => x.kind !== "setOperation" || x.op === "INTERSECT";
      const rightWrap = b.right.kind === "setOperation" && (b.op === "INTERSECT" || !tight(b.right));
      const leftWrap = b.op === "INTERSECT" && !tight(b.left);
      const left = leftWrap ? `(${printBody(b.left)})` : printBody(b.left);
      const right = rightWrap ? `(${printBody(b.right)})` : printBody(b.right);
      return `${left} ${b.op}${b.all ? " ALL" : ""} ${right}`;
    }
    case "select": {
      let s = "SELECT";
      if (b.quantifier !== undefined) s += ` ${b.quantifier}`;
      if (b.top !== undefined) s += ` TOP ${b.top.text}`;
      s += ` ${list(b.items, printItem)} FROM ${list(b.from, printTable)}`;
      if (b.where !== undefined) s += ` WHERE ${printCondition(b.where)}`;
      if (b.groupBy.length > 0) s += ` GROUP BY ${list(b.groupBy, printValue)}`;
      if (b.having !== undefined) s += ` HAVING ${printCondition(b.having)}`;
      return s;
    }
  }
}

/**
 * Prints a query as canonical ADQL.
 * @example toAdql(parseAdql("select a from t")) === "SELECT a FROM t"
 */
export function toAdql(q: Query): string {
  let s = "";
  if (q.with.length > 0) {
    s += `WITH ${list(q.with, (c) => `${printIdentifier(c.name)}${c.columns.length > 0 ? ` (${list(c.columns, printIdentifier)})` : ""} AS (${toAdql(c.query)})`)} `;
  }
  s += printBody(q.body);
  if (q.orderBy.length > 0) {
    s += ` ORDER BY ${list(q.orderBy, (o) => (o.direction === undefined ? printValue(o.expr) : `${printValue(o.expr)} ${o.direction}`))}`;
  }
  if (q.offset !== undefined) s += ` OFFSET ${q.offset.text}`;
  return s;
}
