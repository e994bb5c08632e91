/**
 * Walks a FITS file from header to header without reading data (FITS 4.0 standard §3.3–3.4): each
 * header is read in 2880-byte blocks up to END, its layout gives the padded data size, and the next
 * HDU starts after it. Header reads are bounded by a configurable maximum; data is never touched.
 */
import { type ByteSource, readExact } from "./byte-source.js";
import { FitsFormatError, withContext } from "./errors.js";
import { type FitsHeader, parseHeaderBlocks } from "./header.js";
import { BLOCK, type HduLayout, hduLayout, padToBlock } from "./layout.js";

/**
 * Hooks from the tile-compression module (src/lib/fits/compress), injected rather than imported
 * so the core library does not depend on it (it depends on us).
 */
export interface CompressedImageHooks {
  isCompressedImageHeader(h: FitsHeader): boolean;
  imageHeaderFromCompressed(h: FitsHeader): FitsHeader;
}

/** One HDU found by readHduIndex. Offsets are absolute byte offsets in the source. */
export interface HduEntry {
  /** 0-based HDU index (the primary is 0), as astropy and fitsio count. */
  readonly index: number;
  readonly header: FitsHeader;
  readonly layout: HduLayout;
  readonly headerOffset: number;
  readonly dataOffset: number;
  /** Data bytes without padding. */
  readonly dataBytes: number;
  /** Offset of the next HDU (data padded to 2880). */
  readonly endOffset: number;
  /** EXTNAME ('' when absent; "PRIMARY" is not invented). */
  readonly name: string;
  readonly extver: number | undefined;
  /** True for a tile-compressed image (BINTABLE with ZIMAGE = T, §10). */
  readonly compressed: boolean;
  /**
   * For a compressed image: the header of the image it stands for (from the compress module's
   * hook, when injected); otherwise undefined. `logicalHeader(entry)` picks the right one.
   */
  readonly imageHeader: FitsHeader | undefined;
  /** True when the source ends before this HDU's padded data does (data reads may fail). */
  readonly truncated: boolean;
}

/** Limits and hooks for readHduIndex. */
export interface ReadIndexOptions {
  /** Largest header accepted, in bytes (default 16 MiB ≈ 200 000 cards). */
  readonly maxHeaderBytes?: number;
  /** Most HDUs indexed (default 100 000). */
  readonly maxHdus?: number;
  /** Tile-compression hooks; when absent, ZIMAGE = T tables are flagged but not translated. */
  readonly compression?: CompressedImageHooks;
}

/** The HDU index of a source, plus where it stopped. */
export interface HduIndex {
  readonly hdus: readonly HduEntry[];
  /** Bytes after the last complete HDU that are not an HDU (e.g. zero padding); 0 when clean. */
  readonly trailingBytes: number;
}

const DEFAULT_MAX_HEADER = 16 * 1024 * 1024;
/** Default ceiling for one in-memory data read (1 GiB); pass a larger limit explicitly. */
export const DEFAULT_MAX_DATA_BYTES = 1024 * 1024 * 1024;
const END_BYTES = [0x45, 0x4e, 0x44];

function blockHasEnd(block: Uint8Array): boolean {
  for (let off = 0; off < block.length; off += 80) {
    if (block[off] !== END_BYTES[0] || block[off + 1] !== END_BYTES[1] || block[off + 2] !== END_BYTES[2]) continue;
    let blank = true;
    for (let j = off + 3; j < off + 80; j++) if (block[j] !== 0x20) blank = false;
    if (blank) return true;
  }
  return false;
}

/** Reads the header starting at `offset`; returns it and its padded length in bytes. */
export async function readHeaderAt(
  source: ByteSource,
  offset: number,
  hduIndex: number,
  maxHeaderBytes = DEFAULT_MAX_HEADER,
): Promise<{ header: FitsHeader; headerBytes: number }> {
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (total >= maxHeaderBytes) {
      throw new FitsFormatError("TOO_LARGE", `header larger than ${maxHeaderBytes} bytes (no END)`, { byteOffset: offset, hduIndex });
    }
    const block = await source.read(offset + total, BLOCK);
    if (block.length < BLOCK) {
      throw new FitsFormatError("NO_END", "file ends inside a header (END not found)", { byteOffset: offset + total + block.length, hduIndex });
    }
    blocks.push(block);
    total += BLOCK;
    if (blockHasEnd(block)) break;
  }
  const all = new Uint8Array(total);
  let p = 0;
  for (const b of blocks) {
    all.set(b, p);
    p += b.length;
  }
  const parsed = parseHeaderBlocks(all);
  return { header: parsed.header, headerBytes: total };
}

function looksLikeExtension(bytes: Uint8Array): boolean {
  const s = String.fromCharCode(...bytes.subarray(0, 10));
  return s === "XTENSION= ";
}

