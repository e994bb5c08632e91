/**
 * Reader tests: round trip of the writer's kitchen-sink document in every serialisation, XML
 * robustness (namespaces of VOTable 1.1–1.5 and none, prefixes, entities, CDATA, comments, PIs,
 * DOCTYPE), TABLE ref, TD base64, limits, and typed errors with positions.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KITCHEN_DOC, KITCHEN_FIELDS, KITCHEN_MAX_ROWS, KITCHEN_ROWS } from "./fixtures/kitchen-sink.js";
import { normaliseCell, type OracleValue } from "./fixtures/oracle-compare.js";
import {
  type Cell,
  documentTables,
  type Field,
  parseArraysize,
  readVOTable,
  readVOTableStream,
  type Serialization,
  VOTableFormatError,
  writeVOTableToString,
} from "./index.js";
import { makeTextFormatter } from "./text-format.js";
import { replaceIllegalXmlChars } from "./xml-escape.js";

/** What the reader should return for a written cell (writer truncation, null conventions). */
function expectedCell(cell: Cell, f: Field, ser: Serialization): OracleValue {
  const isChar = f.datatype === "char" || f.datatype === "unicodeChar";
  const shape0 = parseArraysize(f.arraysize)!;
  if (cell === null || cell === undefined) {
    if (ser === "BINARY2") return null; // the mask says so
    // bit has no null at all: written as zero bits
    if (f.datatype === "bit") return f.arraysize ? Array.from({ length: shape0.count }, () => false) : false;
    if (ser === "BINARY") {
      if (shape0.variable && !(isChar && shape0.ndim < 2)) return []; // null variable array = count 0
      if ((f.datatype === "float" || f.datatype === "double") && shape0.scalar) return "NaN";
    }
    return null;
  }
  if (isChar) {
    const text = makeTextFormatter(f)(cell);
    const shape = parseArraysize(f.arraysize)!;
    if (shape.ndim >= 2) {
      const w = Number(f.arraysize!.split("x")[0]);
      const out: string[] = [];
      for (let i = 0; i < text.length; i += w) out.push(text.slice(i, i + w).trimEnd());
      return out.length === 0 ? (ser === "TABLEDATA" ? null : []) : out;
    }
    if (text === "") return null;
    return ser === "TABLEDATA" ? replaceIllegalXmlChars(text) : text;
  }
  const v = normaliseCell(cell, f);
  const shape = parseArraysize(f.arraysize);
  if (Array.isArray(v)) {
    if (v.length === 0) return ser === "BINARY2" || ser === "BINARY" ? [] : null;
    return shape?.maxLast !== undefined ? v.slice(0, shape.maxLast * shape.count) : v;
  }
  return v;
}

async function roundTrip(ser: Serialization): Promise<void> {
  const xml = await writeVOTableToString(KITCHEN_DOC, KITCHEN_ROWS, { serialization: ser, maxRows: KITCHEN_MAX_ROWS });
  const doc = readVOTable(new TextEncoder().encode(xml));
  const [table] = documentTables(doc);
  assert.ok(table);
  assert.deepEqual(
    table.fields.map((f) => f.name),
    KITCHEN_FIELDS.map((f) => f.name),
  );
  assert.equal(table.rows.length, KITCHEN_MAX_ROWS);
  const diffs: string[] = [];
  for (let r = 0; r < KITCHEN_MAX_ROWS; r++) {
    KITCHEN_FIELDS.forEach((f, c) => {
      const want = expectedCell(KITCHEN_ROWS[r]![c], f, ser);
      const got = normaliseCell(table.rows[r]![c], table.fields[c]!);
      const wantS = JSON.stringify(want);
      if (JSON.stringify(got) !== wantS) diffs.push(`row ${r} ${f.name}: got ${JSON.stringify(got)} want ${wantS}`);
    });
  }
  assert.deepEqual(diffs, []);
  // Document-level metadata survives too.
  const results = doc.resources[0]!;
  assert.equal(results.infos?.[0]?.value, "OK");
  assert.deepEqual(
    results.trailingInfos?.map((i) => [i.name, i.value]),
    [["QUERY_STATUS", "OVERFLOW"]],
  );
  const meta = doc.resources[1]!;
  assert.equal(meta.type, "meta");
  assert.equal(meta.utype, "adhoc:service");
  assert.equal(meta.params?.find((p) => p.name === "accessURL")?.value, "https://example.org/api/soda/sync?a=1&b=2");
  const input = meta.groups?.find((g) => g.name === "inputParams");
  assert.ok(input);
  const idParam = input.items.find((i) => i.kind === "param" && i.param.name === "ID");
  assert.equal(idParam?.kind === "param" ? idParam.param.ref : undefined, "obs_publisher_did");
  assert.equal(doc.timesys?.[0]?.timescale, "TT");
  assert.equal(doc.coosys?.[0]?.system, "ICRS");
}

