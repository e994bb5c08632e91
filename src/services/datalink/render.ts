/**
 * The {links} VOTable (DataLink 1.1 §3.2, standards.md §10.2): the standard columns in the
 * standard order with their UCDs, INFO standardID (DL-03), QUERY_STATUS (OVERFLOW when IDs were
 * cut, DL-02), and the service descriptors after the results RESOURCE (DL-09).
 */
import { type Field, type Info, writeVOTableToString } from "../../lib/votable/index.js";
import { LINKS_STANDARD_ID, type LinksResult } from "./service.js";

const text = (name: string, ucd: string): Field => ({ name, datatype: "char", arraysize: "*", ucd });

export const LINK_FIELDS: readonly Field[] = [
  text("ID", "meta.id;meta.main"),
  text("access_url", "meta.ref.url"),
  text("service_def", "meta.ref"),
  text("error_message", "meta.code.error"),
  text("description", "meta.note"),
  text("semantics", "meta.code"),
  text("content_type", "meta.code.mime"),
  { name: "content_length", datatype: "long", unit: "byte", ucd: "phys.size;meta.file" },
  text("local_semantics", "meta.id.assoc"),
];

/** The links document as a string (links documents are small). */
export async function renderLinks(result: LinksResult): Promise<string> {
  const infos: Info[] = [
    { name: "QUERY_STATUS", value: "OK" },
    { name: "standardID", value: LINKS_STANDARD_ID },
  ];
  const trailing: Info[] = result.overflow ? [{ name: "QUERY_STATUS", value: "OVERFLOW" }] : [];
  const rows = result.rows.map((r) => [r.ID, r.access_url, r.service_def, r.error_message, r.description, r.semantics, r.content_type, r.content_length, r.local_semantics]);
  return writeVOTableToString(
    {
      version: "1.4",
      resources: [{ type: "results", infos, tables: [{ fields: LINK_FIELDS }], trailingInfos: trailing }, ...result.descriptors],
    },
    rows,
  );
}
