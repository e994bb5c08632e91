/**
 * The VOTable reader: parses TABLEDATA, BINARY and BINARY2 documents (VOTable 1.1–1.5, in the
 * VOTable namespaces or none) into the model of model.ts, with every table's rows materialised
 * as arrays of cells. It is used for TAP UPLOAD and in tests, so it enforces limits (bytes, rows,
 * columns, nesting depth) and reports every malformed input as a VOTableFormatError with a
 * position; nothing else escapes. Elements of other namespaces and unknown elements are skipped;
 * FITS serialisation and remote STREAMs (href) are refused as unsupported.
 */
import { DATATYPES_ALIASES, parseArraysize } from "./datatypes-aliases.js";
import { VOTableFormatError } from "./errors.js";
import type {
  Cell,
  Coosys,
  Datatype,
  Field,
  Group,
  GroupItem,
  Info,
  Link,
  Param,
  Resource,
  Table,
  Timesys,
  Values,
  ValuesOption,
  VOTableDocument,
} from "./model.js";
import { VOTABLE_NAMESPACES } from "./model.js";
import { DataReader, DEFAULT_READ_LIMITS, type ReadLimits } from "./reader-data.js";
import type { StartToken } from "./xml-tokenizer.js";

export { DEFAULT_READ_LIMITS, type ReadLimits } from "./reader-data.js";

