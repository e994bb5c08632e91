/**
 * The datastore interface (STYLE.md §3): bytes addressed by opaque keys, with range reads for
 * sections and cutouts, streamed puts, trash-then-empty deletion, and a URI for redirects. The
 * local filesystem (file/) and S3-compatible object stores (s3/) implement it; both pass
 * repo/contract/datastore.contract.ts.
 */
import type { Readable } from "node:stream";

/** A random-access view of one stored file (the pure libraries' ByteSource plus close). */
export interface StoredFile {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PutResult {
  readonly size: number;
  /** Hex SHA-256 of the bytes written. */
  readonly checksum: string;
}

export type IngestMode = "copy" | "hardlink" | "symlink" | "move";

export interface Datastore {
  /** Human-readable location, for messages. */
  readonly description: string;
  /** True when the bytes are there. */
  exists(key: string): Promise<boolean>;
  /** Size and modification time, or undefined when absent. */
  stat(key: string): Promise<{ size: number; mtime: Date } | undefined>;
  /** Opens a file for range reads. */
  open(key: string): Promise<StoredFile>;
  /** Streams a file, optionally a byte range [start, end] inclusive as in HTTP. */
  stream(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /**
   * Writes a file atomically: readers see all of it or nothing (file: temp file, then rename; S3:
   * the object appears when its PUT or multipart upload completes). Refuses to overwrite unless
   * asked.
   */
  put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, options?: { overwrite?: boolean }): Promise<PutResult>;
  /** Brings an existing local file into the store (S3: hardlink and symlink are copies). */
  ingestFile(key: string, sourcePath: string, mode: IngestMode): Promise<PutResult>;
  /** Removes a file at once (used to undo a put whose registry transaction failed). */
  remove(key: string): Promise<void>;
  /** First phase of deletion: the file leaves its key but is kept until emptyTrash. */
  trash(key: string): Promise<void>;
  /** Second phase: deletes everything trashed; returns how many files were deleted. */
  emptyTrash(): Promise<number>;
  /** A URI clients or workers may be redirected to (file:// here, signed https for S3). */
  uri(key: string): string;
  /**
   * Optional capability: verifies that the store is reachable and usable (S3: bucket and
   * credentials), for start-up and availability probes. Throws when it is not.
   */
  check?(): Promise<void>;
  /**
   * Optional capability: a URL any HTTP client may GET the bytes from directly, without this
   * server, valid for `expiresS` seconds (default: the store's setting), with the response headers
   * given (S3: a presigned GET). Absent when the store has no such URL (file).
   */
  signedUrl?(key: string, options?: SignedUrlOptions): string;
}

/** Lifetime and response-header overrides for Datastore.signedUrl. */
export interface SignedUrlOptions {
  readonly expiresS?: number;
  readonly contentType?: string;
  readonly contentDisposition?: string;
  readonly cacheControl?: string;
}
