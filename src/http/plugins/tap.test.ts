/**
 * /tap/sync over HTTP (in-process), on the ADQL corpus tables: the TAP parameters (LANG, QUERY,
 * RESPONSEFORMAT/FORMAT, MAXREC, UPLOAD), the error documents with the fault's position, the row,
 * upload-size and time limits, and that user values never become SQL.
 */
import assert from "node:assert/strict";
import { buildTestApp } from "../../../test/support/http-app.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { tapPlugin } from "./tap.js";
import { SqliteDatabase } from "../../repo/registry/sql/sqlite.js";
import { CORPUS_SCHEMA } from "../../../test/adql-corpus/fixture.js";
import { loadCorpus } from "../../../test/support/adql-corpus.js";
import { type TapLimits, TapService } from "../../services/tap/index.js";

const LIMITS: TapLimits = {
  maxrecDefault: 50,
  maxrecHard: 60,
  syncTimeoutS: 1,
  asyncTimeoutS: 10,
  asyncMaxTimeoutS: 20,
  retentionS: 3600,
  uploadMaxBytes: 4000,
  uploadMaxRows: 100,
  uploadHosts: [],
  draftFeatures: false,
};

const dir = mkdtempSync(join(tmpdir(), "skyport-tap-http-"));
const db = new SqliteDatabase({ path: join(dir, "registry.sqlite3") });
const service = new TapService({ database: db, tables: CORPUS_SCHEMA, limits: LIMITS });
let app: FastifyInstance;

before(async () => {
  await loadCorpus(db);
  await service.init();
  app = await buildTestApp([tapPlugin(service)]);
});
after(async () => {
  await app?.close();
  await db.close();
});

const sync = (params: Record<string, string>) => app.inject({ method: "GET", url: `/tap/sync?${new URLSearchParams(params)}` });
const rowsOf = (body: string) => (body.match(/<TR>/g) ?? []).length;
const status = (body: string) => [...body.matchAll(/<INFO name="QUERY_STATUS" value="(\w+)"/g)].map((m) => m[1]);

