import assert from "node:assert/strict";
import { test } from "node:test";
import { renderCapabilities, vosiCapabilities } from "../../vosi/index.js";
import {
  adqlLanguage,
  FEATURE_TYPES,
  OBSCORE_DATA_MODEL,
  type TapCapabilityModel,
  tapAuxiliaryCapabilities,
  tapCapability,
  tapRegExtElements,
  uploadMethods,
} from "./capabilities.js";
import { xsdValidate } from "./fixtures/xml-check.js";

const MODEL: TapCapabilityModel = {
  dataModels: [OBSCORE_DATA_MODEL],
  languages: [
    adqlLanguage([
      { type: FEATURE_TYPES.geometry, forms: ["POINT", "CIRCLE", "POLYGON", "CONTAINS", "INTERSECTS", "DISTANCE"] },
      { type: "ivo://ivoa.net/std/TAPRegExt#features-adql-string", forms: ["LOWER", "UPPER", "ILIKE"] },
      { type: FEATURE_TYPES.udf, forms: [{ form: "ivo_hasword(s VARCHAR, w VARCHAR) -> INTEGER", description: "1 if w is a word of s" }] },
    ]),
  ],
  uploadMethods: uploadMethods({ remote: true }),
  retentionPeriod: { default: 172800, hard: 604800 },
  executionDuration: { default: 600, hard: 3600 },
  outputLimit: { default: 100000, hard: 10000000 },
  uploadLimit: { hard: 10485760 },
};

const BASE = "https://data.example.org";

function capabilitiesDocument(model: TapCapabilityModel): string {
  return renderCapabilities([...vosiCapabilities("/api/tap"), ...tapAuxiliaryCapabilities("/api/tap", { examples: true }), tapCapability(model, "/api/tap")], BASE);
}

test("the full VOSI capabilities document with the TAP capability validates against the XSDs", () => {
  const xml = capabilitiesDocument(MODEL);
  // validate.sh uses TAPRegExt 1.0 Erratum 1, which (unlike the original 1.0 XSD) allows the
  // fragment in dataModel/@ivo-id that ObsCore's "#core-1.1" needs.
  const v = xsdValidate(xml);
  assert.ok(v.ok, `${v.output}\n${xml}`);
});

test("TAP capability: standardID, xsi:type, std interface version 1.1 with a base accessURL", () => {
  const xml = capabilitiesDocument(MODEL);
  assert.match(xml, /xmlns:tr="http:\/\/www\.ivoa\.net\/xml\/TAPRegExt\/v1\.0"/);
  assert.match(
    xml,
    /<capability standardID="ivo:\/\/ivoa\.net\/std\/TAP" xsi:type="tr:TableAccess">\s*<interface xsi:type="vs:ParamHTTP" role="std" version="1\.1">\s*<accessURL use="base">https:\/\/data\.example\.org\/api\/tap<\/accessURL>/,
  );
  assert.match(xml, /standardID="ivo:\/\/ivoa\.net\/std\/VOSI#tables-1\.1">\s*<interface xsi:type="vs:ParamHTTP" version="1\.1">\s*<accessURL use="full">https:\/\/data\.example\.org\/api\/tap\/tables</);
  assert.match(xml, /standardID="ivo:\/\/ivoa\.net\/std\/DALI#examples">\s*<interface xsi:type="vr:WebBrowser">\s*<accessURL use="full">https:\/\/data\.example\.org\/api\/tap\/examples</);
  assert.equal(xml.match(/standardID="ivo:\/\/ivoa\.net\/std\/TAP"/g)?.length, 1);
});

test("TAPRegExt elements come in XSD order with the feature types spelled as TAPRegExt defines them", () => {
  const els = tapRegExtElements(MODEL);
  const names = els.map((e) => e.name);
  assert.deepEqual(names, [
    "dataModel",
    "language",
    ...Array(6).fill("outputFormat"),
    "uploadMethod",
    "uploadMethod",
    "uploadMethod",
    "retentionPeriod",
    "executionDuration",
    "outputLimit",
    "uploadLimit",
  ]);
  const xml = capabilitiesDocument(MODEL);
  assert.match(xml, /<dataModel ivo-id="ivo:\/\/ivoa\.net\/std\/ObsCore#core-1\.1">ObsCore-1\.1<\/dataModel>/);
  assert.match(xml, /<version ivo-id="ivo:\/\/ivoa\.net\/std\/ADQL#v2\.0">2\.0<\/version>\s*<version ivo-id="ivo:\/\/ivoa\.net\/std\/ADQL#v2\.1">2\.1<\/version>/);
  assert.match(xml, /<languageFeatures type="ivo:\/\/ivoa\.net\/std\/TAPRegExt#features-adqlgeo">/);
  assert.match(xml, /<languageFeatures type="ivo:\/\/ivoa\.net\/std\/TAPRegExt#features-adql-string">/);
  assert.doesNotMatch(xml, /tapregext#features/);
  assert.match(xml, /<form>ivo_hasword\(s VARCHAR, w VARCHAR\) -&gt; INTEGER<\/form>\s*<description>1 if w is a word of s<\/description>/);
  assert.match(
    xml,
    /<outputFormat ivo-id="ivo:\/\/ivoa\.net\/std\/TAPRegExt#output-votable-binary2">\s*<mime>application\/x-votable\+xml;serialization=BINARY2<\/mime>\s*<alias>votable\/b2<\/alias>/,
  );
  assert.match(xml, /<outputFormat>\s*<mime>text\/csv;header=present<\/mime>\s*<alias>csv<\/alias>/);
  assert.match(xml, /<uploadMethod ivo-id="ivo:\/\/ivoa\.net\/std\/TAPRegExt#upload-https"\/>/);
  assert.match(xml, /<retentionPeriod>\s*<default>172800<\/default>\s*<hard>604800<\/hard>\s*<\/retentionPeriod>/);
  assert.match(xml, /<outputLimit>\s*<default unit="row">100000<\/default>\s*<hard unit="row">10000000<\/hard>/);
  assert.match(xml, /<uploadLimit>\s*<hard unit="byte">10485760<\/hard>\s*<\/uploadLimit>/);
});

test("a minimal model (no uploads, no limits, no data model) still validates", () => {
  const minimal: TapCapabilityModel = { dataModels: [], languages: [adqlLanguage([])], uploadMethods: uploadMethods({ remote: false }).slice(0, 0) };
  const xml = capabilitiesDocument(minimal);
  assert.doesNotMatch(xml, /uploadMethod|retentionPeriod|outputLimit|dataModel/);
  const v = xsdValidate(xml);
  assert.ok(v.ok, v.output);
  assert.deepEqual(uploadMethods({ remote: false }), ["ivo://ivoa.net/std/TAPRegExt#upload-inline"]);
});
