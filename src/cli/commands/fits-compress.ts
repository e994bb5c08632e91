/**
 * `skyport fits compress IN OUT` and `skyport fits decompress IN OUT`: tile compression of FITS
 * images (FITS 4.0 standard §10), like fpack/funpack. This is an edge: it opens files, inflates
 * gzip-wrapped input, and streams the library's HDUs (src/lib/fits/compress) through the core
 * writer with fresh CHECKSUM/DATASUM; all compression logic is in the library.
 */
import { open, readFile, rename, rm } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { type Command, InvalidArgumentError } from "commander";
import { type CompressOptions, compressFits, decompressFits, type WriteAlgorithm } from "../../lib/fits/compress/index.js";
import { type ByteSource, bufferSource, FitsFormatError, type HduEntry, type WritableHdu, writeFits } from "../../lib/fits/index.js";
import { openFileByteSource } from "../byte-source.js";

/** Default quantize level for float images with RICE_1 (fpack's default q). */
const DEFAULT_RICE_FLOAT_Q = 4;

interface CompressCliOptions {
  readonly algorithm: WriteAlgorithm;
  readonly quantize?: number;
  readonly tile?: number[];
}

async function openInput(path: string): Promise<{ source: ByteSource; close(): Promise<void> }> {
  const file = await openFileByteSource(path);
  const magic = await file.read(0, 2);
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    await file.close();
    return { source: bufferSource(new Uint8Array(gunzipSync(await readFile(path)))), close: () => Promise.resolve() };
  }
  return { source: file, close: () => file.close() };
}

/** Streams HDUs to OUT (via a temporary file, renamed when complete). */
async function writeOut(path: string, hdus: AsyncIterable<WritableHdu>): Promise<void> {
  const tmp = `${path}.partial-${process.pid}`;
  const out = await open(tmp, "w");
  try {
    for await (const chunk of writeFits(hdus, { checksum: true })) await out.write(chunk);
    await out.close();
    await rename(tmp, path);
  } catch (e) {
    await out.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

function isSystemError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === "string" && !(e instanceof FitsFormatError);
}

async function run(label: string, input: string, body: (source: ByteSource) => Promise<void>): Promise<void> {
  try {
    const { source, close } = await openInput(input);
    try {
      await body(source);
    } finally {
      await close();
    }
  } catch (e) {
    if (isSystemError(e)) {
      // Missing input, unwritable output: a usage problem, not a crash.
      process.stderr.write(`skyport fits ${label}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (!(e instanceof FitsFormatError)) throw e;
    const where = [e.hduIndex === undefined ? "" : `HDU ${e.hduIndex}`, e.byteOffset === undefined ? "" : `byte ${e.byteOffset}`].filter(Boolean).join(", ");
    process.stderr.write(`skyport fits ${label}: ${input}: ${e.message}${where ? ` (${where})` : ""} [${e.code}]\n`);
    process.exitCode = 1;
  }
}

/** Per-HDU options: float images get the quantize level (RICE_1 needs one; default q = 4). */
export function optionsFor(entry: HduEntry, o: CompressCliOptions): CompressOptions | undefined {
  if (entry.compressed) return undefined;
  const isFloat = entry.layout.bitpix < 0;
  const q = isFloat ? (o.quantize ?? (o.algorithm === "RICE_1" ? DEFAULT_RICE_FLOAT_Q : undefined)) : undefined;
  const tile = o.tile && o.tile.length === entry.layout.axes.length ? o.tile.map((t, i) => Math.min(t, entry.layout.axes[i]!)) : undefined;
  return { algorithm: o.algorithm, quantizeLevel: q, tile };
}

function parseAlgorithm(v: string): WriteAlgorithm {
  const a = v.toUpperCase();
  if (a !== "RICE_1" && a !== "GZIP_1" && a !== "GZIP_2") throw new InvalidArgumentError("use RICE_1, GZIP_1 or GZIP_2");
  return a;
}

function parseQuantize(v: string): number {
  const q = Number(v);
  if (!(q > 0) || !Number.isFinite(q)) throw new InvalidArgumentError("the quantize level must be a number > 0");
  return q;
}

function parseTile(v: string): number[] {
  const t = v.split(",").map((x) => Number(x.trim()));
  if (t.length === 0 || t.some((x) => !Number.isInteger(x) || x < 1)) throw new InvalidArgumentError("tile must be positive integers, e.g. 100,100");
  return t;
}

/** Adds `compress` and `decompress` to the `fits` command group. */
export function registerFitsCompressCommands(fits: Command): void {
  fits
    .command("compress")
    .description("tile-compress every image HDU (FITS 4.0 §10), like fpack")
    .argument("<in>", "input FITS file (gzip-wrapped accepted)")
    .argument("<out>", "output FITS file")
    .option("--algorithm <name>", "RICE_1, GZIP_1 or GZIP_2", parseAlgorithm, "RICE_1" as WriteAlgorithm)
    .option("--quantize <q>", "quantize level for float images (noise / q per step; RICE_1 default 4, GZIP lossless when absent)", parseQuantize)
    .option("--tile <n1,n2,...>", "tile size in FITS axis order (default: one image row per tile)", parseTile)
    .action((input: string, output: string, o: CompressCliOptions) =>
      run("compress", input, (source) => writeOut(output, compressFits(source, (entry) => optionsFor(entry, o)))),
    );
  fits
    .command("decompress")
    .description("decompress every tile-compressed HDU back to an image, like funpack")
    .argument("<in>", "input FITS file (gzip-wrapped accepted)")
    .argument("<out>", "output FITS file")
    .action((input: string, output: string) => run("decompress", input, (source) => writeOut(output, decompressFits(source))));
}
