import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ERROR_CODES, SkyportError } from "../lib/errors/index.js";
import { REPO_ROOT, SHARED_DIR, sharedSkip } from "../../test/support/oracles.js";
import { FAULT_LABELS, faultLabel, normaliseError, renderError } from "./errors.js";

/** The fault words a requirement line of standards.md allows, e.g. SIA-12's list. */
function allowedWords(standards: string, requirement: string): Set<string> {
  const line = standards.split("\n").find((l) => l.includes(`${requirement} `));
  assert.ok(line, `${requirement} not found in standards.md`);
  return new Set([...line.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));
}

describe("error rendering", () => {
  test("every code is documented in docs/errors.md with each protocol's word", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8");
    for (const code of ERROR_CODES) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${code}\` |`));
      assert.ok(row, `docs/errors.md lacks a row for ${code}`);
      const cells = row.split("|").map((c) => c.trim());
      assert.equal(cells[2], String(new SkyportError({ code, message: "x" }).status), `${code} status`);
      assert.equal(cells[4], FAULT_LABELS.dali[code], `${code} DALI word`);
      assert.equal(cells[5], FAULT_LABELS.datalink[code], `${code} DataLink word`);
      assert.equal(cells[6], FAULT_LABELS.soda[code], `${code} SODA word`);
    }
  });

  test("fault words are those the standards allow (SIA-12, DL-07, SODA-06)", { skip: sharedSkip() }, () => {
    const standards = readFileSync(join(SHARED_DIR, "reference", "standards.md"), "utf8");
    const dali = allowedWords(standards, "SIA-12");
    const datalink = allowedWords(standards, "DL-07");
    const soda = allowedWords(standards, "SODA-06");
    assert.ok(dali.size >= 4 && datalink.size >= 5 && soda.size >= 6);
    for (const code of ERROR_CODES) {
      assert.ok(dali.has(FAULT_LABELS.dali[code]), `${code}: ${FAULT_LABELS.dali[code]} not in SIA-12`);
      assert.ok(datalink.has(FAULT_LABELS.datalink[code]), `${code}: ${FAULT_LABELS.datalink[code]} not in DL-07`);
      assert.ok(soda.has(FAULT_LABELS.soda[code]), `${code}: ${FAULT_LABELS.soda[code]} not in SODA-06`);
    }
  });

  test("a refused multi-valued SODA parameter leads with MultiValuedParamNotSupported (SODA-06)", () => {
    const err = new SkyportError({ code: "UsageFault", message: "MultiValuedParamNotSupported: parameter CIRCLE was given 2 values", param: "CIRCLE", detail: "MultiValuedParamNotSupported" });
    const doc = renderError(err, "soda", "r1");
    assert.equal(doc.status, 400);
    assert.match(doc.body, /^MultiValuedParamNotSupported: parameter CIRCLE was given 2 values\n/);
    assert.match(renderError(err, "dali", "r1", "text").body, /^UsageFault: MultiValuedParamNotSupported: /, "other protocols keep their own word");
  });

  test("UWS, VOSI and plain routes speak DALI", () => {
    assert.equal(faultLabel("uws", "NotFound"), "UsageFault");
    assert.equal(faultLabel("vosi", "Transient"), "TransientFault");
    assert.equal(faultLabel("plain", "Internal"), "DefaultFault");
  });

  test("framework errors map by status; unknown errors become hidden internal faults", () => {
    assert.equal(normaliseError({ statusCode: 413, code: "FST_ERR_CTP_BODY_TOO_LARGE" }).code, "TooLarge");
    const e415 = normaliseError({ statusCode: 415, code: "FST_ERR_CTP_INVALID_MEDIA_TYPE", message: "x" });
    assert.equal(e415.code, "UsageFault");
    assert.equal(e415.status, 415);
    const internal = normaliseError(new TypeError("cannot read x of undefined"));
    assert.equal(internal.code, "Internal");
    assert.equal(internal.userSafe, false);
    const r = renderError(internal, "dali", "req-1", "text");
    assert.equal(r.body, "DefaultFault: internal error; quote request id req-1 when reporting it\nrequest-id: req-1\n");
  });

  test("text requested from a VOTable service gives text; XML specials are escaped", () => {
    const err = new SkyportError({ code: "UsageFault", message: 'bad POS "CIRCLE 1 2" <&>', param: "POS" });
    const vot = renderError(err, "dali", "r2");
    assert.match(vot.body, /value="ERROR">UsageFault: bad POS "CIRCLE 1 2" &lt;&amp;&gt;<\/INFO>/);
    const text = renderError(err, "dali", "r2", "text");
    assert.equal(text.contentType, "text/plain; charset=utf-8");
    assert.ok(text.body.startsWith('UsageFault: bad POS "CIRCLE 1 2" <&>\nparameter: POS\n'));
  });
});
