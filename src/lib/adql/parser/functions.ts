/**
 * Built-in function calls (ADQL 2.1 §2.3 math and trig, §2.4 string/conditional/type/unit
 * functions, §4.2 geometry) with their arities, set functions (COUNT(*), COUNT(DISTINCT x), SUM,
 * AVG, MIN, MAX), CAST(x AS type), and the draft-only CASE expression.
 */
import type { SourcePosition } from "../ast/common.js";
import type { CaseWhen, CastTarget, StringLiteral, ValueExpr } from "../ast/expressions.js";
import { AdqlSyntaxError } from "../errors.js";
import { parseArguments } from "./expressions.js";
import { asValue, parseCondition, parseConditionOrValue, parseValue } from "./predicates.js";
import type { ParserState } from "./state.js";

/** [min, max] argument counts of the scalar built-ins (max Infinity = variadic). */
export const BUILTIN_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  ABS: [1, 1], CEILING: [1, 1], DEGREES: [1, 1], EXP: [1, 1], FLOOR: [1, 1], LOG: [1, 1], LOG10: [1, 1],
  MOD: [2, 2], PI: [0, 0], POWER: [2, 2], RADIANS: [1, 1], SQRT: [1, 1], RAND: [0, 1], ROUND: [1, 2],
  TRUNCATE: [1, 2], SIN: [1, 1], COS: [1, 1], TAN: [1, 1], ASIN: [1, 1], ACOS: [1, 1], ATAN: [1, 1],
  ATAN2: [2, 2], COT: [1, 1], LOWER: [1, 1], UPPER: [1, 1], COALESCE: [2, Number.POSITIVE_INFINITY],
  IN_UNIT: [2, 2], POINT: [2, 2], CIRCLE: [2, 3], BOX: [3, 4], POLYGON: [3, Number.POSITIVE_INFINITY],
  REGION: [1, 1], CENTROID: [1, 1], AREA: [1, 1], COORD1: [1, 1], COORD2: [1, 1], COORDSYS: [1, 1],
  DISTANCE: [2, 4], CONTAINS: [2, 2], INTERSECTS: [2, 2],
};

/** Geometry constructors that take the optional leading coordinate-system literal. */
const WITH_COOSYS: ReadonlySet<string> = new Set(["POINT", "CIRCLE", "BOX", "POLYGON"]);
const AGGREGATES: ReadonlySet<string> = new Set(["COUNT", "SUM", "AVG", "MIN", "MAX"]);
const CAST_TYPES: ReadonlySet<string> = new Set([
  "CHAR", "VARCHAR", "SMALLINT", "INTEGER", "BIGINT", "REAL", "DOUBLE", "TIMESTAMP", "POINT", "CIRCLE", "POLYGON",
]);

/** Parses a built-in call, CAST, an aggregate or CASE at the cursor; undefined if the word is none. */
export function parseFunctionLike(p: ParserState): ValueExpr | undefined {
  const t = p.peek();
  if (t.value === "CASE") return parseCase(p);
  if (t.value === "CAST") return parseCast(p);
  if (AGGREGATES.has(t.value)) return parseAggregate(p);
  if (BUILTIN_ARITY[t.value] === undefined) return undefined;
  p.next();
  const all = parseArguments(p);
  return checkBuiltin(t.value, all, t.pos);
}

const isNumeric = (e: ValueExpr): boolean =>
  e.kind === "number" || (e.kind === "unary" && e.operand.kind === "number");

function arityError(name: string, count: number, pos: SourcePosition): never {
  throw new AdqlSyntaxError(`wrong number of arguments (${count}) for ${name}`, pos);
}

function checkBuiltin(name: string, all: ValueExpr[], pos: SourcePosition): ValueExpr {
  let coordSys: StringLiteral | undefined;
  let args = all;
  const first = all[0];
  const [min, max] = BUILTIN_ARITY[name] ?? [0, 0];
  // The COOSYS literal is recognised by type (a string literal first) and count (ADQL 2.1 §4.2.x).
  if (WITH_COOSYS.has(name) && first?.kind === "string" && (name === "POLYGON" || all.length === max + 1 || all.length === min + 1)) {
    coordSys = first;
    args = all.slice(1);
  }
  if (args.length < min || args.length > max) arityError(name, all.length, pos);
  if (name === "DISTANCE" && args.length === 3) arityError(name, 3, pos);
  if (name === "POLYGON" && args.some(isNumeric) && (args.length % 2 === 1 || args.length < 6)) {
    throw new AdqlSyntaxError("POLYGON needs at least 3 vertices: an even number (≥ 6) of coordinates or ≥ 3 points", pos);
  }
  if ((name === "IN_UNIT" && args[1]?.kind !== "string") || (name === "REGION" && args[0]?.kind !== "string")) {
    throw new AdqlSyntaxError(`${name} needs a string literal argument`, pos);
  }
  return { kind: "function", name, coordSys, args, pos };
}

function parseAggregate(p: ParserState): ValueExpr {
  const t = p.next();
  const name = t.value as "COUNT" | "SUM" | "AVG" | "MIN" | "MAX";
  p.expectSymbol("(");
  if (name === "COUNT" && p.acceptSymbol("*")) {
    p.expectSymbol(")");
    return { kind: "aggregate", name, quantifier: undefined, arg: undefined, pos: t.pos };
  }
  const q = p.acceptWord("DISTINCT") ?? p.acceptWord("ALL");
  p.enter();
  const arg = parseValue(p);
  p.leave();
  p.expectSymbol(")");
  return { kind: "aggregate", name, quantifier: q === undefined ? undefined : (q.value as "ALL" | "DISTINCT"), arg, pos: t.pos };
}

function parseCast(p: ParserState): ValueExpr {
  const t = p.next();
  p.expectSymbol("(");
  p.enter();
  const operand = parseValue(p);
  p.leave();
  p.expectWord("AS");
  const type = p.peek();
  if (type.kind !== "word" || !CAST_TYPES.has(type.value)) p.fail("expected a CAST target type", type, [...CAST_TYPES]);
  p.next();
  let target: CastTarget = { name: type.value, length: undefined };
  if (type.value === "DOUBLE") {
    p.expectWord("PRECISION");
    target = { name: "DOUBLE PRECISION", length: undefined };
  } else if ((type.value === "CHAR" || type.value === "VARCHAR") && p.acceptSymbol("(")) {
    const n = p.peek();
    if (n.kind !== "number" || !/^[0-9]+$/.test(n.text)) p.fail("expected a length", n, []);
    p.next();
    p.expectSymbol(")");
    target = { name: type.value, length: Number(n.text) };
  }
  p.expectSymbol(")");
  return { kind: "cast", operand, target, pos: t.pos };
}

function parseCase(p: ParserState): ValueExpr {
  const t = p.peek();
  if (!p.draftFeatures) p.fail("CASE is not part of ADQL 2.1; expected an expression", t, [], "use COALESCE or a UDF");
  p.next();
  p.enter();
  const operand = p.isWord("WHEN") ? undefined : parseValue(p);
  const whens: CaseWhen[] = [];
  while (p.acceptWord("WHEN")) {
    const when = operand === undefined ? parseCondition(p) : asValue(parseConditionOrValue(p));
    p.expectWord("THEN");
    whens.push({ when, result: parseValue(p) });
  }
  if (whens.length === 0) p.fail("expected WHEN", p.peek(), ["WHEN"]);
  const otherwise = p.acceptWord("ELSE") ? parseValue(p) : undefined;
  p.expectWord("END");
  p.leave();
  return { kind: "case", operand, whens, otherwise, pos: t.pos };
}
