import assert from "node:assert/strict";
import { test } from "node:test";
import { SkyportError } from "../../../lib/errors/index.js";
import { type Cell, documentTables, readVOTable, type Resource } from "../../../lib/votable/index.js";
import { xsdValidate } from "./fixtures/xml-check.js";
import { resolveResponseFormat } from "./formats.js";
import { type QueryResultInput, type ResultColumn, type ResultSummary, renderQueryResult } from "./results.js";

const COLUMNS: ResultColumn[] = [
  { name: "obs_id", datatype: "char", arraysize: "*", ucd: "meta.id", description: "Observation ID" },
  { name: "s_ra", datatype: "double", unit: "deg", ucd: "pos.eq.ra" },
  { name: "calib_level", datatype: "int" },
  { name: "s_region", datatype: "double", arraysize: "*", xtype: "polygon", unit: "deg" },
  { name: "obs_release_date", datatype: "char", arraysize: "*", xtype: "timestamp" },
  { name: "access_estsize", datatype: "long", unit: "kbyte" },
];

const POLY = [10, 20, 11, 20, 11, 21];
const ROWS: Cell[][] = [
  ["a,1", 10.5, 2, POLY, "2024-01-02T03:04:05.000", 12],
  ["b", Number.NaN, 3, null, null, 9007199254740993n],
  ["c", 12.25, null, POLY, "2024-06-30", null],
];

async function* gen(rows: readonly Cell[][], failAfter?: number, error?: unknown): AsyncGenerator<readonly Cell[]> {
  let i = 0;
  for (const r of rows) {
    if (failAfter !== undefined && i === failAfter) throw error;
    yield r;
    i++;
  }
  if (failAfter !== undefined && i === failAfter) throw error;
}

async function render(format: string | undefined, input: Partial<QueryResultInput> = {}): Promise<{ text: string; summary: ResultSummary | undefined; written: number | undefined }> {
  let summary: ResultSummary | undefined;
  let written: number | undefined;
  const parts: Uint8Array[] = [];
  const full: QueryResultInput = {
    columns: COLUMNS,
    rows: gen(ROWS),
    limit: undefined,
    onEnd: (s) => {
      summary = s;
    },
    onRowsWritten: (n) => {
      written = n;
    },
    ...input,
  };
  for await (const c of renderQueryResult(resolveResponseFormat(format), full)) parts.push(c);
  return { text: Buffer.concat(parts).toString("utf8"), summary, written };
}

test("VOTable TABLEDATA: QUERY_STATUS=OK before the table, QUERY echo, rows, schema-valid", async () => {
  const query = "SELECT obs_id, s_ra FROM ivoa.ObsCore\nWHERE s_ra > 10 AND obs_id <> 'x&y'";
  const { text, summary, written } = await render(undefined, { query, infos: [{ name: "REQUEST_ID", value: "r-42" }] });
  const doc = readVOTable(text);
  const res = doc.resources[0]!;
  assert.equal(res.type, "results");
  assert.deepEqual(
    res.infos?.map((i) => [i.name, i.value]),
    [
      ["QUERY_STATUS", "OK"],
      ["QUERY", query],
      ["standardID", "ivo://ivoa.net/std/TAP"],
      ["REQUEST_ID", "r-42"],
    ],
  );
  assert.equal(res.trailingInfos, undefined);
  const [table] = documentTables(doc);
  assert.deepEqual(
    table!.fields.map((f) => [f.name, f.datatype, f.arraysize, f.xtype]),
    COLUMNS.map((c) => [c.name, c.datatype, c.arraysize, c.xtype]),
  );
  assert.equal(table!.rows.length, 3);
  assert.equal(table!.rows[0]![0], "a,1");
  assert.deepEqual(Array.from(table!.rows[0]![3] as ArrayLike<number>), POLY);
  assert.equal(table!.rows[1]![5], 9007199254740993n);
  assert.deepEqual(summary, { rows: 3, overflow: false });
  assert.equal(written, 3);
  const v = xsdValidate(text);
  assert.ok(v.ok, v.output);
});

