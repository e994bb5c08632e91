/**
 * Cut-outs of a sky region rather than of one dataset: the datasets a shape touches (coadd
 * patches, or the detectors of one visit) stitched onto one pixel grid, the grid of the dataset
 * holding most of the shape (the reference).
 *
 * Datasets on the reference's own grid — patches of one tract: same projection, reference point
 * and matrix, CRPIX differing by whole pixels — are copied without resampling, so the mosaic's
 * pixels are their own values. Where such patches overlap (their borders), each pixel comes from the
 * patch whose centre is nearest (in the larger of the two axis distances, relative to the patch
 * size) — for a regular patch grid with equal borders that is the patch whose inner region holds
 * the pixel, as LSST's skymaps assign it.
 *
 * Other datasets (another detector of the visit, a patch of a neighbouring tract) are resampled by
 * nearest neighbour: a grid pixel not covered by the reference grid's datasets takes the value of
 * the pixel of the first other dataset that contains its centre's sky position (their WCSs,
 * distortion included) — still an original pixel value, never an interpolated one. Pixels no
 * dataset covers are NaN (float planes) or carry the NO_DATA mask bit.
 */
import { usageFault } from "../../lib/errors/index.js";
import {
  bytesData,
  type Card,
  convertHeaderKind,
  encodeRaw,
  FitsHeader,
  formatCard,
  formatCards,
  type HduEntry,
  type HduIndex,
  logicalHeader,
  readImageSection,
  type RawArray,
  shiftWcsForSection,
  type WritableHdu,
} from "../../lib/fits/index.js";
import { readCompressedSection } from "../../lib/fits/compress/index.js";
import { type CutoutRegion, type PixelBox1, regionPixelBox, type Wcs } from "../../lib/wcs/index.js";
import { findImagePlane, imageWcs, provenanceCards } from "./cutout.js";
import type { CutoutDetail } from "./params.js";
import type { OpenedFile, SodaDataset } from "./service.js";

/** One patch file taking part in a mosaic. */
export interface MosaicInput {
  readonly dataset: SodaDataset;
  readonly file: OpenedFile;
  readonly index: HduIndex;
}

interface Placed {
  readonly input: MosaicInput;
  readonly image: HduEntry;
  readonly wcs: Wcs;
  /** On the reference grid: patch pixel x + dx = grid pixel x (and the same for y). */
  readonly aligned: boolean;
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
  /** The pixels read from this dataset (its own pixels): the shape's box, or for resampled datasets the grid box seen through their WCS. */
  readonly box: PixelBox1;
  readonly tractKey: string;
}

/**
 * The keywords that define a celestial WCS apart from its reference pixel: two images whose
 * values agree and whose CRPIX differ by whole pixels are windows of one pixel grid (SIP and PV
 * polynomials are functions of pixel − CRPIX, so they move with it).
 */
const GRID_KEYWORD = /^(WCSAXES|CTYPE\d|CUNIT\d|CRVAL\d|CDELT\d|CROTA\d|CD\d_\d|PC\d_\d|PV\d_\d+|PS\d_\d+|LONPOLE|LATPOLE|RADESYS|EQUINOX|EPOCH|MJDREF|A_ORDER|B_ORDER|AP_ORDER|BP_ORDER|A_\d+_\d+|B_\d+_\d+|AP_\d+_\d+|BP_\d+_\d+)$/;

function gridKey(h: FitsHeader): string {
  return h.cards
    .filter((c) => c.kind === "value" && GRID_KEYWORD.test(c.keyword))
    .map((c) => `${c.keyword}=${String(c.value)}`)
    .sort()
    .join("|");
}

function planeName(e: HduEntry): string {
  return (e.name || String(e.header.get("EXTTYPE") ?? "")).trim().toUpperCase();
}

/** What a mosaic cut-out was asked for. */
export interface MosaicSpec {
  readonly shape: CutoutRegion;
  readonly detail: CutoutDetail;
  readonly maxPixels: number;
  readonly datasetType: string;
  readonly label: string;
  readonly version: string;
}

/** The planned mosaic: its grid box, and the inputs with their share. */
export interface MosaicPlan {
  readonly grid: PixelBox1;
  readonly placed: readonly Placed[];
  readonly tract: string;
}

