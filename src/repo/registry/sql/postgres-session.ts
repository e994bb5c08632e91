/**
 * Read sessions on PostgreSQL: a pooled connection inside one transaction, with statement_timeout
 * set locally, temporary tables dropped at commit, and rows fetched from a cursor in batches so a
 * result of millions of rows never sits in memory. Timestamps come back as text and pgSphere values
 * in radians at full precision, for the TAP layer to format.
 */
import pg from "pg";
import { POSTGRES_DIALECT } from "../../../lib/adql/index.js";
import { normaliseInteger, quoteIdent } from "./database.js";
import { QueryTimeoutError, type ReadSession, type StreamOptions, type TempColumn, type TempValue } from "./read-session.js";

const SQL_TYPES: Record<TempColumn["type"], string> = { text: "TEXT", int: "INTEGER", long: "BIGINT", double: "DOUBLE PRECISION" };
const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const DATE = 1082;

/** Row types for user queries: exact integers, numbers for NUMERIC, timestamps as text. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (format === "binary") return pg.types.getTypeParser(oid, format);
    if (oid === INT8) return (v: string) => normaliseInteger(BigInt(v));
    if (oid === NUMERIC) return (v: string) => Number(v);
    if (oid === TIMESTAMP || oid === TIMESTAMPTZ || oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

const bind = (params: readonly TempValue[]): unknown[] => params.map((p) => (typeof p === "bigint" ? p.toString() : p));

/** Opens a read session on a pooled connection. */
export async function openPostgresSession(pool: pg.Pool): Promise<ReadSession> {
  const client = await pool.connect();
  let cursors = 0;
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_sphere_output('RAD'), set_sphere_output_precision(17)");
  } catch (e) {
    client.release(true);
    throw e;
  }
  let closed = false;
  return {
    dialect: POSTGRES_DIALECT,
    rowGuard: undefined,
    async createTempTable(name, columns, rows) {
      const t = quoteIdent(name);
      await client.query(`CREATE TEMP TABLE ${t} (${columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.type]}`).join(", ")}) ON COMMIT DROP`);
      const all = [...rows];
      const per = Math.max(1, Math.floor(30_000 / Math.max(1, columns.length)));
      for (let i = 0; i < all.length; i += per) {
        const part = all.slice(i, i + per);
        const values: TempValue[] = [];
        const tuples = part.map((r) => `(${r.map((v) => `$${values.push(v)}`).join(", ")})`);
        await client.query(`INSERT INTO ${t} VALUES ${tuples.join(", ")}`, bind(values));
      }
    },
    async *stream(sql: string, params: readonly TempValue[], options: StreamOptions) {
      const batch = options.batchRows ?? 1000;
      const cursor = `skyport_c${cursors++}`;
      const started = Date.now();
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
      try {
        await client.query({ text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, values: bind(params) });
        for (;;) {
          const left = options.timeoutMs - (Date.now() - started);
          if (left <= 0) throw new QueryTimeoutError(options.timeoutMs);
          await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(left))}`);
          const r = await client.query({ text: `FETCH ${batch} FROM ${cursor}`, rowMode: "array", types });
          if (r.rows.length > 0) yield r.rows as unknown[][];
          if (r.rows.length < batch) return;
        }
      } catch (e) {
        if ((e as { code?: string }).code === "57014") throw new QueryTimeoutError(options.timeoutMs);
        throw e;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch {
        client.release(true);
      }
    },
  };
}
