/**
 * Decoding of BINARY and BINARY2 streams (VOTable 1.4 §5.4–§5.5) after base64: per-column
 * decoders read big-endian values with bounds checks, so truncated or corrupt streams raise a
 * positioned VOTableFormatError instead of reading past the end or allocating what the stream
 * merely claims (a variable-array count is checked against the bytes left before allocating).
 */
import { charSlotWidth, columnShape, ELEMENT_BYTES, isIntegerType } from "./datatypes.js";
import { VOTableFormatError } from "./errors.js";
import type { Cell, FieldLike } from "./model.js";

/** A cursor over decoded stream bytes. */
export class ByteCursor {
  readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** Character offset of the STREAM element, for error positions. */
    private readonly origin: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left. */
  get left(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number): void {
    if (n > this.bytes.length - this.pos) this.fail(`stream ends inside a value (needs ${n} bytes, ${this.left} left)`);
  }

  fail(message: string): never {
    throw new VOTableFormatError(`${message} at stream byte ${this.pos}`, { offset: this.origin, line: 0, column: 0 });
  }
}

/** Reads one cell of a column from the cursor. */
export type BinaryDecoder = (c: ByteCursor) => Cell;

const TWO32 = 4294967296;
const latin1 = new TextDecoder("latin1");
const utf16be = new TextDecoder("utf-16be");

function readElement(f: FieldLike): (c: ByteCursor) => number | bigint | boolean | null {
  switch (f.datatype) {
    case "boolean":
      return (c) => {
        const b = c.bytes[c.pos++]!;
        return b === 84 || b === 116 || b === 49 ? true : b === 70 || b === 102 || b === 48 ? false : null;
      };
    case "unsignedByte":
      return (c) => c.bytes[c.pos++]!;
    case "short":
      return (c) => {
        const v = c.view.getInt16(c.pos);
        c.pos += 2;
        return v;
      };
    case "int":
      return (c) => {
        const v = c.view.getInt32(c.pos);
        c.pos += 4;
        return v;
      };
    case "long":
      return (c) => {
        const hi = c.view.getInt32(c.pos);
        const lo = c.view.getUint32(c.pos + 4);
        c.pos += 8;
        const n = hi * TWO32 + lo;
        return Number.isSafeInteger(n) ? n : (BigInt(hi) << 32n) | BigInt(lo);
      };
    case "float":
    case "floatComplex":
      return (c) => {
        const v = c.view.getFloat32(c.pos);
        c.pos += 4;
        return v;
      };
    default:
      return (c) => {
        const v = c.view.getFloat64(c.pos);
        c.pos += 8;
        return v;
      };
  }
}

function readCount(c: ByteCursor, elementBytes: number): number {
  c.need(4);
  const n = c.view.getUint32(c.pos);
  c.pos += 4;
  if (n * elementBytes > c.left) c.fail(`variable-array count ${n} exceeds the bytes left`);
  return n;
}

function charDecoder(f: FieldLike): BinaryDecoder {
  const shape = columnShape(f);
  const size = ELEMENT_BYTES[f.datatype];
  const slot = charSlotWidth(f, shape);
  const dec = f.datatype === "unicodeChar" ? utf16be : latin1;
  const toCell = (bytes: Uint8Array): Cell => {
    if (slot > 0) {
      const out: string[] = [];
      for (let i = 0; i < bytes.length; i += slot * size) {
        out.push(dec.decode(bytes.subarray(i, i + slot * size)).replace(/\0.*$/s, ""));
      }
      return out;
    }
    const s = dec.decode(bytes);
    const z = s.indexOf("\0");
    const v = z >= 0 ? s.slice(0, z) : s;
    return v === "" ? null : v; // BINARY cannot tell "" from null; read both as null, like an empty TD
  };
  return (c) => {
    const n = shape.variable ? readCount(c, size) : shape.count;
    c.need(n * size);
    const bytes = c.bytes.subarray(c.pos, c.pos + n * size);
    c.pos += n * size;
    return toCell(bytes);
  };
}

function bitDecoder(f: FieldLike): BinaryDecoder {
  const shape = columnShape(f);
  return (c) => {
    const n = shape.variable ? readCount(c, 0.125) : shape.count;
    const bytes = Math.ceil(n / 8);
    c.need(bytes);
    const out: boolean[] = [];
    for (let i = 0; i < n; i++) out.push((c.bytes[c.pos + (i >> 3)]! & (0x80 >> (i & 7))) !== 0);
    c.pos += bytes;
    return shape.scalar ? out[0]! : out;
  };
}

/** Builds the decoder of a column; integer scalars equal to the VALUES null read as null. */
export function makeBinaryDecoder(f: FieldLike): BinaryDecoder {
  if (f.datatype === "char" || f.datatype === "unicodeChar") return charDecoder(f);
  if (f.datatype === "bit") return bitDecoder(f);
  const shape = columnShape(f);
  const complex = f.datatype === "floatComplex" || f.datatype === "doubleComplex";
  const per = complex ? 2 : 1;
  const el = readElement(f);
  const elBytes = ELEMENT_BYTES[f.datatype] / per;
  const nullText = f.values?.null;
  let nullValue: number | bigint | undefined;
  if (nullText !== undefined && isIntegerType(f.datatype) && /^[-+]?\d{1,20}$/.test(nullText.trim())) {
    const b = BigInt(nullText.trim());
    nullValue = Number.isSafeInteger(Number(b)) ? Number(b) : b;
  }
  if (shape.scalar && !complex) {
    return (c) => {
      c.need(elBytes);
      const v = el(c);
      return v === nullValue ? null : v;
    };
  }
  return (c) => {
    const n = (shape.variable ? readCount(c, elBytes * per) : shape.count) * per;
    c.need(n * elBytes);
    const out: (number | bigint | boolean | null)[] = new Array(n);
    let allNull = !shape.variable;
    for (let i = 0; i < n; i++) {
      const v = el(c);
      out[i] = v;
      if (allNull && !(v === null || v === nullValue || (typeof v === "number" && Number.isNaN(v)))) allNull = false;
    }
    if (allNull) return null; // the writer's spelling of a null fixed-size array
    if (f.datatype === "long" && out.some((v) => typeof v === "bigint")) return out.map((v) => BigInt(v as number | bigint));
    return out as Cell;
  };
}
