/**
 * Compiles the BINARY/BINARY2 row loop of one table into straight-line code (one block per
 * column, offsets and null sentinels as constants), the technique of schema-compiled serialisers
 * such as avsc and protobuf.js: V8 then optimises one function without a per-cell dispatch. Only
 * numbers and column indices are written into the generated source — never names or values from
 * the model — so it cannot be injected into. Where code generation is refused (a strict Content
 * Security Policy) `compileRowWriter` returns undefined and the encoder keeps its generic loop.
 */
import { INLINE, putLatin1, RAW_BYTES } from "./binary-columns.js";

/** Writes one row at `m` (BINARY2 mask first, when `maskBytes` > 0); returns the new position. */
export type CompiledRowWriter = (
  row: readonly unknown[],
  raw: Uint8Array,
  view: DataView,
  m: number,
  lastText: (string | undefined)[],
  lastWords: (Int32Array | undefined)[],
  slow: (i: number, cell: unknown, pos: number) => number,
) => number;

const TWO32 = 4294967296;

/** Switch for tests (the generic loop must give the same bytes); not part of the public surface. */
export const ROW_COMPILER = { enabled: true };

/** Little-endian words of raw[pos, pos + n) (the repeated-string cache). */
function wordsOf(raw: Uint8Array, pos: number, n: number): Int32Array {
  const w = new Int32Array((n + 3) >> 2);
  for (let k = 0; k < n; k++) w[k >> 2]! |= raw[pos + k]! << (8 * (k & 3));
  return w;
}

function columnCode(i: number, kind: number, nul: number, hint: number): string {
  const isNull = "(c === null || c === undefined)";
  const slow = `pos = slow(${i}, c, pos);`;
  switch (kind) {
    case INLINE.double:
      return `view.setFloat64(pos, ${isNull} ? NaN : c); pos += 8;`;
    case INLINE.float:
      return `view.setFloat32(pos, ${isNull} ? NaN : c); pos += 4;`;
    case INLINE.short:
      return `{ const n = ${isNull} ? ${nul} : c; if (((n << 16) >> 16) === n) { view.setInt16(pos, n); pos += 2; } else ${slow} }`;
    case INLINE.int:
      return `{ const n = ${isNull} ? ${nul} : c; if ((n | 0) === n) { view.setInt32(pos, n); pos += 4; } else ${slow} }`;
    case INLINE.long:
      return `if (typeof c === "number" && (c | 0) === c) { view.setInt32(pos, c >> 31); view.setInt32(pos + 4, c); pos += 8; }
        else if (typeof c === "number" && Number.isSafeInteger(c)) { const hi = Math.floor(c / ${TWO32}); view.setInt32(pos, hi); view.setUint32(pos + 4, c - hi * ${TWO32}); pos += 8; }
        else ${slow}`;
    case INLINE.doubleList:
      return `if (${isNull}) { view.setUint32(pos, 0); pos += 4; }
        else if (typeof c.length === "number" && pos + 4 + 8 * c.length + ${hint} <= ${RAW_BYTES}) {
          const n = c.length; view.setUint32(pos, n); pos += 4;
          for (let k = 0; k < n; k++) { view.setFloat64(pos, c[k]); pos += 8; }
        } else ${slow}`;
    case INLINE.string:
      return `if (${isNull}) { view.setUint32(pos, 0); pos += 4; }
        else if (typeof c === "string" && pos + 4 + c.length + ${hint} <= ${RAW_BYTES}) {
          const n = c.length; view.setUint32(pos, n); pos += 4;
          if (n > 64) putLatin1(raw, pos, c, n);
          else if (c === lastText[${i}]) {
            const w = lastWords[${i}];
            if (w !== undefined) { for (let k = 0; k < w.length; k++) view.setInt32(pos + 4 * k, w[k], true); }
            else { putLatin1(raw, pos, c, n); lastWords[${i}] = wordsOf(raw, pos, n); }
          } else { putLatin1(raw, pos, c, n); lastText[${i}] = c; lastWords[${i}] = undefined; }
          pos += n;
        } else ${slow}`;
    default:
      return slow;
  }
}

/**
 * The compiled row writer for columns of the given INLINE kinds (with integer null elements and
 * the row reservation `hint`), or undefined when the environment refuses generated code.
 */
export function compileRowWriter(kinds: ArrayLike<number>, nuls: ArrayLike<number>, maskBytes: number, hint: number): CompiledRowWriter | undefined {
  if (!ROW_COMPILER.enabled) return undefined;
  const lines: string[] = [];
  for (let b = 0; b < maskBytes; b++) lines.push(`raw[m + ${b}] = 0;`);
  for (let i = 0; i < kinds.length && maskBytes > 0; i++) {
    lines.push(`c = row[${i}]; if (c === null || c === undefined) raw[m + ${i >> 3}] |= ${0x80 >> (i & 7)};`);
  }
  lines.push(`let pos = m + ${maskBytes};`);
  for (let i = 0; i < kinds.length; i++) {
    const nul = nuls[i]!;
    lines.push(`c = row[${i}];`, columnCode(i, kinds[i]!, Number.isFinite(nul) ? nul : 0, hint));
  }
  lines.push("return pos;");
  const source = `"use strict"; return function writeRow(row, raw, view, m, lastText, lastWords, slow) { let c; ${lines.join("\n")} };`;
  try {
    // Generated from numbers and column indices only (see the module header).
    const make = new Function("putLatin1", "wordsOf", source) as (p: typeof putLatin1, w: typeof wordsOf) => CompiledRowWriter;
    return make(putLatin1, wordsOf);
  } catch {
    return undefined;
  }
}
