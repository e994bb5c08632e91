/**
 * Internal helpers that turn a rejected parameter value into the service error model: every fault
 * is a `SkyportError` with code "UsageFault" and `param` set (STYLE.md §5; SIA 2.0 SIA-13), and
 * geometry errors from lib/sphere are wrapped rather than re-parsed (STYLE.md §6).
 */
import { type SkyportError, usageFault } from "../errors/index.js";
import { GeometryError } from "../sphere/index.js";

/** A UsageFault about `param`, message `Invalid <param> value "<value>": <why>`. */
export function invalid(param: string, value: string, why: string): SkyportError {
  return usageFault(`Invalid ${param} value ${JSON.stringify(value)}: ${why}`, { param });
}

/** Runs a sphere parser, turning its GeometryError into a UsageFault naming value and rule. */
export function wrapGeometry<T>(param: string, value: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof GeometryError) throw invalid(param, value, e.message);
    throw e;
  }
}
