/**
 * PIXELS: our pixel-range cutout parameter for SODA (a custom parameter, identified by name, UCD
 * and unit per SODA-07). Syntax, modelled on FITS image sections: an optional extension selector
 * `[n]` (0-based HDU index) or `[EXTNAME]`, then `[r1,r2,…]` with one range per axis, each
 * `lo:hi` (1-based, inclusive, lo ≤ hi) or `*` for the whole axis. Example: `[1][100:200,*]`.
 */
import { invalid } from "./fault.js";

/** One axis of a pixel section: a 1-based inclusive range, or the whole axis. */
export type PixelRange = { readonly lo: number; readonly hi: number } | "*";

/** A parsed PIXELS value. */
export interface PixelSection {
  /** HDU index or EXTNAME; undefined means the service's default image HDU. */
  readonly extension: number | string | undefined;
  readonly ranges: readonly PixelRange[];
}

const SHAPE = /^(?:\[([^\][,]+)\])?\[([^\][]+)\]$/;
const EXPECTED = "expected [ext][lo:hi,lo:hi,…] with 1-based inclusive pixel ranges or *";

function parseRange(param: string, value: string, text: string): PixelRange {
  const t = text.trim();
  if (t === "*") return "*";
  const m = /^(\d+):(\d+)$/.exec(t);
  if (m === null) throw invalid(param, value, `bad axis range ${JSON.stringify(t)}; ${EXPECTED}`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo < 1 || hi < lo || !Number.isSafeInteger(hi)) throw invalid(param, value, `axis range ${t} needs 1 <= lo <= hi`);
  return { lo, hi };
}

/** One PIXELS value; `maxAxes` bounds the number of axes (default 7). */
export function parsePixels(value: string, param = "PIXELS", maxAxes = 7): PixelSection {
  const m = SHAPE.exec(value.trim());
  if (m === null) throw invalid(param, value, EXPECTED);
  const ext = m[1]?.trim();
  const extension = ext === undefined ? undefined : /^\d+$/.test(ext) ? Number(ext) : ext;
  const parts = (m[2] ?? "").split(",");
  if (parts.length > maxAxes) throw invalid(param, value, `at most ${maxAxes} axes are allowed, got ${parts.length}`);
  return { extension, ranges: parts.map((p) => parseRange(param, value, p)) };
}

/** The PIXELS text of a section, inverse of parsePixels. */
export function formatPixels(s: PixelSection): string {
  const ext = s.extension === undefined ? "" : `[${s.extension}]`;
  return `${ext}[${s.ranges.map((r) => (r === "*" ? "*" : `${r.lo}:${r.hi}`)).join(",")}]`;
}
