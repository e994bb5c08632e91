/**
 * Walking the value expressions of an ADQL AST without entering subqueries: the children of a
 * value, the values inside a condition, and whether an expression holds an aggregate (the checker's
 * grouping rules need these).
 */
import type { Condition, ValueExpr } from "../ast/expressions.js";

/** Direct value children of a value expression (not into subqueries). */
export function childValues(e: ValueExpr): ValueExpr[] {
  switch (e.kind) {
    case "unary":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "paren":
      return [e.expr];
    case "function":
    case "udf":
      return [...e.args];
    case "aggregate":
      return e.arg ? [e.arg] : [];
    case "cast":
      return [e.operand];
    case "case":
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [...(isValue(w.when) ? [w.when] : conditionValues(w.when as Condition)), w.result]),
        ...(e.otherwise ? [e.otherwise] : []),
      ];
    default:
      return [];
  }
}

function isValue(x: ValueExpr | Condition): x is ValueExpr {
  return !["comparison", "between", "like", "isNull", "in", "exists", "logical", "not", "parenCondition"].includes(x.kind);
}

/** Value expressions directly inside a condition (not into subqueries). */
export function conditionValues(c: Condition): ValueExpr[] {
  switch (c.kind) {
    case "comparison":
      return [c.left, c.right];
    case "between":
      return [c.operand, c.low, c.high];
    case "like":
      return [c.operand, c.pattern];
    case "isNull":
      return [c.operand];
    case "in":
      return [c.operand, ...(Array.isArray(c.source) ? (c.source as readonly ValueExpr[]) : [])];
    case "exists":
      return [];
    case "logical":
      return [...conditionValues(c.left), ...conditionValues(c.right)];
    case "not":
      return conditionValues(c.operand);
    case "parenCondition":
      return conditionValues(c.condition);
  }
}

export function containsAggregate(e: ValueExpr): boolean {
  if (e.kind === "aggregate") return true;
  return childValues(e).some(containsAggregate);
}

export function conditionHasAggregate(c: Condition): boolean {
  return conditionValues(c).some(containsAggregate);
}
