/**
 * PLIO_1 decoding (FITS 4.0 standard §10.4.4): IRAF's pixel-list "line list" run-length encoding
 * of non-negative integer masks (IRAF PLIO documentation, plio$PLIO.hlp, Tody 1988). A tile is
 * a list of 16-bit words: a header (old form: 3 words, word 2 = list length; new form: word 1 =
 * header length, words 3–4 = list length in 15-bit halves), then instructions of a 4-bit opcode
 * and a 12-bit argument N that run against a current "high value" PV (initially 1):
 *   0 ZN: N zeros; 4 HN: N pixels of PV; 5 PN: N − 1 zeros then one PV;
 *   1 SH: PV = (next word << 12) + N; 2 IH: PV += N; 3 DH: PV −= N;
 *   6 IS: PV += N, one pixel of PV; 7 DS: PV −= N, one pixel of PV.
 * Pixels after the last instruction are zero.
 */
import { badStream } from "./errors.js";

/** Opcodes of the line-list instructions (see the module doc). */
const OP_ZN = 0;
const OP_SH = 1;
const OP_IH = 2;
const OP_DH = 3;
const OP_HN = 4;
const OP_PN = 5;
const OP_IS = 6;
const OP_DS = 7;

/**
 * Decodes a PLIO line list (16-bit words, already in native order) into `out`, whose length is the
 * tile's pixel count. Throws FitsCompressionError for a malformed list.
 */
export function plioDecode(words: Int16Array, out: Int32Array): void {
  out.fill(0);
  if (words.length < 3) throw badStream("PLIO_1", "line list shorter than its header");
  let first: number;
  let listLen: number;
  if (words[2]! > 0) {
    // Old form: word 2 is the list length, instructions start at word 3.
    listLen = words[2]!;
    first = 3;
  } else {
    if (words.length < 5) throw badStream("PLIO_1", "line list shorter than its header");
    first = words[1]!;
    listLen = (words[4]! << 15) + words[3]!;
  }
  if (first < 3 || listLen < first || listLen > words.length) {
    throw badStream("PLIO_1", `bad line-list header (start ${first}, length ${listLen}, ${words.length} words)`);
  }
  const n = out.length;
  let pv = 1;
  let x = 0; // next output pixel, 0-based
  for (let ip = first; ip < listLen && x < n; ip++) {
    const w = words[ip]! & 0xffff;
    const op = w >>> 12;
    const arg = w & 0xfff;
    switch (op) {
      case OP_ZN:
      case OP_HN:
      case OP_PN: {
        const end = Math.min(n, x + arg);
        if (op === OP_HN) out.fill(pv, x, end);
        else if (op === OP_PN && arg > 0 && x + arg <= n) out[x + arg - 1] = pv;
        x = end;
        break;
      }
      case OP_SH:
        if (ip + 1 >= listLen) throw badStream("PLIO_1", "SH instruction without its second word");
        pv = (words[ip + 1]! << 12) + arg;
        ip++;
        break;
      case OP_IH:
        pv += arg;
        break;
      case OP_DH:
        pv -= arg;
        break;
      case OP_IS:
      case OP_DS:
        pv += op === OP_IS ? arg : -arg;
        out[x++] = pv;
        break;
      default:
        throw badStream("PLIO_1", `unknown opcode ${op}`);
    }
  }
}
