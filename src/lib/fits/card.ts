/**
 * One 80-character header card (FITS 4.0 standard §4.1–4.2), kept raw for an exact round trip and
 * parsed on first use. Parsing is tolerant: a value that fits no §4.2 form is kept as its raw text
 * with `problem` set, and judged later by verify.ts, so slightly non-standard files still open.
 */

/** The card length in characters/bytes (§4.1). */
export const CARD_LENGTH = 80;
/** Keywords that carry free text in columns 9–80 instead of a value (§4.4.2.4). */
export const COMMENTARY_KEYWORDS: ReadonlySet<string> = new Set(["COMMENT", "HISTORY", ""]);

/** A complex header value (§4.2.5, §4.2.6). */
export interface FitsComplex {
  readonly re: number;
  readonly im: number;
}

/** What a card holds: a value card, commentary text, a CONTINUE part, or END. */
export type CardKind = "value" | "commentary" | "continue" | "end";

/** The parsed value of a card; null = keyword present with no (undefined) value (§4.2). */
export type CardValue = string | number | bigint | boolean | FitsComplex | null;

/** The value type as written in the card (float vs integer matters for round trips). */
export type CardValueType = "string" | "logical" | "integer" | "float" | "complex" | "undefined" | "text";

interface Parsed {
  readonly kind: CardKind;
  readonly keyword: string;
  readonly value: CardValue;
  readonly valueType: CardValueType;
  readonly comment: string;
  readonly hierarch: boolean;
  readonly problem: string | undefined;
}

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[EeDd][+-]?\d+)?$/;

/** Parses a §4.2.3/§4.2.4 integer or float token; undefined when it is neither. */
export function parseNumberToken(token: string): { value: number | bigint; type: "integer" | "float" } | undefined {
  if (INT_RE.test(token)) {
    const n = Number(token);
    if (Number.isSafeInteger(n)) return { value: n, type: "integer" };
    return { value: BigInt(token), type: "integer" };
  }
  if (FLOAT_RE.test(token)) return { value: Number(token.replace(/[Dd]/, "E")), type: "float" };
  return undefined;
}

/**
 * Reads a quoted string starting at `start` (the opening quote) per §4.2.1: '' is one quote,
 * trailing spaces are insignificant, leading ones significant. Returns the value and the index after
 * the closing quote, or undefined when the quote never closes.
 */
export function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let out = "";
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return { value: out.replace(/ +$/, ""), end: i + 1 };
    }
    out += c;
    i++;
  }
  return undefined;
}

function splitComment(rest: string): { comment: string; extra: string } {
  const slash = rest.indexOf("/");
  if (slash < 0) return { comment: "", extra: rest.trim() };
  return { comment: rest.slice(slash + 1).trim(), extra: rest.slice(0, slash).trim() };
}

/** Parses the value field (text after "= ") into value, type, comment and an optional problem. */
export function parseValueField(field: string): Omit<Parsed, "kind" | "keyword" | "hierarch"> {
  const t = field.replace(/^ +/, "");
  if (t.startsWith("'")) {
    const q = readQuoted(t, 0);
    if (!q) return { value: t.slice(1).trimEnd(), valueType: "string", comment: "", problem: "unterminated string" };
    const { comment, extra } = splitComment(t.slice(q.end));
    return { value: q.value, valueType: "string", comment, problem: extra ? `text after string: ${extra}` : undefined };
  }
  if (t.startsWith("(")) {
    const close = t.indexOf(")");
    const parts = close > 0 ? t.slice(1, close).split(",") : [];
    const re = parts.length === 2 ? parseNumberToken(parts[0]!.trim()) : undefined;
    const im = parts.length === 2 ? parseNumberToken(parts[1]!.trim()) : undefined;
    if (re && im) {
      const { comment } = splitComment(t.slice(close + 1));
      return { value: { re: Number(re.value), im: Number(im.value) }, valueType: "complex", comment, problem: undefined };
    }
  }
  const { comment, extra } = splitComment(t);
  if (extra === "") return { value: null, valueType: "undefined", comment, problem: undefined };
  if (extra === "T" || extra === "F") return { value: extra === "T", valueType: "logical", comment, problem: undefined };
  const num = parseNumberToken(extra);
  if (num) return { value: num.value, valueType: num.type, comment, problem: undefined };
  return { value: extra, valueType: "text", comment, problem: `unparsable value: ${extra}` };
}

function parseCard(raw: string): Parsed {
  const head = raw.slice(0, 8);
  const keyword8 = head.trimEnd().toUpperCase();
  if (keyword8 === "END" && raw.slice(8).trim() === "") {
    return { kind: "end", keyword: "END", value: null, valueType: "undefined", comment: "", hierarch: false, problem: undefined };
  }
  if (keyword8 === "HIERARCH") {
    const eq = raw.indexOf("=", 8);
    if (eq > 8) {
      const keyword = raw.slice(8, eq).trim().replace(/\s+/g, " ").toUpperCase();
      return { kind: "value", keyword, hierarch: true, ...parseValueField(raw.slice(eq + 1)) };
    }
  }
  if (keyword8 === "CONTINUE" && raw.slice(8, 10) !== "= ") {
    const p = parseValueField(raw.slice(8));
    return { kind: "continue", keyword: "CONTINUE", hierarch: false, ...p };
  }
  if (COMMENTARY_KEYWORDS.has(keyword8) || raw.slice(8, 10) !== "= ") {
    // Commentary (§4.4.2.4) or a keyword without value indicator: columns 9–80 are free text.
    const text = raw.slice(8).trimEnd();
    return { kind: "commentary", keyword: keyword8, value: text, valueType: "text", comment: "", hierarch: false, problem: undefined };
  }
  return { kind: "value", keyword: keyword8, hierarch: false, ...parseValueField(raw.slice(10)) };
}

/** One header card: the raw 80 characters plus a lazily parsed view. Immutable. */
export class Card {
  /** The 80 raw characters (bytes as latin1 characters), padded with spaces when shorter. */
  readonly raw: string;
  #parsed: Parsed | undefined;

  /** @param raw up to 80 characters; shorter text is space-padded, longer is cut. */
  constructor(raw: string) {
    this.raw = raw.length === CARD_LENGTH ? raw : raw.slice(0, CARD_LENGTH).padEnd(CARD_LENGTH, " ");
  }

  private get p(): Parsed {
    this.#parsed ??= parseCard(this.raw);
    return this.#parsed;
  }

  /** Keyword, upper case; HIERARCH keywords without the "HIERARCH " prefix. */
  get keyword(): string {
    return this.p.keyword;
  }
  get kind(): CardKind {
    return this.p.kind;
  }
  /** Value (commentary cards: their text). Strings of a CONTINUE chain are NOT merged here. */
  get value(): CardValue {
    return this.p.value;
  }
  get valueType(): CardValueType {
    return this.p.valueType;
  }
  get comment(): string {
    return this.p.comment;
  }
  /** True for ESO HIERARCH cards. */
  get hierarch(): boolean {
    return this.p.hierarch;
  }
  /** Why the value did not parse cleanly, or undefined. */
  get problem(): string | undefined {
    return this.p.problem;
  }
}
