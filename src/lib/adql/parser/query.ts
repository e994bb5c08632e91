/**
 * Query structure (ADQL 2.1 §2.2): WITH, SELECT [ALL|DISTINCT] [TOP n], the select list, FROM
 * with table references, derived tables and every join form, WHERE, GROUP BY, HAVING, set
 * operations (INTERSECT binding tighter than UNION/EXCEPT), ORDER BY and OFFSET.
 */
import type { Identifier } from "../ast/common.js";
import type { NumberLiteral, ValueExpr } from "../ast/expressions.js";
import type { CommonTableExpr, JoinType, OrderItem, Query, QueryBody, Select, SelectItem, TableRef } from "../ast/query.js";
import { editDistance } from "../errors.js";
import { parseNameChain } from "./expressions.js";
import { parseCondition, parseValue } from "./predicates.js";
import type { ParserState } from "./state.js";

/** Parses a full query (also used for subqueries, derived tables and CTEs). */
export function parseQuery(p: ParserState): Query {
  p.enter();
  const pos = p.pos;
  const ctes: CommonTableExpr[] = [];
  if (p.acceptWord("WITH")) {
    do ctes.push(parseCte(p));
    while (p.acceptSymbol(","));
  }
  const body = parseUnion(p);
  const orderBy: OrderItem[] = [];
  if (p.acceptWord("ORDER")) {
    p.expectWord("BY");
    do orderBy.push(parseOrderItem(p));
    while (p.acceptSymbol(","));
  }
  const offset = p.acceptWord("OFFSET") ? unsignedInteger(p, "OFFSET") : undefined;
  p.leave();
  return { kind: "query", with: ctes, body, orderBy, offset, pos };
}

function parseCte(p: ParserState): CommonTableExpr {
  const name = p.identifier("a common table name");
  const columns: Identifier[] = [];
  if (p.acceptSymbol("(")) {
    do columns.push(p.identifier("a column name"));
    while (p.acceptSymbol(","));
    p.expectSymbol(")");
  }
  p.expectWord("AS");
  p.expectSymbol("(");
  const query = parseQuery(p);
  p.expectSymbol(")");
  return { kind: "cte", name, columns, query, pos: name.pos };
}

function parseOrderItem(p: ParserState): OrderItem {
  const pos = p.pos;
  const expr = parseValue(p);
  const dir = p.acceptWord("ASC") ?? p.acceptWord("DESC");
  return { kind: "orderItem", expr, direction: dir === undefined ? undefined : (dir.value as "ASC" | "DESC"), pos };
}

function unsignedInteger(p: ParserState, what: string): NumberLiteral {
  const t = p.peek();
  if (t.kind !== "number" || !/^[0-9]+$/.test(t.text)) p.fail(`expected an unsigned integer after ${what}`, t, []);
  p.next();
  return { kind: "number", text: t.text, pos: t.pos };
}

function parseUnion(p: ParserState): QueryBody {
  let left = parseIntersect(p);
  while (p.isWord("UNION") || p.isWord("EXCEPT")) {
    const t = p.next();
    const all = p.acceptWord("ALL") !== undefined;
    const right = parseIntersect(p);
    left = { kind: "setOperation", op: t.value as "UNION" | "EXCEPT", all, left, right, pos: left.pos };
  }
  return left;
}

function parseIntersect(p: ParserState): QueryBody {
  let left = parseQueryPrimary(p);
  while (p.isWord("INTERSECT")) {
    p.next();
    const all = p.acceptWord("ALL") !== undefined;
    const right = parseQueryPrimary(p);
    left = { kind: "setOperation", op: "INTERSECT", all, left, right, pos: left.pos };
  }
  return left;
}

function parseQueryPrimary(p: ParserState): QueryBody {
  if (p.isSymbol("(")) {
    const pos = p.next().pos;
    const query = parseQuery(p);
    p.expectSymbol(")");
    return { kind: "parenQuery", query, pos };
  }
  return parseSelect(p);
}

function parseSelect(p: ParserState): Select {
  const pos = p.expectWord("SELECT").pos;
  const q = p.acceptWord("DISTINCT") ?? p.acceptWord("ALL");
  const top = p.acceptWord("TOP") ? unsignedInteger(p, "TOP") : undefined;
  if (top !== undefined && (p.isWord("DISTINCT") || p.isWord("ALL"))) {
    p.fail("expected the select list (DISTINCT/ALL must come before TOP)", p.peek(), []);
  }
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(p));
  while (p.acceptSymbol(","));
  p.expectWord("FROM");
  const from: TableRef[] = [];
  do from.push(parseTableRef(p));
  while (p.acceptSymbol(","));
  const where = p.acceptWord("WHERE") ? parseCondition(p) : undefined;
  const groupBy: ValueExpr[] = [];
  if (p.acceptWord("GROUP")) {
    p.expectWord("BY");
    do groupBy.push(parseValue(p));
    while (p.acceptSymbol(","));
  }
  const having = p.acceptWord("HAVING") ? parseCondition(p) : undefined;
  const quantifier = q === undefined ? undefined : (q.value as "ALL" | "DISTINCT");
  return { kind: "select", quantifier, top, items, from, where, groupBy, having, pos };
}

