/**
 * Per-column BINARY/BINARY2 encoders (VOTable 1.4 §5.4–§5.5), built once per column so the row
 * loop only dispatches through closures: big-endian scalars written through the encoder's one
 * DataView, 4-byte element counts before variable arrays (the total element count, also for
 * "8x*"), NUL-padded fixed char arrays, bits packed from the most significant end, and the null
 * conventions (NaN for floats, the VALUES null sentinel for integers, see `effectiveFields`).
 */
import type { BinaryRowEncoder } from "./binary-writer.js";
import { charSlotWidth, columnShape, DEFAULT_BINARY_NULL, ELEMENT_BYTES, isIntegerType } from "./datatypes.js";
import { VOTableModelError } from "./errors.js";
import type { Cell, Field } from "./model.js";
import { formatTimestamp } from "./xtypes.js";

/** Raw bytes per base64 block: a multiple of 3 whose encoding (+ newline) fits one 64 KiB chunk. */
export const RAW_BYTES = 49146;
const TWO32 = 4294967296;
const utf8 = new TextEncoder();

type Put = (e: BinaryRowEncoder, v: unknown) => void;
export type ColumnEncoder = (e: BinaryRowEncoder, cell: Cell) => void;

/**
 * Integer columns that need a VALUES null sentinel to carry nulls get one (DEFAULT_BINARY_NULL):
 * every integer column in BINARY, fixed-size integer arrays in all serialisations.
 */
export function effectiveFields(fields: readonly Field[], binary: boolean): readonly Field[] {
  // The same list comes back for the same input (the model is immutable), so what is derived
  // from it downstream (row encoders, FIELD text) can be remembered per list.
  let memo = effectiveMemo.get(fields);
  if (memo === undefined) {
    memo = [undefined, undefined];
    effectiveMemo.set(fields, memo);
  }
  const k = binary ? 1 : 0;
  let out = memo[k];
  if (out === undefined) {
    out = effectiveFieldsOf(fields, binary);
    memo[k] = out;
  }
  return out;
}
const effectiveMemo = new WeakMap<readonly Field[], [readonly Field[] | undefined, readonly Field[] | undefined]>();

function effectiveFieldsOf(fields: readonly Field[], binary: boolean): readonly Field[] {
  return fields.map((f) => {
    if (!isIntegerType(f.datatype) || f.values?.null !== undefined) return f;
    // Fixed-size integer arrays need a sentinel in every serialisation (an empty TD is not a
    // legal fixed-size array for validators); BINARY needs one for every integer column.
    const fixedArray = f.arraysize !== undefined && !f.arraysize.includes("*");
    if (!binary && !fixedArray) return f;
    return { ...f, values: { ...f.values, null: DEFAULT_BINARY_NULL[f.datatype as keyof typeof DEFAULT_BINARY_NULL] } };
  });
}

function bad(f: Field, v: unknown): never {
  throw new VOTableModelError(`value ${String(v)} does not fit ${f.datatype} column ${f.name}`);
}

function putFor(f: Field): Put {
  switch (f.datatype) {
    case "boolean":
      return (e, v) => {
        e.raw[e.pos++] = v === null || v === undefined ? 63 : v ? 84 : 70; // '?', 'T', 'F'
      };
    case "unsignedByte":
      return (e, v) => {
        const n = Number(v);
        if ((n & 255) !== n) bad(f, v);
        e.raw[e.pos++] = n;
      };
    case "short":
      return (e, v) => {
        const n = Number(v);
        if ((n << 16) >> 16 !== n) bad(f, v);
        e.view.setInt16(e.pos, n);
        e.pos += 2;
      };
    case "int":
      return (e, v) => {
        const n = Number(v);
        if ((n | 0) !== n) bad(f, v);
        e.view.setInt32(e.pos, n);
        e.pos += 4;
      };
    case "long":
      return (e, v) => {
        if (typeof v === "bigint") {
          if (BigInt.asIntN(64, v) !== v) bad(f, v);
          e.view.setBigInt64(e.pos, v);
        } else {
          const n = v as number;
          if ((n | 0) === n) {
            // 32-bit values (most counts and sizes): the high word is the sign extension.
            e.view.setInt32(e.pos, n >> 31);
            e.view.setInt32(e.pos + 4, n);
            e.pos += 8;
            return;
          }
          if (!Number.isSafeInteger(n)) bad(f, v);
          const hi = Math.floor(n / TWO32);
          e.view.setInt32(e.pos, hi);
          e.view.setUint32(e.pos + 4, n - hi * TWO32);
        }
        e.pos += 8;
      };
    case "float":
    case "floatComplex":
      return (e, v) => {
        e.view.setFloat32(e.pos, v as number);
        e.pos += 4;
      };
    case "double":
    case "doubleComplex":
      return (e, v) => {
        e.view.setFloat64(e.pos, v as number);
        e.pos += 8;
      };
    default:
      throw new VOTableModelError(`no binary element writer for ${f.datatype}`);
  }
}

