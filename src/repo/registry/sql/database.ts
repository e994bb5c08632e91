/**
 * The SQL database abstraction the registry is written against (STYLE.md §3): statements with
 * bound parameters, transactions, and named capabilities where engines differ. The registry never
 * asks "is this SQLite?"; it asks for a placeholder, a column type or the spatial strategy.
 */

import type { ReadSession } from "./read-session.js";

/** A value bound to a statement parameter. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/** A row as returned: integers beyond 2^53 come back as bigint on every engine. */
export type SqlRow = Record<string, unknown>;

/** How an engine spells the things that differ. */
export interface SqlCapabilities {
  /** A short name for messages and test names, never for branching. */
  readonly label: string;
  /** The n-th (1-based) parameter placeholder: "?" or "$n". */
  placeholder(index1: number): string;
  /** Column type of 64-bit integers. */
  readonly bigintType: string;
  /** Column type of 64-bit floats. */
  readonly floatType: string;
  /** Column type of booleans (rows return true/false or 1/0; the registry normalises). */
  readonly boolType: string;
  /** Column type of binary data. */
  readonly blobType: string;
  /** Primary key column with automatic values. */
  readonly autoIdColumn: string;
  /** How regions are indexed: HEALPix range tables or pgSphere polygons. */
  readonly spatial: "healpix-ranges" | "pgsphere";
  /** How time ranges are indexed: B-tree on (begin, end) or a GiST int8range expression index. */
  readonly temporalIndex: "btree" | "int8range-gist";
  /** How shell-style globs are matched: SQLite's GLOB operator, or a POSIX regex (~). */
  readonly globMatch: "glob" | "regex";
  /** Largest number of bound parameters in one statement. */
  readonly maxParameters: number;
}

/** Runs statements; a transaction hands one of these to its callback. */
export interface SqlExecutor {
  readonly caps: SqlCapabilities;
  /** Runs a query and returns all rows. */
  all<T extends object = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs several statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Nested calls
   * on the executor handed to `fn` use savepoints. Other work on this database waits meanwhile.
   */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** A connection set aside for one streamed user query (TAP, SIA). */
  openReadSession(): Promise<ReadSession>;
  close(): Promise<void>;
}

export interface SqlTransaction extends SqlExecutor {
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
}

/** Quotes an identifier that comes from checked metadata (never from user input). */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing to quote identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Integers in the safe range become numbers; others stay bigint. */
export function normaliseInteger(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** A FIFO mutex: serialises transactions and the statements that arrive while one is open. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    return release;
  }
}
