/**
 * The lower half of the VOTable reader: walking elements over the pull tokenizer (skip, text,
 * children with the VOTable namespace filter), limits, and the DATA part — TABLEDATA rows through
 * text-parse.ts, BINARY/BINARY2 streams through binary-reader.ts (VOTable 1.4 §5). The metadata
 * half (reader.ts) extends this class.
 */
import { base64Decode } from "./base64.js";
import { ByteCursor, makeBinaryDecoder } from "./binary-reader.js";
import { positionOf, VOTableFormatError } from "./errors.js";
import type { Cell, Field } from "./model.js";
import { VOTABLE_NAMESPACES } from "./model.js";
import { makeTextParser } from "./text-parse.js";
import { type StartToken, XmlTokenizer } from "./xml-tokenizer.js";

/** Reader limits; exceeding one throws VOTableFormatError with `limitExceeded` set. */
export interface ReadLimits {
  /** Input size in bytes (default 256 MiB). */
  readonly maxBytes?: number;
  /** Rows over all tables (default 10 000 000). */
  readonly maxRows?: number;
  /** FIELDs per table (default 4096). */
  readonly maxColumns?: number;
  /** Element nesting depth (default 64). */
  readonly maxDepth?: number;
}

/** The defaults of ReadLimits. */
export const DEFAULT_READ_LIMITS: Required<ReadLimits> = {
  maxBytes: 256 * 1024 * 1024,
  maxRows: 10_000_000,
  maxColumns: 4096,
  maxDepth: 64,
};


function fmtErr(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Element walking, limits and DATA reading; see reader.ts for the metadata elements. */
export class DataReader {
  protected readonly tok: XmlTokenizer;
  protected readonly limits: Required<ReadLimits>;
  private rows = 0;

  constructor(
    protected readonly text: string,
    limits: ReadLimits,
  ) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...limits };
    this.tok = new XmlTokenizer(text, this.limits.maxDepth);
  }

  protected fail(message: string, offset: number, limit = false): never {
    throw new VOTableFormatError(message, positionOf(this.text, offset), { limitExceeded: limit });
  }

  /** Visits the children of the element just started; returns its concatenated direct text. */
  protected children(onChild: (t: StartToken) => void): string {
    let text = "";
    for (;;) {
      const t = this.tok.next();
      if (t.kind === "end") return text;
      if (t.kind === "text") text += t.text;
      else if (t.kind === "start") {
        if (t.ns !== "" && !VOTABLE_NAMESPACES.includes(t.ns)) this.skip();
        else onChild(t);
      } else this.fail("unexpected end of document", t.offset);
    }
  }

  /** Consumes the rest of the element just started. */
  protected skip(): void {
    this.children(() => this.skip());
  }

  /** The element's text content (nested elements skipped). */
  protected textOf(): string {
    return this.children(() => this.skip());
  }

  protected attrs<K extends string>(t: StartToken, names: readonly K[]): Partial<Record<K, string>> {
    const out: Partial<Record<K, string>> = {};
    for (const n of names) {
      const v = t.attrs.get(n) ?? (n === "ID" ? t.attrs.get("id") : undefined);
      if (v !== undefined) out[n] = v;
    }
    return out;
  }

  private countRow(offset: number): void {
    if (++this.rows > this.limits.maxRows) this.fail(`more than ${this.limits.maxRows} rows`, offset, true);
  }

  protected data(t: StartToken, fields: readonly Field[], out: Cell[][]): void {
    this.children((c) => {
      if (c.local === "TABLEDATA") this.tabledata(fields, out);
      else if (c.local === "BINARY" || c.local === "BINARY2") this.binary(c, fields, out, c.local === "BINARY2");
      else if (c.local === "FITS") this.fail("FITS serialisation inside VOTable is not supported", c.offset);
      else this.skip();
    });
    void t;
  }

  private tabledata(fields: readonly Field[], out: Cell[][]): void {
    const parsers = fields.map((f) => makeTextParser(f));
    const decoders = fields.map((f) => makeBinaryDecoder(f));
    this.children((tr) => {
      if (tr.local !== "TR") return this.skip();
      this.countRow(tr.offset);
      const row: Cell[] = new Array(fields.length).fill(null);
      let i = 0;
      this.children((td) => {
        if (td.local !== "TD") return this.skip();
        if (i >= fields.length) this.fail("more TD than FIELD elements", td.offset);
        const enc = td.attrs.get("encoding");
        const text = this.children((x) => this.fail(`element <${x.local}> inside TD`, x.offset));
        try {
          if (enc === "base64") {
            const bytes = base64Decode(text);
            if (bytes === undefined) throw new Error("bad base64 in TD");
            row[i] = bytes.length === 0 ? null : decoders[i]!(new ByteCursor(bytes, td.offset));
          } else row[i] = parsers[i]!(text);
        } catch (e) {
          if (e instanceof VOTableFormatError) throw e;
          this.fail(`${fmtErr(e)} in column ${fields[i]!.name}`, td.offset);
        }
        i++;
      });
      out.push(row);
    });
  }

  private binary(t: StartToken, fields: readonly Field[], out: Cell[][], binary2: boolean): void {
    let stream: { text: string; offset: number } | undefined;
    this.children((s) => {
      if (s.local !== "STREAM") return this.skip();
      const href = s.attrs.get("href");
      const enc = s.attrs.get("encoding");
      if (href !== undefined) this.fail("remote STREAM (href) is not supported", s.offset);
      if (enc !== "base64") this.fail(`STREAM encoding "${enc ?? "none"}" is not supported (base64 only)`, s.offset);
      const text = this.children((x) => this.fail(`element <${x.local}> inside STREAM`, x.offset));
      stream = { text, offset: s.offset };
    });
    if (stream === undefined) return;
    const bytes = base64Decode(stream.text);
    if (bytes === undefined) this.fail("bad base64 in STREAM", stream.offset);
    if (fields.length === 0) {
      if (bytes.length > 0) this.fail("stream data for a table without FIELDs", stream.offset);
      return;
    }
    const decoders = fields.map((f) => makeBinaryDecoder(f));
    const cur = new ByteCursor(bytes, stream.offset);
    const maskBytes = binary2 ? (fields.length + 7) >> 3 : 0;
    while (cur.left > 0) {
      this.countRow(stream.offset);
      const row: Cell[] = new Array(fields.length);
      cur.need(maskBytes);
      const mask = cur.pos;
      cur.pos += maskBytes;
      for (let i = 0; i < fields.length; i++) {
        const v = decoders[i]!(cur);
        row[i] = binary2 && (bytes[mask + (i >> 3)]! & (0x80 >> (i & 7))) !== 0 ? null : v;
      }
      out.push(row);
    }
    void t;
  }}
