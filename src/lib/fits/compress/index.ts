/**
 * Public surface of the tile-compressed image module (FITS 4.0 standard §10): header translation,
 * readers (whole image and tile-selective sections), the writer, and the codecs as pure functions.
 */
export { DitherCursor, ditherTable, N_RANDOM } from "./dither.js";
export { FitsCompressionError } from "./errors.js";
export { gunzipTile, gzipTile, shuffleBytes, unshuffleBytes } from "./gzip.js";
export { hcompressDecode } from "./hcompress/decode.js";
export {
  type CompressedImageInfo,
  type CompressionType,
  compressedImageInfo,
  imageHeaderFromCompressed,
  isCompressedImageHeader,
} from "./header.js";
export { plioDecode } from "./plio.js";
export { estimateNoise, NULL_VALUE, type QuantizeMethod, quantizeTile, unquantize, ZERO_VALUE } from "./quantize.js";
export {
  type CompressedImage,
  type CompressedReadOptions,
  openCompressedImage,
  readCompressedImage,
  readCompressedSection,
} from "./reader.js";
export { compressFits, decompressFits } from "./file.js";
export { type CompressOptions, compressImage, type ImageToCompress, type WriteAlgorithm } from "./writer.js";
export { RICE_DEFAULT_BLOCKSIZE, type RiceBytePix, riceDecode, riceEncode } from "./rice.js";
export { type TileGrid, tileGrid, tilesInBox } from "./tiles.js";

import { imageHeaderFromCompressed, isCompressedImageHeader } from "./header.js";

/** The hooks readHduIndex takes (`{ compression: COMPRESSION_HOOKS }`) to present image headers. */
export const COMPRESSION_HOOKS = { isCompressedImageHeader, imageHeaderFromCompressed } as const;
