/**
 * DemoCam, the demo release's instrument: an LSSTCam-like camera reduced to one raft (R22) of four
 * science sensors in a 2×2 mosaic with small gaps, 0.2″ pixels, and the six LSST bands (filters
 * named like `r_demo`). Photometric constants (zero points, extinction, dark-sky brightness) are
 * round numbers close to the LSST system (Ivezić et al. 2019, ApJ 873, 111, Table 2), so magnitudes,
 * sky levels and depths in the demo look familiar.
 */

/** The instrument's name in the registry. */
export const INSTRUMENT = "DemoCam";
/** The raft holding the four sensors. */
export const RAFT = "R22";
/** Pixel scale, arcseconds per pixel. */
export const PIXEL_SCALE_ARCSEC = 0.2;
/** Gap between adjacent sensors in the mosaic, pixels. */
export const SENSOR_GAP_PIX = 60;
/** Overscan columns appended to each raw row. */
export const OVERSCAN_COLS = 64;
/** Electrons per ADU. */
export const GAIN_E_PER_ADU = 1.6;
/** Read noise, electrons. */
export const READ_NOISE_E = 6;
/** Mean bias level of the raw frames, ADU. */
export const BIAS_LEVEL_ADU = 1500;
/** Full well: signal above this many electrons saturates. */
export const FULL_WELL_E = 95_000;
/** Exposure time of every visit, seconds. */
export const EXPOSURE_TIME_S = 30;
/** The flux zero point of nJy: m_AB = 31.4 − 2.5 log10(f / nJy). */
export const NJY_ZERO_POINT_MAG = 31.4;

/** The six bands in schedule order. */
export const BANDS = ["u", "g", "r", "i", "z", "y"] as const;
export type Band = (typeof BANDS)[number];

/** Per-band photometry: instrumental zero point (AB mag giving 1 e⁻/s at airmass 1), extinction k (mag/airmass), dark sky (mag/arcsec²). */
export const BAND_PHOTOMETRY: Readonly<Record<Band, { readonly zeroPointMag: number; readonly extinction: number; readonly skyMagArcsec2: number }>> = {
  u: { zeroPointMag: 26.5, extinction: 0.47, skyMagArcsec2: 22.9 },
  g: { zeroPointMag: 28.3, extinction: 0.21, skyMagArcsec2: 22.3 },
  r: { zeroPointMag: 28.1, extinction: 0.13, skyMagArcsec2: 21.2 },
  i: { zeroPointMag: 27.8, extinction: 0.1, skyMagArcsec2: 20.5 },
  z: { zeroPointMag: 27.4, extinction: 0.07, skyMagArcsec2: 19.6 },
  y: { zeroPointMag: 26.6, extinction: 0.17, skyMagArcsec2: 18.6 },
};

/** The physical filter of a band, e.g. "r_demo". */
export function physicalFilter(band: Band): string {
  return `${band}_demo`;
}

/** One sensor of the mosaic. */
export interface DemoDetector {
  readonly id: number;
  /** e.g. "R22_S01". */
  readonly fullName: string;
  readonly nameInRaft: string;
  /** Offset of the sensor centre from the boresight in focal-plane pixels (x right, y up). */
  readonly centreOffsetPix: readonly [number, number];
}

/** The four sensors for a sensor size of `size` pixels: ids 0–3 row by row from the lower left. */
export function demoDetectors(size: number): DemoDetector[] {
  const step = size + SENSOR_GAP_PIX;
  return [0, 1, 2, 3].map((id) => {
    const col = id % 2;
    const row = Math.floor(id / 2);
    const nameInRaft = `S${row}${col}`;
    return { id, fullName: `${RAFT}_${nameInRaft}`, nameInRaft, centreOffsetPix: [(col - 0.5) * step, (row - 0.5) * step] as const };
  });
}

/**
 * Radial distortion of the optics: a point at distance r (pixels) from the boresight is imaged at
 * r·(1 + K r²). The value gives about one pixel of displacement at the corner of a 2×2048 mosaic,
 * the size of the residual distortion LSST's TAN-SIP headers carry per sensor.
 */
export const RADIAL_DISTORTION_K = 4e-11;
