/**
 * `skyport fits …` commands: info, header, verify and section over local files. This is an edge:
 * it opens files (src/cli/byte-source.ts), inflates gzip-wrapped files into memory with node:zlib
 * (the library itself only sees a ByteSource), and prints; all FITS logic is in src/lib/fits.
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { Command } from "commander";
import { COMPRESSION_HOOKS, readCompressedSection } from "../../lib/fits/compress/index.js";
import {
  type ByteSource,
  bufferSource,
  convertHeaderKind,
  FitsFormatError,
  type HduEntry,
  type HduIndex,
  logicalHeader,
  rawData,
  readHduIndex,
  readImageSection,
  type SectionBox0,
  shiftWcsForSection,
  verify,
  verifyChecksums,
  writeFits,
} from "../../lib/fits/index.js";
import { openFileByteSource } from "../byte-source.js";

interface OpenedFits {
  readonly source: ByteSource;
  readonly index: HduIndex;
  close(): Promise<void>;
}

/** Largest inflated size accepted for gzip-wrapped files (they are held in memory). */
const MAX_GUNZIP_BYTES = 1024 * 1024 * 1024;

/** Opens a FITS file; gzip streams (also ones named .fits) are inflated into memory first. */
async function openFits(path: string): Promise<OpenedFits> {
  const file = await openFileByteSource(path);
  const magic = await file.read(0, 2);
  let source: ByteSource = file;
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    await file.close();
    let inflated: Buffer;
    try {
      inflated = gunzipSync(await readFile(path), { maxOutputLength: MAX_GUNZIP_BYTES });
    } catch (e) {
      throw new FitsFormatError("UNSUPPORTED", `cannot inflate gzip-wrapped file (limit ${MAX_GUNZIP_BYTES} bytes): ${(e as Error).message}`, { byteOffset: 0 });
    }
    source = bufferSource(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length));
  } else if (magic[0] === 0x1f && magic[1] === 0x9d) {
    await file.close();
    throw new FitsFormatError("UNSUPPORTED", "unix-compress (.Z) files are not supported: uncompress the file first", { byteOffset: 0 });
  }
  const close = source === file ? () => file.close() : () => Promise.resolve();
  try {
    return { source, index: await readHduIndex(source, { compression: COMPRESSION_HOOKS }), close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function withFits(path: string, body: (f: OpenedFits) => Promise<void>): Promise<void> {
  try {
    const f = await openFits(path);
    try {
      await body(f);
    } finally {
      await f.close();
    }
  } catch (e) {
    if (!(e instanceof FitsFormatError)) throw e;
    const where = [e.hduIndex === undefined ? "" : `HDU ${e.hduIndex}`, e.byteOffset === undefined ? "" : `byte ${e.byteOffset}`].filter(Boolean).join(", ");
    process.stderr.write(`skyport fits: ${path}: ${e.message}${where ? ` (${where})` : ""} [${e.code}]\n`);
    process.exitCode = 1;
  }
}

const DTYPE: Record<string, string> = { "8": "uint8", "16": "int16", "32": "int32", "64": "int64", "-32": "float32", "-64": "float64" };

function typeName(e: HduEntry): string {
  if (e.compressed) return "CompImageHDU";
  switch (e.layout.kind) {
    case "image": return e.index === 0 ? "PrimaryHDU" : "ImageHDU";
    case "bintable": return "BinTableHDU";
    case "table": return "TableHDU";
    case "groups": return "GroupsHDU";
    default: return `${e.layout.xtension || "Unknown"}HDU`;
  }
}

function describe(e: HduEntry): { dims: string; format: string } {
  const h = logicalHeader(e);
  if ((e.layout.kind === "bintable" || e.layout.kind === "table") && !e.imageHeader) {
    const n = Number(h.get("TFIELDS") ?? 0);
    const forms = Array.from({ length: Math.min(n, 999) }, (_, i) => String(h.get(`TFORM${i + 1}`) ?? "?").trim());
    return { dims: `${e.layout.axes[1] ?? 0}R x ${n}C`, format: `[${forms.join(", ")}]` };
  }
  const naxis = Number(h.get("NAXIS") ?? 0);
  const axes = Array.from({ length: naxis }, (_, i) => String(h.get(`NAXIS${i + 1}`)));
  const bitpix = String(h.get("BITPIX"));
  const scaled = h.has("BSCALE") || h.has("BZERO") ? " (scaled)" : "";
  if (naxis === 0) return { dims: "()", format: "" };
  return { dims: `(${axes.join(", ")})`, format: `${DTYPE[bitpix] ?? `BITPIX ${bitpix}`}${scaled}` };
}

function info(path: string, f: OpenedFits): void {
  const rows = f.index.hdus.map((e) => {
    const d = describe(e);
    const name = e.name || (e.index === 0 ? "PRIMARY" : "");
    return [String(e.index), name, String(e.extver ?? 1), typeName(e), String(logicalHeader(e).cards.length), d.dims, d.format];
  });
  const head = ["No.", "Name", "Ver", "Type", "Cards", "Dimensions", "Format"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  process.stdout.write(`Filename: ${path}\n${line(head)}\n${rows.map(line).join("\n")}\n`);
  if (f.index.trailingBytes > 0) process.stdout.write(`(${f.index.trailingBytes} bytes after the last HDU ignored)\n`);
}

function pickHdu(f: OpenedFits, hdu: string): HduEntry {
  const n = Number(hdu);
  const e = Number.isInteger(n) ? f.index.hdus[n] : undefined;
  if (!e) throw new FitsFormatError("BAD_ARGUMENT", `no HDU ${hdu}: the file has ${f.index.hdus.length} (0-based)`);
  return e;
}

async function verifyFile(f: OpenedFits): Promise<void> {
  let errors = 0;
  let warnings = 0;
  for (const e of f.index.hdus) {
    const report = (sev: "error" | "warning", msg: string) => {
      if (sev === "error") errors++;
      else warnings++;
      process.stdout.write(`HDU ${e.index}: ${sev}: ${msg}\n`);
    };
    for (const x of verify(e.header, "warn").findings) report(x.severity, `${x.message}${x.cardIndex === undefined ? "" : ` (card ${x.cardIndex + 1})`}`);
    if (e.truncated) report("error", "data extends beyond the end of the file");
    else if (e.header.has("CHECKSUM") || e.header.has("DATASUM")) {
      const cs = await verifyChecksums(f.source, e);
      if (cs.datasum === "bad") report("warning", "DATASUM does not match the data");
      if (cs.checksum === "bad") report("warning", "CHECKSUM does not match the HDU");
    }
  }
  if (f.index.trailingBytes > 0) {
    warnings++;
    process.stdout.write(`file: warning: ${f.index.trailingBytes} bytes after the last HDU\n`);
  }
  process.stdout.write(`${f.index.hdus.length} HDU(s): ${errors} error(s), ${warnings} warning(s)\n`);
  if (errors > 0) process.exitCode = 1;
}

interface SectionOpts {
  hdu: string;
  x1: string;
  x2: string;
  y1: string;
  y2: string;
  output: string;
}

async function section(f: OpenedFits, o: SectionOpts): Promise<void> {
  const e = pickHdu(f, o.hdu);
  const h = logicalHeader(e);
  if (e.compressed && !e.imageHeader) throw new FitsFormatError("UNSUPPORTED", "tile-compressed HDU not recognised by the compress module", { hduIndex: e.index });
  if (!e.compressed && e.layout.kind !== "image") throw new FitsFormatError("BAD_ARGUMENT", `HDU ${e.index} is not an image`, { hduIndex: e.index });
  const naxis = Number(h.get("NAXIS") ?? 0);
  if (naxis < 2) throw new FitsFormatError("BAD_ARGUMENT", `HDU ${e.index} has NAXIS = ${naxis}; a section needs 2 or more axes`, { hduIndex: e.index });
  const axes = Array.from({ length: naxis }, (_, i) => Number(h.get(`NAXIS${i + 1}`)));
  const [x1, x2, y1, y2] = [o.x1, o.x2, o.y1, o.y2].map(Number) as [number, number, number, number];
  // --x1..--x2 and --y1..--y2 are 1-based inclusive FITS pixels; further axes are taken whole.
  const first1 = [x1, y1, ...axes.slice(2).map(() => 1)];
  const last1 = [x2, y2, ...axes.slice(2)];
  for (let i = 0; i < 2; i++) {
    if (!Number.isInteger(first1[i]) || !Number.isInteger(last1[i]) || first1[i]! < 1 || last1[i]! > axes[i]! || first1[i]! > last1[i]!) {
      throw new FitsFormatError("OUT_OF_RANGE", `axis ${i + 1}: pixels ${first1[i]}..${last1[i]} not within 1..${axes[i]}`, { hduIndex: e.index });
    }
  }
  const box: SectionBox0 = { start0: first1.map((v) => v - 1), end0: last1 };
  const data = e.compressed ? await readCompressedSection(f.source, e, box) : await readImageSection(f.source, e, box);
  const header = convertHeaderKind(shiftWcsForSection(h, first1, data.shape), true);
  const out = createWriteStream(o.output);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  for await (const chunk of writeFits([{ header, data: rawData(data.raw) }], { checksum: true })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  out.end();
  await done;
  process.stdout.write(`wrote ${o.output}: ${data.shape.join(" x ")} pixels, BITPIX ${data.bitpix}\n`);
}

/** Registers the `fits` command group on the root program. */
export function registerFitsCommands(program: Command): void {
  const fits = program.command("fits").description("inspect, verify and cut FITS files");
  fits
    .command("info")
    .description("list the HDUs (index, name, type, cards, dimensions, format), like astropy's info()")
    .argument("<file>", "FITS file (gzip-compressed files are inflated in memory)")
    .action((file: string) => withFits(file, async (f) => info(file, f)));
  fits
    .command("header")
    .description("print the header cards of one HDU (a tile-compressed image shows its image header)")
    .argument("<file>", "FITS file")
    .option("--hdu <n>", "0-based HDU index, as astropy and fitsio count", "0")
    .action((file: string, o: { hdu: string }) =>
      withFits(file, async (f) => {
        const cards = logicalHeader(pickHdu(f, o.hdu)).cards.map((c) => c.raw.trimEnd());
        process.stdout.write(`${[...cards, "END"].join("\n")}\n`);
      }),
    );
  fits
    .command("verify")
    .description("check headers (FITS 4.0 §4) and CHECKSUM/DATASUM; exit status 1 on errors")
    .argument("<file>", "FITS file")
    .action((file: string) => withFits(file, verifyFile));
  fits
    .command("section")
    .description("cut a sub-image (1-based inclusive pixels) into a new FITS file with its WCS shifted")
    .argument("<file>", "FITS file")
    .requiredOption("--hdu <n>", "0-based HDU index")
    .requiredOption("--x1 <pix>", "first column, 1-based")
    .requiredOption("--x2 <pix>", "last column, 1-based inclusive")
    .requiredOption("--y1 <pix>", "first row, 1-based")
    .requiredOption("--y2 <pix>", "last row, 1-based inclusive")
    .requiredOption("-o, --output <file>", "output FITS file")
    .action((file: string, o: SectionOpts) => withFits(file, (f) => section(f, o)));
}
