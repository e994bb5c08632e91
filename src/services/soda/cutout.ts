/**
 * One cut-out of one FITS file (SODA 1.0 §3.3; LSST's dax_images_cutout layout, see
 * lsst-image-services.md §3.3): the pixel box of the requested shape on the image's own WCS
 * (lib/wcs regionPixelBox: every pixel the shape covers, clipped to the image, SODA-04), read with
 * only the rows (plain files) or tiles (tile-compressed files) it needs, written with the original
 * BITPIX and scaling, the WCS moved with the box (CRPIX shifted; SIP and PV kept), the primary
 * header kept, and provenance cards added to the primary header.
 *
 * The image plane is the HDU named IMAGE (or SCI), else the first image with two or more axes.
 * "image+mask+variance" adds the MASK and VARIANCE planes (same box); "full" cuts every image HDU
 * of the image's size and copies every other HDU unchanged.
 */
import type { PixelSection } from "../../lib/dali/pixels.js";
import { usageFault } from "../../lib/errors/index.js";
import {
  type ByteSource,
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
  readSectionBytes,
  type SectionBox0,
  shiftWcsForSection,
  type WritableHdu,
  type DataSource,
  bytesData,
} from "../../lib/fits/index.js";
import { readCompressedSection } from "../../lib/fits/compress/index.js";
import { type CutoutRegion, type PixelBox1, pixelsOutsideRegion, regionPixelBox, Wcs, WcsError } from "../../lib/wcs/index.js";
import type { CutoutDetail } from "./params.js";

/** The dataset a cut-out comes from, for the provenance cards. */
export interface CutoutProvenance {
  readonly uuid: string;
  readonly datasetType: string;
  readonly dataId: Readonly<Record<string, unknown>>;
  /** The software version written as CUTVERS. */
  readonly version: string;
  /** The time of the cut (DATE-CUT), injectable for reproducible tests. */
  readonly now?: Date;
}

/** What to cut: at most one shape and one pixel section (the caller expands combinations). */
export interface CutoutSpec {
  readonly shape?: CutoutRegion;
  readonly pixels?: PixelSection;
  readonly detail: CutoutDetail;
  readonly maskOutside: boolean;
  /** Most pixels of the image plane in one cut-out (config soda.maxPixels). */
  readonly maxPixels: number;
}

/** A planned cut-out: which HDUs, which box; enough to write it or render a quick look. */
export interface CutoutPlan {
  readonly image: HduEntry;
  /** 1-based inclusive box on the image plane (x = NAXIS1). */
  readonly box: PixelBox1;
  readonly hdus: readonly PlannedHdu[];
  /** Pixels of the image plane in the box. */
  readonly pixels: number;
}

type PlannedHdu =
  | { readonly kind: "cut"; readonly entry: HduEntry; readonly primary: boolean; readonly extraCards: readonly Card[]; readonly maskOutside?: MaskOutside }
  | { readonly kind: "copy"; readonly entry: HduEntry }
  | { readonly kind: "empty-primary"; readonly cards: readonly Card[] };

interface MaskOutside {
  readonly bit: number;
  readonly flags: Uint8Array;
}

const IMAGE_NAMES = ["IMAGE", "SCI"];

/** The plane name of an HDU: EXTNAME, or EXTTYPE as older afw files carry instead. */
function planeName(e: HduEntry): string {
  return (e.name || String(e.header.get("EXTTYPE") ?? "")).trim().toUpperCase();
}

function isImage(e: HduEntry): boolean {
  const h = logicalHeader(e);
  const naxis = Number(h.get("NAXIS") ?? 0);
  return (e.compressed ? e.imageHeader !== undefined : e.layout.kind === "image") && naxis >= 2 && Number(h.get("NAXIS1") ?? 0) > 0 && Number(h.get("NAXIS2") ?? 0) > 0;
}

function axesOf(e: HduEntry): number[] {
  const h = logicalHeader(e);
  const n = Number(h.get("NAXIS") ?? 0);
  return Array.from({ length: n }, (_, i) => Number(h.get(`NAXIS${i + 1}`) ?? 0));
}

/** The image plane of a file (see module header); undefined when it holds no image. */
export function findImagePlane(index: HduIndex): HduEntry | undefined {
  return index.hdus.find((e) => IMAGE_NAMES.includes(planeName(e)) && isImage(e)) ?? index.hdus.find(isImage);
}

/** Parsed WCSs by HDU (the service keeps HDU indexes per dataset, so entries recur). */
const wcsOf = new WeakMap<HduEntry, Wcs>();

