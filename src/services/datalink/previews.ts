/**
 * DataLink previews (issue 9): a 512-pixel PNG quick look and a 1024-pixel JPEG of a dataset's
 * first image HDU, asinh-stretched (lib/image), rendered on first request and kept in the
 * datastore under previews/, so a second request is a read.
 */
import { logicalHeader, readHduIndex, readImage, type ByteSource, type HduEntry } from "../../lib/fits/index.js";
import { COMPRESSION_HOOKS, readCompressedImage } from "../../lib/fits/compress/index.js";
import { renderPreview } from "../../lib/image/index.js";
import type { Butler } from "../../repo/butler.js";

export type PreviewKind = "png" | "jpg";

const SIZES: Record<PreviewKind, number> = { png: 512, jpg: 1024 };

function firstImage(hdus: readonly HduEntry[]): HduEntry | undefined {
  return hdus.find((e) => {
    const h = logicalHeader(e);
    return Number(h.get("NAXIS") ?? 0) >= 2 && Number(h.get("NAXIS1") ?? 0) > 0 && Number(h.get("NAXIS2") ?? 0) > 0 && (e.compressed || e.layout.kind === "image");
  });
}

export class PreviewService {
  /** Renders in flight, so concurrent first requests render once. */
  private readonly pending = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(private readonly butler: Butler) {}

  private key(uuid: string, kind: PreviewKind): string {
    return `previews/${uuid}-${SIZES[kind]}.${kind}`;
  }

  /** The preview bytes, and whether they came from the cache; undefined when there is no image. */
  async preview(uuid: string, kind: PreviewKind): Promise<{ bytes: Uint8Array; cached: boolean } | undefined> {
    const key = this.key(uuid, kind);
    const ds = this.butler.datastore;
    const st = await ds.stat(key);
    if (st) {
      const f = await ds.open(key);
      try {
        return { bytes: await f.read(0, st.size), cached: true };
      } finally {
        await f.close();
      }
    }
    let job = this.pending.get(key);
    if (!job) {
      job = this.render(uuid, kind).finally(() => this.pending.delete(key));
      this.pending.set(key, job);
    }
    const bytes = await job;
    return bytes ? { bytes, cached: false } : undefined;
  }

  private async render(uuid: string, kind: PreviewKind): Promise<Uint8Array | undefined> {
    if (!(await this.butler.registry.getDatastoreRecord(uuid))) return undefined;
    const file = await this.butler.open(uuid);
    try {
      const source: ByteSource = file;
      const index = await readHduIndex(source, { compression: COMPRESSION_HOOKS });
      const hdu = firstImage(index.hdus);
      if (!hdu) return undefined;
      const data = hdu.compressed ? await readCompressedImage(source, hdu) : await readImage(source, hdu);
      const [width, height] = data.shape as [number, number];
      const size = SIZES[kind];
      const phys = data.physical();
      // 64-bit integer images arrive as BigInt64Array; previews only need doubles.
      const pixels = phys instanceof BigInt64Array || phys instanceof BigUint64Array ? Float64Array.from(phys, Number) : phys;
      const preview = renderPreview({ width, height, data: pixels }, { maxWidth: size, maxHeight: size, format: kind === "png" ? "png" : "jpeg", quality: 88 });
      await this.butler.datastore.put(this.key(uuid, kind), preview.bytes, { overwrite: true });
      return preview.bytes;
    } finally {
      await file.close();
    }
  }
}
