/**
 * Typed, checked access to a raw FITS header through a lookup function. Translators never index a
 * header object directly: every read goes through {@link CardReader}, which turns a missing card or
 * a value of the wrong type into a {@link TranslationError} naming the file and the keyword.
 * Keyword semantics follow the FITS 4.0 standard §4.2 (value types) and §9 (time keywords).
 */
import { TranslationError } from "./errors.js";

/** A header value as a FITS reader returns it (`FitsHeader.get` shape); null = card present without a value. */
export type HeaderValue = string | number | boolean | bigint | null | undefined;

/** Looks up a keyword in a raw header; undefined when the card is absent. */
export type HeaderLookup = (keyword: string) => HeaderValue;

/** Placeholder file name for messages when the caller gave none. */
export const UNNAMED_HEADER = "<header>";

/** True for values that mean "no value": absent, null, or a blank string. */
function isBlank(v: HeaderValue): v is null | undefined | "" {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/**
 * Typed reads of one header with errors that name the file and card.
 * `opt*` methods return null for a missing/blank card but still throw on a value of the wrong type;
 * `req*` methods also throw when the card is missing.
 */
export class CardReader {
  /** The file name used in error messages. */
  readonly file: string;

  constructor(
    private readonly lookup: HeaderLookup,
    filename?: string,
  ) {
    this.file = filename ?? UNNAMED_HEADER;
  }

  /** The raw value (no checks). */
  raw(keyword: string): HeaderValue {
    return this.lookup(keyword);
  }

  /** True when the card is present with a non-blank value. */
  has(keyword: string): boolean {
    return !isBlank(this.lookup(keyword));
  }

  /** A TranslationError for this header. */
  fail(card: string | undefined, reason: string, cause?: unknown): TranslationError {
    return new TranslationError({ file: this.file, card, reason, cause });
  }

  /** A string card, trimmed; numbers are accepted and formatted (some writers store IDs as numbers). */
  optString(keyword: string): string | null {
    const v = this.lookup(keyword);
    if (isBlank(v)) return null;
    if (typeof v === "string") return v.trim();
    if (typeof v === "number" || typeof v === "bigint") return String(v);
    throw this.fail(keyword, `expected a string, got ${typeof v} ${String(v)}`);
  }

  /** A required string card. */
  reqString(keyword: string): string {
    const v = this.optString(keyword);
    if (v === null) throw this.fail(keyword, "required card is missing");
    return v;
  }

  /** A real-valued card; numeric strings are accepted (common in old headers); NaN counts as absent. */
  optNumber(keyword: string): number | null {
    const v = this.lookup(keyword);
    if (isBlank(v)) return null;
    let n: number;
    if (typeof v === "number") n = v;
    else if (typeof v === "bigint") n = Number(v);
    else if (typeof v === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/.test(v.trim())) {
      n = Number(v.trim().replace(/[dD]/, "e"));
    } else if (typeof v === "string" && /^[+-]?nan$/i.test(v.trim())) {
      return null;
    } else {
      throw this.fail(keyword, `expected a number, got ${typeof v} '${String(v)}'`);
    }
    if (Number.isNaN(n)) return null;
    if (!Number.isFinite(n)) throw this.fail(keyword, `expected a finite number, got ${String(v)}`);
    return n;
  }

  /** A required real-valued card. */
  reqNumber(keyword: string): number {
    const v = this.optNumber(keyword);
    if (v === null) throw this.fail(keyword, "required card is missing");
    return v;
  }

  /** An integer card (exact integers only). */
  optInt(keyword: string): number | null {
    const n = this.optNumber(keyword);
    if (n === null) return null;
    if (!Number.isSafeInteger(n)) throw this.fail(keyword, `expected an integer, got ${n}`);
    return n;
  }

  /** A required integer card. */
  reqInt(keyword: string): number {
    const v = this.optInt(keyword);
    if (v === null) throw this.fail(keyword, "required card is missing");
    return v;
  }

  /** A logical card; FITS T/F strings are accepted. */
  optBool(keyword: string): boolean | null {
    const v = this.lookup(keyword);
    if (isBlank(v)) return null;
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && /^(T|F|true|false)$/i.test(v.trim())) return /^(T|true)$/i.test(v.trim());
    throw this.fail(keyword, `expected a logical value, got ${typeof v} '${String(v)}'`);
  }

  /** The first of several keywords that is present, or null. */
  firstPresent(...keywords: string[]): string | null {
    for (const k of keywords) if (this.has(k)) return k;
    return null;
  }
}
