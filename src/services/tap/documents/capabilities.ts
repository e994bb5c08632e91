/**
 * The TAP capability for VOSI /capabilities (TAP 1.1 §2.4, VOSI-05, TAP-03/04): standardID
 * ivo://ivoa.net/std/TAP, xsi:type tr:TableAccess, one vs:ParamHTTP interface role="std"
 * version="1.1" with accessURL use="base", followed by the TAPRegExt 1.0 elements in the order of
 * the TableAccess XSD sequence (dataModel, language, outputFormat, uploadMethod, retentionPeriod,
 * executionDuration, outputLimit, uploadLimit). Feature type IVOIDs are spelled as TAPRegExt defines them (see FEATURES)
 * (ADQL-06/07, standards.md §5.5); the model is plain data so the service fills it from config.
 */
import { el, type XmlElement } from "../../../lib/xml/index.js";
import type { CapabilityDescription } from "../../vosi/index.js";
import { OUTPUT_FORMATS, type OutputFormatDescription } from "./formats.js";

/** The TAPRegExt 1.0 namespace (prefix `tr`). */
export const TR_NS = "http://www.ivoa.net/xml/TAPRegExt/v1.0";

// Spelled as TAPRegExt 1.0 and ADQL 2.1 §4 define them: taplint (STILTS 3.4.7) compares feature
// types case-sensitively and warns about the all-lower-case form (W-CAP-CULF), although IVOIDs are
// case-insensitive.
const FEATURES = "ivo://ivoa.net/std/TAPRegExt#features-";

/** Language feature type IVOIDs (TAPRegExt 1.0 §2.3, ADQL 2.1 §4; note `adqlgeo` has no hyphen). */
export const FEATURE_TYPES = {
  geometry: `${FEATURES}adqlgeo`,
  string: `${FEATURES}adql-string`,
  commonTable: `${FEATURES}adql-common-table`,
  sets: `${FEATURES}adql-sets`,
  type: `${FEATURES}adql-type`,
  conditional: `${FEATURES}adql-conditional`,
  unit: `${FEATURES}adql-unit`,
  offset: `${FEATURES}adql-offset`,
  udf: `${FEATURES}udf`,
} as const;

/** Upload method ids (TAPRegExt 1.0 §2.5). */
export const UPLOAD_METHODS = {
  inline: "ivo://ivoa.net/std/TAPRegExt#upload-inline",
  http: "ivo://ivoa.net/std/TAPRegExt#upload-http",
  https: "ivo://ivoa.net/std/TAPRegExt#upload-https",
} as const;

/** ObsCore 1.1 as a TAPRegExt data model. */
export const OBSCORE_DATA_MODEL: TapDataModel = { ivoId: "ivo://ivoa.net/std/ObsCore#core-1.1", name: "ObsCore-1.1" };

/** One feature form; a UDF usually carries a description. */
export type FeatureForm = string | { readonly form: string; readonly description?: string };

/** A languageFeatures list: one feature type with its forms. */
export interface LanguageFeatures {
  /** Feature type IVOID (see FEATURE_TYPES). */
  readonly type: string;
  readonly forms: readonly FeatureForm[];
}

/** A query language (TAPRegExt `language`). */
export interface TapLanguage {
  readonly name: string;
  readonly versions: readonly { readonly version: string; readonly ivoId?: string }[];
  readonly description?: string;
  readonly features: readonly LanguageFeatures[];
}

export interface TapDataModel {
  readonly ivoId: string;
  readonly name: string;
}

/** A default/hard pair; either may be absent. */
export interface Limits {
  readonly default?: number;
  readonly hard?: number;
}

/** Everything TAPRegExt says about our TAP service. */
export interface TapCapabilityModel {
  readonly dataModels: readonly TapDataModel[];
  readonly languages: readonly TapLanguage[];
  /** Default: every format of formats.ts. */
  readonly outputFormats?: readonly Pick<OutputFormatDescription, "mime" | "aliases" | "ivoId">[];
  /** Upload method IVOIDs (UPLOAD_METHODS); empty when UPLOAD is not offered. */
  readonly uploadMethods: readonly string[];
  /** Seconds. */
  readonly retentionPeriod?: Limits;
  /** Seconds. */
  readonly executionDuration?: Limits;
  /** Rows. */
  readonly outputLimit?: Limits;
  /** Bytes. */
  readonly uploadLimit?: Limits;
}

