/**
 * Public surface of the FITS library (FITS 4.0 standard): header cards and headers, verification,
 * HDU index over an abstract byte source, image/section/table readers, and a streaming writer with
 * checksums. Pure: no file system, network, logging or global config. See README.md for the map.
 */
export { BlockCache, type BlockCacheOptions, type ClosableByteSource, cachedHduIndex, cachedSource, lazyCachedSource } from "./block-cache.js";
export { type ByteSource, bufferSource, readExact } from "./byte-source.js";
export { CARD_LENGTH, Card, type CardKind, type CardValue, type CardValueType, COMMENTARY_KEYWORDS, type FitsComplex } from "./card.js";
export { addSums, checksumOf, encodeChecksum, OnesComplementSum } from "./checksum.js";
export { allocRaw, bitpixOf, bytesPerElement, decodeRaw, encodeRaw, type RawArray } from "./data/bitpix.js";
export { type GroupsData, readGroups } from "./data/groups.js";
export { isScaled, type PhysicalArray, type Scaling, scalingFrom, toPhysical, unsignedKind } from "./data/scale.js";
export { type FitsErrorCode, FitsFormatError, type FitsFormatErrorOptions } from "./errors.js";
export { buildHeader, type CardInputValue, formatCard, formatCards, formatFloat, type FormatCardOptions, headerToBytes } from "./format.js";
export { bytesToLatin1, FitsHeader, type HeaderValue, parseHeaderBlocks, parseHeaderText } from "./header.js";
export { BITPIX_VALUES, BLOCK, type HduKind, type HduLayout, hduLayout, padToBlock } from "./layout.js";
export {
  type CompressedImageHooks,
  DEFAULT_MAX_DATA_BYTES,
  type HduEntry,
  type HduIndex,
  logicalHeader,
  type ReadIndexOptions,
  readDataBytes,
  readHduIndex,
  readHeaderAt,
} from "./reader.js";
export {
  boxFromPix1,
  type ImageData,
  readImage,
  readImageSection,
  readImageSectionPix1,
  readSectionBytes,
  type SectionBox0,
  type SectionOptions,
} from "./section.js";
export { type AsciiColumnValues, type AsciiTableData, parseAsciiNumber, readAsciiTable } from "./table/ascii.js";
export { type BinColumnSpec, binTableHdu, type CellArray } from "./table/bintable-write.js";
export { type BinTableData, type ColumnValues, heapRange, readBinTable, type ReadTableOptions } from "./table/bintable.js";
export { type AsciiColumn, asciiColumns, type BinColumn, binColumns, type ColumnBase } from "./table/columns.js";
export { type AsciiFormat, type BinFormat, type BinType, parseAsciiTform, parseBinTform, parseTdim } from "./table/tform.js";
export { type Finding, type VerifyMode, type VerifyResult, verify } from "./verify.js";
export { verifyChecksums, type ChecksumStatus } from "./verify-checksum.js";
export { shiftWcsForSection } from "./wcs-section.js";
export {
  bytesData,
  collectBytes,
  convertHeaderKind,
  type DataSource,
  emptyPrimaryHdu,
  type ImageHduOptions,
  imageHdu,
  rawData,
  type WritableHdu,
  type WriteOptions,
  withChecksum,
  writeFits,
  writeHdu,
} from "./writer.js";
