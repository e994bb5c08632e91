/**
 * Lexer of the Butler query expression language (lsst-image-services.md §2.5): identifiers,
 * case-insensitive keywords, 'strings' with '' escapes, T'…' time literals, integers and floats
 * (with exponents), :bind names and operators including `..` for integer ranges. It always moves
 * forward, so no input can make it loop; every token knows its offset, line and column.
 */
import { ExpressionSyntaxError, type SourcePosition } from "./errors.js";

/** Reserved words (matched case-insensitively). Function names such as POINT are not reserved. */
export const KEYWORDS = ["AND", "OR", "NOT", "IN", "OVERLAPS", "NULL", "TRUE", "FALSE"] as const;
/** One of KEYWORDS. */
export type Keyword = (typeof KEYWORDS)[number];

/** Operators and punctuation, longest first where prefixes overlap. */
export const SYMBOLS = ["..", "<=", ">=", "<>", "!=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", ":"] as const;
/** One of SYMBOLS. */
export type SymbolText = (typeof SYMBOLS)[number];

/** Token classes; `eof` ends every token list. */
export type TokenKind = "ident" | "keyword" | "string" | "time" | "number" | "bind" | "symbol" | "eof";

/**
 * One token. `value` is the decoded content: the identifier as written, the upper-case keyword,
 * the string without quotes and with '' unescaped, the text inside T'…', the number text, the bind
 * name without ':', or the symbol.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly pos: SourcePosition;
  /** Offset just past the token. */
  readonly end: number;
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/** Default longest accepted expression, in UTF-16 code units (a 10 000-item IN list is ~80 k). */
export const MAX_EXPRESSION_LENGTH = 1_000_000;

/**
 * Splits `text` into tokens, ending with an `eof` token.
 * @throws ExpressionSyntaxError on an unknown character, an unterminated string or a too long text.
 */
export function tokenize(text: string, maxLength: number = MAX_EXPRESSION_LENGTH): Token[] {
  let line = 1;
  let lineStart = 0;
  const posAt = (offset: number): SourcePosition => ({ offset, line, column: offset - lineStart + 1 });
  const fail = (reason: string, offset: number): never => {
    throw new ExpressionSyntaxError("syntax", reason, text, posAt(offset));
  };
  if (text.length > maxLength) {
    throw new ExpressionSyntaxError("too-long", `expression is longer than ${maxLength} characters`, text, { offset: 0, line: 1, column: 1 });
  }
  // Quoted literals may span lines; later tokens must still get the right line and column.
  const countNewlines = (from: number, to: number): void => {
    for (let k = text.indexOf("\n", from); k !== -1 && k < to; k = text.indexOf("\n", k + 1)) {
      line++;
      lineStart = k + 1;
    }
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v" || c === "\u00a0") {
      i++;
      continue;
    }
    const start = i;
    if ((c === "T" || c === "t") && text[i + 1] === "'") {
      const [value, next] = readQuoted(text, i + 1, fail, start);
      tokens.push({ kind: "time", value, pos: posAt(start), end: next });
      i = next;
      countNewlines(start, i);
    } else if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      const word = text.slice(start, i);
      const upper = word.toUpperCase();
      tokens.push({ kind: KEYWORD_SET.has(upper) ? "keyword" : "ident", value: KEYWORD_SET.has(upper) ? upper : word, pos: posAt(start), end: i });
    } else if (c === "'") {
      const [value, next] = readQuoted(text, i, fail);
      tokens.push({ kind: "string", value, pos: posAt(start), end: next });
      i = next;
      countNewlines(start, i);
    } else if (isDigit(c) || (c === "." && isDigit(text[i + 1] ?? ""))) {
      i = readNumber(text, i, fail);
      tokens.push({ kind: "number", value: text.slice(start, i), pos: posAt(start), end: i });
    } else if (c === ":" && isIdentStart(text[i + 1] ?? "")) {
      i++;
      while (i < text.length && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: "bind", value: text.slice(start + 1, i), pos: posAt(start), end: i });
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (symbol === undefined) fail(`unexpected character ${describeChar(text, i)}`, i);
      i += symbol!.length;
      tokens.push({ kind: "symbol", value: symbol!, pos: posAt(start), end: i });
    }
  }
  tokens.push({ kind: "eof", value: "", pos: posAt(text.length), end: text.length });
  return tokens;
}

/** Reads a '…' literal whose opening quote is at `quote`; returns the content and the next offset. */
function readQuoted(text: string, quote: number, fail: (reason: string, offset: number) => never, reportAt: number = quote): [string, number] {
  let out = "";
  let i = quote + 1;
  for (;;) {
    const end = text.indexOf("'", i);
    if (end === -1) return fail("unterminated string literal", reportAt);
    out += text.slice(i, end);
    if (text[end + 1] === "'") {
      out += "'";
      i = end + 2;
    } else {
      return [out, end + 1];
    }
  }
}

/**
 * Reads digits[.digits][e[+-]digits] from `start`. A '.' followed by another '.' is left alone so
 * `1..5` lexes as a range; letters glued to a number (`12abc`) are an error.
 */
function readNumber(text: string, start: number, fail: (reason: string, offset: number) => never): number {
  let i = start;
  while (isDigit(text[i] ?? "")) i++;
  if (text[i] === "." && text[i + 1] !== ".") {
    i++;
    while (isDigit(text[i] ?? "")) i++;
  }
  if (text[i] === "e" || text[i] === "E") {
    let j = i + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    if (!isDigit(text[j] ?? "")) fail("malformed number exponent", i);
    while (isDigit(text[j] ?? "")) j++;
    i = j;
  }
  if (isIdentPart(text[i] ?? "")) fail(`malformed number '${text.slice(start, i + 1)}'`, start);
  return i;
}

/** A character for messages: quoted, or as U+XXXX when invisible (controls, format, spaces). */
function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(cp);
  return /[\p{C}\p{Z}]/u.test(ch) ? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` : `'${ch}'`;
}

/** True when a token is the given keyword. */
export function isKeyword(t: Token, k: Keyword): boolean {
  return t.kind === "keyword" && t.value === k;
}

/** True when a token is the given symbol. */
export function isSymbol(t: Token, s: SymbolText): boolean {
  return t.kind === "symbol" && t.value === s;
}
