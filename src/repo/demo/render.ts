/**
 * Renders truth sources into a sensor image. The PSF is a double Gaussian (90 % core, 10 % wing of
 * twice the width) whose overall FWHM is the visit's seeing; point sources are integrated exactly
 * over each pixel with the error function (the 1-D integrals separate), so centroids are unbiased.
 * Galaxies are Sérsic profiles approximated by Gaussian mixtures (our least-squares fits to n = 1 and
 * n = 4 in units of the half-light radius, in the spirit of Hogg & Lang 2013, PASP 125, 719),
 * sheared to the source's axis ratio and position angle, mapped to pixels through the local WCS
 * Jacobian, convolved with the PSF (covariances add) and with the pixel box (+1/12 px² per axis).
 */
import type { Wcs } from "../../lib/wcs/index.js";
import { PIXEL_SCALE_ARCSEC } from "./camera.js";

/** PSF components: weight and width relative to the core σ. */
const PSF_COMPONENTS = [
  { weight: 0.9, scale: 1 },
  { weight: 0.1, scale: 2 },
] as const;

/** Gaussian mixtures of Sérsic profiles: weight and σ in units of the half-light radius. */
const MIXTURES = {
  exp: [
    [0.02379, 0.18446],
    [0.16671, 0.4312],
    [0.47035, 0.81811],
    [0.33916, 1.42008],
  ],
  dev: [
    [0.01352, 0.02011],
    [0.05226, 0.06687],
    [0.13106, 0.18089],
    [0.23743, 0.4542],
    [0.30889, 1.14121],
    [0.25685, 3.20647],
  ],
} as const;

/** FWHM of the double-Gaussian PSF in units of its core σ (solved once by bisection). */
const FWHM_OVER_SIGMA = (() => {
  const profile = (r: number) => PSF_COMPONENTS.reduce((a, c) => a + (c.weight / (c.scale * c.scale)) * Math.exp((-r * r) / (2 * c.scale * c.scale)), 0);
  const half = profile(0) / 2;
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (profile(mid) > half) lo = mid;
    else hi = mid;
  }
  return 2 * lo;
})();

/** Core σ of the PSF in pixels for a FWHM in arcseconds. */
export function psfCoreSigmaPix(fwhmArcsec: number): number {
  return fwhmArcsec / PIXEL_SCALE_ARCSEC / FWHM_OVER_SIGMA;
}

/** erf(x), Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), odd by construction. */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** A float image, row-major, x fastest; pixel (i, j) 0-based has its centre at FITS pixel (i+1, j+1). */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Fraction of a unit Gaussian (centre c, width σ) falling in pixels lo..hi (0-based), into out. */
function pixelIntegrals(c0: number, sigma: number, lo: number, hi: number, out: Float64Array): void {
  const k = 1 / (sigma * Math.SQRT2);
  let prev = erf((lo - 0.5 - c0) * k);
  for (let i = lo; i <= hi; i++) {
    const next = erf((i + 0.5 - c0) * k);
    out[i - lo] = 0.5 * (next - prev);
    prev = next;
  }
}

/**
 * Adds a point source of total `flux` at 0-based pixel position (x0, y0) to the plane, integrated
 * over pixels; a negative flux subtracts (a variable fainter than its mean). The stamp extends to 6
 * wing σ; flux beyond it (< 1e-7) is dropped.
 */
export function addPointSource(plane: Plane, x0: number, y0: number, flux: number, psfSigmaPix: number): void {
  if (flux === 0 || !Number.isFinite(flux)) return;
  const r = Math.ceil(6 * 2 * psfSigmaPix);
  const xl = Math.max(0, Math.floor(x0) - r);
  const xh = Math.min(plane.width - 1, Math.ceil(x0) + r);
  const yl = Math.max(0, Math.floor(y0) - r);
  const yh = Math.min(plane.height - 1, Math.ceil(y0) + r);
  if (xl > xh || yl > yh) return;
  const fx = new Float64Array(xh - xl + 1);
  const fy = new Float64Array(yh - yl + 1);
  for (const c of PSF_COMPONENTS) {
    pixelIntegrals(x0, psfSigmaPix * c.scale, xl, xh, fx);
    pixelIntegrals(y0, psfSigmaPix * c.scale, yl, yh, fy);
    const f = flux * c.weight;
    for (let j = yl; j <= yh; j++) {
      const fyj = f * fy[j - yl]!;
      if (fyj === 0) continue;
      const row = j * plane.width;
      for (let i = xl; i <= xh; i++) plane.data[row + i]! += fyj * fx[i - xl]!;
    }
  }
}