/** The image's celestial WCS, or a UsageFault naming the dataset's problem. */
export function imageWcs(image: HduEntry): Wcs {
  let wcs = wcsOf.get(image);
  if (!wcs) {
    wcs = parseImageWcs(image);
    wcsOf.set(image, wcs);
  }
  return wcs;
}

function parseImageWcs(image: HduEntry): Wcs {
  try {
    const h = logicalHeader(image);
    const wcs = Wcs.fromHeader((k) => h.get(k));
    if (!wcs.hasCelestial) throw usageFault("the image has no celestial WCS: only PIXELS cut-outs are possible", { param: "POS" });
    return wcs;
  } catch (e) {
    if (e instanceof WcsError) throw usageFault(`the image's WCS cannot be used for sky cut-outs (${e.message}): use PIXELS`, { param: "POS" });
    throw e;
  }
}

function findExtension(index: HduIndex, ext: number | string, image: HduEntry): HduEntry {
  const e = typeof ext === "number" ? index.hdus[ext] : index.hdus.find((h) => planeName(h) === ext.toUpperCase());
  if (!e) throw usageFault(`PIXELS: the file has no extension ${JSON.stringify(ext)}`, { param: "PIXELS" });
  if (!isImage(e)) throw usageFault(`PIXELS: extension ${JSON.stringify(ext)} is not an image`, { param: "PIXELS" });
  if (e !== image && axesOf(e).join("x") !== axesOf(image).join("x")) {
    throw usageFault(`PIXELS: extension ${JSON.stringify(ext)} does not have the image plane's size`, { param: "PIXELS" });
  }
  return e;
}

/** The pixel box of a PIXELS value on the first two axes, clipped to the image (SODA-04). */
function pixelsBox(section: PixelSection, axes: readonly number[]): PixelBox1 | undefined {
  if (section.ranges.length > axes.length) throw usageFault(`PIXELS: ${section.ranges.length} ranges for an image of ${axes.length} axes`, { param: "PIXELS" });
  for (let i = 2; i < section.ranges.length; i++) {
    const r = section.ranges[i]!;
    if (r !== "*" && !(r.lo === 1 && r.hi >= axes[i]!)) throw usageFault("PIXELS: only the first two axes can be cut; give * for the others", { param: "PIXELS" });
  }
  const range = (i: number): [number, number] | undefined => {
    const r = section.ranges[i] ?? "*";
    const n = axes[i]!;
    if (r === "*") return [1, n];
    const lo = Math.max(1, r.lo);
    const hi = Math.min(n, r.hi);
    return lo <= hi ? [lo, hi] : undefined;
  };
  const x = range(0);
  const y = range(1);
  return x && y ? { x1: x[0], x2: x[1], y1: y[0], y2: y[1] } : undefined;
}

function intersect(a: PixelBox1 | undefined, b: PixelBox1 | undefined): PixelBox1 | undefined {
  if (!a || !b) return undefined;
  const r = { x1: Math.max(a.x1, b.x1), x2: Math.min(a.x2, b.x2), y1: Math.max(a.y1, b.y1), y2: Math.min(a.y2, b.y2) };
  return r.x1 <= r.x2 && r.y1 <= r.y2 ? r : undefined;
}

/** Structural and checksum cards not carried from a source primary header to a new one. */
const STRUCTURAL = /^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|XTENSION|CHECKSUM|DATASUM|BSCALE|BZERO|BLANK|END)$/;