/** The bounding box, in `to`'s pixels, of the border of `box` on `from` (sampled every ≤ 8 pixels). */
function mapBox(from: Wcs, box: PixelBox1, to: Wcs): { x1: number; x2: number; y1: number; y2: number } | undefined {
  let x1 = Number.POSITIVE_INFINITY;
  let x2 = Number.NEGATIVE_INFINITY;
  let y1 = Number.POSITIVE_INFINITY;
  let y2 = Number.NEGATIVE_INFINITY;
  const add = (x: number, y: number) => {
    const [ra, dec] = from.pixToWorld(x, y);
    const [u, v] = to.worldToPix(ra, dec);
    if (!Number.isFinite(u) || !Number.isFinite(v)) return;
    x1 = Math.min(x1, u);
    x2 = Math.max(x2, u);
    y1 = Math.min(y1, v);
    y2 = Math.max(y2, v);
  };
  const nx = Math.max(2, Math.ceil((box.x2 - box.x1) / 8));
  const ny = Math.max(2, Math.ceil((box.y2 - box.y1) / 8));
  for (let i = 0; i <= nx; i++) {
    const x = box.x1 - 0.5 + ((box.x2 - box.x1 + 1) * i) / nx;
    add(x, box.y1 - 0.5);
    add(x, box.y2 + 0.5);
  }
  for (let j = 0; j <= ny; j++) {
    const y = box.y1 - 0.5 + ((box.y2 - box.y1 + 1) * j) / ny;
    add(box.x1 - 0.5, y);
    add(box.x2 + 0.5, y);
  }
  return x1 <= x2 && y1 <= y2 ? { x1, x2, y1, y2 } : undefined;
}

/** Places the inputs on the reference's grid; undefined when the shape touches none of them. */
export function planMosaic(inputs: readonly MosaicInput[], spec: MosaicSpec): MosaicPlan | undefined {
  const found: Placed[] = [];
  for (const input of inputs) {
    const image = findImagePlane(input.index);
    if (!image) continue;
    const h = logicalHeader(image);
    const width = Number(h.get("NAXIS1"));
    const height = Number(h.get("NAXIS2"));
    const wcs = imageWcs(image);
    const box = regionPixelBox(wcs, spec.shape, [width, height]);
    if (!box) continue;
    found.push({ input, image, wcs, aligned: false, dx: Number(h.get("CRPIX1")), dy: Number(h.get("CRPIX2")), width, height, box, tractKey: gridKey(h) });
  }
  if (found.length === 0) return undefined;
  const area = (b: PixelBox1) => (b.x2 - b.x1 + 1) * (b.y2 - b.y1 + 1);
  found.sort((a, b) => area(b.box) - area(a.box));
  const ref = found[0]!;
  // Grid pixel = dataset pixel + (CRPIX of the reference − CRPIX of the dataset), a whole number.
  const placed: Placed[] = found.map((p) => {
    const dx = ref.dx - p.dx;
    const dy = ref.dy - p.dy;
    const aligned = p.tractKey === ref.tractKey && Math.abs(dx - Math.round(dx)) < 1e-6 && Math.abs(dy - Math.round(dy)) < 1e-6;
    return aligned ? { ...p, aligned, dx: Math.round(dx), dy: Math.round(dy) } : { ...p, aligned, dx: 0, dy: 0 };
  });
  let grid = { x1: Number.POSITIVE_INFINITY, x2: Number.NEGATIVE_INFINITY, y1: Number.POSITIVE_INFINITY, y2: Number.NEGATIVE_INFINITY };
  const grow = (b: { x1: number; x2: number; y1: number; y2: number }) => {
    grid = { x1: Math.min(grid.x1, b.x1), x2: Math.max(grid.x2, b.x2), y1: Math.min(grid.y1, b.y1), y2: Math.max(grid.y2, b.y2) };
  };
  for (const p of placed) {
    if (p.aligned) grow({ x1: p.box.x1 + p.dx, x2: p.box.x2 + p.dx, y1: p.box.y1 + p.dy, y2: p.box.y2 + p.dy });
    else {
      const m = mapBox(p.wcs, p.box, ref.wcs);
      if (m) grow({ x1: Math.round(m.x1), x2: Math.round(m.x2), y1: Math.round(m.y1), y2: Math.round(m.y2) });
    }
  }
  const box = { x1: grid.x1, x2: grid.x2, y1: grid.y1, y2: grid.y2 };
  const pixels = (box.x2 - box.x1 + 1) * (box.y2 - box.y1 + 1);
  if (pixels > spec.maxPixels) throw usageFault(`the mosaic cut-out would hold ${pixels} pixels; at most ${spec.maxPixels} are allowed (make the shape smaller)`, { param: "POS" });
  // Every dataset is read over the part of it the whole grid box sees, so the grid holds data
  // wherever some dataset has it (SODA-04), not only inside each dataset's own box of the shape.
  const read = placed.map((p) => {
    if (p.aligned) {
      const b = { x1: Math.max(1, box.x1 - p.dx), x2: Math.min(p.width, box.x2 - p.dx), y1: Math.max(1, box.y1 - p.dy), y2: Math.min(p.height, box.y2 - p.dy) };
      return { ...p, box: b };
    }
    const m = mapBox(ref.wcs, box, p.wcs);
    if (!m) return p;
    const b = { x1: Math.max(1, Math.round(m.x1)), x2: Math.min(p.width, Math.round(m.x2)), y1: Math.max(1, Math.round(m.y1)), y2: Math.min(p.height, Math.round(m.y2)) };
    return b.x1 <= b.x2 && b.y1 <= b.y2 ? { ...p, box: b } : p;
  });
  const tract = String(ref.input.dataset.dataId.tract ?? ref.input.dataset.dataId.visit ?? "");
  return { grid: box, placed: read, tract };
}

