/**
 * The compiler's SQL for each dialect side by side (STYLE.md §4): the same checked query, the
 * SQLite and the PostgreSQL text, for the constructs where the dialects differ. The result rows
 * of both engines are compared with an independent oracle in test/adql-results.test.ts.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type SchemaTable, POSTGRES_DIALECT, SQLITE_DIALECT, staticLookup, translateAdql } from "../index.js";

const col = (name: string, datatype: string, extra: Partial<SchemaTable["columns"][number]> = {}) => ({ name, datatype, sqlName: name, ...extra });
const OBS = (pg: boolean): SchemaTable => ({
  schema: "ivoa",
  name: "ObsCore",
  sqlName: "ivoa_obscore",
  columns: [
    col("obs_id", "char", { arraysize: "*" }),
    col("s_ra", "double", { unit: "deg" }),
    col("s_dec", "double", { unit: "deg" }),
    col("t_min", "double"),
    col("calib_level", "int"),
    pg
      ? col("s_region", "char", { arraysize: "*", xtype: "adql:REGION", nativeGeometry: "pgs_region" })
      : col("s_region", "char", { arraysize: "*", xtype: "adql:REGION", pixelIndex: { table: "ivoa_obscore_pix", key: "dataset_id", order: 8 } }),
  ],
  positions: [{ ra: "s_ra", dec: "s_dec", ...(pg ? { nativePoint: "pgs_position" } : {}) }],
});

function both(adql: string, maxrec?: number) {
  const s = translateAdql(adql, { lookup: staticLookup([OBS(false)]), dialect: SQLITE_DIALECT, maxrec });
  const p = translateAdql(adql, { lookup: staticLookup([OBS(true)]), dialect: POSTGRES_DIALECT, maxrec });
  return { sqlite: s.sql, sqliteParams: s.params, postgres: p.sql, postgresParams: p.params };
}

describe("SQL per dialect", () => {
  test("generated aliases, bound strings, typed literals, MAXREC + 1", () => {
    const r = both("SELECT TOP 10 obs_id AS id FROM ivoa.ObsCore WHERE calib_level = 2 AND obs_id LIKE 'a%' ORDER BY t_min DESC", 5);
    assert.equal(r.sqlite, `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE "t0"."calib_level" = 2 AND "t0"."obs_id" LIKE @p1 ORDER BY "t0"."t_min" DESC NULLS FIRST LIMIT 6`);
    assert.equal(
      r.postgres,
      `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE "t0"."calib_level" = CAST(2 AS bigint) AND "t0"."obs_id" LIKE CAST($1 AS text) ESCAPE '' ORDER BY "t0"."t_min" DESC LIMIT 6`,
    );
    assert.deepEqual(r.sqliteParams, ["a%"]);
    assert.deepEqual(r.postgresParams, ["a%"]);
  });

  test("a cone on positions: declination band + exact test on SQLite, the GiST spoint on PostgreSQL", () => {
    const r = both("SELECT obs_id FROM ivoa.ObsCore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 10, 20, 0.5))");
    assert.equal(r.sqlite, `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE ("t0"."s_dec" BETWEEN 19.499999999 AND 20.500000001 AND adql_point_in("t0"."s_ra", "t0"."s_dec", @p1) = 1)`);
    assert.deepEqual(r.sqliteParams, ["10 20 0.5"]);
    assert.equal(r.postgres, `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE ("t0"."pgs_position" @ CAST($1 AS scircle))`);
    assert.deepEqual(r.postgresParams, ["<(10d, 20d), 0.5d>"]);
  });

  test("INTERSECTS on the region: HEALPix pixel prefilter on SQLite, && on the spoly column on PostgreSQL", () => {
    const r = both("SELECT obs_id FROM ivoa.ObsCore WHERE INTERSECTS(s_region, CIRCLE(10, 20, 0.1)) = 1");
    assert.equal(
      r.sqlite,
      `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE ("t0"."dataset_id" IN (SELECT "x"."dataset_id" FROM json_each(@p2) AS "r" JOIN "ivoa_obscore_pix" AS "x" ON "x"."pix" BETWEEN "r"."value" ->> 0 AND "r"."value" ->> 1) AND adql_intersects("t0"."s_region", @p1) = 1)`,
    );
    // The pixel ranges are bound (one JSON array of [first, last] pairs), so the SQL text does not
    // depend on the region.
    const ranges = JSON.parse(String(r.sqliteParams[1])) as [number, number][];
    assert.ok(ranges.length > 0 && ranges.every(([b, e]) => Number.isInteger(b) && e >= b));
    assert.equal(r.postgres, `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE ("t0"."pgs_region" && CAST($1 AS scircle))`);
  });

  test("negation, DISTANCE cones, OFFSET and set operations", () => {
    const neg = both("SELECT obs_id FROM ivoa.ObsCore WHERE 0 = CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1))");
    assert.match(neg.sqlite, /WHERE NOT \("t0"."s_dec" BETWEEN/);
    assert.match(neg.postgres, /WHERE CAST\(\("t0"."pgs_position" @ CAST\(\$1 AS scircle\)\) AS integer\) = 0$/);
    const dist = both("SELECT obs_id FROM ivoa.ObsCore WHERE DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) < 0.2");
    assert.match(dist.sqlite, /"t0"."s_dec" BETWEEN 19.799999999 AND 20.200000001 AND adql_distance\(adql_point\("t0"."s_ra", "t0"."s_dec"\), @p1\) < 0.2/);
    assert.equal(
      dist.postgres,
      `SELECT "t0"."obs_id" AS "c0" FROM "ivoa_obscore" AS "t0" WHERE "t0"."pgs_position" @ CAST($2 AS scircle) AND degrees("t0"."pgs_position" <-> CAST($1 AS spoint)) < CAST(0.2 AS double precision)`,
    );
    const off = both("SELECT obs_id FROM ivoa.ObsCore ORDER BY obs_id OFFSET 5");
    assert.match(off.sqlite, /ORDER BY "t0"."obs_id" ASC NULLS LAST LIMIT -1 OFFSET 5$/);
    assert.match(off.postgres, /ORDER BY \(\("t0"."obs_id"\) COLLATE "C"\) ASC OFFSET 5$/);
    const set = both("SELECT obs_id FROM ivoa.ObsCore INTERSECT ALL SELECT obs_id FROM ivoa.ObsCore");
    assert.match(set.sqlite, /ROW_NUMBER\(\) OVER \(PARTITION BY "c0"\)/);
    assert.match(set.postgres, / INTERSECT ALL /);
  });

  test("functions whose spelling differs: LOG, ROUND, CAST, ILIKE, SUM", () => {
    const r = both("SELECT LOG(t_min) AS l, ROUND(s_ra, 2) AS r, CAST(s_ra AS INTEGER) AS i, SUM(calib_level) AS s FROM ivoa.ObsCore WHERE obs_id ILIKE 'X%' GROUP BY t_min, s_ra");
    assert.match(r.sqlite, /adql_ln\("t0"."t_min"\) AS "c0", adql_round\("t0"."s_ra", 2\) AS "c1", CAST\("t0"."s_ra" AS INTEGER\) AS "c2", SUM\("t0"."calib_level"\) AS "c3"/);
    assert.match(r.sqlite, /adql_lower\("t0"."obs_id"\) LIKE adql_lower\(@p1\)/);
    assert.match(r.postgres, /ln\(CAST\("t0"."t_min" AS double precision\)\) AS "c0", CAST\(round\(CAST\("t0"."s_ra" AS numeric\), CAST\(CAST\(2 AS bigint\) AS integer\)\) AS double precision\) AS "c1", CAST\(trunc\("t0"."s_ra"\) AS integer\) AS "c2", CAST\(SUM\("t0"."calib_level"\) AS bigint\) AS "c3"/);
    assert.match(r.postgres, /"t0"."obs_id" ILIKE CAST\(\$1 AS text\) ESCAPE ''/);
  });
});

describe("the access-policy restriction rides on every use of a table", () => {
  const restricted: SchemaTable = { ...OBS(false), restriction: { sql: `"r"."calib_level" <> {0} AND "r"."obs_id" NOT LIKE {1}`, params: [9, "secret%"] } };
  const lookup = staticLookup([restricted]);
  const sql = (adql: string) => translateAdql(adql, { lookup, dialect: SQLITE_DIALECT });

  test("plain reads, self-joins, subqueries and set operations all read the restricted rows", () => {
    const wrapped = `(SELECT * FROM "ivoa_obscore" AS "r" WHERE "r"."calib_level" <> @p1 AND "r"."obs_id" NOT LIKE @p2)`;
    const plain = sql("SELECT COUNT(*) AS n FROM ivoa.ObsCore");
    assert.equal(plain.sql, `SELECT COUNT(*) AS "c0" FROM ${wrapped} AS "t0"`);
    assert.deepEqual(plain.params, [9, "secret%"]);
    for (const q of [
      "SELECT a.obs_id FROM ivoa.ObsCore AS a JOIN ivoa.ObsCore AS b ON a.obs_id = b.obs_id",
      "SELECT obs_id FROM ivoa.ObsCore WHERE obs_id IN (SELECT obs_id FROM ivoa.ObsCore)",
      "SELECT obs_id FROM ivoa.ObsCore UNION SELECT obs_id FROM ivoa.ObsCore",
      "WITH w AS (SELECT obs_id FROM ivoa.ObsCore) SELECT * FROM w",
    ]) {
      const t = sql(q);
      assert.ok(!/FROM "ivoa_obscore" AS "t\d+"/.test(t.sql), `an unrestricted read in ${t.sql}`);
      const reads = t.sql.match(/FROM "ivoa_obscore" AS "r" WHERE/g) ?? [];
      assert.equal(reads.length, (t.sql.match(/"ivoa_obscore"/g) ?? []).length, q);
    }
  });
});
