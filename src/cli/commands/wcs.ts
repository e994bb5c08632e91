/**
 * `skyport wcs pix2world|world2pix FILE [--hdu N] [--alt A]`: streams points from stdin, one per
 * line ("x y" 1-based FITS pixels, or "ra dec" degrees; N numbers for an N-axis WCS), and prints
 * the transformed point per line with full double precision (shortest round-trip decimal), "NaN"
 * outside the projection. FILE is a FITS file (HDU index 0-based like astropy, gzip inflated in
 * memory) or a text file of 80-character header cards with or without newlines. Edge code only:
 * the FITS library reads headers, the WCS library transforms.
 */
import { createInterface } from "node:readline";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { Command } from "commander";
import { COMPRESSION_HOOKS } from "../../lib/fits/compress/index.js";
import { bufferSource, type ByteSource, type FitsHeader, logicalHeader, parseHeaderText, readHduIndex } from "../../lib/fits/index.js";
import { Wcs, WcsError } from "../../lib/wcs/index.js";
import { openFileByteSource } from "../byte-source.js";

/** Points transformed per batch (array forms, no per-point allocation). */
const BATCH = 8192;

interface WcsCommandOptions {
  readonly hdu: string;
  readonly alt?: string;
}

/** True when the bytes look like header text rather than FITS blocks (newlines, or not block-sized). */
function looksLikeText(head: Uint8Array, size: number): boolean {
  if (head.includes(0x0a)) return true;
  return size % 2880 !== 0;
}

/** Reads the header of HDU `hdu` of a FITS file, or the whole file as header card text. */
async function readHeader(path: string, hdu: number): Promise<FitsHeader> {
  const file = await openFileByteSource(path);
  try {
    const head = await file.read(0, Math.min(file.size, 2880));
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    if (!gz && looksLikeText(head, file.size)) {
      const bytes = await file.read(0, file.size);
      return parseHeaderText(Buffer.from(bytes).toString("latin1"));
    }
    const source: ByteSource = gz ? bufferSource(new Uint8Array(gunzipSync(await readFile(path)))) : file;
    const index = await readHduIndex(source, { compression: COMPRESSION_HOOKS });
    const entry = index.hdus[hdu];
    if (!entry) throw new WcsError("NoWcs", `${path} has ${index.hdus.length} HDUs; --hdu ${hdu} does not exist`);
    return logicalHeader(entry);
  } finally {
    await file.close();
  }
}

/** Writes with backpressure. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once("drain", () => resolve());
  });
}

async function transformStream(wcs: Wcs, direction: "pix2world" | "world2pix"): Promise<void> {
  const n = wcs.naxis;
  const two = n === 2;
  const a = new Float64Array(BATCH);
  const b = new Float64Array(BATCH);
  const oa = new Float64Array(BATCH);
  const ob = new Float64Array(BATCH);
  const nd: number[][] = [];
  let count = 0;
  let lineNo = 0;
  let bad = 0;
  const flush = async (): Promise<void> => {
    let out = "";
    if (two) {
      const sa = a.subarray(0, count);
      const sb = b.subarray(0, count);
      if (direction === "pix2world") wcs.pixToWorldArrays(sa, sb, oa, ob);
      else wcs.worldToPixArrays(sa, sb, oa, ob);
      for (let i = 0; i < count; i++) out += `${oa[i]} ${ob[i]}\n`;
    } else {
      const res = new Float64Array(n);
      for (const p of nd) {
        if (direction === "pix2world") wcs.pixToWorldN(p, res);
        else wcs.worldToPixN(p, res);
        out += `${Array.from(res).join(" ")}\n`;
      }
      nd.length = 0;
    }
    count = 0;
    await write(out);
  };
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    lineNo++;
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const parts = t.split(/[\s,]+/);
    const v = parts.map((p) => (/^nan$/i.test(p) ? Number.NaN : Number(p)));
    if (parts.length !== n || parts.some((p, i) => Number.isNaN(v[i]!) && !/^nan$/i.test(p))) {
      if (bad++ < 10) process.stderr.write(`skyport wcs: stdin line ${lineNo}: expected ${n} numbers, got '${t}'\n`);
      v.length = n;
      v.fill(Number.NaN);
    }
    if (two) {
      a[count] = v[0]!;
      b[count] = v[1]!;
    } else nd.push(v);
    count++;
    if (count === BATCH) await flush();
  }
  if (count > 0 || nd.length > 0) await flush();
  if (bad > 0) process.exitCode = 1;
}

async function run(direction: "pix2world" | "world2pix", file: string, opts: WcsCommandOptions): Promise<void> {
  const hdu = Number(opts.hdu);
  if (!Number.isInteger(hdu) || hdu < 0) {
    process.stderr.write(`skyport wcs: --hdu must be a non-negative integer, got '${opts.hdu}'\n`);
    process.exitCode = 2;
    return;
  }
  let wcs: Wcs;
  try {
    const header = await readHeader(file, hdu);
    wcs = Wcs.fromHeader((k) => header.get(k), { alt: opts.alt ?? "" });
  } catch (e) {
    if (!(e instanceof Error) || !("code" in e || e instanceof WcsError)) throw e;
    process.stderr.write(`skyport wcs: ${file}: ${e.message}${e instanceof WcsError ? ` [${e.reason}]` : ""}\n`);
    process.exitCode = 2;
    return;
  }
  await transformStream(wcs, direction);
}

/** Registers the `wcs` command group on the root program. */
export function registerWcsCommands(program: Command): void {
  const wcs = program.command("wcs").description("World Coordinate System transforms (FITS WCS Papers I/II, SIP, TPV)");
  wcs
    .command("pix2world")
    .description('read "x y" 1-based FITS pixels per line on stdin, print "ra dec" (degrees; N numbers for N axes)')
    .argument("<file>", "FITS file or text file of 80-character header cards")
    .option("--hdu <n>", "HDU index, 0-based like astropy", "0")
    .option("--alt <letter>", "alternate WCS description A-Z")
    .action((file: string, opts: WcsCommandOptions) => run("pix2world", file, opts));
  wcs
    .command("world2pix")
    .description('read "ra dec" degrees per line on stdin, print "x y" 1-based FITS pixels')
    .argument("<file>", "FITS file or text file of 80-character header cards")
    .option("--hdu <n>", "HDU index, 0-based like astropy", "0")
    .option("--alt <letter>", "alternate WCS description A-Z")
    .action((file: string, opts: WcsCommandOptions) => run("world2pix", file, opts));
}
