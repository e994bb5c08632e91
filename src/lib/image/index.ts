/**
 * Public surface of the image library: previews of FITS images for DataLink #preview — block
 * downsampling (whole or row by row), Lupton asinh stretch to 8-bit grey, and PNG and baseline
 * JPEG encoders. Pure: no file system, network, logging or config (node:zlib only). See README.md.
 */
export {
  blockFactor,
  createDownsampler,
  downsample,
  type DownsampledImage,
  type DownsampleOptions,
  downsampledSize,
  type Downsampler,
  downsampleToFit,
  type Image2D,
  MAX_AXIS,
  type Pixels,
} from "./downsample.js";
export { ImageError, type ImageErrorCode } from "./errors.js";
export {
  encodeJpeg,
  huffmanCodes,
  type HuffmanCodes,
  type JpegOptions,
  K1_LUMINANCE_QUANT,
  K3_DC_BITS,
  K3_DC_VALUES,
  K5_AC_BITS,
  K5_AC_VALUES,
  quantTable,
  ZIGZAG,
} from "./jpeg.js";
export { crc32, encodePng, PNG_SIGNATURE, type PngFilter, type PngOptions } from "./png.js";
export { type EncodePreviewOptions, encodePreview, type Preview, type PreviewFormat, type RenderPreviewOptions, renderPreview } from "./preview.js";
export {
  applyStretch,
  chooseStretch,
  DEFAULT_MAX_SAMPLES,
  type Grey8Image,
  MAD_TO_SIGMA,
  quantileSorted,
  type StretchedImage,
  type StretchOptions,
  type StretchParams,
  stretchAsinh,
} from "./stretch.js";
