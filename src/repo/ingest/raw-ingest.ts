/**
 * Raw ingest: read each file's headers, translate them with the instrument's translator into
 * exposure, detector, physical_filter, day_obs and group records, and register the file as a `raw`
 * dataset. A batch is all or nothing: every file is read and translated before anything is
 * written, and the records, datasets and copied files share one transaction with undo.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { type ByteSource, bufferSource, type FitsHeader, readHduIndex } from "../../lib/fits/index.js";
import type { Butler } from "../butler.js";
import type { IngestMode } from "../datastore/index.js";
import type { DatasetRef } from "../model/index.js";
import type { Registry } from "../registry/index.js";
import { type ObservationInfo, toDimensionRecords, TranslationError, translateHeader } from "./translators/index.js";
import type { DimensionRecords } from "./translators/index.js";

export const RAW_DATASET_TYPE = { name: "raw", dimensions: ["instrument", "detector", "exposure"], storageClass: "Exposure", isCalibration: false } as const;

export interface RawIngestOptions {
  /** RUN collection; default "<instrument>/raw/all". */
  readonly run?: string;
  readonly transfer?: IngestMode;
  readonly onProgress?: (stage: "read" | "ingest", done: number, total: number) => void;
}

export interface TranslatedRaw {
  readonly path: string;
  readonly info: ObservationInfo;
  readonly records: DimensionRecords;
}

const MAX_RAW_BYTES = 2 * 1024 * 1024 * 1024;

/** A byte source over a local file; gzip streams (even when named .fits) are inflated in memory. */
async function openRaw(path: string): Promise<ByteSource> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_RAW_BYTES) throw new TranslationError({ file: path, card: "-", reason: `file larger than ${MAX_RAW_BYTES} bytes` });
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: MAX_RAW_BYTES }) : bytes;
  return bufferSource(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** Primary header cards first, then those of the first extension (raws split them differently). */
function mergedLookup(headers: readonly FitsHeader[]) {
  return (keyword: string) => {
    for (const h of headers) {
      const v = h.get(keyword);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/** Reads and translates one raw file; errors name the file and the card. */
export async function translateRaw(path: string): Promise<TranslatedRaw> {
  let index: Awaited<ReturnType<typeof readHduIndex>>;
  try {
    index = await readHduIndex(await openRaw(path), { maxHdus: 1000 });
  } catch (e) {
    if (e instanceof TranslationError) throw e;
    throw new TranslationError({ file: path, card: "-", reason: `not a readable FITS file: ${(e as Error).message}` });
  }
  const headers = index.hdus.slice(0, 2).map((h) => h.header);
  const info = translateHeader(mergedLookup(headers), { filename: path });
  return { path, info, records: toDimensionRecords(info) };
}

/** The identifying fields of each record kind, for de-duplicating across files. */
const KEYS = {
  instrument: ["name"],
  physical_filter: ["instrument", "name"],
  detector: ["instrument", "id"],
  day_obs: ["instrument", "id"],
  group: ["instrument", "name"],
  exposure: ["instrument", "id"],
} as const;

async function insertRecords(r: Registry, raws: readonly TranslatedRaw[]): Promise<void> {
  for (const element of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
    const seen = new Map<string, DimensionRecords[typeof element]>();
    for (const raw of raws) {
      const rec = raw.records[element] as unknown as Record<string, unknown>;
      seen.set(KEYS[element].map((k) => String(rec[k])).join("\u0000"), raw.records[element]);
    }
    await r.insertDimensionRecords(element, [...seen.values()] as unknown as Record<string, unknown>[], "skip");
  }
}

/** Ingests raw files as one all-or-nothing batch; returns the new dataset references. */
export async function ingestRaws(butler: Butler, paths: readonly string[], options: RawIngestOptions = {}): Promise<DatasetRef[]> {
  const raws: TranslatedRaw[] = [];
  for (const [i, p] of paths.entries()) {
    raws.push(await translateRaw(p));
    options.onProgress?.("read", i + 1, paths.length);
  }
  if (raws.length === 0) return [];
  const runs = new Set(raws.map((r) => options.run ?? `${r.info.instrument}/raw/all`));
  return butler.ingest(
    raws.map((raw) => ({
      datasetType: RAW_DATASET_TYPE.name,
      run: options.run ?? `${raw.info.instrument}/raw/all`,
      dataId: { instrument: raw.records.instrument.name, detector: raw.records.detector.id, exposure: raw.records.exposure.id },
      sourcePath: raw.path,
      formatter: "fits",
    })),
    options.transfer ?? "copy",
    (done, total) => options.onProgress?.("ingest", done, total),
    async (r) => {
      await r.registerDatasetType({ ...RAW_DATASET_TYPE, dimensions: [...RAW_DATASET_TYPE.dimensions] });
      for (const run of runs) await r.registerRun(run);
      await insertRecords(r, raws);
    },
  );
}
