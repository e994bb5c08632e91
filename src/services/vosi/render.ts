/**
 * VOSI documents as XML: availability (VOSIAvailability v1.0 schema) and capabilities
 * (VOSICapabilities v1.0 with VOResource 1.x and VODataService 1.1 types), per VOSI 1.1 §3.
 */
import { el, toXmlDocument, type XmlElement } from "../../lib/xml/index.js";
import type { AvailabilityState, CapabilityDescription, InterfaceDescription } from "./model.js";

export const NS = {
  vosi: "http://www.ivoa.net/xml/VOSICapabilities/v1.0",
  avail: "http://www.ivoa.net/xml/VOSIAvailability/v1.0",
  vr: "http://www.ivoa.net/xml/VOResource/v1.0",
  vs: "http://www.ivoa.net/xml/VODataService/v1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

/** xs:dateTime in UTC without fractional seconds. */
function dateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function renderAvailability(state: AvailabilityState): string {
  return toXmlDocument(
    el(
      "vosi:availability",
      { "xmlns:vosi": NS.avail },
      el("vosi:available", {}, String(state.available)),
      el("vosi:upSince", {}, dateTime(state.upSince)),
      state.notes.map((n) => el("vosi:note", {}, n)),
    ),
  );
}

function renderInterface(i: InterfaceDescription, baseUrl: string): XmlElement {
  // vs:ParamHTTP content order (VODataService 1.1): accessURL, mirrorURL, securityMethod,
  // queryType*, resultType?, param*, testQuery*.
  return el(
    "interface",
    { "xsi:type": i.type, role: i.role, version: i.version },
    el("accessURL", { use: i.use }, baseUrl + i.path),
    i.type === "vs:ParamHTTP" ? (i.queryTypes ?? []).map((q) => el("queryType", {}, q)) : [],
    i.type === "vs:ParamHTTP" && i.resultType ? el("resultType", {}, i.resultType) : undefined,
  );
}

export function renderCapabilities(caps: readonly CapabilityDescription[], baseUrl: string): string {
  const namespaces: Record<string, string> = {
    "xmlns:vosi": NS.vosi,
    "xmlns:vr": NS.vr,
    "xmlns:vs": NS.vs,
    "xmlns:xsi": NS.xsi,
  };
  for (const c of caps) for (const [p, uri] of Object.entries(c.namespaces ?? {})) namespaces[`xmlns:${p}`] = uri;
  return toXmlDocument(
    el(
      "vosi:capabilities",
      namespaces,
      caps.map((c) =>
        el(
          "capability",
          { standardID: c.standardID, "xsi:type": c.xsiType },
          c.description ? el("description", {}, c.description) : undefined,
          c.interfaces.map((i) => renderInterface(i, baseUrl)),
          c.extensions ? c.extensions(baseUrl) : [],
        ),
      ),
    ),
  );
}
