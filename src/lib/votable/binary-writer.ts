/**
 * Row encoder for the BINARY and BINARY2 serialisations (VOTable 1.4 §5.4, §5.5): rows go through
 * the per-column encoders of binary-columns.ts into one reused raw buffer (BINARY2 first writes
 * the null bitmask: ⌊(N+7)/8⌋ bytes, most significant bit of the first byte = first column);
 * when the buffer fills, whole 3-byte groups are base64-encoded (WebAssembly SIMD, base64-simd.ts,
 * or the scalar loop of base64.ts) into the output chunk, so no per-row strings or arrays are
 * allocated.
 */
import { base64EncodeGroups, base64EncodeInto } from "./base64.js";
import { type Base64Simd, createBase64Simd, OUT_OFFSET } from "./base64-simd.js";
import { type ColumnEncoder, columnEncoder, INLINE, inlineKind, putLatin1, RAW_BYTES } from "./binary-columns.js";
import type { ChunkSink } from "./chunk-sink.js";
import { columnShape, ELEMENT_BYTES } from "./datatypes.js";
import type { Cell, Field } from "./model.js";
import { type CompiledRowWriter, compileRowWriter } from "./row-compiler.js";

export { effectiveFields } from "./binary-columns.js";

const TWO32 = 4294967296;

