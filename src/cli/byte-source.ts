/**
 * A random-access byte source over a local file, the edge-side counterpart of the pure libraries'
 * `ByteSource` shape (`read(offset, length)`): libraries never open files themselves.
 */
import { open, type FileHandle } from "node:fs/promises";

export interface FileByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes from `offset`; fewer come back only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens a file for range reads. Gzip-compressed files are not decoded here. */
export async function openFileByteSource(path: string): Promise<FileByteSource> {
  const handle: FileHandle = await open(path, "r");
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
