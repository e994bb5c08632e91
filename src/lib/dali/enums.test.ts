import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { POL_STATES, parseCalib, parseDpType, parseOpaque, parsePol } from "./enums.js";
import { assertFault } from "./fixtures/support.js";

describe("enumerated and string parameters", () => {
  it("POL accepts every state name, case-sensitive", () => {
    for (const s of POL_STATES) assert.equal(parsePol(s), s);
    assertFault(() => parsePol("i"), "POL", 'Invalid POL value "i": expected one of I Q U V RR LL RL LR XX YY XY YX POLI POLA');
    assertFault(() => parsePol("RX"), "POL", 'Invalid POL value "RX": expected one of I Q U V RR LL RL LR XX YY XY YX POLI POLA');
  });
  it("DPTYPE", () => {
    assert.equal(parseDpType("image"), "image");
    assert.equal(parseDpType("cube"), "cube");
    assertFault(() => parseDpType("Image"), "DPTYPE", 'Invalid DPTYPE value "Image": expected one of image, cube');
  });
  it("CALIB", () => {
    assert.equal(parseCalib("0"), 0);
    assert.equal(parseCalib("4"), 4);
    assertFault(() => parseCalib("5"), "CALIB", 'Invalid CALIB value "5": calibration level must lie in 0-4');
    assertFault(() => parseCalib("-1"), "CALIB", 'Invalid CALIB value "-1": expected an integer calibration level 0-4');
    assertFault(() => parseCalib("2.5"), "CALIB", 'Invalid CALIB value "2.5": expected an integer calibration level 0-4');
  });
  it("opaque strings keep case and refuse empty", () => {
    assert.equal(parseOpaque("ivo://Org/Data?X", "ID"), "ivo://Org/Data?X");
    assertFault(() => parseOpaque("  ", "COLLECTION"), "COLLECTION", 'Invalid COLLECTION value "  ": must not be empty');
  });
});