/** Encodes rows of one table into base64 STREAM text inside a ChunkSink. */
export class BinaryRowEncoder {
  /**
   * The reused raw buffer and its view (public for the column encoders): the first half of the
   * SIMD base64 instance's memory when WebAssembly SIMD is available, so rows are written where
   * the encoder reads them.
   */
  readonly raw: Uint8Array;
  readonly view: DataView;
  pos = 0;
  private readonly simd: Base64Simd | undefined;
  private readonly scratch32 = new Uint32Array(RAW_BYTES / 3);
  private readonly scratch8 = new Uint8Array(this.scratch32.buffer);
  private readonly encoders: ColumnEncoder[];
  private readonly maskBytes: number;
  /** Per column: INLINE kind (0 = always the closure) and the null element of integer kinds. */
  private readonly kinds: Uint8Array;
  private readonly nuls: Float64Array;
  /** The table's compiled row writer (row-compiler.ts), when code generation is allowed. */
  private readonly compiled: CompiledRowWriter | undefined;
  /** Slow path of the compiled writer: column `i` through its closure, from `pos`. */
  private readonly slow = (i: number, cell: unknown, pos: number): number => {
    this.pos = pos;
    this.encoders[i]!(this, cell as Cell);
    return this.pos;
  };
  /** Per string column: the last value and, once it repeated, its bytes as little-endian words. */
  private readonly lastText: (string | undefined)[];
  private readonly lastWords: (Int32Array | undefined)[];
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
    this.simd = createBase64Simd();
    this.raw = this.simd === undefined ? new Uint8Array(RAW_BYTES + 8) : this.simd.memory.subarray(0, RAW_BYTES + 8);
    this.view = new DataView(this.raw.buffer, this.raw.byteOffset, this.raw.byteLength);
    this.maskBytes = binary2 ? (fields.length + 7) >> 3 : 0;
    let hint = this.maskBytes + 64;
    for (const f of fields) {
      const s = columnShape(f);
      hint += s.variable ? 4 : Math.ceil(s.count * ELEMENT_BYTES[f.datatype]);
    }
    const encoders = fields.map(columnEncoder);
    this.kinds = new Uint8Array(fields.length);
    this.nuls = new Float64Array(fields.length);
    this.lastText = fields.map(() => undefined);
    this.lastWords = fields.map(() => undefined);
    if (hint <= RAW_BYTES / 2) {
      this.rowHint = hint;
      this.encoders = encoders;
      fields.forEach((f, i) => {
        const k = inlineKind(f);
        this.kinds[i] = k.kind;
        this.nuls[i] = k.nul;
      });
      this.compiled = compileRowWriter(this.kinds, this.nuls, this.maskBytes, hint);
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

  /**
   * One pass over the cells (BINARY2 null bits included): common scalar and string columns written
   * right here (see INLINE), the rest through the column's closure. `pos` is a
   * local between closure calls; closures see and update `this.pos`.
   */
  private encodeRow(row: readonly Cell[]): void {
    const compiled = this.compiled;
    if (compiled !== undefined) {
      if (this.maskBytes > 0) this.ensure(this.maskBytes);
      this.pos = compiled(row, this.raw, this.view, this.pos, this.lastText, this.lastWords, this.slow);
      return;
    }
    const enc = this.encoders;
    const kinds = this.kinds;
    const nuls = this.nuls;
    const ncol = enc.length;
    const raw = this.raw;
    const view = this.view;
    const mb = this.maskBytes;
    const hint = this.rowHint;
    const lastText = this.lastText;
    const lastWords = this.lastWords;
    // BINARY2 null mask: bits are set as the cells go by, and completed before any closure call
    // (a closure may drain, i.e. base64-encode, the buffer and with it the mask, mid-row).
    let maskDone = mb === 0;
    if (!maskDone) this.ensure(mb);
    const m = this.pos;
    if (!maskDone) {
      for (let b = 0; b < mb; b++) raw[m + b] = 0;
      this.pos = m + mb;
    }
    let pos = this.pos;
    for (let i = 0; i < ncol; i++) {
      const c = row[i];
      const isNull = c === null || c === undefined;
      if (isNull && !maskDone) raw[m + (i >> 3)]! |= 0x80 >> (i & 7);
      switch (kinds[i]) {
        case INLINE.double:
          view.setFloat64(pos, isNull ? Number.NaN : (c as number));
          pos += 8;
          continue;
        case INLINE.float:
          view.setFloat32(pos, isNull ? Number.NaN : (c as number));
          pos += 4;
          continue;
        case INLINE.long:
          if (typeof c === "number") {
            if ((c | 0) === c) {
              view.setInt32(pos, c >> 31); // high word: the sign extension
              view.setInt32(pos + 4, c);
              pos += 8;
              continue;
            }
            if (Number.isSafeInteger(c)) {
              const hi = Math.floor(c / TWO32);
              view.setInt32(pos, hi);
              view.setUint32(pos + 4, c - hi * TWO32);
              pos += 8;
              continue;
            }
          }
          break;
        case INLINE.doubleList: {
          // double arraysize="*" (polygons, spectra): count, then the values, when they fit.
          if (isNull) {
            view.setUint32(pos, 0);
            pos += 4;
            continue;
          }
          const a = c as ArrayLike<number>;
          const n = a.length;
          if (typeof n !== "number" || pos + 4 + 8 * n + hint > RAW_BYTES) break;
          view.setUint32(pos, n);
          pos += 4;
          for (let k = 0; k < n; k++) {
            view.setFloat64(pos, a[k]!);
            pos += 8;
          }
          continue;
        }
        case INLINE.short: {
          const n = isNull ? nuls[i]! : (c as number);
          if ((n << 16) >> 16 !== n) break; // the closure reports it
          view.setInt16(pos, n);
          pos += 2;
          continue;
        }
        case INLINE.int: {
          const n = isNull ? nuls[i]! : (c as number);
          if ((n | 0) !== n) break;
          view.setInt32(pos, n);
          pos += 4;
          continue;
        }
        case INLINE.string:
          if (isNull) {
            view.setUint32(pos, 0); // an empty string; BINARY2 also has the null bit
            pos += 4;
            continue;
          }
          if (typeof c === "string") {
            const n = c.length;
            // Room for the count, the bytes and the rest of the row's reservation after them.
            if (pos + 4 + n + hint <= RAW_BYTES) {
              view.setUint32(pos, n);
              pos += 4;
              // Repeated values (dataproduct_type, access_format, o_ucd, instrument_name...) are
              // the rule in result sets: a value seen twice in a row keeps its bytes, copied
              // bytewise (cheaper than re-reading the string's characters).
              if (n > 64) putLatin1(raw, pos, c, n); // long values (URLs, DIDs): nearly always distinct
              else if (c === lastText[i]) {
                const w = lastWords[i];
                if (w !== undefined) {
                  // Whole little-endian words, up to 3 bytes past the value: still inside the
                  // row reservation, and overwritten by what follows (or beyond `pos`).
                  for (let k = 0; k < w.length; k++) view.setInt32(pos + 4 * k, w[k]!, true);
                } else {
                  putLatin1(raw, pos, c, n);
                  const words = new Int32Array((n + 3) >> 2);
                  for (let k = 0; k < n; k++) words[k >> 2]! |= raw[pos + k]! << (8 * (k & 3));
                  lastWords[i] = words;
                }
              } else {
                putLatin1(raw, pos, c, n);
                lastText[i] = c;
                lastWords[i] = undefined;
              }
              pos += n;
              continue;
            }
          }
          break;
      }
      if (!maskDone) {
        for (let j = i + 1; j < ncol; j++) {
          const cj = row[j];
          if (cj === null || cj === undefined) raw[m + (j >> 3)]! |= 0x80 >> (j & 7);
        }
        maskDone = true;
      }
      this.pos = pos;
      enc[i]!(this, c);
      pos = this.pos;
    }
    this.pos = pos;
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
    if (this.simd !== undefined) {
      this.simd.encode(whole);
      sink.buf.set(this.simd.memory.subarray(OUT_OFFSET, OUT_OFFSET + need), sink.pos);
      len = need;
    } else if (at % 4 === 0) {
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
