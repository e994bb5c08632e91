/**
 * ADQL lexer (ADQL 2.1 §2.1): words, delimited identifiers with "" escapes, string literals with
 * '' escapes, unsigned numbers (12, 12., .5, 1.2E-4), operators, and `--` comments that end at a
 * newline or at the end of the query. Signs are operators, never part of a number.
 */
import type { SourcePosition } from "./ast/common.js";
import { AdqlSyntaxError } from "./errors.js";
import { SYMBOLS, type Token, type TokenKind } from "./tokens.js";

/** Default maximum query length in characters. */
export const DEFAULT_MAX_LENGTH = 100_000;

const isLetter = (c: string): boolean => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isHexDigit = (c: string): boolean => isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/**
 * Splits an ADQL query into tokens, ending with one `eof` token.
 * @throws AdqlSyntaxError for over-long input, unterminated literals or characters outside ADQL.
 */
export function tokenize(source: string, maxLength: number = DEFAULT_MAX_LENGTH): Token[] {
  if (source.length > maxLength) {
    throw new AdqlSyntaxError(`query longer than the maximum of ${maxLength} characters`, { offset: 0, line: 1, column: 1 });
  }
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const ch = (k = 0): string => source[i + k] ?? "";
  const here = (): SourcePosition => ({ offset: i, line, column });
  const advance = (n: number): void => {
    for (let k = 0; k < n && i < source.length; k++) {
      const c = source[i];
      i++;
      if (c === "\n" || (c === "\r" && source[i] !== "\n")) {
        line++;
        column = 1;
      } else column++;
    }
  };
  const push = (kind: TokenKind, start: SourcePosition, value: string): void => {
    tokens.push({ kind, text: source.slice(start.offset, i), value, pos: start });
  };
  const quoted = (quote: string, what: string): string => {
    const start = here();
    advance(1);
    let value = "";
    for (;;) {
      if (i >= source.length) throw new AdqlSyntaxError(`unterminated ${what}`, start);
      if (ch() === quote) {
        if (ch(1) === quote) {
          value += quote;
          advance(2);
          continue;
        }
        advance(1);
        return value;
      }
      value += ch();
      advance(1);
    }
  };
  const digits = (): void => {
    while (isDigit(ch())) advance(1);
  };

  while (i < source.length) {
    const c = ch();
    const start = here();
    if (isSpace(c)) advance(1);
    else if (c === "-" && ch(1) === "-") {
      while (i < source.length && ch() !== "\n" && ch() !== "\r") advance(1);
    } else if (isLetter(c)) {
      while (isLetter(ch()) || isDigit(ch()) || ch() === "_") advance(1);
      push("word", start, source.slice(start.offset, i).toUpperCase());
    } else if (c === '"') {
      const name = quoted('"', "delimited identifier");
      if (name === "") throw new AdqlSyntaxError("empty delimited identifier", start);
      push("quoted", start, name);
    } else if (c === "'") {
      push("string", start, quoted("'", "string literal"));
    } else if (c === "0" && (ch(1) === "x" || ch(1) === "X") && isHexDigit(ch(2))) {
      advance(2);
      while (isHexDigit(ch())) advance(1);
      push("hex", start, source.slice(start.offset, i));
    } else if (isDigit(c) || (c === "." && isDigit(ch(1)))) {
      digits();
      if (ch() === ".") {
        advance(1);
        digits();
      }
      if (ch() === "e" || ch() === "E") {
        const signed = ch(1) === "+" || ch(1) === "-";
        if (!isDigit(ch(signed ? 2 : 1))) throw new AdqlSyntaxError("malformed exponent in number", start, `'${source.slice(start.offset, i + 1)}'`);
        advance(signed ? 2 : 1);
        digits();
      }
      push("number", start, source.slice(start.offset, i));
    } else {
      const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
      if (symbol === undefined) {
        const bad = String.fromCodePoint(source.codePointAt(i) ?? 0);
        const hint = bad.charCodeAt(0) > 127 ? "ADQL identifiers are ASCII only; non-ASCII text belongs in a string literal or a delimited identifier" : undefined;
        throw new AdqlSyntaxError("unexpected character", start, `'${bad}'`, hint === undefined ? {} : { hint });
      }
      advance(symbol.length);
      push("symbol", start, symbol);
    }
  }
  tokens.push({ kind: "eof", text: "", value: "", pos: here() });
  return tokens;
}
