/**
 * Shared AST pieces: source positions and identifiers (ADQL 2.1 §2.1 lexical elements).
 * Every node of the ADQL AST carries the position of its first token so that later steps
 * (checking, rewriting) can report errors against the user's query text.
 */

/** A point in the query text: `offset` is 0-based (UTF-16 units), `line` and `column` are 1-based. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * A regular (`foo`, case-insensitive) or delimited (`"Foo"`, case-sensitive) identifier
 * (ADQL 2.1 §2.1.3). `name` is the text as written, without quotes and with `""` unescaped.
 */
export interface Identifier {
  readonly kind: "identifier";
  readonly name: string;
  readonly quoted: boolean;
  readonly pos: SourcePosition;
}

/**
 * Whether two identifiers name the same thing: regular identifiers compare case-insensitively,
 * delimited ones exactly (`Foo` = `FOO`, `"Foo"` ≠ `foo`).
 */
export function sameIdentifier(a: Identifier, b: Identifier): boolean {
  if (!a.quoted && !b.quoted) return a.name.toLowerCase() === b.name.toLowerCase();
  return a.name === b.name;
}
