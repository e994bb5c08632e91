/**
 * Value expressions (ADQL 2.1 §2.2 numeric/string value expressions): `||` below `+ -`, below
 * `* /`, below unary signs, then primaries (literals, NULL, column references, function calls,
 * scalar subqueries, parentheses). With `draftFeatures`, bitwise `| ^` and `&` sit between `||`
 * and `+ -`, and `~` is a unary operator.
 */
import type { Identifier } from "../ast/common.js";
import type { BinaryOp, Condition, ValueExpr } from "../ast/expressions.js";
import { isReserved } from "../reserved.js";
import { parseFunctionLike } from "./functions.js";
import { asValue, parseConditionOrValue } from "./predicates.js";
import { parseQuery } from "./query.js";
import type { ParserState } from "./state.js";

type Level = (p: ParserState) => Condition | ValueExpr;

function binaryLevel(ops: readonly string[], lower: Level, draftOnly = false): Level {
  return (p) => {
    let left = lower(p);
    for (;;) {
      const t = p.peek();
      if (t.kind !== "symbol" || !ops.includes(t.value)) return left;
      if (draftOnly && !p.draftFeatures) p.fail("bitwise operators are not part of ADQL 2.1; expected an operator or clause", t, []);
      p.next();
      const right = asValue(lower(p));
      left = { kind: "binary", op: t.value as BinaryOp, left: asValue(left), right, pos: left.pos };
    }
  };
}

const parseMultiplicative = binaryLevel(["*", "/"], parseUnary);
const parseAdditive = binaryLevel(["+", "-"], parseMultiplicative);
const parseBitAnd = binaryLevel(["&"], parseAdditive, true);
const parseBitOr = binaryLevel(["|", "^"], parseBitAnd, true);

/** Parses a value expression without comparison or boolean operators (operand of predicates). */
export const parseValueLevel: Level = binaryLevel(["||"], parseBitOr);

function parseUnary(p: ParserState): Condition | ValueExpr {
  const t = p.peek();
  if (t.kind === "symbol" && (t.value === "+" || t.value === "-" || t.value === "~")) {
    if (t.value === "~" && !p.draftFeatures) p.fail("bitwise NOT is not part of ADQL 2.1; expected an expression", t, []);
    p.next();
    p.enter();
    const operand = asValue(parseUnary(p));
    p.leave();
    return { kind: "unary", op: t.value, operand, pos: t.pos };
  }
  return parsePrimary(p);
}

/** Reads `name(.name)*` (at most `max` parts). */
export function parseNameChain(p: ParserState, role: string, max: number): Identifier[] {
  const parts = [p.identifier(role)];
  while (p.isSymbol(".") && !p.isSymbol("*", 1)) {
    if (parts.length >= max) p.fail(`a qualified name has at most ${max} parts; expected`, p.peek(), []);
    p.next();
    parts.push(p.identifier(role));
  }
  return parts;
}

function parsePrimary(p: ParserState): Condition | ValueExpr {
  const t = p.peek();
  switch (t.kind) {
    case "number":
      p.next();
      return { kind: "number", text: t.text, pos: t.pos };
    case "hex":
      if (!p.draftFeatures) p.fail("hexadecimal literals are not part of ADQL 2.1; expected an expression", t, []);
      p.next();
      return { kind: "number", text: t.text, pos: t.pos };
    case "string": {
      p.next();
      // Literals separated only by whitespace or comments form one string (SQL-92 / ADQL BNF
      // <character_string_literal>): 'abc' 'def' = 'abcdef'.
      let value = t.value;
      while (p.peek().kind === "string") value += p.next().value;
      return { kind: "string", value, pos: t.pos };
    }
    case "quoted":
      return { kind: "column", parts: parseNameChain(p, "a column name", 4), pos: t.pos };
    case "symbol":
      if (t.value === "(") return parseParenthesised(p);
      return p.fail("expected an expression", t, []);
    case "word":
      if (t.value === "NULL") {
        p.next();
        return { kind: "null", pos: t.pos };
      }
      if (p.isSymbol("(", 1) || t.value === "CASE") {
        const call = parseFunctionLike(p);
        if (call !== undefined) return call;
      }
      if (t.value === "TRUE" || t.value === "FALSE") {
        p.fail("expected an expression; ADQL has no boolean literals", t, [], "compare with 1 or 0 instead");
      }
      if (!isReserved(t.value) && p.isSymbol("(", 1)) return parseUdf(p);
      return { kind: "column", parts: parseNameChain(p, "a column name", 4), pos: t.pos };
    default:
      return p.fail("expected an expression", t, []);
  }
}

function parseParenthesised(p: ParserState): Condition | ValueExpr {
  const open = p.next();
  if (p.isWord("SELECT") || p.isWord("WITH")) {
    const query = parseQuery(p);
    p.expectSymbol(")");
    return { kind: "subquery", query, pos: open.pos };
  }
  const inner = parseConditionOrValue(p);
  p.expectSymbol(")");
  if (inner.kind === "comparison" || inner.kind === "between" || inner.kind === "like" || inner.kind === "isNull"
    || inner.kind === "in" || inner.kind === "exists" || inner.kind === "logical" || inner.kind === "not"
    || inner.kind === "parenCondition") {
    return { kind: "parenCondition", condition: inner, pos: open.pos };
  }
  return { kind: "paren", expr: inner, pos: open.pos };
}

/** Parses a list of comma-separated value arguments up to the closing parenthesis. */
export function parseArguments(p: ParserState): ValueExpr[] {
  p.expectSymbol("(");
  const args: ValueExpr[] = [];
  if (!p.isSymbol(")")) {
    p.enter();
    do args.push(asValue(parseConditionOrValue(p)));
    while (p.acceptSymbol(","));
    p.leave();
  }
  p.expectSymbol(")");
  return args;
}

function parseUdf(p: ParserState): ValueExpr {
  const t = p.next();
  return { kind: "udf", name: t.text, args: parseArguments(p), pos: t.pos };
}
