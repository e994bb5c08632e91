/**
 * Header bookkeeping for a cut-out: new NAXISn and the reference pixel moved with the section
 * origin (FITS WCS Paper I, Greisen & Calabretta 2002, §2: CRPIXj is in pixel coordinates of the
 * array, so a sub-array starting at pixel p has CRPIXj' = CRPIXj − (p − 1)). Every other card (PC/CD,
 * SIP A_/B_, PV, …) is kept: SIP and TPV polynomials are functions of (pixel − CRPIX), so they move
 * with it. Also shifts LTV1/2 (IRAF) and CRPIXja alternates. Pure header logic, no WCS library.
 */
import type { Card } from "./card.js";
import { formatCard } from "./format.js";
import { FitsHeader } from "./header.js";

/**
 * Returns the header of a section whose first pixel is `first1` (1-based FITS pixel numbers, one
 * per axis, FITS order) and whose axis lengths are `shape`. Axes not listed keep their length and
 * origin. CRPIXj (all alternates a = ' ', A–Z) shift by first1[j−1] − 1; LTVj by 1 − first1[j−1].
 * CHECKSUM/DATASUM are dropped (stale).
 */
export function shiftWcsForSection(header: FitsHeader, first1: readonly number[], shape: readonly number[]): FitsHeader {
  const cards: Card[] = [];
  for (const c of header.cards) {
    const k = c.keyword;
    if (k === "CHECKSUM" || k === "DATASUM") continue;
    let m = /^NAXIS(\d+)$/.exec(k);
    if (m) {
      const j = Number(m[1]);
      const len = shape[j - 1];
      cards.push(len === undefined ? c : formatCard(k, len, c.comment));
      continue;
    }
    m = /^(CRPIX|LTV)(\d)([A-Z]?)$/.exec(k);
    const v = c.value;
    if (m && (typeof v === "number" || typeof v === "bigint") && c.kind === "value") {
      const j = Number(m[2]);
      const p = first1[j - 1];
      if (p !== undefined && p !== 1) {
        const delta = m[1] === "LTV" ? 1 - p : -(p - 1);
        cards.push(formatCard(k, Number(v) + delta, c.comment, { float: c.valueType === "float" }));
        continue;
      }
    }
    cards.push(c);
  }
  return new FitsHeader(cards);
}

