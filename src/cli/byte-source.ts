/**
 * A random-access byte source over a local file for the CLI: the same reader the file datastore
 * uses (`read(offset, length)`, as the pure libraries expect). Gzip streams are not decoded here.
 */
import type { StoredFile } from "../repo/datastore/index.js";
import { openLocalFile } from "../repo/datastore/index.js";

/** A local file opened for range reads (size, read, close). */
export type FileByteSource = StoredFile;

/** Opens a file for range reads. */
export function openFileByteSource(path: string): Promise<FileByteSource> {
  return openLocalFile(path);
}
