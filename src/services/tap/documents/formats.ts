/**
 * The TAP output formats and the RESPONSEFORMAT (alias FORMAT) parameter (TAP 1.1 §5.1.2, DALI 1.1
 * §4.4, standards.md §1.4, TAP-08/16, DALI-14/15). One table lists every format with its MIME
 * type, the TAPRegExt ivo-id and the aliases we accept; the same table feeds the TAPRegExt
 * `outputFormat` elements, so what we accept and what we declare cannot drift.
 */
import { SkyportError } from "../../../lib/errors/index.js";
import type { Serialization } from "../../../lib/votable/index.js";

/** Our identifiers of the output formats. */
export type OutputFormatId = "votable-td" | "votable-binary" | "votable-binary2" | "csv" | "tsv" | "json";

/** One output format as declared in the TAP capability (TAPRegExt 1.0 §2.4 `outputFormat`). */
export interface OutputFormatDescription {
  readonly id: OutputFormatId;
  /** The MIME type declared in TAPRegExt `mime` and sent by default as Content-Type. */
  readonly mime: string;
  /** Short names (TAPRegExt `alias`), matched case-insensitively. */
  readonly aliases: readonly string[];
  /** TAPRegExt standard format id, for the VOTable serialisations. */
  readonly ivoId?: string;
  /** Other MIME types accepted for this format (not declared). */
  readonly alsoAccepted?: readonly string[];
  /** VOTable serialisation, for the VOTable formats. */
  readonly serialization?: Serialization;
}

const VOTABLE = "application/x-votable+xml";
const TR = "ivo://ivoa.net/std/TAPRegExt";

/**
 * Every format we write, default first. The VOTable MIME with a `serialization` parameter is the
 * CADC/Rubin convention (standards.md §1.4); aliases `votable/td|b|b2` are the TAPRegExt-era
 * conventions DaCHS and others declare.
 */
export const OUTPUT_FORMATS: readonly OutputFormatDescription[] = [
  {
    id: "votable-td",
    mime: VOTABLE,
    aliases: ["votable", "votable/td"],
    ivoId: `${TR}#output-votable-td`,
    alsoAccepted: ["text/xml", `${VOTABLE};serialization=TABLEDATA`],
    serialization: "TABLEDATA",
  },
  {
    id: "votable-binary",
    mime: `${VOTABLE};serialization=BINARY`,
    aliases: ["votable/b", "votable-binary"],
    ivoId: `${TR}#output-votable-binary`,
    serialization: "BINARY",
  },
  {
    id: "votable-binary2",
    mime: `${VOTABLE};serialization=BINARY2`,
    aliases: ["votable/b2", "votable-binary2"],
    ivoId: `${TR}#output-votable-binary2`,
    serialization: "BINARY2",
  },
  // DALI-15 / TAP-16: a header row is always written, so the answer says header=present.
  { id: "csv", mime: "text/csv;header=present", aliases: ["csv"], alsoAccepted: ["text/csv"] },
  { id: "tsv", mime: "text/tab-separated-values", aliases: ["tsv"] },
  { id: "json", mime: "application/json", aliases: ["json"] },
];

/** The resolved RESPONSEFORMAT of a request. */
export interface ResponseFormat {
  readonly id: OutputFormatId;
  /** The Content-Type to send (the requested MIME type when one was asked for, DALI-15). */
  readonly mime: string;
  /** VOTable serialisation, for the VOTable formats. */
  readonly serialization?: Serialization;
}

/** A parsed MIME type: lower-case type/subtype and parameters (names lower case, values as given). */
interface ParsedMime {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

// RFC 7231 token characters; anything else (CR, LF, quotes ...) makes the value unacceptable, so a
// value we echo into Content-Type can never break the header.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseMime(value: string): ParsedMime | undefined {
  const parts = value.split(";").map((p) => p.trim());
  const type = (parts.shift() ?? "").toLowerCase();
  const slash = type.indexOf("/");
  if (slash <= 0 || !TOKEN.test(type.slice(0, slash)) || !TOKEN.test(type.slice(slash + 1))) return undefined;
  const params = new Map<string, string>();
  for (const p of parts) {
    if (p === "") continue;
    const eq = p.indexOf("=");
    const name = p.slice(0, eq).trim().toLowerCase();
    const val = p.slice(eq + 1).trim();
    if (eq <= 0 || !TOKEN.test(name) || !TOKEN.test(val)) return undefined;
    params.set(name, val);
  }
  return { type, params };
}

function describe(id: OutputFormatId): OutputFormatDescription {
  return OUTPUT_FORMATS.find((f) => f.id === id)!;
}

function result(id: OutputFormatId, mime?: string): ResponseFormat {
  const f = describe(id);
  return f.serialization ? { id, mime: mime ?? f.mime, serialization: f.serialization } : { id, mime: mime ?? f.mime };
}

/** Matches a MIME-type request; undefined when no format fits. */
function fromMime(value: string, m: ParsedMime): ResponseFormat | undefined {
  const charset = m.params.get("charset");
  if (charset !== undefined && charset.toLowerCase() !== "utf-8") return undefined;
  const known = (allowed: readonly string[]) => [...m.params.keys()].every((k) => k === "charset" || allowed.includes(k));
  if (m.type === VOTABLE || m.type === "text/xml") {
    if (!known(["serialization"])) return undefined;
    const ser = (m.params.get("serialization") ?? "TABLEDATA").toUpperCase();
    const f = OUTPUT_FORMATS.find((x) => x.serialization === ser);
    // DALI-15: echo the MIME type exactly as asked (text/xml stays text/xml).
    return f ? result(f.id, value.trim()) : undefined;
  }
  if (m.type === "text/csv") {
    const header = m.params.get("header");
    if (!known(["header"]) || (header !== undefined && header.toLowerCase() !== "present")) return undefined;
    return result("csv");
  }
  if (m.type === "text/tab-separated-values") return known([]) ? result("tsv") : undefined;
  if (m.type === "application/json") return known([]) ? result("json") : undefined;
  return undefined;
}

/** The values a client may send, for error messages and documentation. */
export function allowedResponseFormats(): string[] {
  return OUTPUT_FORMATS.flatMap((f) => [f.mime, ...(f.alsoAccepted ?? []), ...f.aliases]);
}

/**
 * Resolves RESPONSEFORMAT (or FORMAT). Absent or blank → VOTable TABLEDATA. Short names and MIME
 * types compare case-insensitively (TAP 1.1 §5.1.2 lets the service choose; clients send both
 * `votable` and `VOTABLE`).
 * @throws SkyportError UsageFault (param RESPONSEFORMAT) for a value we cannot produce (DALI-14).
 * @example resolveResponseFormat("votable/b2") // { id: "votable-binary2", mime: "application/x-votable+xml;serialization=BINARY2", serialization: "BINARY2" }
 */
export function resolveResponseFormat(value: string | undefined): ResponseFormat {
  const v = (value ?? "").trim();
  if (v === "") return result("votable-td");
  const lower = v.toLowerCase();
  const byAlias = OUTPUT_FORMATS.find((f) => f.aliases.includes(lower));
  if (byAlias) return result(byAlias.id);
  const mime = parseMime(v);
  const byMime = mime ? fromMime(v, mime) : undefined;
  if (byMime) return byMime;
  throw new SkyportError({
    code: "UsageFault",
    param: "RESPONSEFORMAT",
    message: `unsupported RESPONSEFORMAT '${v.length > 80 ? `${v.slice(0, 80)}…` : v}'; allowed values: ${allowedResponseFormats().join(", ")}`,
  });
}
