/**
 * The VOSI tables documents (VOSI 1.1 §3.4, VOSITables 1.1 schema in the VOSITables/v1.0
 * namespace, VODataService 1.1 types): the `tableset` root for /tables and the `table` root for
 * /tables/{table_name} (VOSI-07), with detail=min leaving out columns (VOSI-08). Column types are
 * vs:VOTableType with arraysize and extendedType = xtype (VOSI-11). Names are written exactly as
 * in TAP_SCHEMA (quoted where ADQL needs quotes) so that taplint's TMC comparison agrees (TAP-30).
 */
import { notFound } from "../../../lib/errors/index.js";
import { el, toXmlDocument, type XmlElement } from "../../../lib/xml/index.js";
import type { TapColumn, TapKey, TapSchemaDescription, TapTable } from "../../../repo/obscore/index.js";
import { adqlName, adqlTableName } from "./tap-schema.js";

/** Namespaces of the tables documents. */
export const TABLES_NS = {
  vosi: "http://www.ivoa.net/xml/VOSITables/v1.0",
  vs: "http://www.ivoa.net/xml/VODataService/v1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

/** VOSI detail level: "max" (default) lists columns and foreign keys, "min" only tables. */
export type TablesDetail = "min" | "max";

const rootAttrs = { "xmlns:vosi": TABLES_NS.vosi, "xmlns:vs": TABLES_NS.vs, "xmlns:xsi": TABLES_NS.xsi };

function optional(name: string, value: string | undefined): XmlElement | undefined {
  return value === undefined || value === "" ? undefined : el(name, {}, value);
}

function columnXml(c: TapColumn): XmlElement {
  // vs:TableParam content order: name, description, unit, ucd, utype, dataType, flag*.
  return el(
    "column",
    { std: c.std ? "true" : "false" },
    el("name", {}, adqlName(c.name)),
    optional("description", c.description),
    optional("unit", c.unit),
    optional("ucd", c.ucd),
    optional("utype", c.utype),
    el("dataType", { "xsi:type": "vs:VOTableType", arraysize: c.arraysize, extendedType: c.xtype }, c.datatype),
    c.indexed ? el("flag", {}, "indexed") : undefined,
    c.principal ? el("flag", {}, "primary") : undefined,
  );
}

function foreignKeyXml(k: TapKey): XmlElement {
  // vs:ForeignKey content order: targetTable, fkColumn+, description, utype.
  return el(
    "foreignKey",
    {},
    el("targetTable", {}, adqlTableName(k.targetTable)),
    k.columns.map((c) => el("fkColumn", {}, el("fromColumn", {}, adqlName(c.from)), el("targetColumn", {}, adqlName(c.target)))),
    optional("description", k.description),
  );
}

/** The content of a vs:Table (name, description, utype, column*, foreignKey*). */
function tableContent(t: TapTable, keys: readonly TapKey[], detail: TablesDetail): XmlElement[] {
  const full = detail === "max";
  const parts = [
    el("name", {}, adqlTableName(t.name)),
    optional("description", t.description),
    optional("utype", t.utype),
    ...(full ? t.columns.map(columnXml) : []),
    ...(full ? keys.filter((k) => k.fromTable === t.name).map(foreignKeyXml) : []),
  ];
  // el() skips undefined arguments but not undefined array entries.
  return parts.filter((x): x is XmlElement => x !== undefined);
}

/** Tables grouped by schema, in the description's schema order (unlisted schemas last). */
function bySchema(d: TapSchemaDescription): { name: string; description?: string; utype?: string; tables: TapTable[] }[] {
  const groups = d.schemas.map((s) => ({ ...s, tables: [] as TapTable[] }));
  for (const t of d.tables) {
    let g = groups.find((x) => x.name === t.schema);
    if (g === undefined) {
      g = { name: t.schema, description: "", tables: [] };
      groups.push(g);
    }
    g.tables.push(t);
  }
  return groups;
}

/**
 * The /tables document. Pass `withTapSchema(description)` so TAP_SCHEMA is listed too (TAP-30).
 * @example renderTableset(withTapSchema(tapSchemaDescription(config)), "min")
 */
export function renderTableset(description: TapSchemaDescription, detail: TablesDetail = "max"): string {
  return toXmlDocument(
    el(
      "vosi:tableset",
      rootAttrs,
      bySchema(description).map((s) =>
        el(
          "schema",
          {},
          el("name", {}, adqlName(s.name)),
          optional("description", s.description),
          optional("utype", s.utype),
          s.tables.map((t) => el("table", {}, tableContent(t, description.keys, detail))),
        ),
      ),
    ),
  );
}

/** Finds a table by the name in its <name> element (quoted form), or by the name case-insensitively. */
export function findTable(description: TapSchemaDescription, name: string): TapTable | undefined {
  const exact = description.tables.find((t) => adqlTableName(t.name) === name || t.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return description.tables.find((t) => t.name.toLowerCase() === lower || adqlTableName(t.name).toLowerCase() === lower);
}

/**
 * The /tables/{table_name} document: one `table` root with full detail (VOSI-07).
 * @throws SkyportError NotFound when no table has that name.
 */
export function renderTableDocument(description: TapSchemaDescription, tableName: string, detail: TablesDetail = "max"): string {
  const t = findTable(description, tableName);
  if (t === undefined) throw notFound(`no table named '${tableName.length > 100 ? `${tableName.slice(0, 100)}…` : tableName}'`, { param: "table_name" });
  return toXmlDocument(el("vosi:table", rootAttrs, tableContent(t, description.keys, detail)));
}
