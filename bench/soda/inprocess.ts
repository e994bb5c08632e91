/**
 * SODA cut-outs in this process (no HTTP): the same SodaService and repository side
 * (compose.ts sodaDatasets over the bench repository's Butler) the server builds, with each
 * dataset's opened file wrapped to count the bytes its reads return, so a cut-out's bytes read can
 * be set beside the size of the FITS file it produced.
 */
import { performance } from "node:perf_hooks";
import { sodaDatasets } from "../../src/compose.js";
import type { ByteSource } from "../../src/lib/fits/index.js";
import type { Butler } from "../../src/repo/butler.js";
import { type OpenedFile, type SodaDatasets, SodaService } from "../../src/services/soda/index.js";

export interface ReadCounter {
  bytes: number;
  reads: number;
}

/** Wraps an opened file so every read (and readIntoSync, when it has one) is counted. */
function counted(f: OpenedFile, c: ReadCounter): OpenedFile {
  const inner = f as OpenedFile & Pick<ByteSource, "readIntoSync" | "mergeGapBytes">;
  const out: OpenedFile & Pick<ByteSource, "readIntoSync"> = {
    ...(inner.size !== undefined ? { size: inner.size } : {}),
    ...(inner.mergeGapBytes !== undefined ? { mergeGapBytes: inner.mergeGapBytes } : {}),
    async read(offset, length) {
      const b = await inner.read(offset, length);
      c.bytes += b.length;
      c.reads++;
      return b;
    },
    close: () => inner.close(),
  };
  if (inner.readIntoSync) {
    const sync = inner.readIntoSync.bind(inner);
    out.readIntoSync = (offset, length, dst, dstOffset) => {
      const ok = sync(offset, length, dst, dstOffset);
      if (ok) {
        c.bytes += length;
        c.reads++;
      }
      return ok;
    };
  }
  return out;
}

/** The server's SODA datasets, with opened files counted into `counter`. */
export function countingDatasets(butler: Butler, counter: ReadCounter): SodaDatasets {
  const inner = sodaDatasets(butler);
  return {
    async resolve(id, identity) {
      const ds = await inner.resolve(id, identity);
      return ds ? { ...ds, open: async () => counted(await ds.open(), counter) } : undefined;
    },
  };
}

export const cutoutParams = (id: string, raDeg: number, decDeg: number, radiusArcsec: number) =>
  new Map([
    ["ID", [id]],
    ["CIRCLE", [`${raDeg} ${decDeg} ${radiusArcsec / 3600}`]],
  ]);

async function outputBytes(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<number> {
  if (body instanceof Uint8Array) return body.length;
  let n = 0;
  for await (const c of body) n += c.length;
  return n;
}

export interface BytesRead {
  /** The first cut-out of a fresh service: reads the HDU index too. */
  readonly cold: { readonly read: number; readonly reads: number; readonly output: number };
  /** Later cut-outs (index cached per dataset by the service), one per position. */
  readonly steady: { readonly read: number; readonly reads: number; readonly output: number }[];
}

/** Bytes read by one fresh SodaService per cut-out at each position (the first is the cold one). */
export async function bytesRead(butler: Butler, id: string, positions: readonly (readonly [number, number])[], radiusArcsec: number): Promise<BytesRead> {
  const counter: ReadCounter = { bytes: 0, reads: 0 };
  const soda = new SodaService({ datasets: countingDatasets(butler, counter), version: "skyport bench" });
  const one = async (ra: number, dec: number) => {
    counter.bytes = 0;
    counter.reads = 0;
    const out = await soda.sync(cutoutParams(id, ra, dec, radiusArcsec));
    if (!out) throw new Error(`no cut-out at (${ra}, ${dec})`);
    return { output: await outputBytes(out.body), read: counter.bytes, reads: counter.reads };
  };
  const [first, ...rest] = positions;
  const cold = await one(first![0], first![1]);
  const steady = [];
  for (const [ra, dec] of rest) steady.push(await one(ra, dec));
  return { cold, steady };
}

/** Per-call milliseconds (sorted) of SodaService.sync in this process, after `warmup` calls. */
export async function inProcessTimes(butler: Butler, id: string, positions: readonly (readonly [number, number])[], radiusArcsec: number, warmup: number): Promise<number[]> {
  const soda = new SodaService({ datasets: sodaDatasets(butler), version: "skyport bench" });
  const one = async (ra: number, dec: number) => {
    const out = await soda.sync(cutoutParams(id, ra, dec, radiusArcsec));
    if (!out) throw new Error(`no cut-out at (${ra}, ${dec})`);
    await outputBytes(out.body);
  };
  for (const [ra, dec] of positions.slice(0, warmup)) await one(ra, dec);
  const times: number[] = [];
  for (const [ra, dec] of positions) {
    const t0 = performance.now();
    await one(ra, dec);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
