/**
 * A read session: one connection set aside for one user query (TAP, SIA), so a long result can be
 * streamed in batches while the registry keeps serving others. It can hold temporary tables (TAP
 * uploads) that vanish with it, and enforces a time limit inside the database: PostgreSQL's
 * statement_timeout, and on SQLite a deadline function the compiled SQL calls per row (an
 * interrupt from within the statement, since better-sqlite3 offers no sqlite3_interrupt).
 */
import type { SqlDialect } from "../../../lib/adql/index.js";
import { SkyportError } from "../../../lib/errors/index.js";

/** A column of a temporary table. */
export interface TempColumn {
  readonly name: string;
  readonly type: "text" | "int" | "long" | "double";
}

export type TempValue = string | number | bigint | null;

export interface StreamOptions {
  /** Wall-clock limit for the statement, milliseconds. */
  readonly timeoutMs: number;
  /** Rows per batch (default 1000). */
  readonly batchRows?: number;
}

export interface ReadSession {
  /** The ADQL dialect of this engine. */
  readonly dialect: SqlDialect;
  /** Name of the per-row deadline function for engines that need one (see CompileOptions.rowGuard). */
  readonly rowGuard: string | undefined;
  /** Creates a temporary table visible only to this session (a plain identifier name). */
  createTempTable(name: string, columns: readonly TempColumn[], rows: Iterable<readonly TempValue[]>): Promise<void>;
  /** Runs one SELECT, yielding its rows as arrays in batches. */
  stream(sql: string, params: readonly TempValue[], options: StreamOptions): AsyncIterable<unknown[][]>;
  /** Ends the session (drops its temporary tables) and returns the connection. */
  close(): Promise<void>;
}

/** The query ran past its time limit (user-safe; HTTP 408-style limit, not a server fault). */
export class QueryTimeoutError extends SkyportError {
  constructor(readonly timeoutMs: number) {
    super({ code: "TooLarge", status: 400, message: `query exceeded the execution time limit of ${timeoutMs / 1000} s`, hint: "narrow the query or run it asynchronously, where the limit is longer" });
    this.name = "QueryTimeoutError";
  }
}
