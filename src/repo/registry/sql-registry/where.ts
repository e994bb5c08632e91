/**
 * Butler `where` expressions compiled onto a query's joins. The expression language itself (lexer,
 * parser, checks, SQL generation through a target interface) lives in ../query/expression; this
 * module is the registry's side of that interface: columns, placeholders, time and region tests.
 */
import type { Params, RegistryContext } from "./context.js";
import { RegistryError } from "./context.js";
import type { JoinSet } from "./filters.js";

/** Compiles a where expression to a SQL condition; values are bound through `params`. */
export function compileWhereExpression(_ctx: RegistryContext, _joins: JoinSet, expression: string, _bind: Readonly<Record<string, unknown>>, _params: Params): string {
  throw new RegistryError(`where expressions are not available yet (got: ${expression})`);
}
