/**
 * Whole-file compression and decompression (what fpack/funpack do, FITS 4.0 standard §10): every
 * image HDU with data becomes a tile-compressed BINTABLE (a primary image moves to the first
 * extension, marked ZSIMPLE, behind an empty primary), other HDUs are copied unchanged; and back,
 * every compressed HDU becomes its image (a ZSIMPLE image in the first extension behind an empty
 * primary becomes the primary again). Output is a stream of HDUs for the core writer; write it
 * with `writeFits(hdus, { checksum: true })` so CHECKSUM/DATASUM are fresh.
 */
import type { ByteSource } from "../byte-source.js";
import { type HduEntry, readDataBytes, readHduIndex } from "../reader.js";
import { readImage } from "../section.js";
import { bytesData, convertHeaderKind, emptyPrimaryHdu, rawData, type WritableHdu } from "../writer.js";
import { imageHeaderFromCompressed, isCompressedImageHeader } from "./header.js";
import { readCompressedImage } from "./reader.js";
import { type CompressOptions, compressImage } from "./writer.js";

const HOOKS = { isCompressedImageHeader, imageHeaderFromCompressed };

async function copyHdu(source: ByteSource, entry: HduEntry): Promise<WritableHdu> {
  return { header: entry.header, data: entry.dataBytes > 0 ? bytesData(await readDataBytes(source, entry)) : undefined };
}

/**
 * Compresses every image HDU with data of a FITS source. `choose` may return options per HDU
 * (e.g. a quantize level only for float images) or undefined to copy that HDU unchanged.
 */
export async function* compressFits(
  source: ByteSource,
  choose: (entry: HduEntry) => CompressOptions | undefined,
): AsyncGenerator<WritableHdu> {
  const { hdus } = await readHduIndex(source, { compression: HOOKS });
  for (const entry of hdus) {
    const isImage = entry.layout.kind === "image" && entry.dataBytes > 0;
    const options = isImage ? choose(entry) : undefined;
    if (entry.index === 0) {
      if (!options) {
        yield await copyHdu(source, entry);
        continue;
      }
      yield emptyPrimaryHdu();
    }
    if (!options) {
      yield await copyHdu(source, entry);
      continue;
    }
    const image = await readImage(source, entry);
    yield compressImage({ header: entry.header, data: image.raw }, options);
  }
}

/** Decompresses every tile-compressed HDU of a FITS source; other HDUs are copied unchanged. */
export async function* decompressFits(source: ByteSource): AsyncGenerator<WritableHdu> {
  const { hdus } = await readHduIndex(source, { compression: HOOKS });
  const first = hdus[0];
  const second = hdus[1];
  // An empty primary followed by a ZSIMPLE image: restore that image as the primary.
  const promote = first !== undefined && second?.compressed === true && first.dataBytes === 0 && second.header.has("ZSIMPLE");
  for (const entry of hdus) {
    if (promote && entry.index === 0) continue;
    if (!entry.compressed) {
      yield await copyHdu(source, entry);
      continue;
    }
    const image = await readCompressedImage(source, entry);
    const primary = promote && entry.index === 1;
    let header = imageHeaderFromCompressed(entry.header).without("CHECKSUM").without("DATASUM");
    if (header.has("SIMPLE") !== primary) header = convertHeaderKind(header, primary);
    yield { header, data: rawData(image.raw) };
  }
}


