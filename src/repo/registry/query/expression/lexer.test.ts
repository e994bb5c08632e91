import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExpressionSyntaxError } from "./errors.js";
import { tokenize } from "./lexer.js";

const kinds = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.value}`);

describe("lexer", () => {
  it("splits operators, ranges and dotted names", () => {
    assert.deepEqual(kinds("visit IN (1..5:2)"), ["ident:visit", "keyword:IN", "symbol:(", "number:1", "symbol:..", "number:5", "symbol::", "number:2", "symbol:)", "eof:"]);
    assert.deepEqual(kinds("a.b<>c!=d<=e>=f"), ["ident:a", "symbol:.", "ident:b", "symbol:<>", "ident:c", "symbol:!=", "ident:d", "symbol:<=", "ident:e", "symbol:>=", "ident:f", "eof:"]);
  });

  it("reads numbers with fractions and exponents, and leaves '..' alone", () => {
    assert.deepEqual(kinds("1 1.5 .5 5. 1e3 1.5E-2 1..2"), ["number:1", "number:1.5", "number:.5", "number:5.", "number:1e3", "number:1.5E-2", "number:1", "symbol:..", "number:2", "eof:"]);
  });

  it("reads strings, time literals, binds and case-insensitive keywords", () => {
    assert.deepEqual(kinds("'it''s' T'2020-01-01' t'58938.5' :name and Or nOt"), [
      "string:it's",
      "time:2020-01-01",
      "time:58938.5",
      "bind:name",
      "keyword:AND",
      "keyword:OR",
      "keyword:NOT",
      "eof:",
    ]);
    assert.deepEqual(kinds("T 'x'"), ["ident:T", "string:x", "eof:"]);
    assert.deepEqual(kinds("'日本語 ✨'"), ["string:日本語 ✨", "eof:"]);
  });

  it("tracks lines and columns, also after multi-line strings", () => {
    const tokens = tokenize("a\n  'x\ny' b\r\n\tc");
    assert.deepEqual(
      tokens.map((t) => [t.value, t.pos.line, t.pos.column, t.pos.offset]),
      [
        ["a", 1, 1, 0],
        ["x\ny", 2, 3, 4],
        ["b", 3, 4, 10],
        ["c", 4, 2, 14],
        ["", 4, 3, 15],
      ],
    );
  });

  it("reports bad characters and unterminated literals where they start", () => {
    const at = (text: string): [number, number, string] => {
      try {
        tokenize(text);
      } catch (e) {
        assert.ok(e instanceof ExpressionSyntaxError);
        return [e.position.line, e.position.column, e.reason];
      }
      return assert.fail("no error");
    };
    assert.deepEqual(at("a = 'x"), [1, 5, "unterminated string literal"]);
    assert.deepEqual(at("a = T'x"), [1, 5, "unterminated string literal"]);
    assert.deepEqual(at("a\n  ? b"), [2, 3, "unexpected character '?'"]);
    assert.deepEqual(at("a\u200bb"), [1, 2, "unexpected character U+200B"]);
    assert.deepEqual(at("😀"), [1, 1, "unexpected character '😀'"]);
  });
});