/** Provenance cards (names as LSST's cut-out service writes them, lsst-image-services.md §3.3). */
export function provenanceCards(p: CutoutProvenance, shape: CutoutRegion | undefined, box: PixelBox1): Card[] {
  const cards: Card[] = [
    formatCard("BTLRUUID", p.uuid, "dataset id of the cut-out's source"),
    formatCard("BTLRNAME", p.datasetType, "dataset type of the source"),
  ];
  Object.entries(p.dataId)
    .filter(([k, v]) => /^[\x20-\x7e]*$/.test(k) && (typeof v === "number" || (typeof v === "string" && /^[\x20-\x7e]*$/.test(v))))
    .slice(0, 100)
    .forEach(([k, v], i) => {
      const n = String(i).padStart(3, "0");
      cards.push(...formatCards(`BTLRK${n}`, k, "data id key"), ...formatCards(`BTLRV${n}`, v as string | number, "data id value"));
    });
  if (shape?.kind === "circle") {
    cards.push(
      formatCard("ST_TYPE", "CIRCLE", "cut-out stencil"),
      formatCard("ST_RA", shape.raDeg, "[deg] stencil centre RA (ICRS)", { float: true }),
      formatCard("ST_DEC", shape.decDeg, "[deg] stencil centre Dec (ICRS)", { float: true }),
      formatCard("ST_RAD", shape.radiusDeg, "[deg] stencil radius", { float: true }),
    );
  } else if (shape?.kind === "polygon") {
    cards.push(formatCard("ST_TYPE", "POLYGON", "cut-out stencil"));
    shape.vertices.slice(0, 99).forEach((v, i) => {
      const n = String(i + 1).padStart(2, "0");
      cards.push(formatCard(`ST_RA${n}`, v.raDeg, "[deg] stencil vertex RA", { float: true }), formatCard(`ST_DEC${n}`, v.decDeg, "[deg] stencil vertex Dec", { float: true }));
    });
  } else if (shape?.kind === "range") {
    cards.push(
      formatCard("ST_TYPE", "RANGE", "cut-out stencil"),
      formatCard("ST_RAMIN", shape.fullRa ? 0 : shape.raMinDeg, "[deg] stencil RA from", { float: true }),
      formatCard("ST_RAMAX", shape.fullRa ? 360 : shape.raMaxDeg, "[deg] stencil RA to", { float: true }),
      formatCard("ST_DECMI", Math.max(-90, shape.decMinDeg), "[deg] stencil Dec from", { float: true }),
      formatCard("ST_DECMA", Math.min(90, shape.decMaxDeg), "[deg] stencil Dec to", { float: true }),
    );
  } else {
    cards.push(formatCard("ST_TYPE", "PIXELS", "cut-out by pixel ranges"));
  }
  cards.push(
    formatCard("CUT_X1", box.x1, "first source pixel along NAXIS1 (1-based)"),
    formatCard("CUT_X2", box.x2, "last source pixel along NAXIS1"),
    formatCard("CUT_Y1", box.y1, "first source pixel along NAXIS2 (1-based)"),
    formatCard("CUT_Y2", box.y2, "last source pixel along NAXIS2"),
    formatCard("DATE-CUT", (p.now ?? new Date()).toISOString().slice(0, 23), "UTC time of the cut"),
    formatCard("CUTVERS", p.version, "software that made the cut-out"),
  );
  // fitsverify wants the OGIP convention announced when long strings use CONTINUE cards.
  if (cards.some((c) => c.kind === "continue")) cards.push(formatCard("LONGSTRN", "OGIP 1.0", "long strings continue on CONTINUE cards"));
  return cards;
}

/** The first mask bit not named by an MP_* card. */
function freeMaskBit(h: FitsHeader): number {
  const used = new Set<number>();
  for (const c of h.cards) if (/^MP_/.test(c.keyword) && typeof c.value === "number") used.add(c.value);
  for (let b = 0; b < 31; b++) if (!used.has(b)) return b;
  throw usageFault("MASKOUTSIDE: the mask plane has no free bit", { param: "MASKOUTSIDE" });
}

/**
 * Plans the cut-out of one file: the box (shape ∩ pixel section ∩ image) and the HDUs to write.
 * Undefined when nothing overlaps (SODA-05: the caller answers 204 / an empty result).
 */