describe("round trip through our own reader", () => {
  for (const ser of ["TABLEDATA", "BINARY", "BINARY2"] as const) test(ser, () => roundTrip(ser));
});

function rows(xml: string): readonly (readonly Cell[])[] {
  return documentTables(readVOTable(xml))[0]!.rows;
}

const T = (data: string, fields = '<FIELD name="a" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>') =>
  `<TABLE>${fields}<DATA><TABLEDATA>${data}</TABLEDATA></DATA></TABLE>`;

describe("XML robustness", () => {
  test("VOTable 1.1–1.5 namespaces, no namespace, and a prefixed namespace", () => {
    const body = `<RESOURCE>${T("<TR><TD>1</TD><TD>x</TD></TR>")}</RESOURCE>`;
    for (const ns of ["", ' xmlns="http://www.ivoa.net/xml/VOTable/v1.1"', ' xmlns="http://www.ivoa.net/xml/VOTable/v1.2"', ' xmlns="http://www.ivoa.net/xml/VOTable/v1.3"']) {
      assert.deepEqual(rows(`<VOTABLE version="1.3"${ns}>${body}</VOTABLE>`), [[1, "x"]]);
    }
    const prefixed = `<v:VOTABLE xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3"><v:RESOURCE><v:TABLE><v:FIELD name="a" datatype="int"/><v:DATA><v:TABLEDATA><v:TR><v:TD>7</v:TD></v:TR></v:TABLEDATA></v:DATA></v:TABLE></v:RESOURCE></v:VOTABLE>`;
    assert.deepEqual(rows(prefixed), [[7]]);
  });

  test("entities, character references, CDATA, comments, PIs, DOCTYPE with internal subset", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE VOTABLE [ <!ENTITY x "y"> ]>\n<!-- c --><?pi data?>
<VOTABLE><RESOURCE>${T('<TR><TD>&#x31;<!-- c -->2</TD><TD>a&amp;b&lt;&#233;<![CDATA[<&>]]>&quot;&apos;</TD></TR>')}</RESOURCE></VOTABLE>`;
    assert.deepEqual(rows(xml), [[12, 'a&b<é<&>"\'']]);
  });

  test("foreign-namespace elements are skipped; TABLE ref reuses FIELDs; TD base64", () => {
    const xml = `<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3" xmlns:o="urn:other"><RESOURCE>
      <TABLE ID="t1"><FIELD name="f" datatype="float"/><DATA><TABLEDATA><TR><TD encoding="base64">P4AAAA==</TD></TR></TABLEDATA></DATA></TABLE>
      <o:thing><TABLE/></o:thing>
      <TABLE ref="t1"><DATA><TABLEDATA><TR><TD>2.5</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    const ts = documentTables(readVOTable(xml));
    assert.equal(ts.length, 2);
    assert.deepEqual(ts[0]!.rows, [[1]]);
    assert.deepEqual(ts[1]!.rows, [[2.5]]);
  });

  test("tolerant values: booleans, hex, Inf spellings, commas, VALUES null", () => {
    const f = '<FIELD name="b" datatype="boolean"/><FIELD name="i" datatype="short"><VALUES null="-1"/></FIELD><FIELD name="d" datatype="double" arraysize="*"/>';
    assert.deepEqual(rows(`<VOTABLE><RESOURCE>${T("<TR><TD>True</TD><TD>0x10</TD><TD>1, Inf -inf NaN</TD></TR><TR><TD>?</TD><TD>-1</TD><TD/></TR>", f)}</RESOURCE></VOTABLE>`), [
      [true, 16, [1, Infinity, -Infinity, Number.NaN]],
      [null, null, null],
    ]);
  });
});