/** A table as read: like Table, with its rows materialised. */
export interface ReadTable extends Table {
  readonly rows: readonly (readonly Cell[])[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Keeps the first DESCRIPTION (VOTable allows one; old files sometimes repeat it). */
function descriptionInto(target: { description?: string }, text: string): void {
  target.description ??= text;
}

class Parser extends DataReader {
  private readonly tablesById = new Map<string, Table>();
  private readonly valuesById = new Map<string, Values>();

  parseDocument(): VOTableDocument {
    let t = this.tok.next();
    while (t.kind === "text") t = this.tok.next();
    if (t.kind !== "start" || t.local !== "VOTABLE" || (t.ns !== "" && !VOTABLE_NAMESPACES.includes(t.ns))) {
      this.fail(`not a VOTable: root element is ${t.kind === "start" ? `{${t.ns}}${t.local}` : "missing"}`, t.offset);
    }
    const doc: Mutable<VOTableDocument> = { resources: [] };
    const version = t.attrs.get("version");
    if (version !== undefined) doc.version = version;
    const coosys: Coosys[] = [];
    const timesys: Timesys[] = [];
    const params: Param[] = [];
    const groups: Group[] = [];
    const infos: Info[] = [];
    const trailing: Info[] = [];
    const resources: Resource[] = [];
    const onChild = (c: StartToken): void => {
      switch (c.local) {
        case "DESCRIPTION":
          descriptionInto(doc, this.textOf());
          return;
        case "DEFINITIONS":
          return void this.children(onChild);
        case "COOSYS":
          return void coosys.push(this.coosys(c));
        case "TIMESYS":
          return void timesys.push(this.timesys(c));
        case "PARAM":
          return void params.push(this.param(c));
        case "GROUP":
          return void groups.push(this.group(c));
        case "INFO":
          return void (resources.length > 0 ? trailing : infos).push(this.info(c));
        case "RESOURCE":
          return void resources.push(this.resource(c));
        default:
          this.skip();
      }
    };
    this.children(onChild);
    for (;;) {
      const e = this.tok.next();
      if (e.kind === "eof") break;
    }
    Object.assign(doc, { resources });
    if (coosys.length) doc.coosys = coosys;
    if (timesys.length) doc.timesys = timesys;
    if (params.length) doc.params = params;
    if (groups.length) doc.groups = groups;
    if (infos.length) doc.infos = infos;
    if (trailing.length) doc.trailingInfos = trailing;
    return doc;
  }

  private coosys(t: StartToken): Coosys {
    const a = this.attrs(t, ["ID", "system", "equinox", "epoch", "refposition"] as const);
    this.skip();
    return { ...a, ID: a.ID ?? "", system: a.system ?? "eq_FK5" };
  }

  private timesys(t: StartToken): Timesys {
    const a = this.attrs(t, ["ID", "timescale", "refposition", "timeorigin"] as const);
    this.skip();
    return { ...a, ID: a.ID ?? "", timescale: a.timescale ?? "UNKNOWN" };
  }

  private info(t: StartToken): Info {
    const a = this.attrs(t, ["ID", "name", "value", "unit", "xtype", "ref", "ucd", "utype"] as const);
    const content = this.textOf();
    return { ...a, name: a.name ?? "", value: a.value ?? "", ...(content.trim() === "" ? {} : { content }) };
  }

  private link(t: StartToken): Link {
    const a = this.attrs(t, ["ID", "content-role", "content-type", "title", "value", "href", "action"] as const);
    this.skip();
    const { "content-role": contentRole, "content-type": contentType, ...rest } = a;
    return { ...rest, ...(contentRole === undefined ? {} : { contentRole }), ...(contentType === undefined ? {} : { contentType }) };
  }

  private option(t: StartToken): ValuesOption {
    const a = this.attrs(t, ["name", "value"] as const);
    const options: ValuesOption[] = [];
    this.children((c) => (c.local === "OPTION" ? options.push(this.option(c)) : this.skip()));
    return { ...a, value: a.value ?? "", ...(options.length ? { options } : {}) };
  }

  private values(t: StartToken): Values {
    const a = this.attrs(t, ["ID", "type", "null", "ref"] as const);
    const v: Mutable<Values> = {};
    if (a.ID !== undefined) v.ID = a.ID;
    if (a.type === "legal" || a.type === "actual") v.type = a.type;
    if (a.ref !== undefined) v.ref = a.ref;
    const nul = a.null ?? (a.ref === undefined ? undefined : this.valuesById.get(a.ref)?.null);
    if (nul !== undefined) v.null = nul;
    const options: ValuesOption[] = [];
    this.children((c) => {
      if (c.local === "MIN" || c.local === "MAX") {
        const b = this.attrs(c, ["value", "inclusive"] as const);
        this.skip();
        const bound = { value: b.value ?? "", ...(b.inclusive === undefined ? {} : { inclusive: b.inclusive !== "no" }) };
        if (c.local === "MIN") v.min = bound;
        else v.max = bound;
      } else if (c.local === "OPTION") options.push(this.option(c));
      else this.skip();
    });
    if (options.length) v.options = options;
    if (v.ID !== undefined) this.valuesById.set(v.ID, v);
    return v;
  }

  private fieldLike(t: StartToken, isParam: boolean): Field & { value?: string } {
    const a = this.attrs(t, ["ID", "name", "datatype", "arraysize", "unit", "ucd", "utype", "xtype", "ref", "precision", "width", "value"] as const);
    const dtName = a.datatype ?? "";
    const datatype = Object.hasOwn(DATATYPES_ALIASES, dtName) ? DATATYPES_ALIASES[dtName] : undefined;
    if (datatype === undefined) this.fail(`unknown datatype "${(a.datatype ?? "").slice(0, 40)}"`, t.offset);
    let arraysize = a.arraysize;
    if (arraysize !== undefined && parseArraysize(arraysize) === undefined) {
      if (!isParam) this.fail(`bad arraysize "${arraysize.slice(0, 40)}"`, t.offset);
      arraysize = "*"; // PARAM values are kept as text, so a broken arraysize is harmless
    }
    const f: Mutable<Field & { value?: string }> = { name: a.name ?? a.ID ?? "", datatype: datatype as Datatype };
    for (const k of ["ID", "unit", "ucd", "utype", "xtype", "ref", "precision", "value"] as const) if (a[k] !== undefined) f[k] = a[k];
    if (arraysize !== undefined) f.arraysize = arraysize;
    if (a.width !== undefined && /^\d+$/.test(a.width)) f.width = Number(a.width);
    const links: Link[] = [];
    this.children((c) => {
      if (c.local === "DESCRIPTION") {
        const d = this.textOf();
        f.description ??= d;
      } else if (c.local === "VALUES") f.values = this.values(c);
      else if (c.local === "LINK") links.push(this.link(c));
      else this.skip();
    });
    if (links.length) f.links = links;
    return f;
  }

  private param(t: StartToken): Param {
    const f = this.fieldLike(t, true);
    return { ...f, value: f.value ?? "" };
  }

  private group(t: StartToken): Group {
    const a = this.attrs(t, ["ID", "name", "ref", "ucd", "utype"] as const);
    const items: GroupItem[] = [];
    let description: string | undefined;
    this.children((c) => {
      if (c.local === "DESCRIPTION") {
        const d = this.textOf();
        description ??= d;
      }
      else if (c.local === "FIELDref" || c.local === "PARAMref") {
        const r = this.attrs(c, ["ref", "ucd", "utype"] as const);
        this.skip();
        items.push({ kind: c.local === "FIELDref" ? "fieldref" : "paramref", ...r, ref: r.ref ?? "" });
      } else if (c.local === "PARAM") items.push({ kind: "param", param: this.param(c) });
      else if (c.local === "GROUP") items.push({ kind: "group", group: this.group(c) });
      else this.skip();
    });
    return { ...a, ...(description === undefined ? {} : { description }), items };
  }

  private resource(t: StartToken): Resource {
    const a = this.attrs(t, ["ID", "name", "type", "utype"] as const);
    const r: Mutable<Resource> = {};
    if (a.ID !== undefined) r.ID = a.ID;
    if (a.name !== undefined) r.name = a.name;
    if (a.utype !== undefined) r.utype = a.utype;
    if (a.type === "results" || a.type === "meta") r.type = a.type;
    const lists = { infos: [] as Info[], trailingInfos: [] as Info[], coosys: [] as Coosys[], timesys: [] as Timesys[] };
    const groups: Group[] = [];
    const params: Param[] = [];
    const links: Link[] = [];
    const tables: Table[] = [];
    const resources: Resource[] = [];
    this.children((c) => {
      switch (c.local) {
        case "DESCRIPTION":
          descriptionInto(r, this.textOf());
          return;
        case "INFO":
          return void (tables.length + resources.length > 0 ? lists.trailingInfos : lists.infos).push(this.info(c));
        case "COOSYS":
          return void lists.coosys.push(this.coosys(c));
        case "TIMESYS":
          return void lists.timesys.push(this.timesys(c));
        case "GROUP":
          return void groups.push(this.group(c));
        case "PARAM":
          return void params.push(this.param(c));
        case "LINK":
          return void links.push(this.link(c));
        case "TABLE":
          return void tables.push(this.table(c));
        case "RESOURCE":
          return void resources.push(this.resource(c));
        default:
          return this.skip();
      }
    });
    for (const [k, v] of Object.entries(lists)) if (v.length) Object.assign(r, { [k]: v });
    if (groups.length) r.groups = groups;
    if (params.length) r.params = params;
    if (links.length) r.links = links;
    if (tables.length) r.tables = tables;
    if (resources.length) r.resources = resources;
    return r;
  }

  private table(t: StartToken): ReadTable {
    const a = this.attrs(t, ["ID", "name", "ref", "ucd", "utype", "nrows"] as const);
    const tab: Mutable<Table> & { rows: Cell[][] } = { fields: [], rows: [] };
    for (const k of ["ID", "name", "ref", "ucd", "utype"] as const) if (a[k] !== undefined) tab[k] = a[k];
    if (a.nrows !== undefined && /^\d+$/.test(a.nrows)) tab.nrows = Number(a.nrows);
    const fields: Field[] = [];
    const infos: Info[] = [];
    const trailing: Info[] = [];
    const params: Param[] = [];
    const groups: Group[] = [];
    const links: Link[] = [];
    let sawData = false;
    this.children((c) => {
      switch (c.local) {
        case "DESCRIPTION":
          descriptionInto(tab, this.textOf());
          return;
        case "INFO":
          return void (sawData ? trailing : infos).push(this.info(c));
        case "FIELD":
          if (fields.length >= this.limits.maxColumns) this.fail(`more than ${this.limits.maxColumns} columns`, c.offset, true);
          return void fields.push(this.fieldLike(c, false));
        case "PARAM":
          return void params.push(this.param(c));
        case "GROUP":
          return void groups.push(this.group(c));
        case "LINK":
          return void links.push(this.link(c));
        case "DATA": {
          sawData = true;
          const ref = tab.ref === undefined ? undefined : this.tablesById.get(tab.ref);
          const cols = fields.length === 0 && ref !== undefined ? ref.fields : fields;
          tab.fields = cols;
          return this.data(c, cols, tab.rows);
        }
        default:
          return this.skip();
      }
    });
    if (!sawData) {
      const ref = tab.ref === undefined ? undefined : this.tablesById.get(tab.ref);
      tab.fields = fields.length === 0 && ref !== undefined ? ref.fields : fields;
    }
    if (infos.length) tab.infos = infos;
    if (trailing.length) tab.trailingInfos = trailing;
    if (params.length) tab.params = params;
    if (groups.length) tab.groups = groups;
    if (links.length) tab.links = links;
    if (tab.ID !== undefined) this.tablesById.set(tab.ID, tab);
    return tab;
  }
}

function decodeBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be", { fatal: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le", { fatal: true }).decode(bytes.subarray(2));
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const enc = m?.[1]?.toLowerCase();
  if (enc !== undefined && (enc === "iso-8859-1" || enc === "latin1" || enc === "us-ascii" || enc === "ascii")) {
    return new TextDecoder("latin1").decode(bytes);
  }
  if (enc !== undefined && enc !== "utf-8" && enc !== "utf8") {
    throw new VOTableFormatError(`unsupported document encoding ${enc}`, { offset: 0, line: 1, column: 1 });
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/**
 * Reads a whole VOTable from bytes (UTF-8, or as declared: ISO-8859-1, UTF-16 with BOM) or an
 * already decoded string. Every TABLE in the result is a `ReadTable` (rows materialised).
 * @throws VOTableFormatError on malformed, unsupported or over-limit input
 */
export function readVOTable(input: Uint8Array | string, limits: ReadLimits = {}): VOTableDocument {
  const maxBytes = limits.maxBytes ?? DEFAULT_READ_LIMITS.maxBytes;
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (size > maxBytes) throw new VOTableFormatError(`input larger than ${maxBytes} bytes`, { offset: maxBytes, line: 0, column: 0 }, { limitExceeded: true });
  let text: string;
  try {
    text = typeof input === "string" ? input : decodeBytes(input);
  } catch (e) {
    if (e instanceof VOTableFormatError) throw e;
    throw new VOTableFormatError("input is not valid text in its declared encoding", { offset: 0, line: 0, column: 0 }, { cause: e });
  }
  return new Parser(text, limits).parseDocument();
}

/** Reads from a byte stream (e.g. a TAP UPLOAD part), refusing it as soon as it passes maxBytes. */
export async function readVOTableStream(source: AsyncIterable<Uint8Array>, limits: ReadLimits = {}): Promise<VOTableDocument> {
  const maxBytes = limits.maxBytes ?? DEFAULT_READ_LIMITS.maxBytes;
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const p of source) {
    n += p.byteLength;
    if (n > maxBytes) throw new VOTableFormatError(`input larger than ${maxBytes} bytes`, { offset: maxBytes, line: 0, column: 0 }, { limitExceeded: true });
    parts.push(p);
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.byteLength;
  }
  return readVOTable(all, limits);
}

/** Every table of a document read by `readVOTable`, depth-first in document order. */
export function documentTables(doc: VOTableDocument): ReadTable[] {
  const out: ReadTable[] = [];
  const visit = (rs: readonly Resource[]): void => {
    for (const r of rs) {
      for (const t of r.tables ?? []) out.push({ ...t, rows: Array.isArray(t.rows) ? (t.rows as Cell[][]) : [] });
      visit(r.resources ?? []);
    }
  };
  visit(doc.resources);
  return out;
}
