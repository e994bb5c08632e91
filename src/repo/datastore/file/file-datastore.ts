/**
 * The local-filesystem datastore: files under a root, keys checked by keys.ts before any I/O,
 * writes atomic (temporary name then rename) with a SHA-256 computed while streaming, range reads
 * through positioned reads, and a `.trash` folder for two-phase deletion.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm, stat, symlink, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { Datastore, IngestMode, PutResult, StoredFile } from "../datastore.js";
import { resolveInside } from "../keys.js";
import { type LocalFileOptions, openLocalFile } from "./local-file.js";

const TRASH = ".trash";
const TMP = ".tmp";

export class DatastoreError extends Error {
  constructor(
    message: string,
    readonly kind: "missing" | "conflict" | "io" = "io",
  ) {
    super(message);
    this.name = "DatastoreError";
  }
}

async function sha256File(path: string): Promise<PutResult> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, checksum: hash.digest("hex") };
}

export class FileDatastore implements Datastore {
  readonly root: string;

  /**
   * @param root the directory holding the files
   * @param options how opened files read (see local-file.ts: small reads are synchronous preads)
   */
  constructor(
    root: string,
    private readonly options: LocalFileOptions = {},
  ) {
    this.root = resolve(root);
  }

  get description(): string {
    return `file datastore at ${this.root}`;
  }

  private path(key: string): string {
    return resolveInside(this.root, key);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async stat(key: string): Promise<{ size: number; mtime: Date } | undefined> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? { size: s.size, mtime: s.mtime } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  async open(key: string): Promise<StoredFile> {
    const path = this.path(key);
    try {
      return await openLocalFile(path, this.options);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new DatastoreError(`no file for key ${key}`, "missing");
      throw e;
    }
  }

  async stream(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.path(key);
    if (!(await this.exists(key))) throw new DatastoreError(`no file for key ${key}`, "missing");
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  private async tempPath(): Promise<string> {
    const dir = join(this.root, TMP);
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }

  private async settle(tmp: string, key: string, overwrite: boolean): Promise<void> {
    const dest = this.path(key);
    await mkdir(dirname(dest), { recursive: true });
    if (!overwrite && (await this.exists(key))) {
      await rm(tmp, { force: true });
      throw new DatastoreError(`a file already exists for key ${key}`, "conflict");
    }
    await rename(tmp, dest);
  }

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, options: { overwrite?: boolean } = {}): Promise<PutResult> {
    this.path(key);
    const tmp = await this.tempPath();
    const hash = createHash("sha256");
    let size = 0;
    const fh = await open(tmp, "wx");
    try {
      const chunks = data instanceof Uint8Array ? [data] : data;
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        let off = 0;
        while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
      }
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    await this.settle(tmp, key, options.overwrite ?? false);
    return { size, checksum: hash.digest("hex") };
  }

  async ingestFile(key: string, sourcePath: string, mode: IngestMode): Promise<PutResult> {
    const dest = this.path(key);
    const src = resolve(sourcePath);
    const s = await stat(src).catch(() => undefined);
    if (!s?.isFile()) throw new DatastoreError(`cannot ingest ${sourcePath}: not a readable file`, "missing");
    if (await this.exists(key)) throw new DatastoreError(`a file already exists for key ${key}`, "conflict");
    await mkdir(dirname(dest), { recursive: true });
    if (mode === "symlink") {
      await symlink(src, dest);
    } else if (mode === "hardlink") {
      await link(src, dest);
    } else if (mode === "move") {
      await rename(src, dest).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== "EXDEV") throw e;
        await copyFile(src, dest);
        await unlink(src);
      });
    } else {
      const tmp = await this.tempPath();
      await copyFile(src, tmp);
      await this.settle(tmp, key, false);
    }
    return sha256File(dest);
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async trash(key: string): Promise<void> {
    const from = this.path(key);
    const exists = await lstat(from).then(() => true, () => false);
    if (!exists) return;
    const dir = join(this.root, TRASH);
    await mkdir(dir, { recursive: true });
    await rename(from, join(dir, `${randomUUID()}-${key.replace(/\//g, "__")}`));
  }

  async emptyTrash(): Promise<number> {
    const dir = join(this.root, TRASH);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const n of names) await rm(join(dir, n), { force: true, recursive: true });
    return names.length;
  }

  uri(key: string): string {
    return pathToFileURL(this.path(key)).href;
  }
}
