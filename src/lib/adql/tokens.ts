/**
 * Token model of the ADQL lexer (ADQL 2.1 §2.1: characters, keywords and identifiers, literals).
 * Words are kept with their upper-cased spelling for keyword tests and their raw text for names.
 */
import type { SourcePosition } from "./ast/common.js";

/** Token categories. `word` covers keywords and regular identifiers alike. */
export type TokenKind = "word" | "quoted" | "string" | "number" | "hex" | "symbol" | "eof";

/** One lexical token. */
export interface Token {
  readonly kind: TokenKind;
  /** Source text exactly as written. */
  readonly text: string;
  /** word: upper-case text; quoted/string: unescaped content; number/hex/symbol: the text. */
  readonly value: string;
  readonly pos: SourcePosition;
}

/** Operators and punctuation, longest first so the lexer can match greedily. */
export const SYMBOLS = [
  "<>", "!=", "<=", ">=", "||",
  "(", ")", ",", ".", "*", "+", "-", "/", "=", "<", ">", ";", "&", "|", "^", "~",
] as const;

/** How a token is named in error messages: "'FORM'" or "end of query". */
export function describeToken(t: Token): string {
  if (t.kind === "eof") return "end of query";
  const text = t.text.length > 30 ? `${t.text.slice(0, 27)}...` : t.text;
  return `'${text}'`;
}
