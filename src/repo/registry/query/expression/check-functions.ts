/**
 * Function calls of the expression language (lsst-image-services.md §2.5): the region
 * constructors POINT, CIRCLE, BOX, POLYGON and REGION('<SIAv2 POS>'), and UUID('…'). Their
 * arguments must be constants (literals, binds, arithmetic on them); GLOB is a predicate and is
 * checked with the other predicates in check.ts.
 */
import type { CallNode, Expression } from "./ast.js";
import type { CheckedExpr } from "./checked.js";
import { type CheckContext, fail } from "./check-names.js";
import { closestNames } from "./lookup.js";
import { canonicalUuid, describeOperand, type Operand, value } from "./operands.js";
import { boxRegion, circleRegion, parseSiaPos, pointRegion, polygonRegion, RegionValueError, type SphereRegionValue } from "./region.js";

/** Every function name the language knows (upper case). */
export const FUNCTION_NAMES = ["POINT", "CIRCLE", "BOX", "POLYGON", "REGION", "UUID", "GLOB"] as const;

/** Number of arguments (exact, or a minimum for POLYGON). */
const ARITY: Readonly<Record<string, number>> = { POINT: 2, CIRCLE: 3, BOX: 4, REGION: 1, UUID: 1, GLOB: 2 };

/** The numeric value of a constant expression, or undefined if it involves columns. */
export function constantNumber(e: CheckedExpr): number | undefined {
  switch (e.kind) {
    case "value":
      return e.type === "int" || e.type === "float" ? Number(e.value) : undefined;
    case "negate": {
      const v = constantNumber(e.operand);
      return v === undefined ? undefined : -v;
    }
    case "arith": {
      const a = constantNumber(e.left);
      const b = constantNumber(e.right);
      if (a === undefined || b === undefined) return undefined;
      if (e.op === "+") return a + b;
      if (e.op === "-") return a - b;
      if (e.op === "*") return a * b;
      if (e.op === "/") return e.type === "int" ? Math.trunc(a / b) : a / b;
      return a % b;
    }
    default:
      return undefined;
  }
}

/** Checks the argument count of a call. */
export function checkArity(ctx: CheckContext, node: CallNode): void {
  const n = node.args.length;
  if (node.name === "POLYGON") {
    if (n < 6 || n % 2 !== 0) fail(ctx, "type", `POLYGON needs RA, Dec pairs of at least 3 vertices, got ${n} arguments`, node.pos);
    return;
  }
  const want = ARITY[node.name];
  if (want !== undefined && n !== want) fail(ctx, "type", `${node.name} takes ${want} argument${want === 1 ? "" : "s"}, got ${n}`, node.pos);
}

/** A string constant argument (literal or bound string). */
export function stringArgument(ctx: CheckContext, call: CallNode, arg: Expression, operand: (e: Expression) => Operand, what: string): string {
  const o = operand(arg);
  if (o.sort === "scalar" && o.expr.kind === "value" && o.expr.type === "string") return o.expr.value as string;
  return fail(ctx, "type", `${what} of ${call.name} must be a string literal or bound string, got ${describeOperand(o)}`, arg.pos);
}

/**
 * Checks a non-predicate call: a region constructor (→ region value) or UUID (→ uuid value).
 * @throws ExpressionCheckError for unknown functions (with suggestions), wrong arguments, bad regions.
 */
export function checkCall(ctx: CheckContext, node: CallNode, operand: (e: Expression) => Operand): Operand {
  if (!(FUNCTION_NAMES as readonly string[]).includes(node.name)) {
    fail(ctx, "unknown-function", `unknown function ${node.name}`, node.pos, closestNames(node.name, FUNCTION_NAMES));
  }
  checkArity(ctx, node);
  if (node.name === "UUID") {
    const text = stringArgument(ctx, node, node.args[0]!, operand, "the argument");
    const uuid = canonicalUuid(text);
    if (uuid === undefined) fail(ctx, "invalid-literal", `'${text}' is not a UUID`, node.args[0]!.pos);
    return { sort: "scalar", expr: value("uuid", uuid!, node.pos) };
  }
  if (node.name === "REGION") {
    const text = stringArgument(ctx, node, node.args[0]!, operand, "the argument");
    return regionOperand(ctx, node, () => parseSiaPos(text));
  }
  const numbers = node.args.map((arg, i) => {
    const o = operand(arg);
    const v = o.sort === "scalar" ? constantNumber(o.expr) : undefined;
    if (v === undefined) fail(ctx, "type", `argument ${i + 1} of ${node.name} must be a number (degrees), got ${describeOperand(o)}`, arg.pos);
    return v!;
  });
  const [a = 0, b = 0, c = 0, d = 0] = numbers;
  return regionOperand(ctx, node, () => {
    switch (node.name) {
      case "POINT":
        return pointRegion(a, b);
      case "CIRCLE":
        return circleRegion(a, b, c);
      case "BOX":
        return boxRegion(a, b, c, d);
      default:
        return polygonRegion(numbers);
    }
  });
}

function regionOperand(ctx: CheckContext, node: CallNode, make: () => SphereRegionValue): Operand {
  try {
    return { sort: "region-value", region: make(), pos: node.pos };
  } catch (e) {
    if (e instanceof RegionValueError) fail(ctx, "region", `invalid ${node.name}: ${e.message}`, node.pos);
    throw e;
  }
}