function rejects(input: string | Uint8Array, re: RegExp, limits = {}): VOTableFormatError {
  let err: unknown;
  try {
    readVOTable(input, limits);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof VOTableFormatError, `expected VOTableFormatError, got ${String(err)}`);
  assert.match(err.message, re);
  return err;
}

describe("malformed and over-limit input", () => {
  test("well-formedness errors carry line and column", () => {
    const e = rejects("<VOTABLE>\n<RESOURCE>\n</TABLE></VOTABLE>", /does not match/);
    assert.equal(e.position.line, 3);
    assert.equal(e.position.column, 1);
    rejects("<VOTABLE><RESOURCE a='1' a='2'/></VOTABLE>", /duplicate attribute/);
    rejects("<VOTABLE>&bogus;</VOTABLE>", /entity/);
    rejects("<VOTABLE>\u0001</VOTABLE>", /not allowed in XML/);
    rejects("<VOTABLE><x:y/></VOTABLE>", /undeclared namespace prefix/);
    rejects("<VOTABLE/><VOTABLE/>", /after the root/);
    rejects("", /no root/);
    rejects(new Uint8Array([0x3c, 0x56, 0xff, 0xfe]), /not valid text/);
  });

  test("VOTable-level errors", () => {
    rejects("<uws:job xmlns:uws='http://www.ivoa.net/xml/UWS/v1.0'/>", /not a VOTable/);
    rejects(`<VOTABLE><RESOURCE>${T("<TR><TD>x</TD></TR>")}</RESOURCE></VOTABLE>`, /bad integer/);
    rejects(`<VOTABLE><RESOURCE>${T("<TR><TD>1</TD><TD>a</TD><TD>b</TD></TR>")}</RESOURCE></VOTABLE>`, /more TD/);
    rejects(`<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="quux"/></TABLE></RESOURCE></VOTABLE>`, /unknown datatype/);
    rejects(`<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="constructor"/></TABLE></RESOURCE></VOTABLE>`, /unknown datatype/);
    rejects(`<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="int" arraysize="0"/></TABLE></RESOURCE></VOTABLE>`, /bad arraysize/);
    const stream = (b64: string, dt = 'datatype="int" arraysize="*"') =>
      `<VOTABLE><RESOURCE><TABLE><FIELD name="a" ${dt}/><DATA><BINARY2><STREAM encoding="base64">${b64}</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>`;
    rejects(stream("AH////8="), /count .* exceeds/);
    rejects(stream("AAAAAA", 'datatype="double"'), /stream ends/);
    rejects(stream("A$A="), /bad base64/);
    rejects(stream("AAAA").replace('encoding="base64"', 'href="http://x/y"'), /remote STREAM/);
  });

  test("limits: bytes, rows, columns, depth", () => {
    const twoRows = `<VOTABLE><RESOURCE>${T("<TR><TD>1</TD></TR><TR><TD>2</TD></TR>")}</RESOURCE></VOTABLE>`;
    assert.ok(rejects(twoRows, /larger than/, { maxBytes: 20 }).limitExceeded);
    assert.ok(rejects(twoRows, /more than 1 rows/, { maxRows: 1 }).limitExceeded);
    assert.ok(rejects(twoRows, /more than 1 columns/, { maxColumns: 1 }).limitExceeded);
    assert.ok(rejects(`${"<VOTABLE>".repeat(1)}${"<RESOURCE>".repeat(100)}`, /nesting deeper/, { maxDepth: 50 }).limitExceeded);
  });

  test("readVOTableStream enforces maxBytes while reading", async () => {
    async function* parts() {
      for (let i = 0; i < 1000; i++) yield new Uint8Array(1024);
    }
    await assert.rejects(readVOTableStream(parts(), { maxBytes: 4096 }), (e) => e instanceof VOTableFormatError && e.limitExceeded);
  });
});
