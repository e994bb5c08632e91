/**
 * A FITS header: an ordered list of raw cards with keyword lookup (FITS 4.0 standard §4), the
 * CONTINUE long-string convention (§4.2.1.2) merged on read, and typed getters that throw
 * FitsFormatError for a wrong type. Headers are immutable; `with`/`without` return copies.
 */
import { Card, type CardValue, type FitsComplex } from "./card.js";
import { FitsFormatError } from "./errors.js";

/** A plain header value; complex values come back as their text (use getComplex). */
export type HeaderValue = string | number | boolean | bigint | null;

function normaliseKeyword(keyword: string): string {
  const k = keyword.trim().toUpperCase();
  return k.startsWith("HIERARCH ") ? k.slice(9).trim().replace(/\s+/g, " ") : k;
}

function plain(value: CardValue): HeaderValue {
  if (value !== null && typeof value === "object") return `(${value.re}, ${value.im})`;
  return value;
}

/** An ordered, immutable list of header cards (without END). */
export class FitsHeader {
  /** The cards in file order, END excluded. */
  readonly cards: readonly Card[];
  #index: Map<string, number[]> | undefined;

  constructor(cards: readonly Card[]) {
    this.cards = cards;
  }

  private get index(): Map<string, number[]> {
    if (!this.#index) {
      const m = new Map<string, number[]>();
      this.cards.forEach((c, i) => {
        if (c.kind === "continue") return;
        const list = m.get(c.keyword);
        if (list) list.push(i);
        else m.set(c.keyword, [i]);
      });
      this.#index = m;
    }
    return this.#index;
  }

  /** Index in `cards` of the first card with this keyword, or -1. */
  indexOf(keyword: string): number {
    return this.index.get(normaliseKeyword(keyword))?.[0] ?? -1;
  }

  /** True when a card with this keyword exists (even with no value). */
  has(keyword: string): boolean {
    return this.index.has(normaliseKeyword(keyword));
  }

  /** The first card with this keyword. */
  getCard(keyword: string): Card | undefined {
    const i = this.indexOf(keyword);
    return i < 0 ? undefined : this.cards[i];
  }

  /**
   * Value of the first card with this keyword: undefined when absent, null when present without a
   * value. Strings continued with CONTINUE cards are merged; complex values come back as text.
   * Commentary keywords (COMMENT, HISTORY) return the text of the first such card.
   */
  get(keyword: string): HeaderValue | undefined {
    const i = this.indexOf(keyword);
    if (i < 0) return undefined;
    return plain(this.valueAt(i));
  }

  /** The value at card index `i`, merging a CONTINUE chain (§4.2.1.2). */
  valueAt(i: number): CardValue {
    const card = this.cards[i];
    if (!card) return null;
    let v = card.value;
    if (typeof v !== "string" || card.kind !== "value") return v;
    let j = i + 1;
    while (v.endsWith("&")) {
      const next = this.cards[j];
      if (next?.kind !== "continue" || typeof next.value !== "string") break;
      v = v.slice(0, -1) + next.value;
      j++;
    }
    return v;
  }

  /** All values of a (possibly repeated) keyword, e.g. every HISTORY line. */
  getAll(keyword: string): HeaderValue[] {
    return (this.index.get(normaliseKeyword(keyword)) ?? []).map((i) => plain(this.valueAt(i)));
  }

  /** Comment of the first card with this keyword. */
  getComment(keyword: string): string | undefined {
    return this.getCard(keyword)?.comment;
  }

  /** String value; undefined when absent; throws FitsFormatError when not a string. */
  getString(keyword: string): string | undefined {
    const v = this.get(keyword);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw typeError(keyword, "a string", v);
    return v;
  }

  /** Numeric value as a JS number (bigint converted, may round); throws when not numeric. */
  getNumber(keyword: string): number | undefined {
    const v = this.get(keyword);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    throw typeError(keyword, "a number", v);
  }

