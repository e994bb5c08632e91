/**
 * XML escaping for VOTable output. Besides the five markup characters, XML 1.0 (§2.2 Char) forbids
 * most C0 control characters, lone surrogates and U+FFFE/U+FFFF even as character references, so
 * those are replaced by U+FFFD; a fast test skips the replace for the common clean string (the
 * TABLEDATA writer calls this once per character cell).
 */

// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const ILLEGAL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const NEEDS_TEXT = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NEEDS_ATTR = /[&<>"\x00-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const TEXT_SPECIAL = /[&<>]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/g;

const ENTITY: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

function entity(c: string): string {
  return ENTITY[c] ?? c;
}

/** Replaces characters XML 1.0 cannot carry by U+FFFD. */
export function replaceIllegalXmlChars(s: string): string {
  return s.replace(ILLEGAL, "\uFFFD");
}

/** Escapes element content (character data). `>` is escaped too so "]]>" can never appear. */
export function escapeXmlText(s: string): string {
  if (!NEEDS_TEXT.test(s)) return s;
  return replaceIllegalXmlChars(s).replace(TEXT_SPECIAL, entity);
}

/** Escapes a value for a double-quoted attribute, keeping tab/newline/CR exact as references. */
export function escapeXmlAttr(s: string): string {
  if (!NEEDS_ATTR.test(s)) return s;
  return replaceIllegalXmlChars(s).replace(ATTR_SPECIAL, entity);
}
