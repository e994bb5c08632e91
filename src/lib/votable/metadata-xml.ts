/**
 * Serialises the metadata elements of the model (FIELD, PARAM, VALUES, LINK, INFO, GROUP,
 * COOSYS, TIMESYS, DESCRIPTION) to XML text, with children in the order the VOTable 1.4 schema
 * requires (VOT-02). Attribute values and content are escaped (xml-escape.ts). Small strings only:
 * row data never passes through here.
 */
import type { Coosys, FieldLike, Group, GroupItem, Info, Link, Param, Timesys, Values, ValuesOption } from "./model.js";
import { escapeXmlAttr, escapeXmlText } from "./xml-escape.js";

type Attrs = readonly (readonly [string, string | number | boolean | undefined])[];

/** `name="value"` pairs for the defined attributes, each preceded by a space. */
export function attrs(list: Attrs): string {
  let out = "";
  for (const [k, v] of list) {
    if (v === undefined) continue;
    out += ` ${k}="${escapeXmlAttr(String(v))}"`;
  }
  return out;
}

/** A DESCRIPTION element, or "" when absent. */
export function descriptionXml(text: string | undefined, indent: string): string {
  return text === undefined ? "" : `${indent}<DESCRIPTION>${escapeXmlText(text)}</DESCRIPTION>\n`;
}

/** An INFO element (content optional). */
export function infoXml(info: Info, indent: string): string {
  const a = attrs([
    ["ID", info.ID],
    ["name", info.name],
    ["value", info.value],
    ["unit", info.unit],
    ["xtype", info.xtype],
    ["ref", info.ref],
    ["ucd", info.ucd],
    ["utype", info.utype],
  ]);
  return info.content === undefined
    ? `${indent}<INFO${a}/>\n`
    : `${indent}<INFO${a}>${escapeXmlText(info.content)}</INFO>\n`;
}

/** COOSYS (VOTable 1.4 §3.1). */
export function coosysXml(c: Coosys, indent: string): string {
  return `${indent}<COOSYS${attrs([
    ["ID", c.ID],
    ["system", c.system],
    ["equinox", c.equinox],
    ["epoch", c.epoch],
    ["refposition", c.refposition],
  ])}/>\n`;
}

/** TIMESYS (VOTable 1.4 §3.2). */
export function timesysXml(t: Timesys, indent: string): string {
  return `${indent}<TIMESYS${attrs([
    ["ID", t.ID],
    ["timeorigin", t.timeorigin],
    ["timescale", t.timescale],
    ["refposition", t.refposition],
  ])}/>\n`;
}

/** LINK (VOTable 1.4 §4.2). */
export function linkXml(l: Link, indent: string): string {
  return `${indent}<LINK${attrs([
    ["ID", l.ID],
    ["content-role", l.contentRole],
    ["content-type", l.contentType],
    ["title", l.title],
    ["value", l.value],
    ["href", l.href],
    ["action", l.action],
  ])}/>\n`;
}

function optionXml(o: ValuesOption, indent: string): string {
  const a = attrs([
    ["name", o.name],
    ["value", o.value],
  ]);
  if (o.options === undefined || o.options.length === 0) return `${indent}<OPTION${a}/>\n`;
  return `${indent}<OPTION${a}>\n${o.options.map((c) => optionXml(c, `${indent}  `)).join("")}${indent}</OPTION>\n`;
}

/** VALUES with MIN, MAX, OPTION children in schema order (VOTable 1.4 §4.6). */
export function valuesXml(v: Values, indent: string): string {
  const a = attrs([
    ["ID", v.ID],
    ["type", v.type],
    ["null", v.null],
    ["ref", v.ref],
  ]);
  const inner =
    (v.min === undefined ? "" : `${indent}  <MIN${attrs([["value", v.min.value], ["inclusive", v.min.inclusive === undefined ? undefined : v.min.inclusive ? "yes" : "no"]])}/>\n`) +
    (v.max === undefined ? "" : `${indent}  <MAX${attrs([["value", v.max.value], ["inclusive", v.max.inclusive === undefined ? undefined : v.max.inclusive ? "yes" : "no"]])}/>\n`) +
    (v.options ?? []).map((o) => optionXml(o, `${indent}  `)).join("");
  return inner === "" ? `${indent}<VALUES${a}/>\n` : `${indent}<VALUES${a}>\n${inner}${indent}</VALUES>\n`;
}

/** FIELD or PARAM; PARAM carries `value`. Children: DESCRIPTION?, VALUES?, LINK*. */
export function fieldXml(f: FieldLike, tag: "FIELD" | "PARAM", indent: string, value?: string): string {
  const a = attrs([
    ["ID", f.ID],
    ["name", f.name],
    ["datatype", f.datatype],
    ["arraysize", f.arraysize],
    ["width", f.width],
    ["precision", f.precision],
    ["unit", f.unit],
    ["ucd", f.ucd],
    ["utype", f.utype],
    ["xtype", f.xtype],
    ["ref", f.ref],
    ["value", value],
  ]);
  const inner =
    descriptionXml(f.description, `${indent}  `) +
    (f.values === undefined ? "" : valuesXml(f.values, `${indent}  `)) +
    (f.links ?? []).map((l) => linkXml(l, `${indent}  `)).join("");
  return inner === "" ? `${indent}<${tag}${a}/>\n` : `${indent}<${tag}${a}>\n${inner}${indent}</${tag}>\n`;
}

/**
 * The FIELD elements of a column list, remembered per list and indent: a service answering many
 * queries with the same columns (the model is immutable) writes this text once, not per request.
 */
export function fieldsXml(fields: readonly FieldLike[], indent: string): string {
  let byIndent = fieldsXmlMemo.get(fields);
  if (byIndent === undefined) {
    byIndent = new Map();
    fieldsXmlMemo.set(fields, byIndent);
  }
  let xml = byIndent.get(indent);
  if (xml === undefined) {
    xml = fields.map((f) => fieldXml(f, "FIELD", indent)).join("");
    byIndent.set(indent, xml);
  }
  return xml;
}
const fieldsXmlMemo = new WeakMap<readonly FieldLike[], Map<string, string>>();

/** A PARAM element. */
export function paramXml(p: Param, indent: string): string {
  return fieldXml(p, "PARAM", indent, p.value);
}

function groupItemXml(item: GroupItem, indent: string): string {
  switch (item.kind) {
    case "fieldref":
    case "paramref": {
      const tag = item.kind === "fieldref" ? "FIELDref" : "PARAMref";
      return `${indent}<${tag}${attrs([
        ["ref", item.ref],
        ["ucd", item.ucd],
        ["utype", item.utype],
      ])}/>\n`;
    }
    case "param":
      return paramXml(item.param, indent);
    case "group":
      return groupXml(item.group, indent);
  }
}

/** GROUP with DESCRIPTION? then FIELDref/PARAMref/PARAM/GROUP in the given order (§4.4). */
export function groupXml(g: Group, indent: string): string {
  const a = attrs([
    ["ID", g.ID],
    ["name", g.name],
    ["ref", g.ref],
    ["ucd", g.ucd],
    ["utype", g.utype],
  ]);
  const inner = descriptionXml(g.description, `${indent}  `) + g.items.map((i) => groupItemXml(i, `${indent}  `)).join("");
  return inner === "" ? `${indent}<GROUP${a}/>\n` : `${indent}<GROUP${a}>\n${inner}${indent}</GROUP>\n`;
}