/** Shape of a galaxy on the sky. */
export interface GalaxyShape {
  readonly profile: "exp" | "dev";
  readonly halfLightArcsec: number;
  readonly axisRatio: number;
  readonly positionAngleDeg: number;
}

/**
 * Local WCS Jacobian at a sky position: pixels per arcsecond along east and north, as the matrix
 * [[dx/dE, dx/dN], [dy/dE, dy/dN]], by finite differences of 1″.
 */
export function localJacobian(wcs: Wcs, raDeg: number, decDeg: number): [number, number, number, number] {
  const [x, y] = wcs.worldToPix(raDeg, decDeg);
  const d = 1 / 3600;
  const [xe, ye] = wcs.worldToPix(raDeg + d / Math.cos((decDeg * Math.PI) / 180), decDeg);
  const [xn, yn] = wcs.worldToPix(raDeg, decDeg + d);
  return [xe - x, xn - x, ye - y, yn - y];
}

/** Adds one elliptical Gaussian of total flux f and pixel covariance (cxx, cxy, cyy). */
function addGaussian(plane: Plane, x0: number, y0: number, f: number, cxx: number, cxy: number, cyy: number): void {
  const det = cxx * cyy - cxy * cxy;
  const ixx = cyy / det;
  const iyy = cxx / det;
  const ixy = -cxy / det;
  const norm = f / (2 * Math.PI * Math.sqrt(det));
  const rx = Math.min(80, Math.ceil(5 * Math.sqrt(cxx)));
  const ry = Math.min(80, Math.ceil(5 * Math.sqrt(cyy)));
  const xl = Math.max(0, Math.floor(x0) - rx);
  const xh = Math.min(plane.width - 1, Math.ceil(x0) + rx);
  const yl = Math.max(0, Math.floor(y0) - ry);
  const yh = Math.min(plane.height - 1, Math.ceil(y0) + ry);
  for (let j = yl; j <= yh; j++) {
    const dy = j - y0;
    const row = j * plane.width;
    for (let i = xl; i <= xh; i++) {
      const dx = i - x0;
      const q = ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy;
      if (q < 50) plane.data[row + i]! += norm * Math.exp(-0.5 * q);
    }
  }
}

/**
 * Adds a galaxy of total `flux` centred at 0-based (x0, y0); `jac` is localJacobian at its position.
 */
export function addGalaxy(plane: Plane, x0: number, y0: number, flux: number, shape: GalaxyShape, jac: readonly [number, number, number, number], psfSigmaPix: number): void {
  if (!(flux > 0)) return;
  const pa = (shape.positionAngleDeg * Math.PI) / 180;
  // Major and minor axes as (east, north) unit vectors.
  const maj = [Math.sin(pa), Math.cos(pa)] as const;
  const min = [Math.cos(pa), -Math.sin(pa)] as const;
  const [a, b, c, d] = jac;
  const toPix = (v: readonly [number, number]) => [a * v[0] + b * v[1], c * v[0] + d * v[1]] as const;
  const pm = toPix(maj);
  const pn = toPix(min);
  for (const [w, s] of MIXTURES[shape.profile]) {
    const sa = s * shape.halfLightArcsec;
    const sb = sa * shape.axisRatio;
    const gxx = sa * sa * pm[0] * pm[0] + sb * sb * pn[0] * pn[0];
    const gxy = sa * sa * pm[0] * pm[1] + sb * sb * pn[0] * pn[1];
    const gyy = sa * sa * pm[1] * pm[1] + sb * sb * pn[1] * pn[1];
    for (const p of PSF_COMPONENTS) {
      const v = (psfSigmaPix * p.scale) ** 2 + 1 / 12;
      addGaussian(plane, x0, y0, flux * w * p.weight, gxx + v, gxy, gyy + v);
    }
  }
}
