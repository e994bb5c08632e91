/**
 * Cut-outs of a sky region rather than of one dataset: the coadd patches a shape touches,
 * stitched onto their common pixel grid. Patches of one tract are windows of the tract's grid
 * (same projection, reference point and matrix; CRPIX differs by whole pixels), so stitching copies
 * pixels without resampling: the mosaic's pixels are the patches' own values. Where patches
 * overlap (their borders), each pixel comes from the patch whose centre is nearest (in the larger
 * of the two axis distances, relative to the patch size) — for a regular patch grid with equal
 * borders that is the patch whose inner region holds the pixel, as LSST's skymaps assign it.
 * Pixels no patch covers are NaN (float planes) or the NO_DATA mask bit.
 *
 * Limits (said, not hidden): patches from several tracts are not resampled onto one grid: the
 * tract holding the most of the shape's box is used and the others are left out (the
 * MOSAICTR card names the tract); visit images across detectors (each with its own distortion)
 * are not stitched.
 */
import { usageFault } from "../../lib/errors/index.js";
import {
  bytesData,
  type Card,
  convertHeaderKind,
  encodeRaw,
  FitsHeader,
  formatCard,
  type HduEntry,
  type HduIndex,
  logicalHeader,
  readImageSection,
  type RawArray,
  shiftWcsForSection,
  type WritableHdu,
} from "../../lib/fits/index.js";
import { readCompressedSection } from "../../lib/fits/compress/index.js";
import { type CutoutRegion, type PixelBox1, regionPixelBox } from "../../lib/wcs/index.js";
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
  /** Patch pixel x + dx = grid pixel x (and the same for y). */
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
  /** The shape's box on this patch, patch pixels. */
  readonly box: PixelBox1;
  readonly tractKey: string;
}

const GRID_KEYS = ["CTYPE1", "CTYPE2", "CRVAL1", "CRVAL2", "CD1_1", "CD1_2", "CD2_1", "CD2_2", "PC1_1", "PC1_2", "PC2_1", "PC2_2", "CDELT1", "CDELT2"];

function gridKey(h: FitsHeader): string {
  return GRID_KEYS.map((k) => String(h.get(k) ?? "")).join("|");
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
  readonly left: number;
}