export function planCutout(index: HduIndex, spec: CutoutSpec, provenance: CutoutProvenance): CutoutPlan | undefined {
  const defaultImage = findImagePlane(index);
  if (!defaultImage) throw usageFault("the dataset holds no image to cut", { param: "ID" });
  const image = spec.pixels?.extension === undefined ? defaultImage : findExtension(index, spec.pixels.extension, defaultImage);
  const axes = axesOf(image);
  let box: PixelBox1 | undefined = { x1: 1, x2: axes[0]!, y1: 1, y2: axes[1]! };
  let wcs: Wcs | undefined;
  if (spec.shape) {
    wcs = imageWcs(image);
    box = intersect(box, regionPixelBox(wcs, spec.shape, [axes[0]!, axes[1]!]));
  }
  if (spec.pixels) box = intersect(box, pixelsBox(spec.pixels, axes));
  if (!box) return undefined;
  const depth = axes.slice(2).reduce((a, b) => a * b, 1);
  const pixels = (box.x2 - box.x1 + 1) * (box.y2 - box.y1 + 1) * depth;
  if (pixels > spec.maxPixels) {
    throw usageFault(`the cut-out would hold ${pixels} pixels; at most ${spec.maxPixels} are allowed per cut-out (make the shape smaller)`, { param: spec.shape ? "POS" : "PIXELS" });
  }
  if (spec.maskOutside && spec.detail === "image") {
    throw usageFault("MASKOUTSIDE needs a mask plane: ask for CUTOUTDETAIL=image+mask+variance or full", { param: "MASKOUTSIDE" });
  }
  const sameSize = (e: HduEntry) => isImage(e) && axesOf(e).join("x") === axes.join("x");
  const named = (n: string) => index.hdus.find((e) => planeName(e) === n && sameSize(e));
  const cutSet = new Set<HduEntry>([image]);
  if (spec.detail === "image+mask+variance") {
    for (const n of ["MASK", "VARIANCE"]) {
      const e = named(n);
      if (e) cutSet.add(e);
    }
  } else if (spec.detail === "full") {
    for (const e of index.hdus) if (sameSize(e)) cutSet.add(e);
  }
  let maskOutside: { entry: HduEntry; info: MaskOutside } | undefined;
  if (spec.maskOutside && spec.shape && wcs) {
    const mask = named("MASK");
    if (!mask || !cutSet.has(mask)) throw usageFault("MASKOUTSIDE: this dataset has no MASK plane", { param: "MASKOUTSIDE" });
    maskOutside = { entry: mask, info: { bit: freeMaskBit(logicalHeader(mask)), flags: pixelsOutsideRegion(wcs, spec.shape, box) } };
  }
  const prov = provenanceCards(provenance, spec.shape, box);
  const hdus: PlannedHdu[] = [];
  const first = index.hdus[0]!;
  const primaryHasData = first.layout.axes.length > 0 && first.dataBytes > 0;
  if (cutSet.has(first)) {
    hdus.push({ kind: "cut", entry: first, primary: true, extraCards: prov });
  } else if (primaryHasData && spec.detail === "full") {
    hdus.push({ kind: "copy", entry: first });
  } else {
    const kept = logicalHeader(first).cards.filter((c) => !STRUCTURAL.test(c.keyword));
    hdus.push({ kind: "empty-primary", cards: [...kept, ...prov] });
  }
  for (const e of index.hdus.slice(1)) {
    if (cutSet.has(e)) {
      const extra = maskOutside?.entry === e ? [formatCard("MP_OUTSIDE_STENCIL", maskOutside.info.bit, "pixels outside the cut-out shape")] : [];
      hdus.push({ kind: "cut", entry: e, primary: false, extraCards: extra, ...(maskOutside?.entry === e ? { maskOutside: maskOutside.info } : {}) });
    } else if (spec.detail === "full") {
      hdus.push({ kind: "copy", entry: e });
    }
  }
  return { image, box, hdus, pixels };
}

/** The 0-based half-open box of a plan on an HDU of `axes`. */
function box0(box: PixelBox1, axes: readonly number[]): SectionBox0 {
  return { start0: [box.x1 - 1, box.y1 - 1, ...axes.slice(2).map(() => 0)], end0: [box.x2, box.y2, ...axes.slice(2)] };
}

/** Rows read per strip when a cut is streamed in parts. */
const STRIP_BYTES = 4 << 20;

/** Reads the big-endian bytes of a box of one HDU (rows for plain data, tiles for compressed). */
async function readBoxBytes(source: ByteSource, e: HduEntry, box: SectionBox0): Promise<Uint8Array> {
  // Only the bytes of the box (row runs, or the heap bytes of the touched tiles): no merging of
  // reads across the gaps between them, so a cut-out reads about what it writes.
  if (e.compressed) return encodeRaw((await readCompressedSection(source, e, box, { maxGapBytes: 0 })).raw);
  return readSectionBytes(source, e, box, { maxGapBytes: 0 });
}

function orMaskBits(bytes: Uint8Array, bitpix: number, flags: Uint8Array, bit: number, offsetPixels: number): void {
  // MASK planes are 32-bit (afw) or 16-bit integers, big-endian in the file.
  const size = Math.abs(bitpix) / 8;
  if (bitpix !== 32 && bitpix !== 16) return;
  const v = 1 << bit;
  const n = bytes.length / size;
  for (let i = 0; i < n; i++) {
    if (!flags[offsetPixels + i]) continue;
    const o = i * size;
    if (size === 4) {
      bytes[o] = bytes[o]! | ((v >>> 24) & 0xff);
      bytes[o + 1] = bytes[o + 1]! | ((v >>> 16) & 0xff);
      bytes[o + 2] = bytes[o + 2]! | ((v >>> 8) & 0xff);
      bytes[o + 3] = bytes[o + 3]! | (v & 0xff);
    } else {
      bytes[o] = bytes[o]! | ((v >>> 8) & 0xff);
      bytes[o + 1] = bytes[o + 1]! | (v & 0xff);
    }
  }
}

