/** Public surface of the small XML helpers used for service documents. */
export { escapeAttr, escapeText } from "./escape.js";
export { el, toXmlDocument, type XmlAttrs, type XmlElement, type XmlNode } from "./element.js";
