/**
 * Entry points of the ADQL parser (ADQL 2.1 §2): lex, parse a whole query, and insist on the end
 * of input. Any internal recursion overflow is converted to an AdqlSyntaxError so callers only
 * ever see that one error class for bad input.
 */
import type { Condition, ValueExpr } from "../ast/expressions.js";
import type { Query } from "../ast/query.js";
import { AdqlSyntaxError } from "../errors.js";
import { DEFAULT_MAX_LENGTH, tokenize } from "../lexer.js";
import { parseConditionOrValue } from "./predicates.js";
import { parseQuery } from "./query.js";
import { type ParseOptions, ParserState } from "./state.js";

function run<T>(source: string, options: ParseOptions, body: (p: ParserState) => T): T {
  try {
    const p = new ParserState(tokenize(source, options.maxLength ?? DEFAULT_MAX_LENGTH), options);
    const result = body(p);
    const end = p.peek();
    if (end.kind === "symbol" && end.value === ";") {
      p.fail("expected end of query", end, [], "ADQL queries have no ';' terminator; remove it");
    }
    if (end.kind !== "eof") p.fail("expected end of query", end);
    return result;
  } catch (e) {
    if (e instanceof RangeError) {
      throw new AdqlSyntaxError("query too deeply nested", { offset: 0, line: 1, column: 1 });
    }
    throw e;
  }
}

/**
 * Parses an ADQL 2.1 query into an immutable AST whose nodes carry source positions.
 * @throws AdqlSyntaxError (code "UsageFault") with line, column, offset and, for likely
 *   misspellings of keywords, a `suggestion`.
 * @example parseAdql("SELECT TOP 10 obs_id FROM ivoa.obscore ORDER BY t_min DESC")
 */
export function parseAdql(source: string, options: ParseOptions = {}): Query {
  return run(source, options, parseQuery);
}

/** Parses a lone value expression or condition (for tests and rewrites). */
export function parseAdqlExpression(source: string, options: ParseOptions = {}): ValueExpr | Condition {
  return run(source, options, parseConditionOrValue);
}
