/**
 * Token cursor shared by the recursive-descent parser: look-ahead, keyword and symbol matching,
 * error construction with "did you mean" suggestions, and the nesting-depth guard that turns
 * pathological input into an AdqlSyntaxError instead of a stack overflow.
 */
import type { Identifier, SourcePosition } from "../ast/common.js";
import { AdqlSyntaxError, suggestKeyword } from "../errors.js";
import { CLAUSE_KEYWORDS, isReserved } from "../reserved.js";
import { describeToken, type Token } from "../tokens.js";

/** Parser limits and feature switches. */
export interface ParseOptions {
  /** Maximum query length in characters (default 100 000). */
  readonly maxLength?: number;
  /** Maximum nesting depth of parentheses, subqueries and unary operators (default 100). */
  readonly maxDepth?: number;
  /**
   * Accept constructs that appeared in ADQL 2.1 drafts but not in the REC: CASE, bitwise
   * operators `& | ^ ~` and hex literals (default false: they are rejected with a clear error).
   */
  readonly draftFeatures?: boolean;
}

/** Default nesting depth limit. */
export const DEFAULT_MAX_DEPTH = 100;

/** Cursor over the token list; the last token is always `eof`. */
export class ParserState {
  private index = 0;
  private depth = 0;
  readonly maxDepth: number;
  readonly draftFeatures: boolean;

  constructor(private readonly tokens: readonly Token[], options: ParseOptions) {
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.draftFeatures = options.draftFeatures ?? false;
  }

  peek(k = 0): Token {
    const t = this.tokens[Math.min(this.index + k, this.tokens.length - 1)];
    if (t === undefined) throw new Error("ADQL parser: empty token list");
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }

  get pos(): SourcePosition {
    return this.peek().pos;
  }

  isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "word" && t.value === word;
  }

  acceptWord(word: string): Token | undefined {
    return this.isWord(word) ? this.next() : undefined;
  }

  expectWord(word: string): Token {
    const t = this.acceptWord(word);
    if (t === undefined) this.fail(`expected ${word}`, this.peek(), [word]);
    return t;
  }

  isSymbol(symbol: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "symbol" && t.value === symbol;
  }

  acceptSymbol(symbol: string): Token | undefined {
    return this.isSymbol(symbol) ? this.next() : undefined;
  }

  expectSymbol(symbol: string): Token {
    const t = this.acceptSymbol(symbol);
    if (t === undefined) this.fail(`expected '${symbol}'`);
    return t;
  }

  /** Throws "expected … at line L, column C, found 'x'", suggesting a keyword from `candidates`. */
  fail(expected: string, token: Token = this.peek(), candidates: readonly string[] = CLAUSE_KEYWORDS, hint?: string): never {
    const suggestion = token.kind === "word" ? suggestKeyword(token.value, candidates) : undefined;
    throw new AdqlSyntaxError(expected, token.pos, describeToken(token), {
      ...(suggestion === undefined ? {} : { suggestion }),
      ...(hint === undefined ? {} : { hint }),
    });
  }

  /** Enters one nesting level; throws once the configured depth is exceeded. */
  enter(): void {
    this.depth++;
    if (this.depth > this.maxDepth) {
      throw new AdqlSyntaxError(`query nested more deeply than the maximum of ${this.maxDepth} levels`, this.pos);
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Whether the next token can start a name (a delimited identifier or a non-reserved word). */
  atName(k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "quoted" || (t.kind === "word" && !isReserved(t.value));
  }

  /** Reads one identifier; a reserved word gets a hint to quote it. */
  identifier(role: string): Identifier {
    const t = this.peek();
    if (t.kind === "quoted") {
      this.next();
      return { kind: "identifier", name: t.value, quoted: true, pos: t.pos };
    }
    if (t.kind === "word") {
      if (isReserved(t.value)) {
        this.fail(`expected ${role} but '${t.text}' is a reserved word`, t, [], `write it as a delimited identifier: "${t.text}"`);
      }
      this.next();
      return { kind: "identifier", name: t.text, quoted: false, pos: t.pos };
    }
    return this.fail(`expected ${role}`, t);
  }

  /** Whether a query (SELECT or WITH) starts at k, possibly after opening parentheses. */
  startsQuery(k = 0): boolean {
    let j = k;
    while (this.isSymbol("(", j)) j++;
    return this.isWord("SELECT", j) || this.isWord("WITH", j);
  }
}
