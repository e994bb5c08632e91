/**
 * DALI request parameters: names are case-insensitive, values case-sensitive (DALI-01/02), and
 * GET query strings and POSTed forms carry the same parameters (DALI-04). Services receive one
 * multi-valued map keyed by upper-case name and never see HTTP.
 */
import { usageFault } from "../lib/errors/index.js";

/** Parameters by upper-case name, each with its values in request order. */
export type DaliParams = ReadonlyMap<string, readonly string[]>;

type RawValue = string | readonly string[] | undefined | unknown;

function addAll(out: Map<string, string[]>, source: unknown): void {
  if (typeof source !== "object" || source === null) return;
  for (const [name, value] of Object.entries(source as Record<string, RawValue>)) {
    const key = name.toUpperCase();
    const list = out.get(key) ?? [];
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === "string") list.push(v);
    } else if (typeof value === "string") {
      list.push(value);
    }
    out.set(key, list);
  }
}

/** Merges query-string and form-body parameters into one case-insensitive map. */
export function collectParams(query: unknown, body: unknown): DaliParams {
  const out = new Map<string, string[]>();
  addAll(out, query);
  addAll(out, body);
  return out;
}

/** The single value of a single-valued parameter (DALI-03: more than one is an error). */
export function singleParam(params: DaliParams, name: string): string | undefined {
  const values = params.get(name.toUpperCase());
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) {
    throw usageFault(`parameter ${name} may be given only once (got ${values.length} values)`, { param: name });
  }
  return values[0];
}
