/**
 * MSB-first bit input over a byte array for the H-compress stream (White 1992), with the fixed
 * Huffman code of 4-bit quadtree values. Reading past the end throws, so a truncated or hostile
 * stream cannot loop or index out of bounds.
 */
import { badStream } from "../errors.js";

/** A bit reader; `pos` is the next byte, `buf`/`n` hold the unread bits of the current byte. */
export class BitInput {
  readonly #bytes: Uint8Array;
  #pos: number;
  #buf = 0;
  #n = 0;

  constructor(bytes: Uint8Array, start: number) {
    this.#bytes = bytes;
    this.#pos = start;
  }

  /** Reads `count` (≤ 24) bits as an unsigned integer. */
  bits(count: number): number {
    while (this.#n < count) {
      if (this.#pos >= this.#bytes.length) throw badStream("HCOMPRESS_1", "stream ends early");
      this.#buf = ((this.#buf << 8) | this.#bytes[this.#pos++]!) & 0xffffff;
      this.#n += 8;
    }
    this.#n -= count;
    return (this.#buf >>> this.#n) & ((1 << count) - 1);
  }

  bit(): number {
    return this.bits(1);
  }

  nybble(): number {
    return this.bits(4);
  }

  /** Drops the unread bits of the current byte (the sign bits start on a byte boundary). */
  alignToByte(): void {
    this.#n = 0;
    this.#buf = 0;
  }

  /**
   * Decodes one 4-bit quadtree value of the fixed prefix code: 3-bit codes 000–011 stand for the
   * single-bit values 1, 2, 4, 8; 4-bit codes 1000–1100 for 3, 5, 10, 12, 15; 5-bit codes
   * 11010–11110 for 6, 7, 9, 11, 13; 6-bit 111110 for 0 and 111111 for 14.
   */
  huffman(): number {
    let c = this.bits(3);
    if (c < 4) return 1 << c;
    c = (c << 1) | this.bit();
    if (c < 13) return HUFF4[c - 8]!;
    c = (c << 1) | this.bit();
    if (c < 31) return HUFF5[c - 26]!;
    c = (c << 1) | this.bit();
    return c === 62 ? 0 : 14;
  }
}

/** Values of the 4-bit codes 8–12. */
const HUFF4 = [3, 5, 10, 12, 15];
/** Values of the 5-bit codes 26–30. */
const HUFF5 = [6, 7, 9, 11, 13];