/** The element value written for a null (BINARY sentinel, or zero/NaN filler). */
function nullElement(f: Field): unknown {
  if (f.datatype === "float" || f.datatype === "double" || f.datatype === "floatComplex" || f.datatype === "doubleComplex") {
    return Number.NaN;
  }
  if (f.datatype === "boolean") return null;
  if (isIntegerType(f.datatype)) {
    const s = f.values?.null;
    if (s === undefined) return 0;
    return f.datatype === "long" ? BigInt(s) : Number(s);
  }
  return 0;
}

function charEncoder(f: Field): ColumnEncoder {
  const shape = columnShape(f);
  const wide = f.datatype === "unicodeChar";
  const size = wide ? 2 : 1;
  const slot = charSlotWidth(f, shape);
  const ts = f.xtype === "timestamp";
  const text = (cell: Cell): string => {
    if (cell === null || cell === undefined) return "";
    if (typeof cell === "string" && slot === 0) return cell;
    if (slot > 0) {
      const list = typeof cell === "string" ? [cell] : (cell as readonly string[]);
      let s = "";
      for (const item of list) s += String(item).slice(0, slot).padEnd(slot, "\0");
      return s;
    }
    return ts && cell instanceof Date ? formatTimestamp(cell) : String(cell);
  };
  // Repeated values (dataproduct_type, access_format, instrument...) are common in result sets:
  // the bytes of a value seen twice in a row are kept and copied with one set().
  let last: string | undefined;
  let cached: Uint8Array | undefined;
  const writeChars = (e: BinaryRowEncoder, s: string, n: number, pad: number): void => {
    const bytes = (n + pad) * size;
    e.ensure(Math.min(bytes + e.rowHint, RAW_BYTES - 8));
    const raw = e.raw;
    if (e.pos + bytes <= RAW_BYTES) {
      // Only short values are worth comparing: long ones (URLs, DIDs) are nearly always distinct
      // and share long prefixes, which makes the comparison itself the cost.
      const cacheable = n < 48;
      if (cacheable && s === last && cached !== undefined && cached.length === bytes) {
        raw.set(cached, e.pos);
        e.pos += bytes;
      } else {
        const start = e.pos;
        let p = start;
        if (wide) {
          for (let i = 0; i < n; i++) {
            const c = s.charCodeAt(i);
            raw[p] = c >> 8;
            raw[p + 1] = c & 255;
            p += 2;
          }
        } else {
          // Long ASCII strings go through the native UTF-8 encoder (identical bytes for ASCII);
          // anything else, or a short string, takes the byte loop.
          let done = false;
          if (n >= 24 && n === s.length) {
            const r = utf8.encodeInto(s, raw.subarray(p, p + n));
            if (r.read === n && r.written === n) {
              p += n;
              done = true;
            }
          }
          if (!done) {
            for (let i = 0; i < n; i++) {
              const c = s.charCodeAt(i);
              raw[p++] = c < 256 ? c : 63; // char is 8-bit: '?' for what it cannot hold
            }
          }
        }
        raw.fill(0, p, p + pad * size);
        e.pos = p + pad * size;
        if (cacheable) {
          if (s === last) cached = raw.slice(start, e.pos);
          else {
            last = s;
            cached = undefined;
          }
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        e.ensure(size);
        const c = s.charCodeAt(i);
        if (wide) {
          raw[e.pos++] = c >> 8;
          raw[e.pos++] = c & 255;
        } else raw[e.pos++] = c < 256 ? c : 63;
      }
      for (let i = 0; i < pad * size; i++) {
        e.ensure(1);
        raw[e.pos++] = 0;
      }
    }
    e.restore();
  };
  if (!shape.variable) {
    const total = shape.count;
    return (e, cell) => {
      const s = text(cell);
      const n = Math.min(s.length, total);
      writeChars(e, s, n, total - n);
    };
  }
  const max = shape.maxLast === undefined ? Infinity : shape.maxLast * shape.count;
  const general: ColumnEncoder = (e, cell) => {
    const s = text(cell);
    let n = Math.min(s.length, max);
    if (slot > 0) n -= n % slot;
    e.ensure(4);
    e.view.setUint32(e.pos, n); // count = total characters, also for "8x*" (as STIL reads it)
    e.pos += 4;
    writeChars(e, s, n, 0);
  };
  if (wide || slot > 0 || max !== Infinity) return general;
  // The hot case of result sets — char arraysize="*" holding a string that fits the buffer with
  // the row reservation after it (so no `restore` is needed) — inlined: count, then the bytes:
  // the native UTF-8 encoder for long ASCII (identical bytes), a byte loop for short values (the
  // native call's fixed cost is larger than the loop below ~48 characters).
  return (e, cell) => {
    if (typeof cell !== "string") return general(e, cell);
    const n = cell.length;
    if (e.pos + 4 + n + e.rowHint > RAW_BYTES) return general(e, cell);
    const raw = e.raw;
    let p = e.pos;
    e.view.setUint32(p, n);
    p += 4;
    if (n >= 48) {
      const r = utf8.encodeInto(cell, raw.subarray(p, p + n));
      if (r.read === n && r.written === n) {
        e.pos = p + n;
        return;
      }
    }
    for (let i = 0; i < n; i++) {
      const c = cell.charCodeAt(i);
      raw[p + i] = c < 256 ? c : 63; // char is 8-bit: '?' for what it cannot hold
    }
    e.pos = p + n;
  };
}

/** Scalar encoders that write without checking room: the row-start reservation covers them. */
function scalarFast(f: Field): ColumnEncoder | undefined {
  const nul = nullElement(f);
  switch (f.datatype) {
    case "double":
      return (e, c) => {
        e.view.setFloat64(e.pos, c === null || c === undefined ? Number.NaN : (c as number));
        e.pos += 8;
      };
    case "float":
      return (e, c) => {
        e.view.setFloat32(e.pos, c === null || c === undefined ? Number.NaN : (c as number));
        e.pos += 4;
      };
    case "int": {
      const nulN = nul as number;
      return (e, c) => {
        const n = c === null || c === undefined ? nulN : (c as number);
        if ((n | 0) !== n) bad(f, c);
        e.view.setInt32(e.pos, n);
        e.pos += 4;
      };
    }
    case "short": {
      const nulN = nul as number;
      return (e, c) => {
        const n = c === null || c === undefined ? nulN : (c as number);
        if ((n << 16) >> 16 !== n) bad(f, c);
        e.view.setInt16(e.pos, n);
        e.pos += 2;
      };
    }
    case "long": {
      const put = putFor(f);
      return (e, c) => put(e, c === null || c === undefined ? nul : c);
    }
    default:
      return undefined;
  }
}

function bitEncoder(f: Field): ColumnEncoder {
  const shape = columnShape(f);
  const packed = (e: BinaryRowEncoder, arr: ArrayLike<unknown>, n: number): void => {
    const bytes = (n + 7) >> 3;
    e.ensure(Math.min(bytes, RAW_BYTES - 8));
    for (let b = 0; b < bytes; b++) {
      let byte = 0;
      for (let k = 0; k < 8; k++) {
        const i = b * 8 + k;
        if (i < n && arr[i]) byte |= 0x80 >> k;
      }
      e.ensure(1);
      e.raw[e.pos++] = byte;
    }
    e.restore();
  };
  if (shape.scalar) {
    return (e, cell) => {
      e.raw[e.pos++] = cell ? 0x80 : 0;
    };
  }
  if (!shape.variable) return (e, cell) => packed(e, cell === null || cell === undefined ? [] : (cell as ArrayLike<unknown>), shape.count);
  return (e, cell) => {
    const arr = cell === null || cell === undefined ? [] : (cell as ArrayLike<unknown>);
    const n = Math.min(arr.length, shape.maxLast === undefined ? Infinity : shape.maxLast * shape.count);
    e.ensure(4);
    e.view.setUint32(e.pos, n);
    e.pos += 4;
    packed(e, arr, n);
  };
}

function numericEncoder(f: Field): ColumnEncoder {
  const shape = columnShape(f);
  const put = putFor(f);
  const complex = f.datatype === "floatComplex" || f.datatype === "doubleComplex";
  const per = complex ? 2 : 1;
  const elBytes = ELEMENT_BYTES[f.datatype] / per;
  const nul = nullElement(f);
  if (shape.scalar && !complex) {
    const fast = scalarFast(f);
    if (fast !== undefined) return fast;
    return (e, cell) => put(e, cell === null || cell === undefined ? nul : cell);
  }
  const isDouble = f.datatype === "double" || f.datatype === "doubleComplex";
  const writeArray = (e: BinaryRowEncoder, arr: ArrayLike<unknown> | null, n: number): void => {
    const bytes = n * elBytes;
    e.ensure(Math.min(bytes + e.rowHint, RAW_BYTES - 8));
    if (e.pos + bytes <= RAW_BYTES) {
      if (isDouble && arr !== null) {
        const view = e.view;
        let p = e.pos;
        for (let i = 0; i < n; i++) {
          view.setFloat64(p, arr[i] as number);
          p += 8;
        }
        e.pos = p;
      } else for (let i = 0; i < n; i++) put(e, arr === null ? nul : arr[i]);
    } else {
      for (let i = 0; i < n; i++) {
        e.ensure(elBytes);
        put(e, arr === null ? nul : arr[i]);
      }
    }
    e.restore();
  };
  if (!shape.variable) {
    const n = shape.count * per;
    return (e, cell) => {
      if (cell === null || cell === undefined) return writeArray(e, null, n);
      const arr = cell as ArrayLike<unknown>;
      if (arr.length !== n) throw new VOTableModelError(`column ${f.name} needs ${n} values, got ${arr.length}`);
      writeArray(e, arr, n);
    };
  }
  const max = shape.maxLast === undefined ? Infinity : shape.maxLast * shape.count * per;
  const step = shape.count * per;
  return (e, cell) => {
    const arr = cell === null || cell === undefined ? [] : (cell as ArrayLike<unknown>);
    if (typeof arr.length !== "number") throw new VOTableModelError(`column ${f.name} needs an array cell`);
    let n = Math.min(arr.length, max);
    n -= n % step;
    e.ensure(4);
    e.view.setUint32(e.pos, n / per);
    e.pos += 4;
    writeArray(e, arr, n);
  };
}

export function columnEncoder(f: Field): ColumnEncoder {
  try {
    if (f.datatype === "char" || f.datatype === "unicodeChar") return charEncoder(f);
    if (f.datatype === "bit") return bitEncoder(f);
    return numericEncoder(f);
  } catch (err) {
    if (err instanceof VOTableModelError) throw err;
    throw new VOTableModelError((err as Error).message);
  }
}


/**
 * Column kinds the row loop of BinaryRowEncoder writes inline (one `switch` instead of a closure
 * call per cell); anything else, and any unusual value, goes through the column's closure.
 */
export const INLINE = { none: 0, double: 1, long: 2, short: 3, int: 4, string: 5, float: 6, doubleList: 7 } as const;

/** The inline kind of a column, and its null element for integer kinds (BINARY sentinel or 0). */
export function inlineKind(f: Field): { kind: number; nul: number } {
  const shape = columnShape(f);
  if (f.datatype === "char") {
    const max = shape.maxLast === undefined ? Infinity : shape.maxLast * shape.count;
    return { kind: shape.variable && charSlotWidth(f, shape) === 0 && max === Infinity ? INLINE.string : INLINE.none, nul: 0 };
  }
  if (f.datatype === "double" && f.arraysize === "*") return { kind: INLINE.doubleList, nul: 0 };
  if (!shape.scalar) return { kind: INLINE.none, nul: 0 };
  const nul = nullElement(f);
  switch (f.datatype) {
    case "double": return { kind: INLINE.double, nul: 0 };
    case "float": return { kind: INLINE.float, nul: 0 };
    case "long": return { kind: INLINE.long, nul: 0 };
    case "short": return { kind: INLINE.short, nul: nul as number };
    case "int": return { kind: INLINE.int, nul: nul as number };
    default: return { kind: INLINE.none, nul: 0 };
  }
}

/** Writes a string's bytes at `p` (n = s.length chars, room checked): native encoder for long ASCII. */
export function putLatin1(raw: Uint8Array, p: number, s: string, n: number): void {
  if (n >= 48) {
    const r = utf8.encodeInto(s, raw.subarray(p, p + n));
    if (r.read === n && r.written === n) return;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    raw[p + i] = c < 256 ? c : 63; // char is 8-bit: '?' for what it cannot hold
  }
}
