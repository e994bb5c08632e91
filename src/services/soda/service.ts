/**
 * SODA 1.0 cut-outs (standards.md SODA-01..11): a request's filters are expanded into
 * combinations (each ID × each spatial shape × each BAND × each TIME × each PIXELS; all POL values
 * form one filter, SODA-01) and each combination is one cut-out of one dataset. Sync answers one
 * combination (multiple values are refused, SODA-02); async jobs write one result per combination
 * (SODA-03), an error-labelled text result when a combination has no data.
 *
 * BAND and TIME select rather than cut: an image covers one band and one exposure, so the cut-out
 * is made when the dataset's range overlaps the interval and is "no overlap" otherwise; POL never
 * matches (no dataset here has a polarisation axis).
 */
import type { RawParams } from "../../lib/dali/common.js";
import { type Interval, overlaps } from "../../lib/dali/intervals.js";
import type { PixelSection } from "../../lib/dali/pixels.js";
import { notFound, usageFault } from "../../lib/errors/index.js";
import { type ByteSource, collectBytes, type HduIndex, readHduIndex, writeHdu } from "../../lib/fits/index.js";
import { COMPRESSION_HOOKS } from "../../lib/fits/compress/index.js";
import { encodePreview, renderPreview } from "../../lib/image/index.js";
import type { CutoutRegion } from "../../lib/wcs/index.js";
import { type CutoutPlan, cutoutHdus, cutoutImagePixels, IN_MEMORY_HDU_BYTES, planCutout } from "./cutout.js";
import { type MosaicInput, mosaicHdus, planMosaic } from "./mosaic.js";
import { CUTOUT_MIME, parseCutoutRequest, type SodaCutoutRequest, type SodaParamLimits } from "./params.js";
import { ANONYMOUS, type Identity } from "../../repo/auth/index.js";

/** An opened dataset file. */
export type OpenedFile = ByteSource & { close(): Promise<void> };

/** A dataset a SODA ID names. */
export interface SodaDataset {
  readonly uuid: string;
  readonly datasetType: string;
  readonly dataId: Readonly<Record<string, unknown>>;
  /**
   * Wavelength range in metres and time range in MJD, when known (from ObsCore); asked only when a
   * request has BAND or TIME.
   */
  ranges?(): Promise<{ readonly band?: readonly [number, number]; readonly time?: readonly [number, number] }>;
  /** A token that changes when the file changes (its checksum or size+mtime): keys cached indexes. */
  readonly fileToken: string;
  open(): Promise<OpenedFile>;
}

/** A sky-region ID: the datasets of one type and band, to be stitched (mosaic.ts). */
export interface MosaicSource {
  readonly datasetType: string;
  /** The ID as asked, for the MOSAICID card. */
  readonly label: string;
  /** The datasets whose regions may overlap the shape. */
  find(shape: CutoutRegion): Promise<SodaDataset[]>;
}

/** What SODA needs from the repository. */
export interface SodaDatasets {
  /** The dataset an ID names, or undefined when there is none or the caller may not see it. */
  resolve(id: string, identity: Identity): Promise<SodaDataset | undefined>;
  /** The sky-region source an ID names (e.g. a coadd type and band), finding only what the caller may see. */
  resolveMosaic?(id: string, identity: Identity): Promise<MosaicSource | undefined>;
}

/** Limits from configuration (soda.*). */
export interface SodaLimits {
  /** Most pixels of the image plane in one cut-out. */
  readonly maxPixels: number;
  /** Most shapes (POS + CIRCLE + POLYGON) in one request. */
  readonly maxShapes: number;
  readonly maxPolygonVertices: number;
  /** Most IDs in one async request (sync takes one). */
  readonly maxIds: number;
  /** Most cut-outs (combinations) one async job makes. */
  readonly maxCutoutsPerJob: number;
  /** Most datasets stitched into one mosaic cut-out. */
  readonly maxMosaicInputs: number;
}

export const DEFAULT_SODA_LIMITS: SodaLimits = { maxPixels: 64 * 1024 * 1024, maxShapes: 20, maxPolygonVertices: 200, maxIds: 50, maxCutoutsPerJob: 500, maxMosaicInputs: 16 };

/** One cut-out to make. */
export interface CutoutCombination {
  readonly id: string;
  readonly shape?: CutoutRegion;
  readonly band?: Interval;
  readonly time?: Interval;
  readonly pixels?: PixelSection;
}