test("MAXREC: limit rows written, trailing QUERY_STATUS=OVERFLOW after the table (DALI-24, TAP-12)", async () => {
  const { text, summary } = await render("votable", { limit: 2 });
  const doc = readVOTable(text);
  assert.equal(documentTables(doc)[0]!.rows.length, 2);
  assert.deepEqual(doc.resources[0]!.infos?.[0], { name: "QUERY_STATUS", value: "OK" });
  assert.deepEqual(doc.resources[0]!.trailingInfos?.map((i) => [i.name, i.value]), [["QUERY_STATUS", "OVERFLOW"]]);
  assert.ok(text.indexOf("</TABLE>") < text.indexOf('value="OVERFLOW"'));
  assert.deepEqual(summary, { rows: 2, overflow: true });
});

test("MAXREC equal to the row count is not an overflow", async () => {
  const { text, summary } = await render("votable", { limit: 3 });
  assert.equal(readVOTable(text).resources[0]!.trailingInfos, undefined);
  assert.deepEqual(summary, { rows: 3, overflow: false });
});

test("MAXREC=0: metadata only, overflow even without rows (DALI-17)", async () => {
  for (const rows of [gen([]), gen(ROWS)]) {
    const { text, summary } = await render("votable", { limit: 0, rows });
    const doc = readVOTable(text);
    assert.equal(documentTables(doc)[0]!.rows.length, 0);
    assert.equal(documentTables(doc)[0]!.fields.length, COLUMNS.length);
    assert.deepEqual(doc.resources[0]!.trailingInfos?.map((i) => i.value), ["OVERFLOW"]);
    assert.deepEqual(summary, { rows: 0, overflow: true });
  }
});

test("failure mid-stream ends with QUERY_STATUS=ERROR after the table; internal detail hidden", async () => {
  const internal = new Error("connection reset by db-7.internal");
  const r1 = await render("votable", { rows: gen(ROWS, 1, internal) });
  const doc = readVOTable(r1.text);
  assert.equal(documentTables(doc)[0]!.rows.length, 1);
  const trailing = doc.resources[0]!.trailingInfos?.[0];
  assert.equal(trailing?.name, "QUERY_STATUS");
  assert.equal(trailing?.value, "ERROR");
  assert.equal(trailing?.content, "error while producing the result rows");
  assert.doesNotMatch(r1.text, /db-7/);
  assert.equal(r1.summary?.error, internal);
  assert.equal(r1.written, 1);
  const v = xsdValidate(r1.text);
  assert.ok(v.ok, v.output);

  const safe = new SkyportError({ code: "TooLarge", message: "query ran longer than 600 s" });
  const r2 = await render("votable/b2", { rows: gen(ROWS, 2, safe) });
  assert.equal(readVOTable(r2.text).resources[0]!.trailingInfos?.[0]?.content, "error while producing the result rows: query ran longer than 600 s");
});

test("BINARY and BINARY2 round-trip through the reader; service descriptors follow as RESOURCE type=meta", async () => {
  const descriptor: Resource = {
    type: "meta",
    utype: "adhoc:service",
    ID: "datalink",
    params: [{ name: "accessURL", datatype: "char", arraysize: "*", value: "https://example.org/api/datalink/links" }],
  };
  for (const f of ["votable/b", "votable/b2"]) {
    const { text } = await render(f, { serviceDescriptors: [descriptor], limit: 2 });
    assert.match(text, f === "votable/b" ? /<BINARY>/ : /<BINARY2>/);
    const doc = readVOTable(text);
    assert.deepEqual(doc.resources.map((r) => r.type), ["results", "meta"]);
    assert.equal(doc.resources[1]!.params?.[0]?.value, "https://example.org/api/datalink/links");
    const t = documentTables(doc)[0]!;
    assert.equal(t.rows.length, 2);
    assert.equal(t.rows[0]![1], 10.5);
    assert.ok(Number.isNaN(t.rows[1]![1] as number));
    assert.deepEqual(doc.resources[0]!.trailingInfos?.map((i) => i.value), ["OVERFLOW"]);
    const v = xsdValidate(text);
    assert.ok(v.ok, v.output);
  }
});

