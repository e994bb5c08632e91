/**
 * The WCS of each sensor in each visit, built from the camera model: a TAN projection at the
 * boresight, the focal plane rotated by the visit's sky rotation at 0.2″/px, and the optics' radial
 * distortion r → r(1 + K r²). Putting CRPIX at the boresight (off the sensor, in sensor pixels)
 * makes that distortion an exact third-order SIP polynomial (Shupe et al. 2005): with (u, v) the
 * offsets from CRPIX, f(u, v) = K·u(u² + v²), g(u, v) = K·v(u² + v²), i.e. A_3_0 = A_1_2 = K and
 * B_2_1 = B_0_3 = K. So the header WCS is the true WCS the images are rendered with, and
 * AP/BP (a fitted inverse, order 3) are added for readers that do not iterate.
 */
import type { ConvexPolygon } from "../model/index.js";
import { convexPolygonFromRaDec } from "../model/index.js";
import { footprint, type SipParams, Wcs } from "../../lib/wcs/index.js";
import { type DemoDetector, PIXEL_SCALE_ARCSEC, RADIAL_DISTORTION_K } from "./camera.js";
import type { DemoVisit } from "./schedule.js";

const ORDER = 3;

function coeffs(entries: readonly [number, number, number][]): Float64Array {
  const a = new Float64Array((ORDER + 1) * (ORDER + 1));
  for (const [p, q, v] of entries) a[p * (ORDER + 1) + q] = v;
  return a;
}

/**
 * Inverse SIP (AP, BP) to third order: for small K the inverse of u' = u(1 + K r²) is
 * u ≈ u'(1 − K r'²), so AP_3_0 = AP_1_2 = −K (and likewise BP), good to O(K² r⁵) (≪ 0.01 px here).
 */
function radialSip(k: number): SipParams {
  return {
    aOrder: ORDER,
    a: coeffs([[3, 0, k], [1, 2, k]]),
    bOrder: ORDER,
    b: coeffs([[2, 1, k], [0, 3, k]]),
    apOrder: ORDER,
    ap: coeffs([[3, 0, -k], [1, 2, -k]]),
    bpOrder: ORDER,
    bp: coeffs([[2, 1, -k], [0, 3, -k]]),
  };
}

/** The TAN-SIP WCS of a sensor of `size`×`size` pixels in a visit. */
export function detectorWcs(visit: DemoVisit, det: DemoDetector, size: number): Wcs {
  const centre = (size + 1) / 2;
  return Wcs.celestial({
    projection: "TAN",
    crvalDeg: [visit.boresightRaDeg, visit.boresightDecDeg],
    crpix1: [centre - det.centreOffsetPix[0], centre - det.centreOffsetPix[1]],
    cdeltDeg: PIXEL_SCALE_ARCSEC / 3600,
    rotationDeg: visit.rotationDeg,
    imageSize: [size, size],
    sip: radialSip(RADIAL_DISTORTION_K),
  });
}

/** The sky polygon of a sensor (outer pixel edges), for visit_detector_region and overlap tests. */
export function detectorRegion(wcs: Wcs): ConvexPolygon {
  return convexPolygonFromRaDec(footprint(wcs, { corners: "edges" }));
}

/**
 * The visit's region: the polygon through the four outer corners of the mosaic (sensors 0–3 in a
 * 2×2 grid), each taken from the sensor that owns it; it contains every sensor's region.
 */
export function visitRegion(wcsByDetector: readonly Wcs[], size: number): ConvexPolygon {
  const [w0, w1, w2, w3] = wcsByDetector;
  if (!w0 || !w1 || !w2 || !w3) throw new RangeError("visitRegion needs the four sensors' WCS");
  const lo = 0.5;
  const hi = size + 0.5;
  return convexPolygonFromRaDec([w0.pixToWorld(lo, lo), w1.pixToWorld(hi, lo), w3.pixToWorld(hi, hi), w2.pixToWorld(lo, hi)]);
}