/** Places the inputs on their common grid; undefined when the shape touches none of them. */
export function planMosaic(inputs: readonly MosaicInput[], spec: MosaicSpec): MosaicPlan | undefined {
  const placed: Placed[] = [];
  let ref: { crpix1: number; crpix2: number } | undefined;
  const byTract = new Map<string, number>();
  for (const input of inputs) {
    const image = findImagePlane(input.index);
    if (!image) continue;
    const h = logicalHeader(image);
    const width = Number(h.get("NAXIS1"));
    const height = Number(h.get("NAXIS2"));
    const box = regionPixelBox(imageWcs(image), spec.shape, [width, height]);
    if (!box) continue;
    const tractKey = gridKey(h);
    const crpix1 = Number(h.get("CRPIX1"));
    const crpix2 = Number(h.get("CRPIX2"));
    placed.push({ input, image, dx: crpix1, dy: crpix2, width, height, box, tractKey });
    byTract.set(tractKey, (byTract.get(tractKey) ?? 0) + (box.x2 - box.x1 + 1) * (box.y2 - box.y1 + 1));
    ref ??= { crpix1, crpix2 };
  }
  if (placed.length === 0 || !ref) return undefined;
  const tract = [...byTract.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const onGrid: Placed[] = [];
  for (const p of placed) {
    if (p.tractKey !== tract) continue;
    // Grid pixel = patch pixel + (CRPIX of the first patch − CRPIX of this one), a whole number.
    const dx = ref.crpix1 - p.dx;
    const dy = ref.crpix2 - p.dy;
    if (Math.abs(dx - Math.round(dx)) > 1e-6 || Math.abs(dy - Math.round(dy)) > 1e-6) continue;
    onGrid.push({ ...p, dx: Math.round(dx), dy: Math.round(dy) });
  }
  if (onGrid.length === 0) return undefined;
  const grid = {
    x1: Math.min(...onGrid.map((p) => p.box.x1 + p.dx)),
    x2: Math.max(...onGrid.map((p) => p.box.x2 + p.dx)),
    y1: Math.min(...onGrid.map((p) => p.box.y1 + p.dy)),
    y2: Math.max(...onGrid.map((p) => p.box.y2 + p.dy)),
  };
  const pixels = (grid.x2 - grid.x1 + 1) * (grid.y2 - grid.y1 + 1);
  if (pixels > spec.maxPixels) throw usageFault(`the mosaic cut-out would hold ${pixels} pixels; at most ${spec.maxPixels} are allowed (make the shape smaller)`, { param: "POS" });
  const tractName = String(onGrid[0]!.input.dataset.dataId.tract ?? "");
  return { grid, placed: onGrid, tract: tractName, left: placed.length - onGrid.length };
}

/** For each grid pixel, the index of the patch supplying it (−1: none). */
function owners(plan: MosaicPlan): Int32Array {
  const { grid } = plan;
  const w = grid.x2 - grid.x1 + 1;
  const h = grid.y2 - grid.y1 + 1;
  const own = new Int32Array(w * h).fill(-1);
  const best = new Float64Array(w * h).fill(Number.POSITIVE_INFINITY);
  plan.placed.forEach((p, k) => {
    const cx = (p.width + 1) / 2 + p.dx;
    const cy = (p.height + 1) / 2 + p.dy;
    for (let gy = Math.max(grid.y1, p.box.y1 + p.dy); gy <= Math.min(grid.y2, p.box.y2 + p.dy); gy++) {
      const ry = Math.abs(gy - cy) / p.height;
      for (let gx = Math.max(grid.x1, p.box.x1 + p.dx); gx <= Math.min(grid.x2, p.box.x2 + p.dx); gx++) {
        const d = Math.max(Math.abs(gx - cx) / p.width, ry);
        const i = (gy - grid.y1) * w + (gx - grid.x1);
        if (d < best[i]!) {
          best[i] = d;
          own[i] = k;
        }
      }
    }
  });
  return own;
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
async function stitchPlane(plan: MosaicPlan, own: Int32Array, name: string): Promise<WritableHdu | undefined> {
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
  for (let k = 0; k < plan.placed.length; k++) {
    const p = plan.placed[k]!;
    const src = k === 0 ? first : await readBox(p, entries[k]!);
    const bw = p.box.x2 - p.box.x1 + 1;
    for (let y = p.box.y1; y <= p.box.y2; y++) {
      const gy = y + p.dy - grid.y1;
      for (let x = p.box.x1; x <= p.box.x2; x++) {
        const gi = gy * w + (x + p.dx - grid.x1);
        if (own[gi] === k) (out as unknown as number[])[gi] = (src as unknown as number[])[(y - p.box.y1) * bw + (x - p.box.x1)]!;
      }
    }
  }
  // The grid's WCS: the first patch's header with its reference pixel moved to the grid box.
  const p0 = plan.placed[0]!;
  const header = shiftWcsForSection(headers[0]!, [grid.x1 - p0.dx, grid.y1 - p0.dy], [w, h]);
  return { header: convertHeaderKind(header, false), data: bytesData(encodeRaw(out)) };
}

/** The FITS HDUs of a mosaic: a primary with provenance, then IMAGE (and MASK, VARIANCE). */
export async function mosaicHdus(plan: MosaicPlan, spec: MosaicSpec): Promise<WritableHdu[]> {
  const own = owners(plan);
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
    formatCard("MOSAICID", spec.label, "what was asked for"),
    formatCard("MOSAICTR", plan.tract, "tract whose grid the mosaic uses"),
    formatCard("NINPUTS", plan.placed.length, "datasets stitched"),
    ...plan.placed.slice(0, 999).map((p, i) => formatCard(`INPUT${String(i + 1).padStart(3, "0")}`, p.input.dataset.uuid, `dataset id, patch ${String(p.input.dataset.dataId.patch ?? "")}`)),
    ...(plan.left > 0 ? [formatCard("NLEFTOUT", plan.left, "overlapping datasets on other tracts, not stitched")] : []),
    ...provenanceCards({ uuid: plan.placed[0]!.input.dataset.uuid, datasetType: spec.datasetType, dataId: { tract: plan.tract }, version: spec.version }, spec.shape, box).filter((c) => !/^(CUT_|BTLRUUID)/.test(c.keyword)),
    formatCard("GRID_X1", box.x1, "first grid pixel along NAXIS1, first patch's pixels"),
    formatCard("GRID_Y1", box.y1, "first grid pixel along NAXIS2, first patch's pixels"),
  ];
  return [{ header: new FitsHeader(cards), data: bytesData() }, ...planes];
}
