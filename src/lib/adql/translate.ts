/**
 * The whole ADQL pipeline in one call (STYLE.md §4): parse → check against the schema → rewrite
 * (row limit for MAXREC overflow detection; the access-policy restriction rides on the tables the
 * lookup returns) → compile for a dialect.
 */
import { type Analysis, checkQuery, type OutputColumn } from "./check/checker.js";
import type { SchemaLookup } from "./check/schema.js";
import { type CompiledQuery, compileQuery } from "./compile/compiler.js";
import type { SqlDialect } from "./compile/dialect.js";
import { parseAdql } from "./parser/parse.js";

export interface TranslateOptions {
  readonly lookup: SchemaLookup;
  readonly dialect: SqlDialect;
  /**
   * MAXREC: the service returns at most this many rows; the SQL asks for one more so that an
   * overflow can be told from an exact fit (TAP-12). A smaller TOP wins and is never an overflow.
   */
  readonly maxrec?: number | undefined;
  /** Optional features offered (ADQL-08); undefined = all. */
  readonly features?: ReadonlySet<string>;
  /** Accept the draft-only syntax (CASE, bitwise, hex). */
  readonly draftFeatures?: boolean;
  /** See CompileOptions.rowGuard. */
  readonly rowGuard?: string | undefined;
}

export interface TranslatedQuery extends CompiledQuery {
  readonly analysis: Analysis;
  readonly columns: readonly OutputColumn[];
}

/** Translates ADQL text to SQL; throws AdqlSyntaxError or AdqlCheckError for bad queries. */
export function translateAdql(adql: string, options: TranslateOptions): TranslatedQuery {
  const ast = parseAdql(adql, { draftFeatures: options.draftFeatures ?? false });
  const analysis = checkQuery(ast, options.lookup, options.features ? { features: options.features } : {});
  const limit = options.maxrec === undefined ? undefined : options.maxrec + 1;
  const compiled = compileQuery(ast, analysis, options.dialect, { limit, rowGuard: options.rowGuard });
  return { ...compiled, analysis };
}
