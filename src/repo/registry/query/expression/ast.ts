/**
 * The syntax tree of a Butler query expression (lsst-image-services.md §2.5): plain, immutable
 * nodes discriminated by `kind`, each with the source position of its first token (for operator
 * nodes: of the operator, where type errors are reported). The parser builds it; the checker
 * resolves names and types against the repository without changing it.
 */
import type { SourcePosition } from "./errors.js";

interface NodeBase {
  readonly pos: SourcePosition;
}

/** `visit`, `visit.exposure_time`, `visit.timespan.begin`, `raw.dataset_id`: the dotted parts. */
export interface IdentifierNode extends NodeBase {
  readonly kind: "identifier";
  readonly parts: readonly string[];
}

/** A 'string' literal, unescaped. */
export interface StringNode extends NodeBase {
  readonly kind: "string";
  readonly value: string;
}

/** An integer literal (within ±2^53; larger ones are rejected by the parser). */
export interface IntegerNode extends NodeBase {
  readonly kind: "integer";
  readonly value: number;
}

/** A literal with a fraction or an exponent. */
export interface FloatNode extends NodeBase {
  readonly kind: "float";
  readonly value: number;
}

/** A T'…' literal: the text inside the quotes and the instant in TAI nanoseconds since 1970 TAI. */
export interface TimeNode extends NodeBase {
  readonly kind: "time";
  readonly text: string;
  readonly taiNs: bigint;
}

/** The NULL literal. */
export interface NullNode extends NodeBase {
  readonly kind: "null";
}

/** TRUE or FALSE. */
export interface BooleanNode extends NodeBase {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** A `:name` bind placeholder; the value is supplied when the expression is checked. */
export interface BindNode extends NodeBase {
  readonly kind: "bind";
  readonly name: string;
}

/** NOT, unary minus and unary plus. */
export type UnaryOp = "NOT" | "-" | "+";

/** A prefix operator applied to one operand. */
export interface UnaryNode extends NodeBase {
  readonly kind: "unary";
  readonly op: UnaryOp;
  readonly operand: Expression;
}

/** Comparison operators; `<>` is read as `!=`. */
export type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
/** Arithmetic operators (binary). */
export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
/** Every binary operator except AND and OR. */
export type BinaryOp = ComparisonOp | ArithmeticOp | "OVERLAPS";

/** A comparison, arithmetic or OVERLAPS; `pos` is the operator's. */
export interface BinaryNode extends NodeBase {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expression;
  readonly right: Expression;
}

/** AND / OR over two or more operands (chains are flattened, so long chains stay shallow). */
export interface LogicalNode extends NodeBase {
  readonly kind: "logical";
  readonly op: "AND" | "OR";
  readonly operands: readonly Expression[];
}

/** An inclusive integer range `start..stop` or `start..stop:stride` inside an IN list. */
export interface RangeNode extends NodeBase {
  readonly kind: "range";
  readonly start: number;
  readonly stop: number;
  readonly stride: number;
}

/** `x IN (…)`, `x NOT IN (…)`; `x IN :list` has a single bind item and `bare` set. */
export interface InNode extends NodeBase {
  readonly kind: "in";
  readonly negated: boolean;
  readonly operand: Expression;
  readonly items: readonly (Expression | RangeNode)[];
  readonly bare: boolean;
}

/** A parenthesised list of two or more expressions: the timespan literal `(T'…', T'…')`. */
export interface TupleNode extends NodeBase {
  readonly kind: "tuple";
  readonly items: readonly Expression[];
}

/** A function call; `name` is upper-cased (POINT, CIRCLE, BOX, POLYGON, REGION, GLOB, UUID). */
export interface CallNode extends NodeBase {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expression[];
}

/** Any expression node. */
export type Expression =
  | IdentifierNode
  | StringNode
  | IntegerNode
  | FloatNode
  | TimeNode
  | NullNode
  | BooleanNode
  | BindNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | InNode
  | TupleNode
  | CallNode;

/** One ORDER BY term: `visit.timespan.begin`, `-visit.exposure_time` (descending), `detector`. */
export interface OrderByTermNode extends NodeBase {
  readonly kind: "order-term";
  readonly descending: boolean;
  readonly identifier: IdentifierNode;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * A compact, stable S-expression of a tree, for tests and debugging, e.g.
 * `(AND (= instrument 'HSC') (IN visit (range 903334 903338 1) 904010))`. Floats always show a
 * fraction or exponent (`30.0`), times show their TAI nanoseconds (`T(…ns)`).
 */
export function summarize(node: Expression | RangeNode | OrderByTermNode): string {
  switch (node.kind) {
    case "identifier":
      return node.parts.join(".");
    case "string":
      return quote(node.value);
    case "integer":
      return String(node.value);
    case "float": {
      const s = String(node.value);
      return /[.eEn]/.test(s) ? s : `${s}.0`;
    }
    case "time":
      return `T(${node.taiNs}ns)`;
    case "null":
      return "NULL";
    case "boolean":
      return node.value ? "TRUE" : "FALSE";
    case "bind":
      return `:${node.name}`;
    case "unary":
      return `(${node.op === "-" ? "neg" : node.op === "+" ? "pos" : "NOT"} ${summarize(node.operand)})`;
    case "binary":
      return `(${node.op} ${summarize(node.left)} ${summarize(node.right)})`;
    case "logical":
      return `(${node.op} ${node.operands.map(summarize).join(" ")})`;
    case "range":
      return `(range ${node.start} ${node.stop} ${node.stride})`;
    case "in":
      return `(${node.negated ? "NOT-IN" : "IN"} ${summarize(node.operand)}${node.items.map((i) => ` ${summarize(i)}`).join("")})`;
    case "tuple":
      return `(tuple ${node.items.map(summarize).join(" ")})`;
    case "call":
      return `(${node.name}${node.args.map((a) => ` ${summarize(a)}`).join("")})`;
    case "order-term":
      return `${node.descending ? "-" : "+"}${summarize(node.identifier)}`;
  }
}