/** Largest cut HDU held in memory (with CHECKSUM/DATASUM); larger ones stream in strips. */
export const IN_MEMORY_HDU_BYTES = 16 << 20;

async function cutData(source: ByteSource, p: Extract<PlannedHdu, { kind: "cut" }>, box: PixelBox1): Promise<{ data: DataSource; checksum: boolean }> {
  const axes = axesOf(p.entry);
  const b = box0(box, axes);
  const bitpix = Number(logicalHeader(p.entry).get("BITPIX"));
  const rowBytes = (box.x2 - box.x1 + 1) * (Math.abs(bitpix) / 8);
  const depth = axes.slice(2).reduce((a, c) => a * c, 1);
  const rows = box.y2 - box.y1 + 1;
  const total = rowBytes * rows * depth;
  if (total <= IN_MEMORY_HDU_BYTES || depth > 1) {
    const bytes = await readBoxBytes(source, p.entry, b);
    if (p.maskOutside) orMaskBits(bytes, bitpix, p.maskOutside.flags, p.maskOutside.bit, 0);
    return { data: bytesData(bytes), checksum: true };
  }
  const stripRows = Math.max(1, Math.floor(STRIP_BYTES / rowBytes));
  const width = box.x2 - box.x1 + 1;
  const mask = p.maskOutside;
  return {
    checksum: false,
    data: {
      byteLength: total,
      async *chunks() {
        for (let y = box.y1; y <= box.y2; y += stripRows) {
          const y2 = Math.min(box.y2, y + stripRows - 1);
          const bytes = await readBoxBytes(source, p.entry, box0({ ...box, y1: y, y2 }, axes));
          if (mask) orMaskBits(bytes, bitpix, mask.flags, mask.bit, (y - box.y1) * width);
          yield bytes;
        }
      },
    },
  };
}

/** The writable HDUs of a plan, in file order; checksums on every HDU held in memory. */
export async function* cutoutHdus(source: ByteSource, plan: CutoutPlan): AsyncGenerator<WritableHdu & { readonly checksum: boolean }> {
  for (const p of plan.hdus) {
    if (p.kind === "empty-primary") {
      yield { header: convertHeaderKind(new FitsHeader([formatCard("SIMPLE", true), formatCard("BITPIX", 8), formatCard("NAXIS", 0), formatCard("EXTEND", true), ...p.cards]), true), data: bytesData(), checksum: true };
    } else if (p.kind === "copy") {
      const bytes = p.entry.dataBytes > 0 ? await source.read(p.entry.dataOffset, p.entry.dataBytes) : new Uint8Array(0);
      const header = new FitsHeader(p.entry.header.cards.filter((c) => c.keyword !== "CHECKSUM" && c.keyword !== "DATASUM"));
      yield { header: p.entry.index === 0 ? header : convertHeaderKind(header, false), data: bytesData(bytes), checksum: true };
    } else {
      const h = logicalHeader(p.entry);
      const axes = axesOf(p.entry);
      const shape = [plan.box.x2 - plan.box.x1 + 1, plan.box.y2 - plan.box.y1 + 1, ...axes.slice(2)];
      const shifted = shiftWcsForSection(h, [plan.box.x1, plan.box.y1, ...axes.slice(2).map(() => 1)], shape);
      const withExtra = p.extraCards.length > 0 ? new FitsHeader([...shifted.cards, ...p.extraCards]) : shifted;
      const { data, checksum } = await cutData(source, p, plan.box);
      yield { header: convertHeaderKind(withExtra, p.primary), data, checksum };
    }
  }
}

/** The image plane of a plan as physical values (for PNG/JPEG quick looks). */
export async function cutoutImagePixels(source: ByteSource, plan: CutoutPlan): Promise<{ width: number; height: number; data: Float32Array | Float64Array }> {
  const e = plan.image;
  const axes = axesOf(e);
  const b: SectionBox0 = { start0: [plan.box.x1 - 1, plan.box.y1 - 1, ...axes.slice(2).map(() => 0)], end0: [plan.box.x2, plan.box.y2, ...axes.slice(2).map(() => 1)] };
  const data = e.compressed ? await readCompressedSection(source, e, b) : await readImageSection(source, e, b);
  const phys = data.physical();
  const pixels = phys instanceof Float32Array || phys instanceof Float64Array ? phys : Float64Array.from(phys as ArrayLike<number | bigint>, Number);
  return { width: plan.box.x2 - plan.box.x1 + 1, height: plan.box.y2 - plan.box.y1 + 1, data: pixels };
}
