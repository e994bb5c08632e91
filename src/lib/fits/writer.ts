/**
 * Streaming FITS writer (FITS 4.0 standard §3.3–3.4): each HDU is its header in 2880-byte blocks
 * padded with spaces, then its big-endian data padded with zeros. With `checksum`, DATASUM and
 * CHECKSUM (Appendix J) are added without holding the output: DATASUM must be known before the
 * header is written, so a data source either states its sum or is iterated twice (one pass to sum,
 * one to emit). Zero padding does not change a ones' complement sum, so only data bytes are summed.
 */
import type { Card } from "./card.js";
import { addSums, checksumOf, encodeChecksum, OnesComplementSum } from "./checksum.js";
import { encodeRaw, type RawArray } from "./data/bitpix.js";
import { FitsFormatError } from "./errors.js";
import { formatCard, headerToBytes } from "./format.js";
import { FitsHeader } from "./header.js";
import { BLOCK, hduLayout, padToBlock } from "./layout.js";

/** The data of an HDU to write: big-endian bytes, re-iterable (see module doc). */
export interface DataSource {
  /** Data length in bytes, without padding; must equal what the header implies. */
  readonly byteLength: number;
  /** Yields the data bytes in order; called once, or twice when a checksum needs the sum. */
  chunks(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** The ones' complement sum of the data (checksum.ts), when already known: saves a pass. */
  readonly datasum?: number;
}

/** One HDU to write. The first HDU of a file must have a SIMPLE header, later ones XTENSION. */
export interface WritableHdu {
  readonly header: FitsHeader;
  readonly data?: DataSource;
}

/** Options of writeFits. */
export interface WriteOptions {
  /** Add DATASUM and CHECKSUM to every HDU (default false). */
  readonly checksum?: boolean;
}

/** A data source over bytes in memory (already big-endian). */
export function bytesData(...parts: Uint8Array[]): DataSource {
  const byteLength = parts.reduce((a, p) => a + p.length, 0);
  return { byteLength, chunks: () => parts };
}

/** A data source over raw typed values (encoded to big-endian in chunks of ~1 MiB). */
export function rawData(values: RawArray): DataSource {
  const size = values.BYTES_PER_ELEMENT;
  const step = Math.max(1, Math.floor((1 << 20) / size));
  return {
    byteLength: values.byteLength,
    *chunks() {
      for (let i = 0; i < values.length; i += step) yield encodeRaw(values.subarray(i, i + step));
    },
  };
}

async function sumOf(data: DataSource): Promise<number> {
  const s = new OnesComplementSum();
  for await (const c of data.chunks()) s.update(c);
  return s.value;
}

/**
 * Sets DATASUM and CHECKSUM on a header for data with the given sum (Appendix J): CHECKSUM is
 * first written as sixteen '0', the HDU sum taken, and the complement's encoding put in its place.
 */
export function withChecksum(header: FitsHeader, datasum: number): FitsHeader {
  let h = header.with(formatCard("DATASUM", String(datasum >>> 0), "data unit checksum"));
  h = h.with(formatCard("CHECKSUM", "0000000000000000", "HDU checksum"));
  const total = addSums(checksumOf(headerToBytes(h)), datasum);
  return h.with(formatCard("CHECKSUM", encodeChecksum(total), "HDU checksum"));
}

/** Writes one HDU as chunks (header, data, zero padding). */
export async function* writeHdu(hdu: WritableHdu, index: number, options: WriteOptions = {}): AsyncGenerator<Uint8Array> {
  const layout = hduLayout(hdu.header, index);
  if (layout.primary !== (index === 0)) {
    throw new FitsFormatError("BAD_ARGUMENT", index === 0 ? "first HDU needs SIMPLE" : "extensions need XTENSION", { hduIndex: index });
  }
  const got = hdu.data?.byteLength ?? 0;
  if (got !== layout.dataBytes) {
    throw new FitsFormatError("BAD_ARGUMENT", `header implies ${layout.dataBytes} data bytes, data has ${got}`, { hduIndex: index });
  }
  let header = hdu.header;
  if (options.checksum) header = withChecksum(header, hdu.data ? (hdu.data.datasum ?? (await sumOf(hdu.data))) : 0);
  yield headerToBytes(header);
  if (!hdu.data || got === 0) return;
  let written = 0;
  for await (const c of hdu.data.chunks()) {
    written += c.length;
    if (written > got) throw new FitsFormatError("BAD_ARGUMENT", "data source yielded more bytes than byteLength", { hduIndex: index });
    yield c;
  }
  if (written !== got) throw new FitsFormatError("BAD_ARGUMENT", "data source yielded fewer bytes than byteLength", { hduIndex: index });
  const pad = padToBlock(got) - got;
  if (pad > 0) yield new Uint8Array(pad);
}

/** Writes a whole FITS file as a stream of chunks; concatenate or pipe them. */
export async function* writeFits(hdus: Iterable<WritableHdu> | AsyncIterable<WritableHdu>, options: WriteOptions = {}): AsyncGenerator<Uint8Array> {
  let index = 0;
  for await (const hdu of hdus) yield* writeHdu(hdu, index++, options);
  if (index === 0) throw new FitsFormatError("BAD_ARGUMENT", "a FITS file needs at least a primary HDU");
}

/** Collects a chunk stream into one buffer (tests, small files). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    parts.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of parts) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Structural keywords that the HDU builders write themselves (§4.4.1). */
const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|EXTEND|GROUPS|TFIELDS|CHECKSUM|DATASUM|END)$/;

