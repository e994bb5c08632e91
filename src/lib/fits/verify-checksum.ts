/**
 * Checks an HDU's CHECKSUM and DATASUM against its bytes (FITS 4.0 standard §4.4.2.7, Appendix
 * J): the data sum must equal DATASUM, and header plus data must sum to −0 (0xFFFFFFFF). Data is
 * read in chunks, so large HDUs are never held whole.
 */
import { type ByteSource, readExact } from "./byte-source.js";
import { addSums, checksumOf, OnesComplementSum } from "./checksum.js";
import type { HduEntry } from "./reader.js";

/** The result of checking one HDU's checksums: absent, ok, or bad. */
export interface ChecksumStatus {
  readonly datasum: "absent" | "ok" | "bad";
  readonly checksum: "absent" | "ok" | "bad";
  /** The data sum computed from the bytes. */
  readonly computedDatasum: number;
}

/** Verifies CHECKSUM/DATASUM of one HDU. Throws FitsFormatError("TRUNCATED") for short files. */
export async function verifyChecksums(source: ByteSource, entry: HduEntry, chunkBytes = 1 << 22): Promise<ChecksumStatus> {
  const sum = new OnesComplementSum();
  for (let off = 0; off < entry.dataBytes; off += chunkBytes) {
    sum.update(await readExact(source, entry.dataOffset + off, Math.min(chunkBytes, entry.dataBytes - off), entry.index));
  }
  const datasum = sum.value;
  const h = entry.header;
  const ds = h.get("DATASUM");
  const cs = h.get("CHECKSUM");
  let checksum: ChecksumStatus["checksum"] = "absent";
  if (typeof cs === "string") {
    const headerBytes = await readExact(source, entry.headerOffset, entry.dataOffset - entry.headerOffset, entry.index);
    checksum = addSums(checksumOf(headerBytes), datasum) === 0xffffffff ? "ok" : "bad";
  }
  const datasumStatus: ChecksumStatus["datasum"] = typeof ds !== "string" ? "absent" : Number(ds.trim()) === datasum ? "ok" : "bad";
  return { datasum: datasumStatus, checksum, computedDatasum: datasum };
}