/**
 * Indexes every HDU of a FITS source without reading data. Throws FitsFormatError when the first
 * HDU is not FITS or a header is broken; bytes after the last HDU that do not start with
 * "XTENSION= " are reported as `trailingBytes`, not as an error (astropy and cfitsio do the same).
 */
export async function readHduIndex(source: ByteSource, options: ReadIndexOptions = {}): Promise<HduIndex> {
  const maxHdus = options.maxHdus ?? 100_000;
  const hdus: HduEntry[] = [];
  let offset = 0;
  for (;;) {
    if (source.size !== undefined && offset >= source.size) return { hdus, trailingBytes: 0 };
    if (hdus.length === 0) await checkSignature(source);
    if (hdus.length > 0) {
      const peek = await source.read(offset, 10);
      if (peek.length === 0) return { hdus, trailingBytes: 0 };
      if (!looksLikeExtension(peek)) {
        const size = source.size ?? offset + peek.length;
        return { hdus, trailingBytes: size - offset };
      }
    }
    if (hdus.length >= maxHdus) throw new FitsFormatError("TOO_LARGE", `more than ${maxHdus} HDUs`, { byteOffset: offset });
    const entry = await readEntry(source, offset, hdus.length, options);
    hdus.push(entry);
    if (entry.truncated) return { hdus, trailingBytes: 0 };
    offset = entry.endOffset;
  }
}

/** Fails fast on non-FITS input instead of scanning it for END (§3.3.1: "SIMPLE  =" first). */
async function checkSignature(source: ByteSource): Promise<void> {
  const head = await source.read(0, 10);
  if (head.length === 0) throw new FitsFormatError("TRUNCATED", "empty file", { byteOffset: 0, hduIndex: 0 });
  if (String.fromCharCode(...head.subarray(0, 9)) === "SIMPLE  =") return;
  const hint =
    head[0] === 0x1f && head[1] === 0x8b ? " (it is gzip-compressed: inflate it first)" : head[0] === 0x1f && head[1] === 0x9d ? " (it is unix-compressed, .Z)" : "";
  throw new FitsFormatError("BAD_STRUCTURE", `not a FITS file: it does not start with "SIMPLE  ="${hint}`, { byteOffset: 0, hduIndex: 0 });
}

async function readEntry(source: ByteSource, offset: number, index: number, options: ReadIndexOptions): Promise<HduEntry> {
  try {
    const { header, headerBytes } = await readHeaderAt(source, offset, index, options.maxHeaderBytes);
    const layout = hduLayout(header, index);
    if (index === 0 && !layout.primary) throw new FitsFormatError("BAD_STRUCTURE", "first HDU is not a primary (SIMPLE)", { hduIndex: 0 });
    if (index > 0 && layout.primary) throw new FitsFormatError("BAD_STRUCTURE", "SIMPLE inside the file", { hduIndex: index });
    const dataOffset = offset + headerBytes;
    const endOffset = dataOffset + padToBlock(layout.dataBytes);
    const truncated = source.size !== undefined && dataOffset + layout.dataBytes > source.size;
    const compressed = layout.kind === "bintable" && header.get("ZIMAGE") === true;
    let imageHeader: FitsHeader | undefined;
    if (compressed && options.compression?.isCompressedImageHeader(header)) {
      imageHeader = options.compression.imageHeaderFromCompressed(header);
    }
    const name = header.get("EXTNAME");
    const extver = header.get("EXTVER");
    return {
      index,
      header,
      layout,
      headerOffset: offset,
      dataOffset,
      dataBytes: layout.dataBytes,
      endOffset,
      name: typeof name === "string" ? name.trim() : "",
      extver: typeof extver === "number" ? extver : undefined,
      compressed,
      imageHeader,
      truncated,
    };
  } catch (e) {
    throw withContext(e, index, offset);
  }
}

/** The header callers should see: the image header of a compressed image, else the HDU's own. */
export function logicalHeader(entry: HduEntry): FitsHeader {
  return entry.imageHeader ?? entry.header;
}

/** Reads an HDU's data bytes (unpadded), checking them against the source and `maxBytes`. */
export async function readDataBytes(source: ByteSource, entry: HduEntry, maxBytes = DEFAULT_MAX_DATA_BYTES): Promise<Uint8Array> {
  if (entry.dataBytes > maxBytes) {
    throw new FitsFormatError("TOO_LARGE", `data of ${entry.dataBytes} bytes exceeds the limit of ${maxBytes}`, { hduIndex: entry.index });
  }
  if (entry.truncated) {
    throw new FitsFormatError("TRUNCATED", "data extends beyond the end of the file", { hduIndex: entry.index, byteOffset: entry.dataOffset });
  }
  return readExact(source, entry.dataOffset, entry.dataBytes, entry.index);
}
