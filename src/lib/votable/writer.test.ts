/**
 * Writer behaviour: DALI-23..25 status INFOs (overflow after maxRows, ERROR after a failing row
 * source, MAXREC=0), streaming (chunks leave before the source ends; chunk size bound), sync and
 * async sources, escaping, model errors, CSV/TSV, and the DALI xtype helpers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type Cell,
  documentTables,
  type Field,
  formatAsciiMoc,
  formatTimestamp,
  parseAsciiMoc,
  parseCircle,
  parsePoint,
  parsePolygon,
  parseTimestamp,
  readVOTable,
  type VOTableDocument,
  VOTableModelError,
  writeDelimited,
  writeVOTable,
  writeVOTableToString,
} from "./index.js";
import { ROW_COMPILER } from "./row-compiler.js";

const FIELDS: readonly Field[] = [
  { name: "id", datatype: "long" },
  { name: "name", datatype: "char", arraysize: "*" },
];
const doc = (fields = FIELDS): VOTableDocument => ({
  resources: [{ type: "results", infos: [{ name: "QUERY_STATUS", value: "OK" }], tables: [{ fields }] }],
});
function* count(n: number): Generator<Cell[]> {
  for (let i = 0; i < n; i++) yield [i, `row ${i}`];
}
const decode = (chunks: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(chunks));

describe("status INFOs (DALI-23..25)", () => {
  for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
    test(`${serialization}: overflow INFO after the table, exactly maxRows rows`, async () => {
      const xml = await writeVOTableToString(doc(), count(10), { serialization, maxRows: 4 });
      assert.match(xml, /<\/TABLE>\n\s*<INFO name="QUERY_STATUS" value="OVERFLOW"\/>\n\s*<\/RESOURCE>/);
      const r = readVOTable(xml);
      assert.equal(documentTables(r)[0]!.rows.length, 4);
      assert.equal(r.resources[0]!.infos?.[0]?.value, "OK");
    });

    test(`${serialization}: a row source failing mid-stream ends the table with an ERROR INFO`, async () => {
      async function* failing(): AsyncGenerator<Cell[]> {
        yield [1, "a"];
        yield [2, "b"];
        throw new Error("database went away: secret details");
      }
      let outcome: unknown;
      const xml = await writeVOTableToString(doc(), failing(), {
        serialization,
        afterTable: (o) => {
          outcome = o;
          return [{ name: "QUERY_STATUS", value: "ERROR", content: "Row source failed" }];
        },
      });
      assert.equal((outcome as { rows: number }).rows, 2);
      assert.match(xml, /<\/TABLE>\n\s*<INFO name="QUERY_STATUS" value="ERROR">Row source failed<\/INFO>/);
      assert.doesNotMatch(xml, /secret/);
      assert.equal(documentTables(readVOTable(xml))[0]!.rows.length, 2);
    });

    test(`${serialization}: a value that does not fit its column is an ERROR INFO too (row rolled back)`, async () => {
      const xml = await writeVOTableToString(doc([{ name: "s", datatype: "short" }]), [[1], [70000], [3]], { serialization });
      assert.match(xml, /value="ERROR">Error while producing the result rows</);
      assert.deepEqual(documentTables(readVOTable(xml))[0]!.rows, [[1]]);
    });
  }

  test("MAXREC=0: metadata, no rows, overflow when rows exist", async () => {
    const xml = await writeVOTableToString(doc(), count(5), { maxRows: 0 });
    assert.match(xml, /value="OVERFLOW"/);
    assert.equal(documentTables(readVOTable(xml))[0]!.rows.length, 0);
  });

  test("no trailing INFO when the source ends within maxRows", async () => {
    const xml = await writeVOTableToString(doc(), count(3), { maxRows: 3 });
    assert.doesNotMatch(xml, /OVERFLOW|ERROR/);
  });
});

describe("streaming", () => {
  test("chunks leave before the source is exhausted and stay near 64 KiB", async () => {
    let produced = 0;
    function* slow(): Generator<Cell[]> {
      for (let i = 0; i < 200_000; i++) {
        produced++;
        yield [i, "x".repeat(20)];
      }
    }
    const gen = writeVOTable(doc(), slow(), { serialization: "BINARY2" });
    const first = await gen.next();
    assert.ok(!first.done);
    assert.ok(produced < 200_000, "first chunk before the last row");
    let max = first.value.length;
    for await (const c of gen) max = Math.max(max, c.length);
    assert.ok(max <= 64 * 1024, `chunk of ${max} bytes`);
  });

  test("sync and async sources give identical bytes", async () => {
    async function* asyncRows(): AsyncGenerator<Cell[]> {
      yield* count(1000);
    }
    for (const serialization of ["TABLEDATA", "BINARY2"] as const) {
      const a = await writeVOTableToString(doc(), count(1000), { serialization });
      const b = await writeVOTableToString(doc(), asyncRows(), { serialization });
      assert.equal(a, b);
    }
  });

  test("rows longer than the encoder buffer (1 MB strings, 200k-element arrays)", async () => {
    const big = "y".repeat(1_000_000);
    const arr = Float64Array.from({ length: 200_000 }, (_, i) => i / 7);
    const fields: Field[] = [
      { name: "s", datatype: "char", arraysize: "*" },
      { name: "a", datatype: "double", arraysize: "*" },
    ];
    for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
      const xml = await writeVOTableToString(doc(fields), [[big, arr], ["z", [1]]], { serialization });
      const rows = documentTables(readVOTable(xml))[0]!.rows;
      assert.equal((rows[0]![0] as string).length, 1_000_000);
      assert.deepEqual(Array.from(rows[0]![1] as number[]), Array.from(arr));
      assert.deepEqual(rows[1], ["z", [1]]);
    }
  });
});

describe("BINARY/BINARY2 row fast paths", () => {
  // Inline scalar and string cells, the repeated-string cache, SIMD base64 and slab chunks all
  // take effect only on longer tables: 30k varied rows (~50 output chunks) read back cell by cell.
  const fields: Field[] = [
    { name: "s", datatype: "short" },
    { name: "i", datatype: "int" },
    { name: "l", datatype: "long" },
    { name: "d", datatype: "double" },
    { name: "f", datatype: "float" },
    { name: "konst", datatype: "char", arraysize: "*" },
    { name: "vary", datatype: "char", arraysize: "*" },
    { name: "url", datatype: "char", arraysize: "*" },
    { name: "alt", datatype: "char", arraysize: "*" },
  ];
  const row = (k: number): Cell[] => [
    k % 11 === 0 ? null : (k % 65536) - 32768,
    k % 13 === 0 ? null : k * 40503 - 2 ** 30,
    k % 17 === 0 ? null : k % 3 === 0 ? -k : k % 3 === 1 ? 2 ** 40 + k : k - 2 ** 31,
    k % 7 === 0 ? null : k / 3,
    k % 5 === 0 ? null : k + 0.5,
    "application/x-votable+xml;content=datalink",
    k % 19 === 0 ? null : `obs_${k}`,
    `https://example.org/${"p".repeat(k % 90)}/${k}`,
    k % 4 < 2 ? "same €" : `value ${k % 4}`,
  ];
  function* table(n: number): Generator<Cell[]> {
    for (let k = 0; k < n; k++) yield row(k);
  }
  test("compiled and generic row loops write identical bytes", async () => {
    for (const serialization of ["BINARY", "BINARY2"] as const) {
      const compiled = await writeVOTableToString(doc(fields), table(5000), { serialization });
      ROW_COMPILER.enabled = false;
      try {
        assert.equal(await writeVOTableToString(doc(fields), table(5000), { serialization }), compiled, serialization);
      } finally {
        ROW_COMPILER.enabled = true;
      }
    }
  });
  for (const serialization of ["BINARY", "BINARY2"] as const) {
    test(serialization, async () => {
      const n = 30_000;
      const xml = await writeVOTableToString(doc(fields), table(n), { serialization });
      const got = documentTables(readVOTable(xml, { maxBytes: 1 << 30, maxRows: 1e6 }))[0]!.rows;
      assert.equal(got.length, n);
      for (let k = 0; k < n; k++) {
        const want = row(k);
        want[4] = want[4] === null ? null : Math.fround(want[4] as number);
        want[8] = (want[8] as string).replace("€", "?");
        if (serialization === "BINARY") {
          // BINARY has no null mask: null floats are written (and read back) as NaN.
          want[3] ??= Number.NaN;
          want[4] ??= Number.NaN;
        }
        assert.deepEqual(got[k], want, `row ${k}`);
      }
    });
  }
});

describe("escaping and model errors", () => {
  test("markup, quotes and XML-illegal control characters in metadata and cells", async () => {
    const d: VOTableDocument = {
      resources: [{ type: "results", infos: [{ name: "q", value: 'a"b<c>&\u0000', content: "x < y & \u0007" }], tables: [{ fields: [{ name: 'n"<', datatype: "char", arraysize: "*", description: "]]> & <" }] }] }],
    };
    const xml = await writeVOTableToString(d, [["<&>\u0001\uFFFE\uD800"]]);
    assert.match(xml, /value="a&quot;b&lt;c&gt;&amp;\uFFFD"/);
    assert.match(xml, /<TD>&lt;&amp;&gt;\uFFFD\uFFFD\uFFFD<\/TD>/);
    assert.doesNotMatch(xml, /\]\]>/);
    assert.deepEqual(documentTables(readVOTable(xml))[0]!.rows, [["<&>\uFFFD\uFFFD\uFFFD"]]);
  });

  test("bad arraysize fails before any output", async () => {
    const gen = writeVOTable(doc([{ name: "x", datatype: "int", arraysize: "2x*x3" }]), []);
    await assert.rejects(gen.next(), VOTableModelError);
  });
});

describe("CSV and TSV", () => {
  const fields: Field[] = [
    { name: "id", datatype: "int" },
    { name: "text", datatype: "char", arraysize: "*" },
    { name: "pos", datatype: "double", arraysize: "2", xtype: "point" },
    { name: "t", datatype: "char", arraysize: "*", xtype: "timestamp" },
    { name: "ok", datatype: "boolean" },
  ];
  const rows: Cell[][] = [
    [1, 'say "hi", then\nleave', [10.5, -3], new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), true],
    [null, "tab\there \\ back", null, null, null],
  ];
  test("CSV: RFC 4180 quoting, header, CRLF, DALI text forms, null empty", async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of writeDelimited(fields, rows, "csv")) chunks.push(c);
    assert.equal(decode(chunks), 'id,text,pos,t,ok\r\n1,"say ""hi"", then\nleave",10.5 -3,2020-01-02T03:04:05.000,true\r\n,tab\there \\ back,,,\r\n');
  });
  test("TSV: backslash escapes for tab, newline, backslash", async () => {
    const chunks: Uint8Array[] = [];
    let info: [number, boolean] | undefined;
    for await (const c of writeDelimited(fields, [...rows, rows[0]!], "tsv", { maxRows: 2, onEnd: (n, o) => (info = [n, o]) })) chunks.push(c);
    assert.equal(decode(chunks), 'id\ttext\tpos\tt\tok\n1\tsay "hi", then\\nleave\t10.5 -3\t2020-01-02T03:04:05.000\ttrue\n\ttab\\there \\\\ back\t\t\t\n');
    assert.deepEqual(info, [2, true]);
  });
});

describe("DALI xtype helpers", () => {
  test("timestamp", () => {
    const d = new Date(Date.UTC(2026, 1, 3, 4, 5, 6, 7));
    assert.equal(formatTimestamp(d), "2026-02-03T04:05:06.007");
    assert.equal(parseTimestamp("2026-02-03T04:05:06.007")?.getTime(), d.getTime());
    assert.equal(parseTimestamp("2026-02-03")?.getTime(), Date.UTC(2026, 1, 3));
    assert.equal(parseTimestamp("2026-02-30"), undefined);
    assert.equal(parseTimestamp("yesterday"), undefined);
  });
  test("point, circle, polygon", () => {
    assert.deepEqual(parsePoint("10 -20"), { lonDeg: 10, latDeg: -20 });
    assert.equal(parsePoint("10 95"), undefined);
    assert.deepEqual(parseCircle([1, 2, 0.5]), { lonDeg: 1, latDeg: 2, radiusDeg: 0.5 });
    assert.equal(parseCircle("1 2 0"), undefined);
    assert.deepEqual(parsePolygon("0 0 1 0 1 1"), [
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    assert.equal(parsePolygon("0 0 1 0"), undefined);
  });
  test("ASCII MOC round trip with range compaction", () => {
    const moc = formatAsciiMoc(new Map([[5, [7, 3, 4, 5, 9]], [2, [1]]]));
    assert.equal(moc, "2/1 5/3-5 7 9");
    assert.deepEqual(parseAsciiMoc(moc), new Map([[2, [1]], [5, [3, 4, 5, 7, 9]]]));
    assert.equal(parseAsciiMoc("0/12"), undefined);
    assert.equal(parseAsciiMoc("3"), undefined);
  });
});
