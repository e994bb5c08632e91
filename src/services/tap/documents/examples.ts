/**
 * The DALI examples document for /tap/examples (DALI 1.1 §2.3, TAP 1.1 §3.1.6, standards.md §1.5,
 * DALI-28, TAP-28): well-formed XHTML with RDFa Lite markup in the
 * http://www.ivoa.net/rdf/examples# vocabulary, declared once on <body>. Each example is a div
 * with typeof="example", an id and resource="#id", one `name` property, exactly one `query`
 * property in a <pre> (never inside <a>) and one `table` property per table it reads, which is
 * what taplint's EXA stage checks.
 */
import { el, toXmlDocument, type XmlElement } from "../../../lib/xml/index.js";
import type { TapSchemaDescription } from "../../../repo/obscore/index.js";

/** The RDFa vocabulary of DALI examples. */
export const EXAMPLES_VOCAB = "http://www.ivoa.net/rdf/examples#";

/** One TAP example. */
export interface TapExample {
  /** Fragment id, unique in the document: lower-case letters, digits and hyphens. */
  readonly id: string;
  /** Short human title (the `name` property). */
  readonly name: string;
  /** One or two sentences on what the query does. */
  readonly description?: string;
  /** The ADQL text (the `query` property). */
  readonly query: string;
  /** Fully qualified names of the tables the query reads (the `table` properties). */
  readonly tables: readonly string[];
}

/** Document-level texts. */
export interface ExamplesOptions {
  readonly title?: string;
  readonly intro?: string;
}

const ID = /^[a-z][a-z0-9-]*$/;

function exampleXml(x: TapExample): XmlElement {
  return el(
    "div",
    { typeof: "example", id: x.id, resource: `#${x.id}` },
    el("h2", { property: "name" }, x.name),
    x.description === undefined ? undefined : el("p", {}, x.description),
    el("pre", { property: "query" }, x.query),
    // One list item per table keeps each `table` value a clean text node (the serializer indents mixed content).
    x.tables.length > 0 ? el("p", {}, "Tables used:") : undefined,
    x.tables.length > 0 ? el("ul", {}, x.tables.map((t) => el("li", { property: "table" }, t))) : undefined,
  );
}

/**
 * Renders the examples document (serve as application/xhtml+xml or text/html).
 * @throws Error when an id is malformed or repeated (a programming error in the example list).
 */
export function renderExamples(examples: readonly TapExample[], options: ExamplesOptions = {}): string {
  const seen = new Set<string>();
  for (const x of examples) {
    if (!ID.test(x.id) || seen.has(x.id)) throw new Error(`bad or repeated example id '${x.id}'`);
    seen.add(x.id);
  }
  const title = options.title ?? "TAP query examples";
  const html = el(
    "html",
    { xmlns: "http://www.w3.org/1999/xhtml", "xml:lang": "en", lang: "en" },
    el("head", {}, el("title", {}, title)),
    el(
      "body",
      { vocab: EXAMPLES_VOCAB },
      el("h1", {}, title),
      options.intro === undefined ? undefined : el("p", {}, options.intro),
      examples.map(exampleXml),
    ),
  );
  // The serializer has no doctype hook; HTML parsers want one, XML parsers accept it.
  return toXmlDocument(html).replace(/^(<\?xml[^>]*\?>\n)/, "$1<!DOCTYPE html>\n");
}

/** The examples whose tables are all published in `description` (case-insensitive names). */
export function publishedExamples(examples: readonly TapExample[], description: TapSchemaDescription): TapExample[] {
  const names = new Set(description.tables.map((t) => t.name.toLowerCase()));
  return examples.filter((x) => x.tables.every((t) => names.has(t.toLowerCase()) || t.toLowerCase().startsWith("tap_schema.")));
}
