/**
 * Writes a WCS back as FITS keyword entries (Paper I §2-3, Paper II §2-3, SIP, TPV): plain
 * `{keyword, value, comment}` records that the fits library formats, e.g.
 * `buildHeader(cards.map((c) => [c.keyword, c.value, c.comment]))`. Values are in the normalised
 * units the Wcs holds (CUNIT says which). LONPOLE/LATPOLE are written as resolved, so readers with
 * other defaults reproduce the same rotation.
 */
import type { WcsCore } from "./prepared.js";
import type { SipParams, WcsParams } from "./types.js";

/** One keyword entry. */
export interface WcsCard {
  readonly keyword: string;
  readonly value: string | number | boolean;
  readonly comment: string;
}

/** Options for wcsToCards. */
export interface WcsCardOptions {
  /** Write as this alternate description ("A".."Z"); default the params' own letter. */
  readonly alt?: string;
  /** Also write NAXISn when the image size is known. Default false. */
  readonly imageSize?: boolean;
}

function ctypeOf(p: WcsParams, i: number): string {
  if (i !== p.lonAxis && i !== p.latAxis) return p.ctype[i]!;
  const prefix = p.ctype[i]!.slice(0, 4).padEnd(4, "-");
  const code = p.tpv ? "TPV" : p.projection!;
  return `${prefix}-${code}${p.sip ? "-SIP" : ""}`;
}

function sipCards(out: WcsCard[], name: string, order: number, c: Float64Array): void {
  out.push({ keyword: `${name}_ORDER`, value: order, comment: `SIP polynomial order, ${name}` });
  for (let p = 0; p <= order; p++) {
    for (let q = 0; p + q <= order; q++) {
      const v = c[p * (order + 1) + q]!;
      if (v !== 0) out.push({ keyword: `${name}_${p}_${q}`, value: v, comment: "" });
    }
  }
}

function writeSip(out: WcsCard[], sip: SipParams): void {
  sipCards(out, "A", sip.aOrder, sip.a);
  sipCards(out, "B", sip.bOrder, sip.b);
  if (sip.ap && sip.bp && sip.apOrder !== undefined && sip.bpOrder !== undefined) {
    sipCards(out, "AP", sip.apOrder, sip.ap);
    sipCards(out, "BP", sip.bpOrder, sip.bp);
  }
}

/** The keyword entries describing `wcs` (see module header). */
export function wcsToCards(wcs: WcsCore, options: WcsCardOptions = {}): WcsCard[] {
  const p = wcs.params;
  const a = (options.alt ?? p.alt).toUpperCase();
  const n = p.naxis;
  const out: WcsCard[] = [{ keyword: `WCSAXES${a}`, value: n, comment: "number of WCS axes" }];
  if (options.imageSize && p.imageSize) {
    p.imageSize.forEach((s, j) => {
      out.push({ keyword: `NAXIS${j + 1}`, value: s, comment: `length of axis ${j + 1}` });
    });
  }
  for (let i = 0; i < n; i++) {
    const k = i + 1;
    out.push({ keyword: `CTYPE${k}${a}`, value: ctypeOf(p, i), comment: "axis type" });
    if (p.cunit[i]) out.push({ keyword: `CUNIT${k}${a}`, value: p.cunit[i]!, comment: "axis unit" });
    out.push({ keyword: `CRPIX${k}${a}`, value: p.crpix[i]!, comment: "reference pixel (1-based)" });
    out.push({ keyword: `CRVAL${k}${a}`, value: p.crval[i]!, comment: "world coordinate at the reference pixel" });
  }
  const cd = p.matrixForm === "CD";
  for (let i = 0; i < n; i++) {
    if (!cd) out.push({ keyword: `CDELT${i + 1}${a}`, value: p.cdelt[i]!, comment: "coordinate increment" });
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = p.pc[i * n + j]! * (cd ? p.cdelt[i]! : 1);
      const identity = i === j ? 1 : 0;
      if (!cd && v === identity) continue;
      if (cd && v === 0) continue;
      out.push({ keyword: `${cd ? "CD" : "PC"}${i + 1}_${j + 1}${a}`, value: v, comment: cd ? "linear transformation with scale" : "linear transformation" });
    }
  }
  const cel = wcs.celestial;
  if (cel) {
    const lat = p.latAxis + 1;
    const lon = p.lonAxis + 1;
    if (p.tpv) {
      for (const [axis, c] of [
        [lon, p.tpv.lon],
        [lat, p.tpv.lat],
      ] as const) {
        for (let m = 0; m < 40; m++) if (c[m] !== 0) out.push({ keyword: `PV${axis}_${m}${a}`, value: c[m]!, comment: "TPV distortion" });
      }
    } else {
      p.pv.forEach((v, m) => {
        if (v !== undefined) out.push({ keyword: `PV${lat}_${m}${a}`, value: v, comment: "projection parameter" });
      });
      if (p.fiducialOffset) out.push({ keyword: `PV${lon}_0${a}`, value: 1, comment: "apply fiducial offset" });
      if (p.phi0Deg !== undefined) out.push({ keyword: `PV${lon}_1${a}`, value: p.phi0Deg, comment: "native longitude of the fiducial point" });
      if (p.theta0Deg !== undefined) out.push({ keyword: `PV${lon}_2${a}`, value: p.theta0Deg, comment: "native latitude of the fiducial point" });
    }
    out.push({ keyword: `LONPOLE${a}`, value: cel.rotation.phiPDeg, comment: "native longitude of the celestial pole" });
    out.push({ keyword: `LATPOLE${a}`, value: cel.rotation.deltaPDeg, comment: "celestial latitude of the native pole" });
    if (["ICRS", "FK5", "FK4", "FK4-NO-E", "GAPPT"].includes(p.frame)) {
      out.push({ keyword: `RADESYS${a}`, value: p.frame, comment: "celestial reference frame" });
    }
    if (p.equinox !== undefined) out.push({ keyword: `EQUINOX${a}`, value: p.equinox, comment: "equinox of the coordinates" });
    if (p.sip) writeSip(out, p.sip);
  }
  return out;
}