/** Options of imageHdu. */
export interface ImageHduOptions {
  /** Raw values; their type sets BITPIX (Uint8Array 8, Int16Array 16, …, Float64Array −64). */
  readonly data: RawArray;
  /** Axis lengths in FITS order (shape[0] = NAXIS1); product must equal data.length. */
  readonly shape: readonly number[];
  /** True for the primary HDU (SIMPLE), false for an IMAGE extension. */
  readonly primary: boolean;
  /** Further cards (BSCALE, BZERO, BLANK, WCS, EXTNAME, …); structural ones are dropped. */
  readonly cards?: readonly Card[];
}

/** Builds an image HDU (primary or IMAGE extension) with the mandatory keywords in order. */
export function imageHdu(o: ImageHduOptions): WritableHdu {
  const n = o.shape.reduce((a, b) => a * b, 1);
  if (o.shape.length > 0 && n !== o.data.length) throw new FitsFormatError("BAD_ARGUMENT", `shape holds ${n} values, data ${o.data.length}`);
  const bitpix = o.data instanceof Uint8Array ? 8 : o.data instanceof Int16Array ? 16 : o.data instanceof Int32Array ? 32 : o.data instanceof BigInt64Array ? 64 : o.data instanceof Float32Array ? -32 : -64;
  const cards: Card[] = [
    o.primary ? formatCard("SIMPLE", true, "conforms to FITS standard") : formatCard("XTENSION", "IMAGE", "image extension"),
    formatCard("BITPIX", bitpix, "array data type"),
    formatCard("NAXIS", o.shape.length, "number of array dimensions"),
    ...o.shape.map((len, i) => formatCard(`NAXIS${i + 1}`, len)),
  ];
  if (o.primary) cards.push(formatCard("EXTEND", true));
  else cards.push(formatCard("PCOUNT", 0, "number of parameters"), formatCard("GCOUNT", 1, "number of groups"));
  for (const c of o.cards ?? []) if (!STRUCTURAL.test(c.keyword)) cards.push(c);
  return { header: new FitsHeader(cards), data: o.shape.length === 0 ? undefined : rawData(o.data) };
}

/** An empty primary HDU (NAXIS = 0), for files whose content is in extensions. */
export function emptyPrimaryHdu(cards: readonly Card[] = []): WritableHdu {
  return imageHdu({ data: new Uint8Array(0), shape: [], primary: true, cards });
}

/** Rewrites an extension header as a primary header (or the reverse), keeping all other cards. */
export function convertHeaderKind(header: FitsHeader, primary: boolean): FitsHeader {
  const keep = header.cards.filter((c) => !/^(SIMPLE|XTENSION|EXTEND|PCOUNT|GCOUNT)$/.test(c.keyword));
  const naxisEnd = keep.reduce((last, c, i) => (/^(BITPIX|NAXIS\d*)$/.test(c.keyword) ? i : last), -1);
  const first = primary ? formatCard("SIMPLE", true, "conforms to FITS standard") : formatCard("XTENSION", "IMAGE", "image extension");
  const after = primary ? [formatCard("EXTEND", true)] : [formatCard("PCOUNT", 0), formatCard("GCOUNT", 1)];
  return new FitsHeader([first, ...keep.slice(0, naxisEnd + 1), ...after, ...keep.slice(naxisEnd + 1)]);
}

export { BLOCK };
