import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SkyportError } from "../errors/index.js";
import { CORPUS } from "./fixtures/corpus.js";
import {
  AdqlSyntaxError, type Condition, withoutPositions, parseAdql, sameAst, parseAdqlExpression, type Query, sameIdentifier, type SelectExpr, toAdql, tokenize,
} from "./index.js";

function syntaxError(fn: () => unknown): AdqlSyntaxError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AdqlSyntaxError, `expected AdqlSyntaxError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an AdqlSyntaxError");
}

const firstItem = (q: Query): SelectExpr => {
  assert.equal(q.body.kind, "select");
  const item = q.body.kind === "select" ? q.body.items[0] : undefined;
  assert.equal(item?.kind, "selectExpr");
  return item as SelectExpr;
};
const where = (q: Query): Condition => {
  assert.ok(q.body.kind === "select" && q.body.where !== undefined);
  return q.body.where;
};

describe("ADQL corpus", () => {
  test("has at least 250 queries, valid and invalid", () => {
    assert.ok(CORPUS.length >= 250, `corpus has ${CORPUS.length}`);
    assert.ok(CORPUS.filter((c) => !c.expect.ok).length >= 60);
  });

  for (const [i, { query, expect }] of CORPUS.entries()) {
    const draftFeatures = expect.draft === true;
    test(`#${i} ${expect.ok ? "parses" : "rejects"}: ${query.slice(0, 80)}`, () => {
      if (expect.ok) {
        const ast = parseAdql(query, { draftFeatures });
        const printed = toAdql(ast);
        if (expect.canonical !== undefined) assert.equal(printed, expect.canonical);
        assert.deepEqual(withoutPositions(parseAdql(printed, { draftFeatures })), withoutPositions(ast), `round trip of ${printed}`);
      } else {
        const e = syntaxError(() => parseAdql(query, { draftFeatures }));
        assert.match(e.message, expect.error);
        assert.equal(e.code, "UsageFault");
        if (expect.at !== undefined) {
          const offset = query.indexOf(expect.at);
          assert.ok(offset >= 0, `marker ${expect.at} not in query`);
          assert.equal(e.offset, offset, e.message);
        }
      }
    });
  }
});

describe("positions and messages", () => {
  test("the brief's example message, with suggestion", () => {
    const e = syntaxError(() => parseAdql("SELECT obs_id, s_ra FORM ivoa.obscore"));
    assert.equal(e.message, "expected FROM at line 1, column 21, found 'FORM'");
    assert.equal(e.suggestion, "FROM");
    assert.equal(e.hint, "did you mean FROM?");
    assert.ok(e instanceof SkyportError);
    assert.equal(e.status, 400);
  });

  test("line and column across newlines, CRLF and comments", () => {
    const e = syntaxError(() => parseAdql("SELECT a -- x\r\nFROM t\nWHERE a = = 1"));
    assert.deepEqual([e.line, e.column], [3, 11]);
    const q = parseAdql("SELECT\n  a\nFROM t");
    assert.deepEqual(firstItem(q).pos, { offset: 9, line: 2, column: 3 });
  });

  test("nodes carry positions", () => {
    const q = parseAdql("SELECT a + 1 FROM t WHERE b = 2");
    const c = where(q);
    assert.deepEqual(c.pos, { offset: 26, line: 1, column: 27 });
  });

  test("reserved word as a name hints to quote it (trap 3)", () => {
    const e = syntaxError(() => parseAdql("SELECT size FROM t"));
    assert.match(e.hint ?? "", /"size"/);
  });

  test("maximum length and depth give errors, never a stack overflow", () => {
    syntaxError(() => parseAdql("SELECT a FROM t", { maxLength: 5 }));
    const deep = `SELECT ${"(".repeat(5000)}1${")".repeat(5000)} FROM t`;
    assert.match(syntaxError(() => parseAdql(deep, { maxLength: 1e6 })).message, /nested more deeply/);
    syntaxError(() => parseAdql(`SELECT ${"-".repeat(1)}${" -".repeat(3000)}1 FROM t`));
    syntaxError(() => parseAdql(`SELECT a FROM t WHERE ${"NOT ".repeat(3000)}a = 1`));
    syntaxError(() => parseAdql(`SELECT a FROM t WHERE a IN ${"(SELECT a FROM t WHERE a IN ".repeat(200)}`));
    assert.doesNotThrow(() => parseAdql(`SELECT ${"(".repeat(20)}1${")".repeat(20)} FROM t`));
  });

  test("long flat chains (12 000 ANDs, 30 000 additions) parse and print without recursion limits", () => {
    for (const q of [
      `SELECT a FROM t WHERE ${Array(12000).fill("a = 1").join(" AND ")} OR b = 2`,
      `SELECT ${Array(30000).fill("1").join(" + ")} - 2 * 3 FROM t`,
    ]) {
      const printed = toAdql(parseAdql(q, { maxLength: 1_000_000 }));
      assert.equal(printed, q);
    }
  });
});