  /** Integer value as a safe JS integer; throws when not an integer or beyond 2^53. */
  getInt(keyword: string): number | undefined {
    const v = this.get(keyword);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) return v;
    throw typeError(keyword, "an integer below 2^53", v);
  }

  /** Integer value as a bigint (exact for 64-bit keywords such as BLANK/TZERO of K columns). */
  getBigInt(keyword: string): bigint | undefined {
    const v = this.get(keyword);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "bigint") return v;
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    throw typeError(keyword, "an integer", v);
  }

  /** Logical value; throws when not T/F. */
  getBool(keyword: string): boolean | undefined {
    const v = this.get(keyword);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") throw typeError(keyword, "a logical", v);
    return v;
  }

  /** Complex value (real numbers come back with im = 0). */
  getComplex(keyword: string): FitsComplex | undefined {
    const i = this.indexOf(keyword);
    if (i < 0) return undefined;
    const v = this.cards[i]!.value;
    if (v === null) return undefined;
    if (typeof v === "object") return v;
    if (typeof v === "number" || typeof v === "bigint") return { re: Number(v), im: 0 };
    throw typeError(keyword, "a complex number", plain(v));
  }

  /** A copy with the first card of `card.keyword` replaced, or the card appended. */
  with(card: Card): FitsHeader {
    const i = this.indexOf(card.keyword);
    if (i < 0) return new FitsHeader([...this.cards, card]);
    const next = this.cards.slice();
    next[i] = card;
    return new FitsHeader(next);
  }

  /** A copy without any card of this keyword. */
  without(keyword: string): FitsHeader {
    const k = normaliseKeyword(keyword);
    return new FitsHeader(this.cards.filter((c) => c.keyword !== k || c.kind === "continue"));
  }
}

function typeError(keyword: string, wanted: string, got: HeaderValue): FitsFormatError {
  return new FitsFormatError("BAD_KEYWORD_VALUE", `${keyword} should be ${wanted}, got ${JSON.stringify(String(got))}`);
}

/**
 * Parses header text: 80-character cards either concatenated or one per line (\n or \r\n), with or
 * without END (cards after END are ignored). Lines shorter than 80 characters are space-padded.
 */
export function parseHeaderText(text: string): FitsHeader {
  const cards: Card[] = [];
  const lines = text.includes("\n") ? text.split(/\r?\n/) : [text];
  for (const line of lines) {
    if (line.length === 0) continue;
    for (let i = 0; i < line.length; i += 80) {
      const card = new Card(line.slice(i, i + 80));
      if (card.kind === "end") return new FitsHeader(cards);
      cards.push(card);
    }
  }
  return new FitsHeader(cards);
}

/** Decodes bytes as latin1 characters (one character per byte, so offsets stay byte offsets). */
export function bytesToLatin1(bytes: Uint8Array): string {
  // Headers are ASCII: decode natively when every byte is < 0x80 (where windows-1252, the WHATWG
  // "latin1", equals latin1); otherwise byte by byte (8 KiB at a time for the argument limit).
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return LATIN1.decode(bytes);
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

const LATIN1 = new TextDecoder("latin1");

/**
 * Parses header bytes in 2880-byte blocks until END. Returns the header and the number of bytes of
 * header consumed (a multiple of 2880), or `endFound: false` when the bytes end before END.
 */
export function parseHeaderBlocks(bytes: Uint8Array): { header: FitsHeader; byteLength: number; endFound: boolean } {
  const cards: Card[] = [];
  for (let off = 0; off + 80 <= bytes.length; off += 80) {
    const card = new Card(bytesToLatin1(bytes.subarray(off, off + 80)));
    if (card.kind === "end") {
      const byteLength = Math.ceil((off + 80) / 2880) * 2880;
      return { header: new FitsHeader(cards), byteLength, endFound: true };
    }
    cards.push(card);
  }
  return { header: new FitsHeader(cards), byteLength: bytes.length, endFound: false };
}
