/**
 * Read-only access to a Gen3 Butler SQLite registry file: opens it with better-sqlite3 in read-only
 * mode (through a temporary copy when the file is in WAL mode, which needs a writable -shm beside
 * it), lists its tables and columns from sqlite_master, and reads butler_attributes (manager
 * classes, schema versions, the dimension universe as `config:dimensions.json`). The schema is
 * always discovered from the file itself; nothing here assumes a particular daf_butler release.
 */
import { copyFileSync, existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";

/** A fault in the source registry: missing tables, unsupported managers, unreadable values. */
export class ButlerSqliteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ButlerSqliteError";
  }
}

/** One row of the source, with INTEGER values as bigint (TAI nanoseconds exceed 2^53). */
export type SourceRow = Readonly<Record<string, unknown>>;

export interface SourceColumn {
  readonly name: string;
  /** Declared SQL type, upper case ("BIGINT", "VARCHAR(16)", "TEXT" …). */
  readonly type: string;
  /** The column's DEFAULT expression as written in the schema, or null. */
  readonly defaultValue: string | null;
}

/** The source universe as recorded in butler_attributes (`config:dimensions.json`). */
export interface SourceUniverse {
  readonly namespace: string;
  readonly version: number;
  /** The raw configuration, in the dimensions.yaml layout. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly elementNames: readonly string[];
}

/** SQLite header bytes 18-19 are the write/read format versions: 2 means WAL. */
function isWal(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    return header[18] === 2 || header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** An open, read-only Butler SQLite registry. Close it when done. */
export class ButlerSource {
  readonly tables: ReadonlyMap<string, readonly SourceColumn[]>;
  readonly attributes: ReadonlyMap<string, string>;

  private constructor(
    private readonly db: Database.Database,
    private readonly tempDir: string | undefined,
  ) {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    const tables = new Map<string, SourceColumn[]>();
    for (const { name } of names) {
      const cols = db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; type: string; dflt_value: string | null }[];
      tables.set(name, cols.map((c) => ({ name: c.name, type: c.type.toUpperCase(), defaultValue: c.dflt_value })));
    }
    this.tables = tables;
    const attrs = new Map<string, string>();
    if (tables.has("butler_attributes")) {
      for (const r of db.prepare(`SELECT name, value FROM butler_attributes`).all() as { name: string; value: string }[]) attrs.set(r.name, r.value);
    }
    this.attributes = attrs;
  }

  /**
   * Opens `path` read-only (`fileMustExist`). A WAL-mode file is copied, with its -wal file, to a
   * temporary directory first, so the original is never touched.
   * @throws ButlerSqliteError when the file is missing or is not a Butler registry.
   */
  static open(path: string): ButlerSource {
    if (!existsSync(path)) throw new ButlerSqliteError(`no such file: ${path}`);
    let file = path;
    let tempDir: string | undefined;
    if (isWal(path)) {
      tempDir = mkdtempSync(join(tmpdir(), "skyport-butler-"));
      file = join(tempDir, basename(path));
      copyFileSync(path, file);
      if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${file}-wal`);
    }
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (e) {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      throw new ButlerSqliteError(`cannot open ${path} as SQLite: ${e instanceof Error ? e.message : String(e)}`);
    }
    const source = new ButlerSource(db, tempDir);
    for (const t of ["collection", "dataset_type", "dataset"]) {
      if (!source.has(t)) {
        source.close();
        throw new ButlerSqliteError(`${path} is not a Gen3 Butler registry: it has no ${t} table`);
      }
    }
    return source;
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Column names of a table (empty when it does not exist). */
  columns(table: string): string[] {
    return (this.tables.get(table) ?? []).map((c) => c.name);
  }

  /** A column's description, when present. */
  column(table: string, name: string): SourceColumn | undefined {
    return this.tables.get(table)?.find((c) => c.name === name);
  }

  /**
   * Runs a read query; integers come back as bigint. Table and column names interpolated into
   * `sql` must come from {@link tables} (checked with {@link ident}), never from row values.
   */
  all(sql: string, params: readonly unknown[] = []): SourceRow[] {
    return this.db.prepare(sql).safeIntegers(true).all(...params) as SourceRow[];
  }

  /** Quotes a table or column name after checking the file has it. */
  ident(table: string, column?: string): string {
    if (!this.tables.has(table)) throw new ButlerSqliteError(`the source has no table ${table}`);
    if (column === undefined) return quote(table);
    if (!this.columns(table).includes(column)) throw new ButlerSqliteError(`the source table ${table} has no column ${column}`);
    return quote(column);
  }

  /** Rows of a whole table. */
  rows(table: string): SourceRow[] {
    return this.all(`SELECT * FROM ${this.ident(table)}`);
  }

  /** Number of rows of a table (0 when absent). */
  count(table: string): number {
    if (!this.has(table)) return 0;
    const r = this.all(`SELECT count(*) AS n FROM ${this.ident(table)}`)[0];
    return Number(r?.n ?? 0);
  }

  /** The dimension universe recorded by the source, or null when it recorded none. */
  universe(): SourceUniverse | null {
    const raw = this.attributes.get("config:dimensions.json");
    if (raw === undefined) return null;
    let config: unknown;
    try {
      config = JSON.parse(raw);
    } catch {
      throw new ButlerSqliteError("butler_attributes config:dimensions.json is not valid JSON");
    }
    if (typeof config !== "object" || config === null) throw new ButlerSqliteError("config:dimensions.json is not a mapping");
    const c = config as Record<string, unknown>;
    const elements = typeof c.elements === "object" && c.elements !== null ? Object.keys(c.elements) : [];
    return {
      namespace: typeof c.namespace === "string" ? c.namespace : "daf_butler",
      version: typeof c.version === "number" ? c.version : 0,
      config: c,
      elementNames: elements,
    };
  }

  /** Registry manager classes by role (`config:registry.managers.<role>`). */
  managers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.attributes) if (k.startsWith("config:registry.managers.")) out[k.slice("config:registry.managers.".length)] = v;
    return out;
  }

  close(): void {
    this.db.close();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}
