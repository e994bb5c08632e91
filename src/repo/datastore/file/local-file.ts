/**
 * A local file opened for positioned reads: the byte source under the file datastore and the CLI
 * (`read(offset, length)` as the pure libraries expect, short only at end of file).
 *
 * Small reads (up to `syncReadMaxBytes`, default 1 MiB) are synchronous `pread`s on the event
 * loop, as nginx reads files by default: from the OS page cache a 1 KB read takes a few
 * microseconds, while each trip through libuv's worker threads costs 8–150 µs on a small VM, and a
 * cut-out's section is hundreds of row reads (300 rows of a 4k image: 1.4 ms against 5.9 ms
 * asynchronously, see BENCHMARKS.md bench/soda). Such a source also offers `readIntoSync`, so the
 * section reader copies rows straight into its buffer. Larger reads stay asynchronous. On network
 * filesystems, where a read may wait for the network, set datastore.syncReadMaxBytes to 0.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import type { StoredFile } from "../datastore.js";

/** Default largest read done synchronously. */
export const DEFAULT_SYNC_READ_MAX_BYTES = 1 << 20;

export interface LocalFileOptions {
  /** Largest read done synchronously (0 = every read through libuv's thread pool). */
  readonly syncReadMaxBytes?: number;
}

/** A stored file with the optional synchronous copy of the pure libraries' ByteSource. */
export type LocalFile = StoredFile & { readIntoSync?(offset: number, length: number, dst: Uint8Array, dstOffset: number): boolean };

/** Opens a file for range reads; rejects with the filesystem error (ENOENT …) when it cannot. */
export async function openLocalFile(path: string, options: LocalFileOptions = {}): Promise<LocalFile> {
  const syncMax = options.syncReadMaxBytes ?? DEFAULT_SYNC_READ_MAX_BYTES;
  if (syncMax > 0) return openSyncReading(path, syncMax);
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

/** Reads [offset, offset + n) into dst at dstOffset with pread; returns the bytes read. */
function preadFully(fd: number, dst: Uint8Array, dstOffset: number, n: number, offset: number): number {
  let done = 0;
  while (done < n) {
    const got = readSync(fd, dst, dstOffset + done, n - done, offset + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}

function openSyncReading(path: string, syncMax: number): LocalFile {
  const fd = openSync(path, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  // Large reads go through a FileHandle opened on first use, so they do not block the loop.
  let handle: Promise<import("node:fs/promises").FileHandle> | undefined;
  let closed = false;
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (closed) throw new Error(`read from closed file ${path}`);
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let done: number;
      if (n <= syncMax) done = preadFully(fd, buf, 0, n, offset);
      else {
        handle ??= open(path, "r");
        const h = await handle;
        done = 0;
        while (done < n) {
          const { bytesRead } = await h.read(buf, done, n - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    readIntoSync(offset: number, length: number, dst: Uint8Array, dstOffset: number): boolean {
      if (closed || length > syncMax || offset + length > size) return false;
      return preadFully(fd, dst, dstOffset, length, offset) === length;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (handle) await (await handle).close();
    },
  };
}
