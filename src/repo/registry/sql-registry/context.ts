/**
 * What every part of the SQL registry works with: the executor (the database, or the open
 * transaction), the universe, the spatial strategy, and a builder that numbers placeholders the
 * way the engine wants while keeping every value a bound parameter.
 */
import type { DimensionUniverse } from "../../model/index.js";
import type { SqlExecutor, SqlValue } from "../sql/database.js";
import type { SpatialStrategy } from "../spatial/spatial.js";

export interface RegistryContext {
  readonly ex: SqlExecutor;
  readonly universe: DimensionUniverse;
  readonly spatial: SpatialStrategy;
}

/**
 * Collects bound values. `add` returns a token, and `bind` numbers the tokens in the order they
 * appear in the final SQL, so fragments can be built in any order and reused: positional "?"
 * placeholders (SQLite) then always line up with their values.
 */
export class Params {
  private readonly store: SqlValue[] = [];

  constructor(private readonly placeholder: (index1: number) => string) {}

  /** Adds a value and returns its token. */
  add(v: SqlValue): string {
    this.store.push(v);
    return `\u0000${this.store.length - 1}\u0000`;
  }

  /** Tokens for a list of values, comma-separated. */
  list(vs: readonly SqlValue[]): string {
    return vs.map((v) => this.add(v)).join(", ");
  }

  /** The SQL with engine placeholders and the values in textual order. */
  bind(sql: string): [string, SqlValue[]] {
    const values: SqlValue[] = [];
    const out = sql.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => {
      values.push(this.store[Number(i)]!);
      return this.placeholder(values.length);
    });
    return [out, values];
  }
}

/** A registry fault a caller can act on (conflicts, unknown names, bad data IDs). */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly kind: "conflict" | "missing" | "invalid" = "invalid",
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

/** Glob (`*`, `?`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`);
}

/** Splits a list into chunks, for statements limited in parameter count. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