function multipart(fields: Record<string, string>, files: Record<string, string>): { body: string; type: string } {
  const b = "----skyport-test-boundary";
  let body = "";
  for (const [k, v] of Object.entries(fields)) body += `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  for (const [k, v] of Object.entries(files)) body += `--${b}\r\nContent-Disposition: form-data; name="${k}"; filename="${k}.xml"\r\nContent-Type: application/x-votable+xml\r\n\r\n${v}\r\n`;
  return { body: `${body}--${b}--\r\n`, type: `multipart/form-data; boundary=${b}` };
}

const TABLE = (rows: readonly number[]) =>
  `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE><FIELD name="sid" datatype="long"/><FIELD name="Tag Name" datatype="char" arraysize="*"/><DATA><TABLEDATA>${rows.map((r) => `<TR><TD>${r}</TD><TD>t${r}</TD></TR>`).join("")}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

describe("/tap/sync", () => {
  test("a query answers a VOTable with QUERY_STATUS OK and the query echoed", async () => {
    const r = await sync({ LANG: "ADQL", QUERY: "SELECT TOP 3 id, ra FROM corpus.stars ORDER BY id" });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers["content-type"]), /^application\/x-votable\+xml/);
    assert.deepEqual(status(r.body), ["OK"]);
    assert.equal(rowsOf(r.body), 3);
    assert.match(r.body, /<INFO name="QUERY" value="SELECT TOP 3 id, ra FROM corpus.stars ORDER BY id"\/>/);
    assert.match(r.body, /<FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/);
  });

  test("LANG is required and must be ADQL; ADQL-2.0 works (TAP-07, ADQL-13)", async () => {
    const none = await sync({ QUERY: "SELECT id FROM corpus.stars" });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(status(none.body), ["ERROR"]);
    assert.match(none.body, /LANG is required/);
    const sql = await sync({ LANG: "SQL", QUERY: "SELECT id FROM corpus.stars" });
    assert.equal(sql.statusCode, 400);
    assert.match(sql.body, /unknown query language 'SQL'/);
    assert.equal((await sync({ LANG: "ADQL-2.0", QUERY: "SELECT TOP 1 id FROM corpus.stars" })).statusCode, 200);
  });

  test("errors carry the position of the fault and a suggestion", async () => {
    const syntax = await sync({ LANG: "ADQL", QUERY: "SELECT id FORM corpus.stars" });
    assert.equal(syntax.statusCode, 400);
    assert.match(syntax.body, /line 1, column 11/);
    assert.match(syntax.body, /did you mean FROM/);
    const column = await sync({ LANG: "ADQL", QUERY: "SELECT nmae FROM corpus.stars" });
    assert.match(column.body, /unknown column 'nmae' at line 1, column 8/);
    assert.match(column.body, /did you mean name/);
    const table = await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.star" });
    assert.match(table.body, /unknown table 'corpus.star'.*did you mean corpus.stars/s);
  });

  test("MAXREC: overflow is flagged after the table; TOP below MAXREC is not an overflow (TAP-12)", async () => {
    const cut = await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.stars", MAXREC: "2" });
    assert.equal(rowsOf(cut.body), 2);
    assert.deepEqual(status(cut.body), ["OK", "OVERFLOW"]);
    const top = await sync({ LANG: "ADQL", QUERY: "SELECT TOP 2 id FROM corpus.stars", MAXREC: "5" });
    assert.deepEqual(status(top.body), ["OK"]);
    const zero = await sync({ LANG: "ADQL", QUERY: "SELECT id, name FROM corpus.stars", MAXREC: "0" });
    assert.equal(rowsOf(zero.body), 0);
    assert.match(zero.body, /<FIELD name="name"/);
    assert.deepEqual(status(zero.body), ["OK", "OVERFLOW"]);
    // The default limit applies without MAXREC, and MAXREC cannot exceed the hard limit.
    assert.equal(rowsOf((await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.stars" })).body), 50);
    assert.equal(rowsOf((await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.stars", MAXREC: "1000" })).body), 60);
    assert.equal((await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.stars", MAXREC: "-1" })).statusCode, 400);
  });

  test("RESPONSEFORMAT and its alias FORMAT: CSV, TSV, JSON, BINARY2 (TAP-08, TAP-16)", async () => {
    const q = "SELECT id, name FROM corpus.stars WHERE id IN (1, 17) ORDER BY id";
    const csv = await sync({ LANG: "ADQL", QUERY: q, RESPONSEFORMAT: "csv" });
    assert.equal(csv.headers["content-type"], "text/csv;header=present");
    assert.equal(csv.body, "id,name\r\n1,beta-01\r\n17,O'Hara-17\r\n");
    const tsv = await sync({ LANG: "ADQL", QUERY: q, FORMAT: "tsv" });
    assert.match(String(tsv.headers["content-type"]), /^text\/tab-separated-values/);
    assert.equal(tsv.body.split(/\r?\n/)[1], "1\tbeta-01");
    const json = await sync({ LANG: "ADQL", QUERY: q, RESPONSEFORMAT: "application/json" });
    assert.deepEqual(JSON.parse(json.body).data, [[1, "beta-01"], [17, "O'Hara-17"]]);
    const b2 = await sync({ LANG: "ADQL", QUERY: q, RESPONSEFORMAT: "votable/b2" });
    assert.match(b2.body, /<BINARY2>/);
    const bad = await sync({ LANG: "ADQL", QUERY: q, RESPONSEFORMAT: "fits" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /RESPONSEFORMAT/);
  });

  test("unknown parameters are ignored and POST forms work (TAP-06, DALI-04)", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/tap/sync",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ lang: "ADQL", query: "SELECT COUNT(*) AS n FROM corpus.stars", REQUEST: "doQuery", FOO: "bar" }).toString(),
    });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<TD>72<\/TD>/);
  });

  test("UPLOAD: an inline VOTable joins like a table; size, name and remote limits hold (TAP-19/20)", async () => {
    const q = 'SELECT u.sid, u."Tag Name", s.name FROM TAP_UPLOAD.mine AS u JOIN corpus.stars AS s ON s.id = u.sid ORDER BY u.sid';
    const ok = multipart({ LANG: "ADQL", QUERY: q, UPLOAD: "mine,param:t1" }, { t1: TABLE([2, 3, 999]) });
    const r = await app.inject({ method: "POST", url: "/tap/sync", headers: { "content-type": ok.type }, payload: ok.body });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(rowsOf(r.body), 2);
    assert.match(r.body, /<FIELD name="Tag Name" datatype="char" arraysize="\*"/);
    assert.match(r.body, /<TR><TD>2<\/TD><TD>t2<\/TD><TD>Gamma-02<\/TD><\/TR>/);
    const big = multipart({ LANG: "ADQL", QUERY: "SELECT * FROM TAP_UPLOAD.mine", UPLOAD: "mine,param:t1" }, { t1: TABLE(Array.from({ length: 200 }, (_, i) => i)) });
    const tooBig = await app.inject({ method: "POST", url: "/tap/sync", headers: { "content-type": big.type }, payload: big.body });
    assert.equal(tooBig.statusCode, 413);
    assert.deepEqual(status(tooBig.body), ["ERROR"]);
    const remote = await sync({ LANG: "ADQL", QUERY: "SELECT * FROM TAP_UPLOAD.x", UPLOAD: "x,http://169.254.169.254/latest" });
    assert.equal(remote.statusCode, 400);
    assert.match(remote.body, /does not fetch tables from http:\/\/169.254.169.254/);
    const badName = await sync({ LANG: "ADQL", QUERY: "SELECT 1 FROM corpus.stars", UPLOAD: "x;y,param:a" });
    assert.equal(badName.statusCode, 400);
  });

  test("the time limit is enforced inside the database", async () => {
    const started = Date.now();
    const r = await sync({ LANG: "ADQL", QUERY: "SELECT COUNT(*) AS n FROM corpus.obs AS a, corpus.obs AS b, corpus.obs AS c, corpus.obs AS d" });
    const took = Date.now() - started;
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /execution time limit of 1 s/);
    assert.ok(took < 5000, `took ${took} ms`);
  });

  test("values never become SQL: quotes and statements in strings are data", async () => {
    const r = await sync({ LANG: "ADQL", QUERY: "SELECT id FROM corpus.stars WHERE name = 'x''; DROP TABLE corpus_stars; --'" });
    assert.equal(r.statusCode, 200);
    assert.equal(rowsOf(r.body), 0);
    const still = await sync({ LANG: "ADQL", QUERY: "SELECT COUNT(*) AS n FROM corpus.stars" });
    assert.match(still.body, /<TD>72<\/TD>/);
  });

  test("TAP_SCHEMA is queryable and describes the published tables", async () => {
    const r = await sync({ LANG: "ADQL", QUERY: "SELECT column_name, \"size\", indexed FROM TAP_SCHEMA.columns WHERE table_name = 'corpus.bands' ORDER BY column_index", RESPONSEFORMAT: "csv" });
    assert.equal(r.body, 'column_name,size,indexed\r\nband,,0\r\n"""size""",,0\r\n"""Mixed Case""",,0\r\nwl_eff,,0\r\n');
  });
});
