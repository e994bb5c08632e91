/**
 * The SQLite engine for the embedded registry (better-sqlite3, synchronous underneath): one
 * connection, WAL journal, foreign keys on, statements cached, 64-bit integers read exactly.
 * Transactions are serialised by a mutex because the async interface could otherwise interleave.
 */
import Database from "better-sqlite3";
import {
  Mutex,
  normaliseInteger,
  type SqlCapabilities,
  type SqlDatabase,
  type SqlExecutor,
  type SqlRow,
  type SqlTransaction,
  type SqlValue,
} from "./database.js";
import type { ReadSession } from "./read-session.js";
import { SqliteSessions } from "./sqlite-session.js";

export const SQLITE_CAPABILITIES: SqlCapabilities = {
  label: "sqlite",
  placeholder: () => "?",
  bigintType: "INTEGER",
  floatType: "REAL",
  boolType: "INTEGER",
  blobType: "BLOB",
  autoIdColumn: "INTEGER PRIMARY KEY AUTOINCREMENT",
  spatial: "healpix-ranges",
  temporalIndex: "btree",
  globMatch: "glob",
  maxParameters: 32_000,
};

type Bindable = string | number | bigint | null | Buffer;

function bind(params: readonly SqlValue[]): Bindable[] {
  return params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : (p as Bindable)));
}

function normaliseRow(row: Record<string, unknown>): SqlRow {
  for (const k in row) {
    const v = row[k];
    if (typeof v === "bigint") row[k] = normaliseInteger(v);
  }
  return row;
}

export interface SqliteOptions {
  /** File path, or ":memory:". */
  readonly path: string;
  readonly readonly?: boolean;
}

/** A scalar SQL function implemented in JavaScript (used for exact geometry tests). */
export type SqliteFunction = (...args: unknown[]) => unknown;

export class SqliteDatabase implements SqlDatabase {
  readonly caps = SQLITE_CAPABILITIES;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly mutex = new Mutex();
  private savepoint = 0;
  private readonly sessions: SqliteSessions;

  constructor(options: SqliteOptions) {
    this.db = new Database(options.path, { readonly: options.readonly ?? false });
    this.sessions = new SqliteSessions(options.path, () => this.db);
    if (!options.readonly) this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 10000");
    // Registry queries touch many scattered pages: a larger page cache and memory-mapped reads
    // avoid a read() per page (measured ~7% on a 1M-dataset region query).
    this.db.pragma("cache_size = -65536");
    this.db.pragma("mmap_size = 1073741824");
  }

  /** Registers a deterministic scalar function callable from SQL. */
  registerFunction(name: string, fn: SqliteFunction): void {
    this.db.function(name, { deterministic: true, varargs: true }, (...args: unknown[]) => {
      const r = fn(...args);
      return typeof r === "boolean" ? (r ? 1 : 0) : (r as Bindable);
    });
  }

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statements.size > 2000) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  private allNow<T extends object>(sql: string, params: readonly SqlValue[]): T[] {
    const st = this.prepare(sql);
    if (!st.reader) {
      st.run(...bind(params));
      return [];
    }
    st.safeIntegers(true);
    return (st.all(...bind(params)) as Record<string, unknown>[]).map(normaliseRow) as T[];
  }

  private runNow(sql: string, params: readonly SqlValue[]): number {
    return this.prepare(sql).run(...bind(params)).changes;
  }

  private direct(): SqlTransaction {
    return {
      caps: this.caps,
      all: async <T extends object>(sql: string, params: readonly SqlValue[] = []) => this.allNow<T>(sql, params),
      run: async (sql: string, params: readonly SqlValue[] = []) => this.runNow(sql, params),
      exec: async (sql: string) => {
        this.db.exec(sql);
      },
      transaction: <T>(fn: (tx: SqlTransaction) => Promise<T>) => this.nested(fn),
    };
  }

  private async nested<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoint}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const r = await fn(this.direct());
      this.db.exec(`RELEASE ${name}`);
      return r;
    } catch (e) {
      this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw e;
    }
  }

  private async locked<T>(fn: (ex: SqlExecutor) => T | Promise<T>): Promise<T> {
    const release = await this.mutex.lock();
    try {
      return await fn(this.direct());
    } finally {
      release();
    }
  }

  all<T extends object = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.locked(() => this.allNow<T>(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.locked(() => this.runNow(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.locked(() => {
      this.db.exec(sql);
    });
  }

  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const r = await fn(this.direct());
        this.db.exec("COMMIT");
        return r;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw e;
      }
    });
  }

  /** A read session on its own connection (see read-session.ts). */
  async openReadSession(): Promise<ReadSession> {
    return this.sessions.open();
  }

  async close(): Promise<void> {
    const release = await this.mutex.lock();
    try {
      this.sessions.closeAll();
      this.statements.clear();
      this.db.close();
    } finally {
      release();
    }
  }
}
