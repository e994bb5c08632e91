/**
 * A local file opened for positioned reads: the byte source under the file datastore and the CLI
 * (`read(offset, length)` as the pure libraries expect, short only at end of file).
 */
import { open } from "node:fs/promises";
import type { StoredFile } from "../datastore.js";

/** Opens a file for range reads; rejects with the filesystem error (ENOENT …) when it cannot. */
export async function openLocalFile(path: string): Promise<StoredFile> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(buf, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