test("CSV: header row, RFC 4180 quoting, DALI geometry text, CRLF; MAXREC applies", async () => {
  const { text, summary } = await render("csv", { limit: 2 });
  const lines = text.split("\r\n");
  assert.deepEqual(lines, [
    "obs_id,s_ra,calib_level,s_region,obs_release_date,access_estsize",
    '"a,1",10.5,2,10 20 11 20 11 21,2024-01-02T03:04:05.000,12',
    "b,NaN,3,,,9007199254740993",
    "",
  ]);
  assert.deepEqual(summary, { rows: 2, overflow: true });
});

test("TSV: tab-separated with header; MAXREC=0 gives the header only", async () => {
  const { text } = await render("tsv");
  assert.equal(text.split("\n")[0], "obs_id\ts_ra\tcalib_level\ts_region\tobs_release_date\taccess_estsize");
  assert.equal(text.split("\n")[3], "c\t12.25\t\t10 20 11 20 11 21\t2024-06-30\t");
  const zero = await render("tsv", { limit: 0 });
  assert.equal(zero.text, "obs_id\ts_ra\tcalib_level\ts_region\tobs_release_date\taccess_estsize\n");
  assert.deepEqual(zero.summary, { rows: 0, overflow: true });
});

test("CSV has no in-band error: a failing source makes the stream throw", async () => {
  await assert.rejects(render("csv", { rows: gen(ROWS, 1, new Error("boom")) }), /boom/);
});

test("JSON: metadata, rows with NaN→null, exact bigint, geometry arrays, overflow flag", async () => {
  const { text, summary } = await render("json", { limit: 3 });
  const doc = JSON.parse(text) as { metadata: Record<string, string>[]; data: unknown[][]; overflow: boolean };
  assert.deepEqual(doc.metadata[0], { name: "obs_id", datatype: "char", arraysize: "*", ucd: "meta.id", description: "Observation ID" });
  assert.deepEqual(doc.metadata[3], { name: "s_region", datatype: "double", arraysize: "*", xtype: "polygon", unit: "deg" });
  assert.deepEqual(doc.data[0], ["a,1", 10.5, 2, POLY, "2024-01-02T03:04:05.000", 12]);
  assert.deepEqual(doc.data[1]?.slice(0, 5), ["b", null, 3, null, null]);
  assert.match(text, /,9007199254740993\]/);
  assert.equal(doc.overflow, false);
  assert.deepEqual(summary, { rows: 3, overflow: false });

  const cut = JSON.parse((await render("json", { limit: 1 })).text) as { data: unknown[]; overflow: boolean };
  assert.equal(cut.data.length, 1);
  assert.equal(cut.overflow, true);
  const zero = JSON.parse((await render("json", { limit: 0, rows: gen([]) })).text) as { data: unknown[]; overflow: boolean };
  assert.deepEqual(zero.data, []);
  assert.equal(zero.overflow, true);
});

test("JSON: a failing source ends the document with an error member", async () => {
  const { text, summary } = await render("json", { rows: gen(ROWS, 2, new SkyportError({ code: "Transient", message: "database busy" })) });
  const doc = JSON.parse(text) as { data: unknown[]; overflow: boolean; error: string };
  assert.equal(doc.data.length, 2);
  assert.equal(doc.error, "error while producing the result rows: database busy");
  assert.equal(summary?.rows, 2);
  assert.ok(summary?.error instanceof SkyportError);
});

test("sync iterables work as row sources too", async () => {
  const { text } = await render("json", { rows: ROWS });
  assert.equal((JSON.parse(text) as { data: unknown[] }).data.length, 3);
  const csv = await render("csv", { rows: ROWS });
  assert.equal(csv.text.split("\r\n").length, 5);
});

test("a consumer that stops early closes the row source (database cursors are released)", async () => {
  for (const format of ["votable", "votable/b2", "csv", "json"]) {
    let closed = false;
    let produced = 0;
    async function* many(): AsyncGenerator<readonly Cell[]> {
      try {
        for (let i = 0; i < 100_000; i++) {
          produced++;
          yield [`obs-${i}`, i, 1, POLY, null, i];
        }
      } finally {
        closed = true;
      }
    }
    for await (const _chunk of renderQueryResult(resolveResponseFormat(format), { columns: COLUMNS, rows: many(), limit: undefined })) break;
    assert.ok(closed, format);
    assert.ok(produced < 100_000, `${format}: ${produced}`);
  }
});
