/**
 * A tiny XML element builder for the fixed-shape service documents (VOSI capabilities and
 * availability, UWS job documents). Attributes with undefined values are left out; text is escaped.
 * Large tabular output does not go through here: the VOTable library streams it.
 */
import { escapeAttr, escapeText } from "./escape.js";

export type XmlAttrs = Readonly<Record<string, string | number | boolean | undefined>>;

/** An XML node: an element, or a text string. */
export type XmlNode = XmlElement | string;

export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttrs;
  readonly children: readonly XmlNode[];
}

/** Builds an element; `children` may mix elements and text, undefined entries are skipped. */
export function el(name: string, attrs: XmlAttrs = {}, ...children: readonly (XmlNode | undefined | readonly XmlNode[])[]): XmlElement {
  const flat: XmlNode[] = [];
  for (const c of children) {
    if (c === undefined) continue;
    if (Array.isArray(c)) flat.push(...(c as readonly XmlNode[]));
    else flat.push(c as XmlNode);
  }
  return { name, attrs, children: flat };
}

function attrString(attrs: XmlAttrs): string {
  let out = "";
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    out += ` ${k}="${escapeAttr(String(v))}"`;
  }
  return out;
}

function render(node: XmlNode, indent: string, level: number, out: string[]): void {
  const pad = indent.repeat(level);
  if (typeof node === "string") {
    out.push(pad + escapeText(node));
    return;
  }
  const open = `<${node.name}${attrString(node.attrs)}`;
  if (node.children.length === 0) {
    out.push(`${pad}${open}/>`);
  } else if (node.children.length === 1 && typeof node.children[0] === "string") {
    out.push(`${pad}${open}>${escapeText(node.children[0])}</${node.name}>`);
  } else {
    out.push(`${pad}${open}>`);
    for (const c of node.children) render(c, indent, level + 1, out);
    out.push(`${pad}</${node.name}>`);
  }
}

/** Serialises a document: XML declaration, then the root element, indented by two spaces. */
export function toXmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, "  ", 0, out);
  return `${out.join("\n")}\n`;
}
