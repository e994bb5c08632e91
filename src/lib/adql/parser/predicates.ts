/**
 * Search conditions (ADQL 2.1 §2.2: WHERE/HAVING/ON): OR, AND, NOT, and the predicates
 * comparison, [NOT] BETWEEN, [NOT] LIKE/ILIKE, IS [NOT] NULL, [NOT] IN (list | subquery), EXISTS.
 * Parenthesised operands are parsed once as "condition or value" and classified afterwards,
 * which keeps the parser linear (no backtracking) on deeply parenthesised input.
 */
import type { SourcePosition } from "../ast/common.js";
import { type ComparisonOp, type Condition, isCondition, type ValueExpr } from "../ast/expressions.js";
import { AdqlSyntaxError } from "../errors.js";
import { parseValueLevel } from "./expressions.js";
import { parseQuery } from "./query.js";
import type { ParserState } from "./state.js";

const COMPARISONS: ReadonlySet<string> = new Set(["=", "<>", "!=", "<", ">", "<=", ">="]);

/** Parses a condition or a value (the two share a prefix when parenthesised). */
export function parseConditionOrValue(p: ParserState): Condition | ValueExpr {
  p.enter();
  let left = parseAnd(p);
  while (p.isWord("OR")) {
    const pos = p.next().pos;
    left = { kind: "logical", op: "OR", left: asCondition(left), right: asCondition(parseAnd(p)), pos };
  }
  p.leave();
  return left;
}

/** Parses a search condition. */
export function parseCondition(p: ParserState): Condition {
  return asCondition(parseConditionOrValue(p));
}

/** Parses a value expression (rejecting a condition where a value is needed). */
export function parseValue(p: ParserState): ValueExpr {
  return asValue(parseConditionOrValue(p));
}

/** Narrows to a condition; a bare value (e.g. `CONTAINS(…)` without `= 1`) is an error. */
export function asCondition(node: Condition | ValueExpr): Condition {
  if (isCondition(node)) return node;
  const geo = node.kind === "function" && (node.name === "CONTAINS" || node.name === "INTERSECTS");
  throw new AdqlSyntaxError(
    "expected a condition (a comparison or predicate), not a value",
    node.pos,
    undefined,
    geo ? { hint: `compare it with 0 or 1, e.g. ${node.name}(…) = 1` } : {},
  );
}

/** Narrows to a value expression. */
export function asValue(node: Condition | ValueExpr): ValueExpr {
  if (!isCondition(node)) return node;
  throw new AdqlSyntaxError("expected a value expression, not a condition", node.pos);
}

function parseAnd(p: ParserState): Condition | ValueExpr {
  let left = parseNot(p);
  while (p.isWord("AND")) {
    const pos = p.next().pos;
    left = { kind: "logical", op: "AND", left: asCondition(left), right: asCondition(parseNot(p)), pos };
  }
  return left;
}

function parseNot(p: ParserState): Condition | ValueExpr {
  if (!p.isWord("NOT")) return parsePredicate(p);
  const pos = p.next().pos;
  p.enter();
  const operand = asCondition(parseNot(p));
  p.leave();
  return { kind: "not", operand, pos };
}

function parseSubqueryInParens(p: ParserState) {
  p.expectSymbol("(");
  const query = parseQuery(p);
  p.expectSymbol(")");
  return query;
}

function parsePredicate(p: ParserState): Condition | ValueExpr {
  if (p.isWord("EXISTS")) {
    const pos = p.next().pos;
    return { kind: "exists", query: parseSubqueryInParens(p), pos };
  }
  const left = parseValueLevel(p);
  const t = p.peek();
  if (t.kind === "symbol" && COMPARISONS.has(t.value)) {
    p.next();
    const op = (t.value === "!=" ? "<>" : t.value) as ComparisonOp;
    return { kind: "comparison", op, left: asValue(left), right: asValue(parseValueLevel(p)), pos: left.pos };
  }
  if (p.isWord("IS")) {
    p.next();
    const not = p.acceptWord("NOT") !== undefined;
    p.expectWord("NULL");
    return { kind: "isNull", not, operand: asValue(left), pos: left.pos };
  }
  const negated = p.isWord("NOT") && ["BETWEEN", "LIKE", "ILIKE", "IN"].some((w) => p.isWord(w, 1));
  if (negated) p.next();
  if (p.acceptWord("BETWEEN")) {
    const low = asValue(parseValueLevel(p));
    p.expectWord("AND");
    const high = asValue(parseValueLevel(p));
    return { kind: "between", not: negated, operand: asValue(left), low, high, pos: left.pos };
  }
  if (p.isWord("LIKE") || p.isWord("ILIKE")) {
    const insensitive = p.next().value === "ILIKE";
    const pattern = asValue(parseValueLevel(p));
    return { kind: "like", not: negated, insensitive, operand: asValue(left), pattern, pos: left.pos };
  }
  if (p.acceptWord("IN")) return parseIn(p, asValue(left), negated, left.pos);
  return left;
}

function parseIn(p: ParserState, operand: ValueExpr, not: boolean, pos: SourcePosition): Condition {
  if (p.isSymbol("(") && (p.isWord("SELECT", 1) || p.isWord("WITH", 1))) {
    return { kind: "in", not, operand, source: parseSubqueryInParens(p), pos };
  }
  p.expectSymbol("(");
  const values: ValueExpr[] = [parseValue(p)];
  while (p.acceptSymbol(",")) values.push(parseValue(p));
  p.expectSymbol(")");
  return { kind: "in", not, operand, source: values, pos };
}
