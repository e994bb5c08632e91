/**
 * A small pull tokenizer for XML 1.0 documents held in a string, written for the VOTable reader
 * (no XML dependency). It reports start tags (with namespace-resolved local names), end tags and
 * character data; it skips comments, processing instructions and the DOCTYPE (internal subsets
 * included), unwraps CDATA sections, decodes the five predefined entities and character
 * references, and checks well-formedness (balanced tags, one root, legal characters, unique
 * attributes). Anything else raises VOTableFormatError with line and column.
 * Spec: XML 1.0 (Fifth Edition) §2.2–§2.8, §3.1, §4.1; Namespaces in XML 1.0 §3–§6.
 */
import { positionOf, VOTableFormatError } from "./errors.js";

/** A start tag. `attrs` keys are the qualified attribute names as written (xmlns ones dropped). */
export interface StartToken {
  readonly kind: "start";
  /** Local name (prefix removed). */
  readonly local: string;
  /** Resolved namespace URI, "" for none. */
  readonly ns: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly selfClosing: boolean;
  readonly offset: number;
}

/** An end tag (also produced right after a self-closing start tag). */
export interface EndToken {
  readonly kind: "end";
  readonly local: string;
  readonly ns: string;
  readonly offset: number;
}

/** Character data (entity-decoded; CDATA sections arrive as separate text tokens). */
export interface TextToken {
  readonly kind: "text";
  readonly text: string;
  readonly offset: number;
}

/** End of document. */
export interface EofToken {
  readonly kind: "eof";
  readonly offset: number;
}

export type XmlToken = StartToken | EndToken | TextToken | EofToken;

// XML 1.0 §2.2: characters outside Char (lone surrogates cannot come out of a UTF-8 decoder).
const ILLEGAL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const NAME = /[A-Za-z_:\u00C0-\uFFFD][\w.\-:\u00B7\u00C0-\uFFFD]*/y;
const WS = /[ \t\r\n]*/y;
const ENTITY = /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const XML_NS = "http://www.w3.org/XML/1998/namespace";

interface Frame {
  readonly qname: string;
  readonly ns: ReadonlyMap<string, string>;
}

function isXmlChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Pull tokenizer: call `next()` until it returns `eof`. */
export class XmlTokenizer {
  private pos = 0;
  private readonly stack: Frame[] = [];
  private pendingEnd: EndToken | undefined;
  private sawRoot = false;

  /**
   * @param text the whole document (already decoded from bytes)
   * @param maxDepth element nesting limit (exceeding it throws with `limitExceeded`)
   */
  constructor(
    private readonly text: string,
    private readonly maxDepth = 64,
  ) {
    const bad = ILLEGAL_CHAR.exec(text);
    if (bad !== null) this.fail(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")} is not allowed in XML`, bad.index);
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  /** Throws a VOTableFormatError located at `offset`. */
  fail(message: string, offset = this.pos, limit = false): never {
    throw new VOTableFormatError(message, positionOf(this.text, offset), { limitExceeded: limit });
  }

  /** Current nesting depth (number of open elements). */
  get depth(): number {
    return this.stack.length;
  }

  /** The next token. */
  next(): XmlToken {
    if (this.pendingEnd !== undefined) {
      const t = this.pendingEnd;
      this.pendingEnd = undefined;
      this.stack.pop();
      return t;
    }
    const s = this.text;
    for (;;) {
      const start = this.pos;
      if (start >= s.length) {
        if (this.stack.length > 0) this.fail(`unexpected end of document inside <${this.stack[this.stack.length - 1]!.qname}>`);
        if (!this.sawRoot) this.fail("no root element");
        return { kind: "eof", offset: start };
      }
      if (s.charCodeAt(start) !== 60 /* < */) {
        const t = this.textToken(start);
        if (t !== undefined) return t;
        continue; // whitespace outside the root element
      }
      if (s.startsWith("<!--", start)) {
        const end = s.indexOf("-->", start + 4);
        if (end < 0) this.fail("unterminated comment", start);
        this.pos = end + 3;
      } else if (s.startsWith("<?", start)) {
        const end = s.indexOf("?>", start + 2);
        if (end < 0) this.fail("unterminated processing instruction", start);
        this.pos = end + 2;
      } else if (s.startsWith("<![CDATA[", start)) {
        if (this.stack.length === 0) this.fail("CDATA outside the root element", start);
        const end = s.indexOf("]]>", start + 9);
        if (end < 0) this.fail("unterminated CDATA section", start);
        this.pos = end + 3;
        return { kind: "text", text: s.slice(start + 9, end), offset: start };
      } else if (s.startsWith("<!DOCTYPE", start)) {
        if (this.sawRoot) this.fail("DOCTYPE after the root element", start);
        this.skipDoctype(start);
      } else if (s.charCodeAt(start + 1) === 47 /* / */) {
        return this.endTag(start);
      } else {
        return this.startTag(start);
      }
    }
  }

  private skipDoctype(start: number): void {
    const s = this.text;
    let i = start + 9;
    let bracket = 0;
    let quote = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 91) bracket++;
      else if (c === 93) bracket--;
      else if (c === 62 && bracket <= 0) break;
    }
    if (i >= s.length) this.fail("unterminated DOCTYPE", start);
    this.pos = i + 1;
  }