/** A cut-out ready to send: whole bytes when small, else a stream of chunks. */
export interface CutoutOutput {
  readonly contentType: string;
  readonly filename: string;
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
}

export interface SodaServiceOptions {
  readonly datasets: SodaDatasets;
  readonly limits?: Partial<SodaLimits>;
  /** Software version for the CUTVERS card. */
  readonly version: string;
  /** Parsed HDU indexes kept (files are write-once per dataset id; keyed by id and file token). */
  readonly indexCacheSize?: number;
}

/** Largest side of a PNG/JPEG quick look. */
const QUICKLOOK_MAX = 2048;

export class SodaService {
  readonly limits: SodaLimits;
  private readonly indexes = new Map<string, HduIndex>();
  private readonly indexCacheSize: number;

  constructor(private readonly o: SodaServiceOptions) {
    this.limits = { ...DEFAULT_SODA_LIMITS, ...o.limits };
    this.indexCacheSize = o.indexCacheSize ?? 512;
  }

  /** Parses a request for the sync (one value per filter) or the async endpoint. */
  parse(params: RawParams, mode: "sync" | "async"): SodaCutoutRequest {
    const l = this.limits;
    const limits: SodaParamLimits = { multiValued: mode === "async", maxShapes: l.maxShapes, maxPolygonVertices: l.maxPolygonVertices, maxIds: mode === "async" ? l.maxIds : 1 };
    return parseCutoutRequest(params, limits);
  }

  /** Every combination of a request's filter values (SODA-03), in a stable order. */
  combinations(req: SodaCutoutRequest): CutoutCombination[] {
    const f = req.filters;
    const opt = <T>(xs: readonly T[]): (T | undefined)[] => (xs.length === 0 ? [undefined] : [...xs]);
    const out: CutoutCombination[] = [];
    for (const id of f.ids) {
      for (const shape of opt(f.shapes)) {
        for (const band of opt(f.band)) {
          for (const time of opt(f.time)) {
            for (const pixels of opt(f.pixels)) {
              out.push({ id, ...(shape ? { shape } : {}), ...(band ? { band } : {}), ...(time ? { time } : {}), ...(pixels ? { pixels } : {}) });
            }
          }
        }
      }
    }
    return out;
  }

  private async index(ds: SodaDataset, file: ByteSource): Promise<HduIndex> {
    const key = `${ds.uuid}|${ds.fileToken}`;
    const hit = this.indexes.get(key);
    if (hit) {
      // Most recently used last: Map iteration order is the LRU order.
      this.indexes.delete(key);
      this.indexes.set(key, hit);
      return hit;
    }
    const index = await readHduIndex(file, { compression: COMPRESSION_HOOKS });
    this.indexes.set(key, index);
    if (this.indexes.size > this.indexCacheSize) this.indexes.delete(this.indexes.keys().next().value as string);
    return index;
  }

  /** Whether BAND/TIME/POL let the dataset through (see module header). */
  private async selected(ds: SodaDataset, c: CutoutCombination, req: SodaCutoutRequest): Promise<boolean> {
    if (req.filters.pol.length > 0) return false;
    if (c.band === undefined && c.time === undefined) return true;
    const r = (await ds.ranges?.()) ?? {};
    const within = (iv: Interval | undefined, range: readonly [number, number] | undefined) => iv === undefined || (range !== undefined && overlaps(iv, { lo: range[0], hi: range[1] }));
    return within(c.band, r.band) && within(c.time, r.time);
  }

  /**
   * Makes one cut-out; undefined when the combination selects no data (SODA-05). Unknown IDs throw
   * NotFound.
   */
  async cutout(c: CutoutCombination, req: SodaCutoutRequest, identity: Identity = ANONYMOUS): Promise<CutoutOutput | undefined> {
    const ds = await this.o.datasets.resolve(c.id, identity);
    if (!ds) {
      const mosaic = await this.o.datasets.resolveMosaic?.(c.id, identity);
      if (mosaic) return this.mosaic(mosaic, c, req);
      throw notFound(`no dataset ${c.id.slice(0, 200)}`, { param: "ID" });
    }
    if (!(await this.selected(ds, c, req))) return undefined;
    const file = await ds.open();
    let handedOver = false;
    try {
      const index = await this.index(ds, file);
      const plan = planCutout(
        index,
        { ...(c.shape ? { shape: c.shape } : {}), ...(c.pixels ? { pixels: c.pixels } : {}), detail: req.detail, maskOutside: req.maskOutside, maxPixels: this.limits.maxPixels },
        { uuid: ds.uuid, datasetType: ds.datasetType, dataId: ds.dataId, version: this.o.version },
      );
      if (!plan) return undefined;
      const filename = `${ds.uuid}-cutout.${req.format === "jpeg" ? "jpg" : req.format}`;
      const contentType = CUTOUT_MIME[req.format];
      if (req.format !== "fits") return { contentType, filename, body: await this.quicklook(file, plan, req.format) };
      const chunks = this.fitsChunks(file, plan);
      if (plan.pixels * 8 * plan.hdus.length <= IN_MEMORY_HDU_BYTES) return { contentType, filename, body: await collectBytes(chunks) };
      handedOver = true;
      return { contentType, filename, body: closing(chunks, file) };
    } finally {
      if (!handedOver) await file.close();
    }
  }

