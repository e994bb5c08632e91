/**
 * XML text and attribute escaping for the documents we emit (VOSI, UWS, VOTable error documents).
 * Characters that XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be
 * escaped at all, so they are replaced by U+FFFD rather than producing an ill-formed document.
 */

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const ILLEGAL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_SPECIAL = /[&<>]/g;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escapes character data (element content). */
export function escapeText(s: string): string {
  return s.replace(ILLEGAL, "\uFFFD").replace(TEXT_SPECIAL, (c) => ENTITIES[c]!);
}

/** Escapes an attribute value for use inside double quotes; keeps whitespace characters exact. */
export function escapeAttr(s: string): string {
  return s.replace(ILLEGAL, "\uFFFD").replace(ATTR_SPECIAL, (c) => ENTITIES[c]!);
}
