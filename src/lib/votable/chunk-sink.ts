/**
 * Output assembly for the streaming writers: text and bytes are appended to a 64 KiB buffer and
 * handed out as finished `Uint8Array` chunks. Each chunk is a fresh buffer the consumer may keep
 * (the HTTP layer can queue it), while the sink itself never holds more than one chunk, so memory
 * stays flat whatever the row count.
 */

/** Target chunk size in bytes. */
export const CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();

/** Collects output and releases it as ~64 KiB chunks. */
export class ChunkSink {
  /** The chunk being filled (public for the BINARY encoder's base64 loop). */
  buf: Uint8Array;
  /** Fill level of `buf`. */
  pos = 0;
  private ready: Uint8Array[] = [];
  private readonly size: number;

  constructor(size = CHUNK_BYTES) {
    this.size = size;
    this.buf = new Uint8Array(size);
  }

  /** Moves the current buffer to the ready list if it holds anything. */
  flush(): void {
    if (this.pos === 0) return;
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(this.size);
    this.pos = 0;
  }

  /** Ensures `n` free bytes in `buf` (n ≤ chunk size), flushing first when needed. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  /** Appends a string as UTF-8. */
  writeString(s: string): void {
    // A UTF-16 unit becomes at most 3 UTF-8 bytes.
    if (s.length * 3 <= this.buf.length - this.pos) {
      this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
      if (this.pos >= this.size - 256) this.flush();
      return;
    }
    let rest = s;
    while (rest.length > 0) {
      if (this.buf.length - this.pos < 16) this.flush();
      const r = encoder.encodeInto(rest, this.buf.subarray(this.pos));
      this.pos += r.written;
      rest = rest.slice(r.read);
      if (rest.length > 0) this.flush();
    }
  }

  /** Number of finished chunks waiting. */
  get pending(): number {
    return this.ready.length;
  }

  /** Takes the finished chunks (and, when `all`, the partial one too). */
  take(all = false): Uint8Array[] {
    if (all) this.flush();
    const out = this.ready;
    this.ready = [];
    return out;
  }
}
