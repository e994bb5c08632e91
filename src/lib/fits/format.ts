/**
 * Writes header cards in the fixed format of FITS 4.0 standard §4.2 (values right-justified to
 * column 30, strings starting in column 11 and closing at column 20 or later), long strings with the
 * CONTINUE convention (§4.2.1.2), and whole headers as space-padded 2880-byte blocks.
 */
import { CARD_LENGTH, Card, COMMENTARY_KEYWORDS, type FitsComplex } from "./card.js";
import { FitsFormatError } from "./errors.js";
import { FitsHeader } from "./header.js";

/** A value that can be written: null writes an undefined value (§4.2). */
export type CardInputValue = string | number | bigint | boolean | FitsComplex | null;

/** Options of formatCard. */
export interface FormatCardOptions {
  /** Write an integral number as a float (e.g. `1.0`), to keep a keyword's real type. */
  readonly float?: boolean;
}

const KEYWORD_RE = /^[A-Z0-9_-]{0,8}$/;

/** Formats a finite float so that it reads back as a float and as the same double. */
export function formatFloat(x: number): string {
  if (!Number.isFinite(x)) throw new FitsFormatError("BAD_ARGUMENT", `FITS header values cannot be ${x}`);
  let s = String(x).toUpperCase();
  if (!s.includes(".")) {
    const e = s.indexOf("E");
    s = e < 0 ? `${s}.0` : `${s.slice(0, e)}.0${s.slice(e)}`;
  }
  return s;
}

function valueText(value: CardInputValue, options: FormatCardOptions): { text: string; isString: boolean } {
  if (value === null) return { text: "", isString: false };
  if (typeof value === "string") return { text: `'${value.replace(/'/g, "''").padEnd(8, " ")}'`, isString: true };
  if (typeof value === "boolean") return { text: value ? "T" : "F", isString: false };
  if (typeof value === "bigint") return { text: value.toString(), isString: false };
  if (typeof value === "number") {
    // Integers beyond 2^53 are written as floats so they read back as the same JS number.
    if (Number.isSafeInteger(value) && !options.float) return { text: value.toFixed(0), isString: false };
    return { text: formatFloat(value), isString: false };
  }
  return { text: `(${formatFloat(value.re)}, ${formatFloat(value.im)})`, isString: false };
}

function withComment(body: string, comment: string): string {
  if (comment === "" || body.length > CARD_LENGTH - 3) return body;
  return `${body} / ${comment}`.slice(0, CARD_LENGTH);
}

function checkText(s: string, what: string): void {
  if (/[^\x20-\x7e]/.test(s)) throw new FitsFormatError("BAD_ARGUMENT", `${what} must be printable ASCII: ${JSON.stringify(s)}`);
}

/**
 * Formats one card. Keywords longer than 8 characters or with spaces become HIERARCH cards;
 * COMMENT/HISTORY/blank take `value` as their text. Throws FitsFormatError("BAD_ARGUMENT") when
 * the card cannot hold the value (use formatCards for long strings) or text is not printable ASCII.
 * @example formatCard("NAXIS1", 300, "length of axis 1")
 */
export function formatCard(keyword: string, value: CardInputValue, comment = "", options: FormatCardOptions = {}): Card {
  const cards = formatCards(keyword, value, comment, options);
  if (cards.length !== 1) throw new FitsFormatError("BAD_ARGUMENT", `value of ${keyword} does not fit one card`);
  return cards[0]!;
}

/** Like formatCard, but splits long strings over CONTINUE cards (§4.2.1.2). */
export function formatCards(keyword: string, value: CardInputValue, comment = "", options: FormatCardOptions = {}): Card[] {
  const key = keyword.toUpperCase();
  checkText(key, "keyword");
  checkText(comment, "comment");
  if (COMMENTARY_KEYWORDS.has(key)) {
    const text = value === null ? "" : String(value);
    checkText(text, "commentary text");
    const out: Card[] = [];
    for (let i = 0; i === 0 || i < text.length; i += 72) out.push(new Card(key.padEnd(8, " ") + text.slice(i, i + 72)));
    return out;
  }
  if (typeof value === "string") checkText(value, "string value");
  const hierarch = !KEYWORD_RE.test(key);
  const prefix = hierarch ? `HIERARCH ${key} = ` : `${key.padEnd(8, " ")}= `;
  const { text, isString } = valueText(value, options);
  if (prefix.length + text.length <= CARD_LENGTH) {
    const body = isString || hierarch || text.length > 20 ? prefix + text : prefix + text.padStart(20, " ");
    return [new Card(withComment(body, comment))];
  }
  if (!isString || typeof value !== "string") throw new FitsFormatError("BAD_ARGUMENT", `card for ${key} too long`);
  return continueCards(prefix, value, comment);
}

function continueCards(prefix: string, value: string, comment: string): Card[] {
  // Each piece is quoted and escaped separately; a piece must not split a doubled quote.
  const out: Card[] = [];
  let rest = value;
  let lead = prefix;
  while (true) {
    const room = CARD_LENGTH - lead.length - 3; // quotes + '&'
    if (room < 1) throw new FitsFormatError("BAD_ARGUMENT", "HIERARCH keyword too long for a long string");
    let n = 0;
    let used = 0;
    while (n < rest.length && used + (rest[n] === "'" ? 2 : 1) <= room) {
      used += rest[n] === "'" ? 2 : 1;
      n++;
    }
    const piece = rest.slice(0, n).replace(/'/g, "''");
    rest = rest.slice(n);
    if (rest.length === 0 && lead.length + piece.length + 2 <= CARD_LENGTH) {
      out.push(new Card(withComment(`${lead}'${piece}'`, comment)));
      return out;
    }
    out.push(new Card(`${lead}'${piece}&'`));
    lead = "CONTINUE  ";
  }
}

/** Builds a header from [keyword, value, comment?] entries; long strings use CONTINUE. */
export function buildHeader(entries: ReadonlyArray<readonly [string, CardInputValue, string?]>): FitsHeader {
  return new FitsHeader(entries.flatMap(([k, v, c]) => formatCards(k, v, c ?? "")));
}

/** The header as bytes: cards, END, then spaces up to a multiple of 2880 (§3.3.1, §4.4.1). */
export function headerToBytes(header: FitsHeader): Uint8Array {
  const nCards = header.cards.length + 1;
  const size = Math.ceil((nCards * CARD_LENGTH) / 2880) * 2880;
  const out = new Uint8Array(size).fill(0x20);
  header.cards.forEach((card, i) => {
    const raw = card.raw;
    for (let j = 0; j < CARD_LENGTH; j++) out[i * CARD_LENGTH + j] = raw.charCodeAt(j) & 0xff;
  });
  out.set([0x45, 0x4e, 0x44], header.cards.length * CARD_LENGTH);
  return out;
}
