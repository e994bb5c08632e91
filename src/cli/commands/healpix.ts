/**
 * `skyport healpix …` commands: streaming ang2pix / pix2ang over stdin/stdout, one value per
 * line, for millions of lines at constant memory. Edge code only (STYLE.md §1): it parses lines,
 * calls lib/healpix in batches (radec2pixBatch, exact at order 29 through int64 output) and writes
 * text with backpressure.
 */
import type { Command } from "commander";
import { HealpixError, type HealpixScheme, MAX_ORDER, pix2radecBig, radec2pixBatch } from "../../lib/healpix/index.js";

const BATCH = 65536;

interface Options {
  readonly order: string;
  readonly ring?: boolean;
}

/** A line-level input fault: reported with its 1-based line number, exit status 2. */
class LineError extends Error {}

function parseOrder(text: string): number {
  const order = Number(text);
  if (!/^\d+$/.test(text) || order > MAX_ORDER) throw new HealpixError(`--order must be an integer in [0, ${MAX_ORDER}], got ${text}`);
  return order;
}

/** Yields complete lines (without terminators) from a byte/string stream. */
async function* lines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of input) {
    rest += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = rest.indexOf("\n", start);
      if (nl < 0) break;
      yield rest.charCodeAt(nl - 1) === 13 ? rest.slice(start, nl - 1) : rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

type Write = (text: string) => Promise<void>;

function stdoutWriter(): Write {
  return (text) =>
    new Promise((resolve, reject) => {
      const ok = process.stdout.write(text, (err) => {
        if (err) reject(err);
      });
      if (ok) resolve();
      else process.stdout.once("drain", () => resolve());
    });
}

/** Reads "ra dec" (degrees) lines and writes one pixel index per line. Blank lines are skipped. */
export async function streamAng2pix(input: AsyncIterable<Uint8Array | string>, write: Write, order: number, scheme: HealpixScheme): Promise<number> {
  const ra = new Float64Array(BATCH);
  const dec = new Float64Array(BATCH);
  const out = new BigInt64Array(BATCH);
  let n = 0;
  let lineNo = 0;
  let count = 0;
  const flush = async () => {
    radec2pixBatch(order, ra.subarray(0, n), dec.subarray(0, n), out, scheme);
    let text = "";
    for (let i = 0; i < n; i++) text += `${out[i]}\n`;
    await write(text);
    count += n;
    n = 0;
  };
  for await (const line of lines(input)) {
    lineNo++;
    const t = line.trim();
    if (t === "") continue;
    const parts = t.split(/[\s,]+/);
    const r = Number(parts[0]);
    const d = Number(parts[1]);
    if (parts.length !== 2 || !Number.isFinite(r) || !(d >= -90 && d <= 90)) {
      if (n > 0) await flush();
      throw new LineError(`line ${lineNo}: expected "ra dec" in degrees with -90 <= dec <= 90, got ${JSON.stringify(line)}`);
    }
    ra[n] = r;
    dec[n] = d;
    n++;
    if (n === BATCH) await flush();
  }
  if (n > 0) await flush();
  return count;
}

/** Reads pixel indices (one per line) and writes "ra dec" of each pixel centre, full precision. */
export async function streamPix2ang(input: AsyncIterable<Uint8Array | string>, write: Write, order: number, scheme: HealpixScheme): Promise<number> {
  let text = "";
  let lineNo = 0;
  let count = 0;
  for await (const line of lines(input)) {
    lineNo++;
    const t = line.trim();
    if (t === "") continue;
    if (!/^\d+$/.test(t)) throw new LineError(`line ${lineNo}: expected a pixel index, got ${JSON.stringify(line)}`);
    let c: { raDeg: number; decDeg: number };
    try {
      c = pix2radecBig(order, BigInt(t), scheme);
    } catch (e) {
      throw new LineError(`line ${lineNo}: ${(e as Error).message}`);
    }
    text += `${c.raDeg} ${c.decDeg}\n`;
    count++;
    if (text.length > 1 << 20) {
      await write(text);
      text = "";
    }
  }
  if (text.length > 0) await write(text);
  return count;
}

async function run(fn: typeof streamAng2pix, opts: Options): Promise<void> {
  try {
    await fn(process.stdin, stdoutWriter(), parseOrder(opts.order), opts.ring ? "ring" : "nested");
  } catch (e) {
    if (e instanceof LineError || e instanceof HealpixError) {
      process.stderr.write(`skyport healpix: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

/** Registers the `healpix` command group on the root program. */
export function registerHealpixCommands(program: Command): void {
  const hp = program.command("healpix").description("HEALPix pixel indices (Górski et al. 2005), NESTED by default, orders 0..29");
  hp.command("ang2pix")
    .description('read "ra dec" (ICRS degrees) per line on stdin, write the pixel index per line')
    .requiredOption("--order <k>", "HEALPix order (nside = 2^k), 0..29")
    .option("--ring", "RING numbering instead of NESTED")
    .action((opts: Options) => run(streamAng2pix, opts));
  hp.command("pix2ang")
    .description('read a pixel index per line on stdin, write "ra dec" (degrees) of its centre')
    .requiredOption("--order <k>", "HEALPix order (nside = 2^k), 0..29")
    .option("--ring", "RING numbering instead of NESTED")
    .action((opts: Options) => run(streamPix2ang, opts));
}