/**
 * For each grid pixel, the index of the dataset supplying it (−1: none) and, for resampled
 * datasets, the index of the source pixel in the box read from it.
 */
function owners(plan: MosaicPlan, reference: Wcs): { own: Int32Array; at: Int32Array } {
  const { grid } = plan;
  const w = grid.x2 - grid.x1 + 1;
  const h = grid.y2 - grid.y1 + 1;
  const own = new Int32Array(w * h).fill(-1);
  const at = new Int32Array(w * h).fill(-1);
  const best = new Float64Array(w * h).fill(Number.POSITIVE_INFINITY);
  plan.placed.forEach((p, k) => {
    if (!p.aligned) return;
    const cx = (p.width + 1) / 2 + p.dx;
    const cy = (p.height + 1) / 2 + p.dy;
    const bw = p.box.x2 - p.box.x1 + 1;
    for (let gy = Math.max(grid.y1, p.box.y1 + p.dy); gy <= Math.min(grid.y2, p.box.y2 + p.dy); gy++) {
      const ry = Math.abs(gy - cy) / p.height;
      for (let gx = Math.max(grid.x1, p.box.x1 + p.dx); gx <= Math.min(grid.x2, p.box.x2 + p.dx); gx++) {
        const d = Math.max(Math.abs(gx - cx) / p.width, ry);
        const i = (gy - grid.y1) * w + (gx - grid.x1);
        if (d < best[i]!) {
          best[i] = d;
          own[i] = k;
          at[i] = (gy - p.dy - p.box.y1) * bw + (gx - p.dx - p.box.x1);
        }
      }
    }
  });
  const others = plan.placed.map((p, k) => [p, k] as const).filter(([p]) => !p.aligned);
  if (others.length === 0) return { own, at };
  for (let gy = grid.y1; gy <= grid.y2; gy++) {
    for (let gx = grid.x1; gx <= grid.x2; gx++) {
      const i = (gy - grid.y1) * w + (gx - grid.x1);
      if (own[i] !== -1) continue;
      const [ra, dec] = reference.pixToWorld(gx, gy);
      for (const [p, k] of others) {
        const [x, y] = p.wcs.worldToPix(ra, dec);
        const xi = Math.round(x);
        const yi = Math.round(y);
        if (!(xi >= p.box.x1 && xi <= p.box.x2 && yi >= p.box.y1 && yi <= p.box.y2)) continue;
        own[i] = k;
        at[i] = (yi - p.box.y1) * (p.box.x2 - p.box.x1 + 1) + (xi - p.box.x1);
        break;
      }
    }
  }
  return { own, at };
}

async function readBox(p: Placed, e: HduEntry): Promise<RawArray> {
  const b = { start0: [p.box.x1 - 1, p.box.y1 - 1], end0: [p.box.x2, p.box.y2] };
  return (e.compressed ? await readCompressedSection(p.input.file, e, b) : await readImageSection(p.input.file, e, b)).raw;
}

/** The plane `name` of each input, same size as its image plane. */
function planeOf(p: Placed, name: string): HduEntry | undefined {
  if (name === "IMAGE") return p.image;
  return p.input.index.hdus.find((e) => planeName(e) === name && Number(logicalHeader(e).get("NAXIS1")) === p.width && Number(logicalHeader(e).get("NAXIS2")) === p.height);
}

