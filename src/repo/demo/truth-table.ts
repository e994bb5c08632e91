/**
 * The truth catalogue as a FITS BINTABLE (FITS 4.0 §7.3): one row per source with kind, position,
 * ugrizy magnitudes (mean, or peak for transients), galaxy shape, variability and transient
 * timing, so users can compare what the images show with what was put in.
 */
import { binTableHdu, type Card, formatCard, type WritableHdu } from "../../lib/fits/index.js";
import { BANDS } from "./camera.js";
import type { TruthSource } from "./catalog.js";

/** The BINTABLE HDU of a truth catalogue. */
export function truthTableHdu(sources: readonly TruthSource[], extra: readonly Card[] = []): WritableHdu {
  const col = (name: string, tform: string, unit: string, f: (s: TruthSource) => number | bigint) => ({ name, tform, unit, values: sources.map(f) });
  return binTableHdu(
    [
      col("id", "1K", "", (s) => BigInt(s.id)),
      { name: "kind", tform: "9A", values: sources.map((s) => s.kind) },
      col("ra", "1D", "deg", (s) => s.raDeg),
      col("dec", "1D", "deg", (s) => s.decDeg),
      ...BANDS.map((b) => col(`mag_${b}`, "1E", "mag", (s) => s.mag[b])),
      { name: "profile", tform: "5A", values: sources.map((s) => s.profile) },
      col("half_light_radius", "1E", "arcsec", (s) => s.halfLightArcsec),
      col("axis_ratio", "1E", "", (s) => s.axisRatio),
      col("position_angle", "1E", "deg", (s) => s.positionAngleDeg),
      col("period", "1D", "d", (s) => s.periodDays),
      col("amplitude", "1E", "mag", (s) => s.amplitudeMag),
      col("phase", "1E", "rad", (s) => s.phaseRad),
      col("start_mjd", "1D", "d", (s) => s.startMjd),
      col("decline_rate", "1E", "mag/d", (s) => s.declineMagPerDay),
    ],
    sources.length,
    [formatCard("EXTNAME", "TRUTH", "truth catalogue"), ...extra],
  );
}
