import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summarize } from "./ast.js";
import { ExpressionSyntaxError } from "./errors.js";
import { SYNTAX_ERRORS, VALID } from "./fixtures/parse-corpus.js";
import { MAX_DEPTH, parseExpression, parseOrderByTerm } from "./parser.js";

/** Parses and returns the ExpressionSyntaxError it must throw. */
function syntaxError(text: string): ExpressionSyntaxError {
  try {
    parseExpression(text);
  } catch (e) {
    assert.ok(e instanceof ExpressionSyntaxError, `expected ExpressionSyntaxError, got ${String(e)}`);
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe("parser corpus", () => {
  it("has the expected number of cases", () => {
    // Guards against an emptied corpus (STYLE.md §7 corpus checks).
    assert.equal(VALID.length, 132);
    assert.equal(SYNTAX_ERRORS.length, 68);
  });

  for (const [text, expected] of VALID) {
    it(`parses ${JSON.stringify(text)}`, () => assert.equal(summarize(parseExpression(text)), expected));
  }

  for (const [text, kind, line, column, fragment] of SYNTAX_ERRORS) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const e = syntaxError(text);
      assert.equal(e.kind, kind);
      assert.deepEqual([e.position.line, e.position.column], [line, column], e.message);
      assert.ok(e.reason.includes(fragment), `${JSON.stringify(e.reason)} lacks ${JSON.stringify(fragment)}`);
      assert.ok(e.message.includes(`at line ${line}, column ${column}`));
    });
  }
});

describe("parser details", () => {
  it("formats the message with a caret under the fault", () => {
    const e = syntaxError("visit = 1 AND )");
    assert.equal(e.message, "unexpected ')', expected a value, a name or '(' at line 1, column 15\n  visit = 1 AND )\n                ^");
    assert.equal(e.code, "UsageFault");
    assert.equal(e.status, 400);
  });

  it("cuts long lines in the excerpt around the fault", () => {
    const text = `visit IN (${Array.from({ length: 200 }, (_, i) => i).join(", ")},)`;
    const lines = syntaxError(text).message.split("\n");
    assert.ok(lines[1]!.length < 90);
    assert.equal(lines[2]!.indexOf("^"), lines[1]!.lastIndexOf(",") + 1);
  });

  it("records positions on every node", () => {
    const tree = parseExpression("a = 1 AND\n  b IN (2..3)");
    assert.equal(tree.kind, "logical");
    if (tree.kind !== "logical") return;
    assert.deepEqual(tree.pos, { offset: 6, line: 1, column: 7 });
    const inNode = tree.operands[1]!;
    assert.equal(inNode.kind, "in");
    if (inNode.kind !== "in") return;
    assert.deepEqual(inNode.operand.pos, { offset: 12, line: 2, column: 3 });
    assert.deepEqual(inNode.pos, { offset: 14, line: 2, column: 5 });
    assert.deepEqual(inNode.items[0]!.pos, { offset: 18, line: 2, column: 9 });
  });

  it("parses a 10 000-item IN list and a 10 000-term OR chain", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => 900_000 + i);
    const tree = parseExpression(`visit IN (${items.join(", ")})`);
    assert.equal(tree.kind === "in" && tree.items.length, 10_000);
    const chain = parseExpression(items.map((v) => `visit = ${v}`).join(" OR "));
    assert.equal(chain.kind === "logical" && chain.operands.length, 10_000);
  });

  it("limits nesting instead of overflowing the stack", () => {
    const deep = [
      `${"(".repeat(10_000)}a${")".repeat(10_000)}`,
      `${"NOT ".repeat(10_000)}a`,
      `${"-".repeat(10_000)}1 = 1`,
      `1${" + 1".repeat(5_000)} = 1`,
      `${"f(".repeat(5_000)}1${")".repeat(5_000)}`,
    ];
    for (const text of deep) assert.equal(syntaxError(text).kind, "too-deep", text.slice(0, 20));
    assert.doesNotThrow(() => parseExpression(`${"(".repeat(MAX_DEPTH - 10)}a${")".repeat(MAX_DEPTH - 10)}`));
  });

  it("honours maxDepth and maxLength options", () => {
    assert.throws(() => parseExpression("(((a)))", { maxDepth: 2 }), /nested deeper than 2/);
    assert.throws(() => parseExpression("visit = 1", { maxLength: 5 }), /longer than 5 characters/);
  });

  it("parses ORDER BY terms", () => {
    assert.equal(summarize(parseOrderByTerm("visit.timespan.begin")), "+visit.timespan.begin");
    assert.equal(summarize(parseOrderByTerm("-visit.exposure_time")), "-visit.exposure_time");
    assert.equal(summarize(parseOrderByTerm(" detector ")), "+detector");
    assert.throws(() => parseOrderByTerm("visit DESC"), ExpressionSyntaxError);
    assert.throws(() => parseOrderByTerm("--visit"), ExpressionSyntaxError);
    assert.throws(() => parseOrderByTerm(""), /unexpected end of expression/);
  });
});