/** Length of a `name(.name)*.*` run at the cursor, or 0. */
function qualifiedStarLength(p: ParserState): number {
  let k = 0;
  while (p.peek(k).kind === "quoted" || p.peek(k).kind === "word") {
    if (!p.isSymbol(".", k + 1)) return 0;
    if (p.isSymbol("*", k + 2)) return k + 3;
    k += 2;
  }
  return 0;
}

function parseSelectItem(p: ParserState): SelectItem {
  const pos = p.pos;
  if (p.acceptSymbol("*")) return { kind: "star", pos };
  if (qualifiedStarLength(p) > 0) {
    const table = parseNameChain(p, "a table name", 3);
    p.expectSymbol(".");
    p.expectSymbol("*");
    return { kind: "qualifiedStar", table, pos };
  }
  const expr = parseValue(p);
  return { kind: "selectExpr", expr, alias: parseAlias(p, ["FROM"]), pos };
}

/**
 * Reads `[AS] alias`. An implicit alias that looks like a misspelt clause keyword followed by
 * more names (`SELECT a FORM t`) is reported as the keyword error the user most likely wants.
 */
function parseAlias(p: ParserState, keywords: readonly string[]): Identifier | undefined {
  if (p.acceptWord("AS")) return p.identifier("an alias");
  const t = p.peek();
  if (!p.atName()) return undefined;
  if (t.kind === "word") {
    const follows = p.peek(1);
    const namey = follows.kind === "quoted" || follows.kind === "number" || (follows.kind === "word" && (p.atName(1) || follows.value === "BY"));
    const near = keywords.find((k) => editDistance(t.value, k) <= (k.length <= 3 ? 1 : 2));
    if (near !== undefined && namey) p.fail(`expected ${near}`, t, [near]);
    if (t.value === "LIMIT" && follows.kind === "number") {
      p.fail("expected end of query", t, [], "ADQL has no LIMIT; use SELECT TOP n");
    }
  }
  return p.identifier("an alias");
}

const CLAUSES_AFTER_TABLE = ["WHERE", "ORDER", "GROUP", "HAVING", "JOIN", "UNION", "OFFSET"];

function parseTablePrimary(p: ParserState): TableRef {
  const pos = p.pos;
  if (p.isSymbol("(")) {
    if (p.startsQuery(1)) {
      p.next();
      const query = parseQuery(p);
      p.expectSymbol(")");
      const alias = parseAlias(p, CLAUSES_AFTER_TABLE);
      if (alias === undefined) {
        p.fail("expected a correlation name for the derived table", p.peek(), [], "write (SELECT …) AS name");
      }
      return { kind: "derived", query, alias, pos };
    }
    p.next();
    p.enter();
    const table = parseTableRef(p);
    p.leave();
    p.expectSymbol(")");
    return { kind: "parenJoin", table, pos };
  }
  const name = parseNameChain(p, "a table name", 3);
  return { kind: "table", name, alias: parseAlias(p, CLAUSES_AFTER_TABLE), pos };
}

const JOIN_WORDS = ["NATURAL", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "JOIN"];

function parseTableRef(p: ParserState): TableRef {
  let left = parseTablePrimary(p);
  while (JOIN_WORDS.some((w) => p.isWord(w))) {
    const natural = p.acceptWord("NATURAL") !== undefined;
    let type: JoinType = "INNER";
    const w = p.peek().value;
    if (w === "INNER" || w === "CROSS") {
      p.next();
      type = w;
    } else if (w === "LEFT" || w === "RIGHT" || w === "FULL") {
      p.next();
      p.acceptWord("OUTER");
      type = w;
    }
    if (natural && type === "CROSS") p.fail("expected JOIN (NATURAL CROSS JOIN is not allowed)", p.peek(), []);
    p.expectWord("JOIN");
    const right = parseTablePrimary(p);
    let on: ReturnType<typeof parseCondition> | undefined;
    let using: Identifier[] | undefined;
    if (natural || type === "CROSS") {
      if (p.isWord("ON") || p.isWord("USING")) p.fail(`a ${natural ? "NATURAL" : "CROSS"} JOIN takes no ON or USING; expected`, p.peek(), []);
    } else if (p.acceptWord("ON")) on = parseCondition(p);
    else if (p.acceptWord("USING")) {
      p.expectSymbol("(");
      using = [];
      do using.push(p.identifier("a column name"));
      while (p.acceptSymbol(","));
      p.expectSymbol(")");
    } else p.fail("expected ON or USING", p.peek(), ["ON", "USING"]);
    left = { kind: "join", type, natural, left, right, on, using, pos: left.pos };
  }
  return left;
}
