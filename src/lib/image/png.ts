/**
 * PNG encoder for 8-bit greyscale pictures (PNG specification, 3rd edition / ISO/IEC 15948:2004):
 * signature, IHDR (colour type 0, bit depth 8, no interlace), one IDAT holding the zlib stream of
 * filtered scanlines (§9 filter types 0–4), IEND. Chunk CRCs are CRC-32 (ISO 3309, polynomial
 * 0xEDB88320 in reflected form, Annex D). zlib compression comes from node:zlib (deflateSync).
 */
import { deflateSync } from "node:zlib";
import type { Grey8Image } from "./stretch.js";
import { checkInt, checkLength, ImageError } from "./errors.js";

/**
 * Per-row filter (PNG §9.2): a fixed type, or "adaptive" = per row the type with the least sum of
 * |filtered bytes| (libpng's heuristic). Stretched sky previews are mostly noise, where filtering
 * does not help: on a 1024² asinh-stretched noise field "none" gave 691 kB, "adaptive" 774 kB,
 * "paeth" 801 kB, and "none" is also the fastest, hence the default. Smooth pictures (gradients,
 * masks) compress better with "up", "paeth" or "adaptive".
 */
export type PngFilter = "none" | "sub" | "up" | "average" | "paeth" | "adaptive";

export interface PngOptions {
  /** zlib level 0–9. Default 6. */
  readonly level?: number;
  /** Default "none" (see PngFilter). */
  readonly filter?: PngFilter;
}

/** The 8-byte PNG signature (§5.2). */
export const PNG_SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

/** PNG/ISO 3309 CRC table for the reflected polynomial 0xEDB88320. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of bytes, continuing from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const FILTER_CODE: Record<Exclude<PngFilter, "adaptive">, number> = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

/** Paeth predictor (PNG §9.4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filters one scanline (1 byte per pixel, so the "left" byte is x − 1) into out[1..]; out[0] = type. */
function filterRow(type: number, cur: Uint8Array, prev: Uint8Array | undefined, out: Uint8Array): void {
  const n = cur.length;
  out[0] = type;
  for (let x = 0; x < n; x++) {
    const v = cur[x]!;
    const a = x > 0 ? cur[x - 1]! : 0;
    const b = prev ? prev[x]! : 0;
    let p: number;
    switch (type) {
      case 0:
        p = 0;
        break;
      case 1:
        p = a;
        break;
      case 2:
        p = b;
        break;
      case 3:
        p = (a + b) >>> 1;
        break;
      default:
        p = paeth(a, b, x > 0 && prev ? prev[x - 1]! : 0);
    }
    out[x + 1] = (v - p) & 0xff;
  }
}

/** libpng's heuristic: sum of the filtered bytes read as signed values. */
function cost(row: Uint8Array): number {
  let s = 0;
  for (let i = 1; i < row.length; i++) {
    const v = row[i]!;
    s += v < 128 ? v : 256 - v;
  }
  return s;
}

/** Builds one chunk: length, type, data, CRC over type and data (§5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes an 8-bit greyscale picture (rows top-first) as a PNG file. */
export function encodePng(image: Grey8Image, options: PngOptions = {}): Uint8Array {
  const { width, height, pixels } = image;
  checkInt("width", width, 1, 0x7fffffff);
  checkInt("height", height, 1, 0x7fffffff);
  checkLength("pixels", pixels.length, width, height);
  const level = options.level ?? 6;
  checkInt("level", level, 0, 9);
  const filter = options.filter ?? "none";
  if (filter !== "adaptive" && !(filter in FILTER_CODE)) throw new ImageError("BAD_ARGUMENT", `unknown PNG filter ${filter}`);
  const stride = width + 1;
  if (stride * height > 0x7fffffff) throw new ImageError("TOO_LARGE", `${width} × ${height} is too large for one PNG buffer`);

  const raw = new Uint8Array(stride * height);
  const trial = filter === "adaptive" ? new Uint8Array(stride) : undefined;
  for (let y = 0; y < height; y++) {
    const cur = pixels.subarray(y * width, (y + 1) * width);
    const prev = y > 0 ? pixels.subarray((y - 1) * width, y * width) : undefined;
    const out = raw.subarray(y * stride, (y + 1) * stride);
    if (trial) {
      let best = Number.POSITIVE_INFINITY;
      for (let type = 0; type <= 4; type++) {
        filterRow(type, cur, prev, trial);
        const c = cost(trial);
        if (c < best) {
          best = c;
          out.set(trial);
        }
      }
    } else {
      filterRow(FILTER_CODE[filter as Exclude<PngFilter, "adaptive">], cur, prev, out);
    }
  }

  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type 0: greyscale
  ihdr[10] = 0; // compression method 0: deflate
  ihdr[11] = 0; // filter method 0: adaptive, five types
  ihdr[12] = 0; // no interlace
  const idat = deflateSync(raw, { level });
  const parts = [PNG_SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", new Uint8Array(idat.buffer, idat.byteOffset, idat.byteLength)), chunk("IEND", new Uint8Array(0))];
  const total = parts.reduce((s, p) => s + p.length, 0);
  const file = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    file.set(p, o);
    o += p.length;
  }
  return file;
}
