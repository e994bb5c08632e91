/**
 * TAP UPLOAD (TAP 1.1 §2.5.3, DALI 1.1 §3.4.5): VOTable tables sent with the query become
 * temporary tables of the read session, queried as TAP_UPLOAD.<name>. Column names are the FIELD
 * names (TAP-19); physical names are generated, so nothing from the upload reaches SQL as an
 * identifier. Sizes are limited before and while parsing (TAP-20).
 */
import type { SchemaColumn, SchemaTable } from "../../lib/adql/index.js";
import { usageFault } from "../../lib/errors/index.js";
import { type Cell, documentTables, type Field, readVOTable, VOTableFormatError } from "../../lib/votable/index.js";
import type { ReadSession, TempColumn, TempValue } from "../../repo/registry/index.js";
import { publishedColumnName } from "./schema-lookup.js";

/** One UPLOAD pair. */
export interface UploadSpec {
  /** Table name, a regular ADQL identifier. */
  readonly name: string;
  /** Where the table is: `param:<part>` (inline) or an http(s) URL. */
  readonly uri: string;
}

export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
}

const INTEGER = new Set(["short", "int", "long", "unsignedByte"]);
const FLOAT = new Set(["float", "double"]);

function tempType(f: Field): TempColumn["type"] {
  if (f.arraysize !== undefined && !(f.datatype === "char" || f.datatype === "unicodeChar")) return "text";
  if (INTEGER.has(f.datatype) || f.datatype === "boolean") return "long";
  if (FLOAT.has(f.datatype)) return "double";
  return "text";
}

function tempValue(v: Cell): TempValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v === "bigint" || typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString().replace("Z", "");
  // Arrays (geometry and others) are kept as DALI text: space-separated values.
  const arr = Array.from(v as ArrayLike<unknown>);
  return arr.map((x) => (x === null ? "NaN" : String(x))).join(" ");
}

/** Loads one uploaded VOTable into the session; returns the table as the checker sees it. */
export async function loadUpload(session: ReadSession, spec: UploadSpec, bytes: Uint8Array, limits: UploadLimits, index: number): Promise<SchemaTable> {
  if (bytes.byteLength > limits.maxBytes) throw usageFault(`upload ${spec.name} is larger than the limit of ${limits.maxBytes} bytes`, { param: "UPLOAD", status: 413 });
  let table: ReturnType<typeof documentTables>[number] | undefined;
  try {
    table = documentTables(readVOTable(bytes, { maxBytes: limits.maxBytes, maxRows: limits.maxRows }))[0];
  } catch (e) {
    if (e instanceof VOTableFormatError) throw usageFault(`upload ${spec.name} is not a readable VOTable: ${e.message}`, { param: "UPLOAD" });
    throw e;
  }
  if (!table) throw usageFault(`upload ${spec.name} holds no TABLE`, { param: "UPLOAD" });
  const fields = (table.fields ?? []) as readonly Field[];
  if (fields.length === 0) throw usageFault(`upload ${spec.name} has no columns`, { param: "UPLOAD" });
  if (table.rows.length > limits.maxRows) throw usageFault(`upload ${spec.name} has more than ${limits.maxRows} rows`, { param: "UPLOAD", status: 413 });
  const sqlName = `tap_upload_${index}`;
  const temp: TempColumn[] = fields.map((f, i) => ({ name: `u${i}`, type: tempType(f) }));
  await session.createTempTable(
    sqlName,
    temp,
    table.rows.map((r) => fields.map((_, i) => tempValue(r[i] as Cell))),
  );
  const columns: SchemaColumn[] = fields.map((f, i) => ({
    name: publishedColumnName(f.name),
    datatype: f.datatype,
    // arraysize="1" means a scalar (deprecated spelling, VOTable 1.3 erratum 3).
    arraysize: f.arraysize === "1" ? undefined : f.arraysize,
    xtype: f.xtype,
    unit: f.unit,
    ucd: f.ucd,
    utype: f.utype,
    description: f.description,
    sqlName: `u${i}`,
  }));
  return { schema: "TAP_UPLOAD", name: spec.name, sqlName, columns };
}

const UPLOAD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Parses UPLOAD values: "name,URI" pairs, several per value separated by ';' (DALI 1.1 §3.4.5). */
export function parseUploads(values: readonly string[]): UploadSpec[] {
  const out: UploadSpec[] = [];
  for (const v of values) {
    for (const pair of v.split(";")) {
      if (pair.trim() === "") continue;
      const comma = pair.indexOf(",");
      if (comma < 0) throw usageFault(`UPLOAD must be name,URI; got '${pair.slice(0, 80)}'`, { param: "UPLOAD" });
      const name = pair.slice(0, comma).trim();
      const uri = pair.slice(comma + 1).trim();
      if (!UPLOAD_NAME.test(name)) throw usageFault(`UPLOAD table name '${name.slice(0, 40)}' is not a regular ADQL identifier`, { param: "UPLOAD" });
      if (out.some((u) => u.name.toLowerCase() === name.toLowerCase())) throw usageFault(`UPLOAD table name '${name}' is given twice`, { param: "UPLOAD" });
      out.push({ name, uri });
    }
  }
  return out;
}