  /** A cut-out of a sky region stitched from several datasets (mosaic.ts). */
  private async mosaic(source: MosaicSource, c: CutoutCombination, req: SodaCutoutRequest): Promise<CutoutOutput | undefined> {
    if (!c.shape) throw usageFault("a sky-region ID needs a shape (POS, CIRCLE or POLYGON)", { param: "POS" });
    if (c.pixels) throw usageFault("PIXELS has no meaning for a sky-region ID: pixels differ between its datasets", { param: "PIXELS" });
    if (req.format !== "fits") throw usageFault("sky-region cut-outs are written as FITS only", { param: "RESPONSEFORMAT" });
    if (req.maskOutside) throw usageFault("MASKOUTSIDE is not offered for sky-region cut-outs", { param: "MASKOUTSIDE" });
    const found = await source.find(c.shape);
    const keep = await Promise.all(found.map((ds) => this.selected(ds, c, req)));
    const candidates = found.filter((_, i) => keep[i]);
    if (candidates.length === 0) return undefined;
    if (candidates.length > this.limits.maxMosaicInputs) {
      throw usageFault(`the shape touches ${candidates.length} datasets; at most ${this.limits.maxMosaicInputs} are stitched into one cut-out (make it smaller)`, { param: "POS" });
    }
    const inputs: MosaicInput[] = [];
    try {
      for (const ds of candidates) {
        const file = await ds.open();
        inputs.push({ dataset: ds, file, index: await this.index(ds, file) });
      }
      const spec = { shape: c.shape, detail: req.detail, maxPixels: this.limits.maxPixels, datasetType: source.datasetType, label: source.label, version: this.o.version };
      const plan = planMosaic(inputs, spec);
      if (!plan) return undefined;
      const hdus = await mosaicHdus(plan, spec);
      const chunks = (async function* () {
        for (let i = 0; i < hdus.length; i++) yield* writeHdu(hdus[i]!, i, { checksum: true });
      })();
      return { contentType: CUTOUT_MIME.fits, filename: `${source.datasetType}-mosaic-cutout.fits`, body: await collectBytes(chunks) };
    } finally {
      for (const i of inputs) await i.file.close();
    }
  }

  private async *fitsChunks(file: ByteSource, plan: CutoutPlan): AsyncGenerator<Uint8Array> {
    let i = 0;
    for await (const hdu of cutoutHdus(file, plan)) yield* writeHdu(hdu, i++, { checksum: hdu.checksum });
  }

  private async quicklook(file: ByteSource, plan: CutoutPlan, format: "png" | "jpeg"): Promise<Uint8Array> {
    const img = await cutoutImagePixels(file, plan);
    const fits = img.width <= QUICKLOOK_MAX && img.height <= QUICKLOOK_MAX;
    const opts = { format, quality: 90 } as const;
    return (fits ? encodePreview(img, opts) : renderPreview(img, { ...opts, maxWidth: QUICKLOOK_MAX, maxHeight: QUICKLOOK_MAX })).bytes;
  }

  /** The sync cut-out (one combination): the output, or undefined for 204 No Content. */
  async sync(params: RawParams, identity: Identity = ANONYMOUS): Promise<CutoutOutput | undefined> {
    const req = this.parse(params, "sync");
    const [only] = this.combinations(req);
    return only ? this.cutout(only, req, identity) : undefined;
  }
}

/** A stream that closes the file when it ends, fails or is abandoned. */
async function* closing(chunks: AsyncIterable<Uint8Array>, file: OpenedFile): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } finally {
    await file.close();
  }
}