/** ADQL 2.0 and 2.1 with the given optional features. */
export function adqlLanguage(features: readonly LanguageFeatures[], description = "ADQL 2.1 (ADQL 2.0 queries are accepted too)"): TapLanguage {
  return {
    name: "ADQL",
    versions: [
      { version: "2.0", ivoId: "ivo://ivoa.net/std/ADQL#v2.0" },
      { version: "2.1", ivoId: "ivo://ivoa.net/std/ADQL#v2.1" },
    ],
    description,
    features,
  };
}

/**
 * Upload methods to declare: inline always once UPLOAD is offered, http and https when the
 * service may fetch remote tables (DALI-18 makes both mandatory with UPLOAD; taplint E-MUPM).
 */
export function uploadMethods(options: { readonly remote: boolean }): string[] {
  return options.remote ? [UPLOAD_METHODS.inline, UPLOAD_METHODS.http, UPLOAD_METHODS.https] : [UPLOAD_METHODS.inline];
}

function language(l: TapLanguage): XmlElement {
  return el(
    "language",
    {},
    el("name", {}, l.name),
    l.versions.map((v) => el("version", { "ivo-id": v.ivoId }, v.version)),
    l.description === undefined ? undefined : el("description", {}, l.description),
    l.features.map((f) =>
      el(
        "languageFeatures",
        { type: f.type },
        f.forms.map((form) =>
          typeof form === "string"
            ? el("feature", {}, el("form", {}, form))
            : el("feature", {}, el("form", {}, form.form), form.description === undefined ? undefined : el("description", {}, form.description)),
        ),
      ),
    ),
  );
}

function limits(name: string, l: Limits | undefined, unit?: "row" | "byte"): XmlElement | undefined {
  if (l === undefined || (l.default === undefined && l.hard === undefined)) return undefined;
  const v = (k: "default" | "hard", n: number | undefined) => (n === undefined ? undefined : el(k, { unit }, String(Math.floor(n))));
  return el(name, {}, v("default", l.default), v("hard", l.hard));
}

/** The TAPRegExt elements of the TAP capability, in XSD order. */
export function tapRegExtElements(model: TapCapabilityModel): XmlElement[] {
  const formats = model.outputFormats ?? OUTPUT_FORMATS;
  const out: (XmlElement | undefined)[] = [
    ...model.dataModels.map((d) => el("dataModel", { "ivo-id": d.ivoId }, d.name)),
    ...model.languages.map(language),
    ...formats.map((f) => el("outputFormat", { "ivo-id": f.ivoId }, el("mime", {}, f.mime), f.aliases.map((a) => el("alias", {}, a)))),
    ...model.uploadMethods.map((m) => el("uploadMethod", { "ivo-id": m })),
    limits("retentionPeriod", model.retentionPeriod),
    limits("executionDuration", model.executionDuration),
    limits("outputLimit", model.outputLimit, "row"),
    limits("uploadLimit", model.uploadLimit, "byte"),
  ];
  return out.filter((x): x is XmlElement => x !== undefined);
}

/**
 * The TAP capability.
 * @param path the TAP base path below the server's public URL, e.g. "/api/tap" (accessURL use="base").
 */
export function tapCapability(model: TapCapabilityModel, path: string): CapabilityDescription {
  return {
    standardID: "ivo://ivoa.net/std/TAP",
    xsiType: "tr:TableAccess",
    namespaces: { tr: TR_NS },
    interfaces: [{ type: "vs:ParamHTTP", path, use: "base", role: "std", version: "1.1" }],
    extensions: () => tapRegExtElements(model),
  };
}

/**
 * The sibling capabilities of a TAP service besides VOSI capabilities/availability: VOSI tables
 * 1.1 at {path}/tables and, when offered, DALI examples at {path}/examples (vr:WebBrowser).
 */
export function tapAuxiliaryCapabilities(path: string, options: { readonly examples: boolean }): CapabilityDescription[] {
  const caps: CapabilityDescription[] = [
    {
      standardID: "ivo://ivoa.net/std/VOSI#tables-1.1",
      interfaces: [{ type: "vs:ParamHTTP", path: `${path}/tables`, use: "full", version: "1.1", queryTypes: ["GET"], resultType: "application/xml" }],
    },
  ];
  if (options.examples) {
    caps.push({ standardID: "ivo://ivoa.net/std/DALI#examples", interfaces: [{ type: "vr:WebBrowser", path: `${path}/examples`, use: "full" }] });
  }
  return caps;
}
