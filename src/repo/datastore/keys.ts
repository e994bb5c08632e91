/**
 * The one place datastore keys are checked (STYLE.md §3): a key is a relative, normalised path of
 * safe segments. Nothing a user sends can name a file outside the datastore: absolute paths, `..`,
 * empty or dot segments, backslashes, NUL and control characters are refused before any I/O.
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";

export class DatastoreKeyError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`invalid datastore key ${JSON.stringify(key)}: ${reason}`);
    this.name = "DatastoreKeyError";
  }
}

const SEGMENT = /^[A-Za-z0-9_.+@=,:-][A-Za-z0-9_.+@=,: -]*$/;

/** Validates a key and returns it unchanged; throws DatastoreKeyError. */
export function checkKey(key: string): string {
  if (typeof key !== "string" || key.length === 0) throw new DatastoreKeyError(String(key), "empty");
  if (key.length > 1024) throw new DatastoreKeyError(key.slice(0, 40), "longer than 1024 characters");
  if (key.startsWith("/") || isAbsolute(key) || /^[A-Za-z]:/.test(key)) throw new DatastoreKeyError(key, "absolute paths are not keys");
  if (key.includes("\\")) throw new DatastoreKeyError(key, "backslashes are not allowed");
  for (const seg of key.split("/")) {
    if (seg === "" || seg === "." || seg === "..") throw new DatastoreKeyError(key, `segment '${seg}' is not allowed`);
    if (!SEGMENT.test(seg)) throw new DatastoreKeyError(key, `segment '${seg}' has characters outside [A-Za-z0-9_.+@=,: -]`);
  }
  return key;
}

/** The absolute path of a checked key under a root; also verifies the result stays inside. */
export function resolveInside(root: string, key: string): string {
  checkKey(key);
  const absRoot = resolve(root);
  const full = resolve(join(absRoot, key));
  const rel = relative(absRoot, full);
  if (rel.startsWith("..") || isAbsolute(rel) || rel === "") throw new DatastoreKeyError(key, "escapes the datastore root");
  return full.split("/").join(sep);
}
