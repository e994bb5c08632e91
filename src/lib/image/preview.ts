/**
 * One-call previews for DataLink #preview: downsample (block average) → asinh stretch → PNG or
 * JPEG bytes. The caller reads pixels (whole, or row by row into `createDownsampler` and then
 * `encodePreview`) and caches the bytes; nothing here does I/O.
 */
import { blockFactor, downsample, type DownsampleOptions, type Image2D } from "./downsample.js";
import { encodeJpeg } from "./jpeg.js";
import { encodePng, type PngOptions } from "./png.js";
import { type StretchOptions, type StretchParams, stretchAsinh } from "./stretch.js";

export type PreviewFormat = "png" | "jpeg";

export interface EncodePreviewOptions {
  readonly format: PreviewFormat;
  /** JPEG quality 1–100 (default 90). */
  readonly quality?: number;
  readonly stretch?: StretchOptions;
  readonly png?: PngOptions;
}

export interface RenderPreviewOptions extends EncodePreviewOptions, DownsampleOptions {
  /** Largest output size in pixels (the aspect ratio is kept; integer block factor). */
  readonly maxWidth: number;
  readonly maxHeight: number;
}

export interface Preview {
  readonly bytes: Uint8Array;
  /** "image/png" or "image/jpeg". */
  readonly mediaType: string;
  readonly width: number;
  readonly height: number;
  /** Block factor from the input to the preview (1 for `encodePreview`). */
  readonly factor: number;
  readonly params: StretchParams;
}

/** Stretches an (already small) image in FITS order and encodes it. */
export function encodePreview(image: Image2D, options: EncodePreviewOptions): Preview {
  const grey = stretchAsinh(image, options.stretch);
  const bytes = options.format === "png" ? encodePng(grey, options.png) : encodeJpeg(grey, { quality: options.quality ?? 90 });
  return {
    bytes,
    mediaType: options.format === "png" ? "image/png" : "image/jpeg",
    width: grey.width,
    height: grey.height,
    factor: 1,
    params: grey.params,
  };
}

/** Downsamples a whole image to fit maxWidth × maxHeight, stretches and encodes it. */
export function renderPreview(image: Image2D, options: RenderPreviewOptions): Preview {
  const factor = blockFactor(image.width, image.height, options.maxWidth, options.maxHeight);
  const small = downsample(image, factor, options);
  return { ...encodePreview(small, options), factor };
}
