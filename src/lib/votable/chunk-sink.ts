/**
 * Output assembly for the streaming writers: text and bytes are appended to a 64 KiB buffer and
 * handed out as finished `Uint8Array` chunks. Each chunk is its own region, never written again,
 * that the consumer may keep (the HTTP layer can queue it); long outputs cut their chunks from
 * 1 MiB slabs (a chunk's `.buffer` may then be larger than the chunk: use byteOffset/byteLength).
 * The sink itself holds at most one slab, so memory stays flat whatever the row count.
 */

/** Target chunk size in bytes. */
export const CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);
/** Chunks per slab, and the number of chunks before slabs are used. */
const SLAB_CHUNKS = 16;
const SLAB_AFTER = 4;

/** Collects output and releases it as ~64 KiB chunks. */
export class ChunkSink {
  /** The chunk being filled (public for the BINARY encoder's base64 loop). */
  buf: Uint8Array;
  /** Fill level of `buf`. */
  pos = 0;
  private ready: Uint8Array[] = [];
  private readonly size: number;
  private flushes = 0;
  private slab: Uint8Array | undefined;
  private slabPos = 0;

  constructor(size = CHUNK_BYTES) {
    this.size = size;
    this.buf = new Uint8Array(size);
  }

  /** Moves the current buffer to the ready list if it holds anything. */
  flush(): void {
    if (this.pos === 0) {
      // After take(true) the sink holds no buffer until something is written again.
      if (this.buf.length === 0) this.buf = this.nextBuffer();
      return;
    }
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = this.nextBuffer();
    this.pos = 0;
  }

  /**
   * The next chunk buffer. Small documents get separate 64 KiB buffers; from the fourth chunk on,
   * chunks are cut from 1 MiB slabs (16 chunks each): one large allocation costs about a fifth of
   * sixteen small ones per byte. Chunks never overlap and are never written again once handed out,
   * so a consumer may still keep any of them (the slab lives while one of its chunks does).
   */
  private nextBuffer(): Uint8Array {
    if (++this.flushes < SLAB_AFTER) return new Uint8Array(this.size);
    if (this.slab === undefined || this.slabPos + this.size > this.slab.length) {
      this.slab = new Uint8Array(this.size * SLAB_CHUNKS);
      this.slabPos = 0;
    }
    const b = this.slab.subarray(this.slabPos, this.slabPos + this.size);
    this.slabPos += this.size;
    return b;
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
    if (all && this.pos > 0) {
      // The last chunk of a document: no fresh buffer until another write needs one.
      this.ready.push(this.buf.subarray(0, this.pos));
      this.buf = EMPTY;
      this.pos = 0;
    }
    const out = this.ready;
    this.ready = [];
    return out;
  }
}