  private textToken(start: number): TextToken | undefined {
    const s = this.text;
    let end = s.indexOf("<", start);
    if (end < 0) end = s.length;
    this.pos = end;
    const raw = s.slice(start, end);
    if (this.stack.length === 0) {
      if (!/^[ \t\r\n]*$/.test(raw)) this.fail("text outside the root element", start);
      return undefined;
    }
    return { kind: "text", text: raw.includes("&") ? this.decode(raw, start) : raw, offset: start };
  }

  /** Decodes entity and character references in `raw` (which starts at `offset`). */
  private decode(raw: string, offset: number): string {
    let out = "";
    let last = 0;
    for (let i = raw.indexOf("&"); i >= 0; i = raw.indexOf("&", last)) {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(raw);
      if (m === null) this.fail("bad or undeclared entity reference", offset + i);
      const ref = m[1]!;
      let ch: string;
      if (ref.charCodeAt(0) === 35 /* # */) {
        const cp = ref.charCodeAt(1) === 120 ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
        if (!isXmlChar(cp)) this.fail(`character reference &${ref}; is not a legal XML character`, offset + i);
        ch = String.fromCodePoint(cp);
      } else ch = PREDEFINED[ref]!;
      out += raw.slice(last, i) + ch;
      last = i + m[0].length;
    }
    return out + raw.slice(last);
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (m === null) this.fail("expected a name");
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private skipWs(): number {
    WS.lastIndex = this.pos;
    WS.exec(this.text);
    const n = WS.lastIndex - this.pos;
    this.pos = WS.lastIndex;
    return n;
  }

  private resolve(qname: string, ns: ReadonlyMap<string, string>, isAttr: boolean, at: number): [string, string] {
    const colon = qname.indexOf(":");
    if (colon < 0) return [qname, isAttr ? "" : (ns.get("") ?? "")];
    const prefix = qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    if (prefix === "xml") return [local, XML_NS];
    const uri = ns.get(prefix);
    if (uri === undefined || local === "" || local.includes(":")) this.fail(`undeclared namespace prefix in ${qname}`, at);
    return [local, uri];
  }

  private startTag(start: number): StartToken {
    const s = this.text;
    if (this.stack.length === 0 && this.sawRoot) this.fail("content after the root element", start);
    this.pos = start + 1;
    const qname = this.name();
    const raw = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      const ws = this.skipWs();
      const c = s.charCodeAt(this.pos);
      if (c === 62 /* > */) {
        this.pos++;
        break;
      }
      if (c === 47 /* / */ && s.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.fail("unterminated start tag", start);
      if (ws === 0) this.fail("expected whitespace before attribute");
      const at = this.pos;
      const an = this.name();
      this.skipWs();
      if (s.charCodeAt(this.pos) !== 61 /* = */) this.fail(`expected = after attribute ${an}`);
      this.pos++;
      this.skipWs();
      const q = s.charCodeAt(this.pos);
      if (q !== 34 && q !== 39) this.fail(`attribute ${an} value must be quoted`);
      const end = s.indexOf(q === 34 ? '"' : "'", this.pos + 1);
      if (end < 0) this.fail("unterminated attribute value", at);
      let v = s.slice(this.pos + 1, end);
      if (v.includes("<")) this.fail("< in attribute value", at);
      v = v.replace(/[\t\n\r]/g, " ");
      if (v.includes("&")) v = this.decode(v, this.pos + 1);
      if (raw.has(an)) this.fail(`duplicate attribute ${an}`, at);
      raw.set(an, v);
      this.pos = end + 1;
    }
    const parent = this.stack[this.stack.length - 1];
    let ns: Map<string, string> | ReadonlyMap<string, string> = parent?.ns ?? new Map<string, string>();
    const attrs = new Map<string, string>();
    for (const [k, v] of raw) {
      if (k === "xmlns" || k.startsWith("xmlns:")) {
        if (ns === parent?.ns || parent === undefined) ns = new Map(ns);
        (ns as Map<string, string>).set(k === "xmlns" ? "" : k.slice(6), v);
      } else attrs.set(k, v);
    }
    for (const k of attrs.keys()) if (k.includes(":")) this.resolve(k, ns, true, start);
    const [local, uri] = this.resolve(qname, ns, false, start);
    if (this.stack.length >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} elements`, start, true);
    this.stack.push({ qname, ns });
    this.sawRoot = true;
    if (selfClosing) this.pendingEnd = { kind: "end", local, ns: uri, offset: start };
    return { kind: "start", local, ns: uri, attrs, selfClosing, offset: start };
  }

  private endTag(start: number): EndToken {
    this.pos = start + 2;
    const qname = this.name();
    this.skipWs();
    if (this.text.charCodeAt(this.pos) !== 62) this.fail("malformed end tag", start);
    this.pos++;
    const top = this.stack.pop();
    if (top === undefined || top.qname !== qname) this.fail(`end tag </${qname}> does not match <${top?.qname ?? "(none)"}>`, start);
    const [local, uri] = this.resolve(qname, top.ns, false, start);
    return { kind: "end", local, ns: uri, offset: start };
  }
}
