/**
 * Hand-written recursive-descent parser of Butler "where" expressions and ORDER BY terms
 * (lsst-image-services.md §2.5). Precedence as in SQL, loosest first: OR, AND, NOT, comparisons
 * (= != <> < <= > >=, [NOT] IN, OVERLAPS; not chainable), + -, * / %, unary - +. AND and OR chains
 * become one n-ary node. Nesting is limited (`maxDepth`), so hostile input cannot exhaust the stack
 * here or in the later recursive passes.
 */
import type {
  ArithmeticOp,
  BinaryNode,
  ComparisonOp,
  Expression,
  IdentifierNode,
  InNode,
  OrderByTermNode,
  RangeNode,
} from "./ast.js";
import { ExpressionSyntaxError, type SourcePosition } from "./errors.js";
import { isKeyword, isSymbol, MAX_EXPRESSION_LENGTH, type Token, tokenize } from "./lexer.js";
import { parseTimeLiteral, TimeFormatError } from "./time.js";

/** Default nesting limit: parentheses, NOT, signs and operator chains each count one level. */
export const MAX_DEPTH = 128;

/** Limits of parseExpression. */
export interface ParseOptions {
  /** Deepest allowed tree (default MAX_DEPTH). */
  readonly maxDepth?: number;
  /** Longest accepted text in UTF-16 code units (default MAX_EXPRESSION_LENGTH). */
  readonly maxLength?: number;
}

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = { "=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

class Parser {
  private index = 0;
  private depth = 0;
  /** Height of each built subtree, to bound operator chains like 1+1+…+1 as well as parentheses. */
  private readonly heights = new WeakMap<object, number>();

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  get peek(): Token {
    return this.tokens[this.index]!;
  }

  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek;
    if (t.kind !== "eof") this.index++;
    return t;
  }

  fail(reason: string, pos: SourcePosition = this.peek.pos): never {
    throw new ExpressionSyntaxError("syntax", reason, this.text, pos);
  }

  /** "unexpected ')'" / "unexpected end of expression", with what was expected. */
  unexpected(expected?: string): never {
    const t = this.peek;
    const what = t.kind === "eof" ? "end of expression" : `'${this.text.slice(t.pos.offset, Math.min(t.end, t.pos.offset + 40))}'`;
    this.fail(`unexpected ${what}${expected ? `, expected ${expected}` : ""}`);
  }

  private expectSymbol(s: "(" | ")" | "," | "..", expected: string): Token {
    if (!isSymbol(this.peek, s)) this.unexpected(expected);
    return this.next();
  }

  /** Records a node's height (1 + tallest child) and enforces the depth limit. */
  private node<T extends Expression | RangeNode>(n: T, ...children: readonly object[]): T {
    let h = 0;
    for (const c of children) h = Math.max(h, this.heights.get(c) ?? 1);
    if (h + 1 > this.maxDepth) this.tooDeep(n.pos);
    this.heights.set(n, h + 1);
    return n;
  }

  private tooDeep(pos: SourcePosition): never {
    throw new ExpressionSyntaxError("too-deep", `expression nested deeper than ${this.maxDepth} levels`, this.text, pos);
  }

  /** Runs `f` one nesting level deeper (guards the recursion itself, before any node exists). */
  private nested<T>(pos: SourcePosition, f: () => T): T {
    if (++this.depth > this.maxDepth) this.tooDeep(pos);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  parseOr(): Expression {
    return this.logical("OR", () => this.parseAnd());
  }

  private parseAnd(): Expression {
    return this.logical("AND", () => this.parseNot());
  }

  private logical(op: "AND" | "OR", operand: () => Expression): Expression {
    const first = operand();
    if (!isKeyword(this.peek, op)) return first;
    const pos = this.peek.pos;
    const operands = [first];
    while (isKeyword(this.peek, op)) {
      this.next();
      operands.push(operand());
    }
    return this.node({ kind: "logical", op, operands, pos }, ...operands);
  }

  private parseNot(): Expression {
    if (!isKeyword(this.peek, "NOT")) return this.parseComparison();
    const pos = this.next().pos;
    const operand = this.nested(pos, () => this.parseNot());
    return this.node({ kind: "unary", op: "NOT", operand, pos }, operand);
  }

  private parseComparison(): Expression {
    const left = this.parseAdditive();
    const t = this.peek;
    let result: Expression;
    if (t.kind === "symbol" && COMPARISONS[t.value] !== undefined) {
      this.next();
      const right = this.parseAdditive();
      result = this.node<BinaryNode>({ kind: "binary", op: COMPARISONS[t.value]!, left, right, pos: t.pos }, left, right);
    } else if (isKeyword(t, "OVERLAPS")) {
      this.next();
      const right = this.parseAdditive();
      result = this.node<BinaryNode>({ kind: "binary", op: "OVERLAPS", left, right, pos: t.pos }, left, right);
    } else if (isKeyword(t, "IN") || (isKeyword(t, "NOT") && isKeyword(this.peekAt(1), "IN"))) {
      const negated = isKeyword(t, "NOT");
      if (negated) this.next();
      const pos = this.next().pos;
      result = this.parseInList(left, negated, pos);
    } else {
      return left;
    }
    const after = this.peek;
    if ((after.kind === "symbol" && COMPARISONS[after.value] !== undefined) || isKeyword(after, "OVERLAPS") || isKeyword(after, "IN")) {
      this.fail(`comparisons cannot be chained; use AND or parentheses before '${after.value}'`);
    }
    return result;
  }

  private parseInList(operand: Expression, negated: boolean, pos: SourcePosition): InNode {
    if (this.peek.kind === "bind") {
      const t = this.next();
      const item: Expression = this.node({ kind: "bind", name: t.value, pos: t.pos });
      return this.node<InNode>({ kind: "in", negated, operand, items: [item], bare: true, pos }, operand, item);
    }
    this.expectSymbol("(", "'(' or a :bind list after IN");
    const items: (Expression | RangeNode)[] = [];
    do {
      items.push(this.parseInItem());
    } while (isSymbol(this.peek, ",") && this.next());
    this.expectSymbol(")", "',' or ')' in the IN list");
    return this.node<InNode>({ kind: "in", negated, operand, items, bare: false, pos }, operand, ...items);
  }

  /** An IN item: an integer range `[-]a..[-]b[:stride]` or any arithmetic expression. */
  private parseInItem(): Expression | RangeNode {
    const signed = isSymbol(this.peek, "-") ? 1 : 0;
    const first = this.peekAt(signed);
    if (!(first.kind === "number" && isSymbol(this.peekAt(signed + 1), ".."))) return this.parseAdditive();
    const pos = this.peek.pos;
    const start = this.signedInteger();
    this.next();
    const stop = this.signedInteger();
    let stride = 1;
    if (isSymbol(this.peek, ":")) {
      this.next();
      const strideTok = this.peek;
      stride = this.signedInteger();
      if (stride <= 0) this.fail("range stride must be a positive integer", strideTok.pos);
    }
    return this.node<RangeNode>({ kind: "range", start, stop, stride, pos });
  }

  private signedInteger(): number {
    const negative = isSymbol(this.peek, "-");
    if (negative) this.next();
    const t = this.peek;
    if (t.kind !== "number") this.unexpected("an integer in the range");
    if (!/^\d+$/.test(t.value)) this.fail(`range bounds must be integers, got '${t.value}'`, t.pos);
    this.next();
    const v = this.integerValue(t);
    return negative ? -v : v;
  }

  private integerValue(t: Token): number {
    const v = Number(t.value);
    if (!Number.isSafeInteger(v)) throw new ExpressionSyntaxError("invalid-literal", `integer ${t.value} is out of range (±2^53)`, this.text, t.pos);
    return v;
  }

  private parseAdditive(): Expression {
    return this.arithmetic(["+", "-"], () => this.parseMultiplicative());
  }

  private parseMultiplicative(): Expression {
    return this.arithmetic(["*", "/", "%"], () => this.parseUnary());
  }

  private arithmetic(ops: readonly ArithmeticOp[], operand: () => Expression): Expression {
    let left = operand();
    for (let t = this.peek; t.kind === "symbol" && (ops as readonly string[]).includes(t.value); t = this.peek) {
      this.next();
      const right = operand();
      left = this.node<BinaryNode>({ kind: "binary", op: t.value as ArithmeticOp, left, right, pos: t.pos }, left, right);
    }
    return left;
  }

  private parseUnary(): Expression {
    const t = this.peek;
    if (!isSymbol(t, "-") && !isSymbol(t, "+")) return this.parsePrimary();
    this.next();
    const operand = this.nested(t.pos, () => this.parseUnary());
    return this.node({ kind: "unary", op: t.value as "-" | "+", operand, pos: t.pos }, operand);
  }

  private parsePrimary(): Expression {
    const t = this.peek;
    switch (t.kind) {
      case "string":
        this.next();
        return this.node({ kind: "string", value: t.value, pos: t.pos });
      case "number":
        this.next();
        if (/^\d+$/.test(t.value)) return this.node({ kind: "integer", value: this.integerValue(t), pos: t.pos });
        return this.node({ kind: "float", value: this.floatValue(t), pos: t.pos });
      case "time":
        this.next();
        return this.node({ kind: "time", text: t.value, taiNs: this.timeValue(t), pos: t.pos });
      case "bind":
        this.next();
        return this.node({ kind: "bind", name: t.value, pos: t.pos });
      case "keyword":
        if (t.value === "NULL" || t.value === "TRUE" || t.value === "FALSE") {
          this.next();
          return this.node(t.value === "NULL" ? { kind: "null", pos: t.pos } : { kind: "boolean", value: t.value === "TRUE", pos: t.pos });
        }
        return this.unexpected("a value, a name or '('");
      case "ident":
        return isSymbol(this.peekAt(1), "(") ? this.parseCall() : this.parseIdentifier();
      case "symbol":
        if (t.value === "(") return this.nested(t.pos, () => this.parseParenthesised());
        return this.unexpected("a value, a name or '('");
      case "eof":
        return this.unexpected("a value, a name or '('");
    }
  }

  private floatValue(t: Token): number {
    const v = Number(t.value);
    if (!Number.isFinite(v)) throw new ExpressionSyntaxError("invalid-literal", `number ${t.value} is out of range`, this.text, t.pos);
    return v;
  }

  private timeValue(t: Token): bigint {
    try {
      return parseTimeLiteral(t.value);
    } catch (e) {
      if (e instanceof TimeFormatError) throw new ExpressionSyntaxError("invalid-literal", `invalid time literal: ${e.message}`, this.text, t.pos);
      throw e;
    }
  }

  /** `( expr )` is grouping; `( a, b, … )` is a tuple (the timespan literal). */
  private parseParenthesised(): Expression {
    const open = this.next();
    const items = [this.parseOr()];
    while (isSymbol(this.peek, ",")) {
      this.next();
      items.push(this.parseOr());
    }
    this.expectSymbol(")", items.length === 1 ? "')'" : "',' or ')'");
    if (items.length === 1) return items[0]!;
    return this.node({ kind: "tuple", items, pos: open.pos }, ...items);
  }

  private parseCall(): Expression {
    const name = this.next();
    const open = this.next();
    return this.nested(open.pos, () => {
      const args: Expression[] = [];
      if (!isSymbol(this.peek, ")")) {
        do {
          args.push(this.parseOr());
        } while (isSymbol(this.peek, ",") && this.next());
      }
      this.expectSymbol(")", "',' or ')' in the argument list");
      return this.node({ kind: "call", name: name.value.toUpperCase(), args, pos: name.pos }, ...args);
    });
  }

  parseIdentifier(): IdentifierNode {
    const first = this.peek;
    if (first.kind !== "ident") this.unexpected("a name");
    this.next();
    const parts = [first.value];
    while (isSymbol(this.peek, ".")) {
      this.next();
      const t = this.peek;
      if (t.kind !== "ident") this.unexpected(`a field name after '${parts.join(".")}.'`);
      parts.push(this.next().value);
    }
    return this.node({ kind: "identifier", parts, pos: first.pos });
  }

  expectEnd(): void {
    if (this.peek.kind !== "eof") this.unexpected();
  }
}

/**
 * Parses a Butler "where" expression into a syntax tree.
 * @example parseExpression("instrument = 'HSC' AND visit IN (903334..903338, 904010)")
 * @throws ExpressionSyntaxError with the position of the fault, e.g.
 *   "unexpected ')' at line 1, column 17" followed by the line and a caret.
 */
export function parseExpression(text: string, options: ParseOptions = {}): Expression {
  const parser = new Parser(text, tokenize(text, options.maxLength ?? MAX_EXPRESSION_LENGTH), options.maxDepth ?? MAX_DEPTH);
  if (parser.peek.kind === "eof") parser.fail("empty expression");
  const tree = parser.parseOr();
  parser.expectEnd();
  return tree;
}

/**
 * Parses one ORDER BY term of the registry's `orderBy`: an optional '-' (descending) then a dotted
 * name, e.g. `-visit.timespan.begin`.
 * @throws ExpressionSyntaxError when the term is not of that form.
 */
export function parseOrderByTerm(text: string): OrderByTermNode {
  const parser = new Parser(text, tokenize(text, 1000), MAX_DEPTH);
  const start = parser.peek;
  const descending = isSymbol(start, "-");
  if (descending || isSymbol(start, "+")) parser.next();
  const identifier = parser.parseIdentifier();
  parser.expectEnd();
  return { kind: "order-term", descending, identifier, pos: start.pos };
}
