/**
 * Read sessions on SQLite: extra read-only connections to the same file (WAL lets them read while
 * the registry writes), each with the ADQL dialect's functions registered, kept in a small idle
 * pool. A session over ":memory:" shares the main connection, since a new one would see an empty
 * database.
 */
import Database from "better-sqlite3";
import { SQLITE_DIALECT, SQLITE_DIALECT_FUNCTIONS } from "../../../lib/adql/index.js";
import { normaliseInteger, quoteIdent } from "./database.js";
import { QueryTimeoutError, type ReadSession, type StreamOptions, type TempColumn, type TempValue } from "./read-session.js";

type Bindable = string | number | bigint | null;

const SQL_TYPES: Record<TempColumn["type"], string> = { text: "TEXT", int: "INTEGER", long: "INTEGER", double: "REAL" };

/** Prepared statements kept per read connection. */
const STATEMENT_CACHE = 64;

/** Integers bind as INTEGER (better-sqlite3 binds every JS number as REAL). */
const bindValue = (v: TempValue): Bindable => (typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v);

/** One connection with a deadline the `skyport_deadline()` SQL function checks. */
class SqliteSessionConnection {
  deadline = Number.POSITIVE_INFINITY;
  timeoutMs = 0;
  private calls = 0;
  readonly temp = new Set<string>();
  /** Prepared statements by SQL text, least recently used first (see `statement`). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {
    for (const [name, fn] of Object.entries(SQLITE_DIALECT_FUNCTIONS)) {
      db.function(name, { deterministic: name !== "like", varargs: true }, fn as (...args: unknown[]) => Bindable);
    }
    db.function("skyport_deadline", { deterministic: false, varargs: true }, () => {
      // Checking the clock every 256 rows keeps the cost per row to a counter increment.
      if ((++this.calls & 255) === 0 && Date.now() > this.deadline) throw new QueryTimeoutError(this.timeoutMs);
      return 1;
    });
  }

  /**
   * The prepared statement for `sql`, reused across sessions of this connection: preparing the
   * wide ObsCore SELECT costs about as much as running a small query. Not cached while temporary
   * tables exist (upload names recur with different columns) or when the cached one is still
   * iterating; SQLite re-prepares a cached statement itself if the schema changed.
   */
  statement(sql: string): Database.Statement {
    if (this.temp.size > 0) return this.db.prepare(sql);
    const cached = this.statements.get(sql);
    if (cached && !cached.busy) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const stmt = this.db.prepare(sql);
    if (cached) return stmt;
    this.statements.set(sql, stmt);
    if (this.statements.size > STATEMENT_CACHE) this.statements.delete(this.statements.keys().next().value as string);
    return stmt;
  }
}

export class SqliteSessions {
  private readonly idle: SqliteSessionConnection[] = [];
  private shared: SqliteSessionConnection | undefined;

  constructor(
    private readonly path: string,
    private readonly mainDb: () => Database.Database,
    private readonly maxIdle = 4,
  ) {}

  open(): ReadSession {
    let conn: SqliteSessionConnection;
    if (this.path === ":memory:") {
      this.shared ??= new SqliteSessionConnection(this.mainDb());
      conn = this.shared;
    } else {
      conn = this.idle.pop() ?? this.connect();
    }
    return this.session(conn);
  }

  private connect(): SqliteSessionConnection {
    const db = new Database(this.path, { readonly: true });
    db.pragma("cache_size = -32768");
    db.pragma("mmap_size = 1073741824");
    db.pragma("busy_timeout = 10000");
    return new SqliteSessionConnection(db);
  }

  private session(conn: SqliteSessionConnection): ReadSession {
    let closed = false;
    const sessions = this;
    return {
      dialect: SQLITE_DIALECT,
      rowGuard: "skyport_deadline",
      async createTempTable(name, columns, rows) {
        const t = quoteIdent(name);
        conn.db.exec(`CREATE TEMP TABLE ${t} (${columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.type]}`).join(", ")})`);
        conn.temp.add(name);
        const insert = conn.db.prepare(`INSERT INTO ${t} VALUES (${columns.map(() => "?").join(", ")})`);
        conn.db.transaction(() => {
          for (const r of rows) insert.run(...r.map(bindValue));
        })();
      },
      async *stream(sql: string, params: readonly TempValue[], options: StreamOptions) {
        const batch = options.batchRows ?? 1000;
        const named: Record<string, Bindable> = {};
        params.forEach((v, i) => {
          named[`p${i + 1}`] = bindValue(v);
        });
        conn.timeoutMs = options.timeoutMs;
        conn.deadline = Date.now() + options.timeoutMs;
        const stmt = conn.statement(sql);
        stmt.raw(true);
        stmt.safeIntegers(true);
        const it = stmt.iterate(named) as IterableIterator<unknown[]>;
        try {
          for (;;) {
            const rows: unknown[][] = [];
            let done = false;
            while (rows.length < batch) {
              const n = it.next();
              if (n.done) {
                done = true;
                break;
              }
              const row = n.value;
              for (let i = 0; i < row.length; i++) if (typeof row[i] === "bigint") row[i] = normaliseInteger(row[i] as bigint);
              rows.push(row);
            }
            if (rows.length > 0) yield rows;
            if (done) return;
            if (Date.now() > conn.deadline) throw new QueryTimeoutError(options.timeoutMs);
            // Let other requests run between batches.
            await new Promise((r) => setImmediate(r));
          }
        } finally {
          it.return?.();
          conn.deadline = Number.POSITIVE_INFINITY;
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        for (const t of conn.temp) conn.db.exec(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
        conn.temp.clear();
        if (conn === sessions.shared) return;
        if (sessions.idle.length < sessions.maxIdle) sessions.idle.push(conn);
        else conn.db.close();
      },
    };
  }

  closeAll(): void {
    for (const c of this.idle.splice(0)) c.db.close();
  }
}
