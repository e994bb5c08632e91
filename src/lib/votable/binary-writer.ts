/**
 * Row encoder for the BINARY and BINARY2 serialisations (VOTable 1.4 §5.4, §5.5): rows go through
 * the per-column encoders of binary-columns.ts into one reused raw buffer (BINARY2 first writes
 * the null bitmask: ⌊(N+7)/8⌋ bytes, most significant bit of the first byte = first column);
 * when the buffer fills, whole 3-byte groups are base64-encoded straight into the output chunk, so
 * no per-row strings or arrays are allocated.
 */
import { base64EncodeGroups, base64EncodeInto } from "./base64.js";
import { type ColumnEncoder, columnEncoder, RAW_BYTES } from "./binary-columns.js";
import type { ChunkSink } from "./chunk-sink.js";
import { columnShape, ELEMENT_BYTES } from "./datatypes.js";
import type { Cell, Field } from "./model.js";

export { effectiveFields } from "./binary-columns.js";

/** Encodes rows of one table into base64 STREAM text inside a ChunkSink. */
export class BinaryRowEncoder {
  /** The reused raw buffer and its view (public for the column encoders). */
  readonly raw = new Uint8Array(RAW_BYTES + 8);
  readonly view = new DataView(this.raw.buffer);
  pos = 0;
  private readonly scratch32 = new Uint32Array(RAW_BYTES / 3);
  private readonly scratch8 = new Uint8Array(this.scratch32.buffer);
  private readonly encoders: ColumnEncoder[];
  private readonly maskBytes: number;
  /**
   * Free bytes guaranteed before each column write: the row's fixed-size part (plus counts).
   * Reserved at row start and restored after every variable-length write (`restore`), so scalar
   * encoders can write without checking for room.
   */
  readonly rowHint: number;
  private drains = 0;

  /**
   * @param fields the table's columns (for BINARY pass them through `effectiveFields` first)
   * @param sink where base64 text goes
   * @param binary2 true for BINARY2 (leading null bitmask)
   */
  constructor(
    fields: readonly Field[],
    private readonly sink: ChunkSink,
    binary2: boolean,
  ) {
    this.maskBytes = binary2 ? (fields.length + 7) >> 3 : 0;
    let hint = this.maskBytes + 64;
    for (const f of fields) {
      const s = columnShape(f);
      hint += s.variable ? 4 : Math.ceil(s.count * ELEMENT_BYTES[f.datatype]);
    }
    const encoders = fields.map(columnEncoder);
    if (hint <= RAW_BYTES / 2) {
      this.rowHint = hint;
      this.encoders = encoders;
    } else {
      // Very wide rows: no row-level reservation; every column makes room for itself.
      this.rowHint = 32;
      this.encoders = encoders.map((enc) => (e: BinaryRowEncoder, c: Cell) => {
        e.ensure(32);
        enc(e, c);
      });
    }
  }

  /** Re-establishes `rowHint` free bytes after a variable-length write. */
  restore(): void {
    if (this.pos + this.rowHint > RAW_BYTES) this.drain(false);
  }

  /** Makes room for `n` more raw bytes (n ≤ RAW_BYTES - 8), draining full groups to base64. */
  ensure(n: number): void {
    if (this.pos + n > RAW_BYTES) this.drain(false);
  }

  /**
   * Encodes one row; throws VOTableModelError when a value does not fit its column. After a throw
   * the partial row is rolled back unless it was so long that part of it was already encoded.
   */
  writeRow(row: readonly Cell[]): void {
    this.ensure(this.rowHint);
    const start = this.pos;
    const drains = this.drains;
    try {
      this.encodeRow(row);
    } catch (err) {
      if (this.drains === drains) this.pos = start;
      throw err;
    }
  }

  private encodeRow(row: readonly Cell[]): void {
    const enc = this.encoders;
    const ncol = enc.length;
    if (this.maskBytes > 0) {
      this.ensure(this.maskBytes);
      const m = this.pos;
      for (let b = 0; b < this.maskBytes; b++) this.raw[m + b] = 0;
      for (let i = 0; i < ncol; i++) {
        const c = row[i];
        if (c === null || c === undefined) this.raw[m + (i >> 3)]! |= 0x80 >> (i & 7);
      }
      this.pos += this.maskBytes;
    }
    for (let i = 0; i < ncol; i++) enc[i]!(this, row[i]);
  }

  /** Base64-encodes what is buffered; `final` also encodes a trailing partial group with padding. */
  drain(final: boolean): void {
    const n = final ? this.pos : this.pos - (this.pos % 3);
    if (n === 0) return;
    this.drains++;
    const sink = this.sink;
    const whole = n - (n % 3);
    const need = (whole / 3) * 4;
    sink.reserve(need + 6);
    let len: number;
    const at = sink.buf.byteOffset + sink.pos;
    if (at % 4 === 0) {
      // Usually a fresh chunk: encode straight into it (32-bit aligned), no copy.
      len = base64EncodeGroups(this.raw, 0, whole, new Uint32Array(sink.buf.buffer, at, need / 4));
    } else {
      len = base64EncodeGroups(this.raw, 0, whole, this.scratch32);
      sink.buf.set(this.scratch8.subarray(0, len), sink.pos);
    }
    let o = base64EncodeInto(this.raw, whole, n, sink.buf, sink.pos + len, final);
    sink.buf[o++] = 10;
    sink.pos = o;
    this.raw.copyWithin(0, n, this.pos);
    this.pos -= n;
    if (sink.pos > sink.buf.length - 1024) sink.flush();
  }
}