/** Stitches one plane; undefined when an input lacks it or BITPIX differs. */
async function stitchPlane(plan: MosaicPlan, map: { own: Int32Array; at: Int32Array }, name: string): Promise<WritableHdu | undefined> {
  const { own, at } = map;
  const entries = plan.placed.map((p) => planeOf(p, name));
  if (entries.some((e) => e === undefined)) return undefined;
  const headers = entries.map((e) => logicalHeader(e!));
  const bitpix = Number(headers[0]!.get("BITPIX"));
  if (headers.some((h) => Number(h.get("BITPIX")) !== bitpix || h.get("BZERO") !== headers[0]!.get("BZERO") || h.get("BSCALE") !== headers[0]!.get("BSCALE"))) return undefined;
  const { grid } = plan;
  const w = grid.x2 - grid.x1 + 1;
  const h = grid.y2 - grid.y1 + 1;
  const first = await readBox(plan.placed[0]!, entries[0]!);
  const Ctor = first.constructor as new (n: number) => RawArray;
  const out = new Ctor(w * h);
  if (out instanceof Float32Array || out instanceof Float64Array) out.fill(Number.NaN);
  else if (name === "MASK") {
    const bit = headers[0]!.get("MP_NO_DATA");
    if (typeof bit === "number" && (out instanceof Int32Array || out instanceof Int16Array)) out.fill(1 << bit);
  }
  const sources: (RawArray | undefined)[] = plan.placed.map((_, k) => (k === 0 ? first : undefined));
  for (let k = 1; k < plan.placed.length; k++) if (own.includes(k)) sources[k] = await readBox(plan.placed[k]!, entries[k]!);
  const dst = out as unknown as number[];
  for (let i = 0; i < own.length; i++) {
    const k = own[i]!;
    if (k >= 0) dst[i] = (sources[k] as unknown as number[])[at[i]!]!;
  }
  // The grid's WCS: the first patch's header with its reference pixel moved to the grid box.
  const p0 = plan.placed[0]!;
  const header = shiftWcsForSection(headers[0]!, [grid.x1 - p0.dx, grid.y1 - p0.dy], [w, h]);
  return { header: convertHeaderKind(header, false), data: bytesData(encodeRaw(out)) };
}

/** The FITS HDUs of a mosaic: a primary with provenance, then IMAGE (and MASK, VARIANCE). */
export async function mosaicHdus(plan: MosaicPlan, spec: MosaicSpec): Promise<WritableHdu[]> {
  const own = owners(plan, plan.placed[0]!.wcs);
  const names = spec.detail === "image" ? ["IMAGE"] : ["IMAGE", "MASK", "VARIANCE"];
  const planes: WritableHdu[] = [];
  for (const n of names) {
    const hdu = await stitchPlane(plan, own, n);
    if (hdu) planes.push(hdu);
    else if (n === "IMAGE") throw usageFault("the patches of this mosaic do not share one pixel type", { param: "ID" });
  }
  const box = plan.grid;
  const cards: Card[] = [
    formatCard("SIMPLE", true),
    formatCard("BITPIX", 8),
    formatCard("NAXIS", 0),
    formatCard("EXTEND", true),
    formatCard("MOSAIC", true, "stitched from several datasets on one grid"),
    ...formatCards("MOSAICID", spec.label, "what was asked for"),
    formatCard("LONGSTRN", "OGIP 1.0", "long strings continue on CONTINUE cards"),
    formatCard("MOSAICTR", plan.tract, "tract or visit whose grid the mosaic uses"),
    formatCard("NRESAMPL", plan.placed.filter((p) => !p.aligned).length, "inputs resampled (nearest pixel) onto the grid"),
    formatCard("NINPUTS", plan.placed.length, "datasets stitched"),
    ...plan.placed.slice(0, 999).map((p, i) => formatCard(`INPUT${String(i + 1).padStart(3, "0")}`, p.input.dataset.uuid, `dataset id, patch ${String(p.input.dataset.dataId.patch ?? "")}`)),
    ...provenanceCards({ uuid: plan.placed[0]!.input.dataset.uuid, datasetType: spec.datasetType, dataId: { tract: plan.tract }, version: spec.version }, spec.shape, box).filter((c) => !/^(CUT_|BTLRUUID)/.test(c.keyword)),
    formatCard("GRID_X1", box.x1, "first grid pixel along NAXIS1, first patch's pixels"),
    formatCard("GRID_Y1", box.y1, "first grid pixel along NAXIS2, first patch's pixels"),
  ];
  return [{ header: new FitsHeader(cards), data: bytesData() }, ...planes];
}
