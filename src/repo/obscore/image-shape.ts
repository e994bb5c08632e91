/**
 * `s_xel1/2` from the files themselves (ObsCore 1.1 §4.12): the size of the first 2-D image HDU,
 * or of its data section (DATASEC) for raws whose rows carry overscan, read through the FITS
 * library's header index (tile-compressed images report their logical size). Only headers are read.
 */
import { logicalHeader, readHduIndex } from "../../lib/fits/index.js";
import type { DatasetRef, DatastoreRecord } from "../model/index.js";

/** An open file as the datastore hands it over (a FITS ByteSource with a close). */
export interface OpenedFile {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** "[x1:x2,y1:y2]" → [x2 − x1 + 1, y2 − y1 + 1], or undefined when malformed. */
function sectionSize(sec: unknown): [number, number] | undefined {
  const m = typeof sec === "string" ? /^\s*\[(\d+):(\d+),(\d+):(\d+)\]\s*$/.exec(sec) : null;
  if (!m) return undefined;
  const [x1, x2, y1, y2] = m.slice(1).map(Number) as [number, number, number, number];
  return x2 >= x1 && y2 >= y1 ? [x2 - x1 + 1, y2 - y1 + 1] : undefined;
}

/**
 * An `imageShape` provider for {@link registryContext} over the datastore's opener by key (e.g.
 * `(path) => datastore.open(path)`; the datastore record comes from the transaction's registry, so
 * the provider never touches the registry itself). Datasets without a file, files that cannot be
 * opened and files without a 2-D image give undefined (the columns stay NULL).
 */
export function fitsImageShape(open: (path: string) => Promise<OpenedFile>): (ref: DatasetRef, record: DatastoreRecord | undefined) => Promise<readonly [number, number] | undefined> {
  return async (_ref, record) => {
    if (!record) return undefined;
    let file: OpenedFile;
    try {
      file = await open(record.path);
    } catch {
      return undefined;
    }
    try {
      const index = await readHduIndex(file);
      for (const hdu of index.hdus) {
        const h = logicalHeader(hdu);
        // A tile-compressed image is a BINTABLE whose Z keywords describe the image (FITS 4.0 §10).
        const z = h.get("ZIMAGE") === true ? "Z" : "";
        const xtension = h.get("XTENSION");
        if (!z && xtension !== undefined && xtension !== "IMAGE") continue;
        if (h.get(`${z}NAXIS`) !== 2) continue;
        const n1 = h.get(`${z}NAXIS1`);
        const n2 = h.get(`${z}NAXIS2`);
        if (typeof n1 !== "number" || typeof n2 !== "number" || n1 === 0 || n2 === 0) continue;
        return sectionSize(h.get("DATASEC")) ?? [n1, n2];
      }
      return undefined;
    } catch {
      return undefined;
    } finally {
      await file.close();
    }
  };
}