describe("parser traps (standards.md §5.6)", () => {
  test("trap 1: DISTINCT then TOP", () => {
    const q = parseAdql("SELECT DISTINCT TOP 3 a FROM t");
    assert.ok(q.body.kind === "select" && q.body.quantifier === "DISTINCT" && q.body.top?.text === "3");
  });

  test("trap 3: identifier case rules", () => {
    const q = parseAdql('SELECT Foo, FOO, "Foo", "foo" FROM t');
    assert.ok(q.body.kind === "select");
    const ids = q.body.items.map((i) => (i.kind === "selectExpr" && i.expr.kind === "column" ? i.expr.parts[0] : undefined));
    const [a, b, c, d] = ids;
    assert.ok(a && b && c && d);
    assert.ok(sameIdentifier(a, b), "Foo = FOO");
    assert.ok(!sameIdentifier(d, c), '"foo" != "Foo"');
    assert.ok(sameIdentifier(c, a), '"Foo" matches the spelling Foo');
    assert.ok(!sameIdentifier(d, a), '"foo" is not Foo');
    assert.equal(c.quoted, true);
  });

  test("trap 4: '' escapes and EOF comment", () => {
    const item = firstItem(parseAdql("SELECT 'O''Brien' FROM t -- end"));
    assert.deepEqual(withoutPositions(item.expr), { kind: "string", value: "O'Brien" });
  });

  test("trap 5: signs are operators; 2-1 and 2 -1 are subtraction", () => {
    assert.deepEqual(withoutPositions(parseAdqlExpression("2-1")), withoutPositions(parseAdqlExpression("2 -1")));
    assert.equal(parseAdqlExpression("2 -1").kind, "binary");
    assert.deepEqual(withoutPositions(parseAdqlExpression("- 5")), { kind: "unary", op: "-", operand: { kind: "number", text: "5" } });
    assert.deepEqual(tokenize(".5 5. 1E5 1e-5").map((t) => t.text), [".5", "5.", "1E5", "1e-5", ""]);
  });

  test("trap 6: CONTAINS needs a comparison", () => {
    const e = syntaxError(() => parseAdql("SELECT a FROM t WHERE CONTAINS(POINT(1, 2), CIRCLE(1, 2, 3))"));
    assert.match(e.hint ?? "", /= 1/);
    assert.equal(where(parseAdql("SELECT a FROM t WHERE 1 = CONTAINS(p, c)")).kind, "comparison");
  });

  test("trap 7: the COOSYS string is split off by type and count", () => {
    const withSys = parseAdqlExpression("CIRCLE('ICRS', POINT(1, 2), 3)");
    assert.ok(withSys.kind === "function" && withSys.coordSys?.value === "ICRS" && withSys.args.length === 2);
    const plain = parseAdqlExpression("CIRCLE(1, 2, 3)");
    assert.ok(plain.kind === "function" && plain.coordSys === undefined && plain.args.length === 3);
    const p = parseAdqlExpression("POINT(ra, dec_deg)");
    assert.ok(p.kind === "function" && p.coordSys === undefined);
  });

  test("trap 11: ORDER BY forms", () => {
    const q = parseAdql("SELECT a AS x FROM t ORDER BY 2, x, t.a DESC, a + 1");
    assert.deepEqual(q.orderBy.map((o) => o.expr.kind), ["number", "column", "column", "binary"]);
    assert.equal(q.orderBy[2]?.direction, "DESC");
  });

  test("trap 15: INTERSECT binds tighter than UNION", () => {
    const q = parseAdql("SELECT a FROM t UNION SELECT a FROM u INTERSECT SELECT a FROM v");
    assert.ok(q.body.kind === "setOperation" && q.body.op === "UNION");
    assert.ok(q.body.right.kind === "setOperation" && q.body.right.op === "INTERSECT");
    const l = parseAdql("SELECT a FROM t EXCEPT SELECT a FROM u UNION SELECT a FROM v");
    assert.ok(l.body.kind === "setOperation" && l.body.op === "UNION" && l.body.left.kind === "setOperation");
  });

  test("trap 16: LIMIT and ';' get hints", () => {
    assert.match(syntaxError(() => parseAdql("SELECT a FROM t LIMIT 10")).hint ?? "", /TOP/);
    assert.match(syntaxError(() => parseAdql("SELECT a FROM t;")).hint ?? "", /';'/);
  });

  test("sameAst ignores positions and layout only", () => {
    assert.ok(sameAst(parseAdql("select a from t"), parseAdql("SELECT\n  a\nFROM t -- c")));
    assert.ok(!sameAst(parseAdql("SELECT a FROM t"), parseAdql("SELECT b FROM t")));
  });

  test("trap 18: NULL as a select item and argument", () => {
    assert.equal(firstItem(parseAdql("SELECT NULL FROM t")).expr.kind, "null");
  });

  test("operator precedence: AND over OR, * over +, || lowest", () => {
    const c = parseAdqlExpression("a = 1 OR b = 2 AND c = 3");
    assert.ok(c.kind === "logical" && c.op === "OR" && c.right.kind === "logical");
    const v = parseAdqlExpression("a || b + c * d");
    assert.ok(v.kind === "binary" && v.op === "||" && v.right.kind === "binary" && v.right.op === "+");
  });
});
