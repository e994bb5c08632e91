/**
 * Observatory positions as geocentric (ITRS, WGS84 ellipsoid) x, y, z in metres, and the
 * geodetic→geocentric conversion used to derive them (WGS84: a = 6378137 m, 1/f = 298.257223563;
 * NIMA TR8350.2 §3; the closed form is the standard one, e.g. IERS Conventions 2010 §4.2.6).
 */

const WGS84_A_M = 6_378_137.0;
const WGS84_F = 1 / 298.257223563;

/** Geodetic longitude (east positive), latitude (degrees) and height (m) to geocentric x, y, z (m). */
export function geodeticToGeocentric(lonDeg: number, latDeg: number, heightM: number): [number, number, number] {
  const lat = (latDeg * Math.PI) / 180;
  const lon = (lonDeg * Math.PI) / 180;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const w2 = (1 - WGS84_F) * (1 - WGS84_F);
  const n = WGS84_A_M / Math.sqrt(cosLat * cosLat + w2 * sinLat * sinLat);
  const r = (n + heightM) * cosLat;
  return [r * Math.cos(lon), r * Math.sin(lon), (w2 * n + heightM) * sinLat];
}

/**
 * Subaru, Maunakea. Geodetic lon −155.476667°, lat ≈19.825556°, h 4139 m (astropy's site registry,
 * "subaru"); the geocentric triple is stored exactly as astropy's EarthLocation gives it, which is
 * what astro_metadata_translator's HSC oracle (fitsheader-hsc.json) records.
 */
export const SUBARU_LOCATION: readonly [number, number, number] = [
  -5464492.282102364, -2493000.6266314997, 2150943.6513960036,
];

/**
 * Rubin Observatory, Cerro Pachón: lon −70.749417°, lat −30.244639°, h 2663 m, the OBS-LONG/OBS-LAT/
 * OBS-ELEV cards of every modern Rubin header (Simonyi and Auxiliary telescopes share the summit).
 */
export const RUBIN_LOCATION: readonly [number, number, number] = geodeticToGeocentric(-70.749417, -30.244639, 2663);

/**
 * Blanco 4-m, CTIO: lon −70.81489° (DECam headers write OBS-LONG = 70.81489 with west positive),
 * lat −30.16606°, h 2215 m, from the DECam primary header cards OBS-LONG/OBS-LAT/OBS-ELEV.
 */
export const CTIO_BLANCO_LOCATION: readonly [number, number, number] = geodeticToGeocentric(-70.81489, -30.16606, 2215);

/**
 * CFHT, Maunakea: lon −155.468876°, lat 19.825252° from the MegaPrime header cards LONGITUD/LATITUDE,
 * height 4204 m (CFHT observatory facts, https://www.cfht.hawaii.edu/en/about/).
 */
export const CFHT_LOCATION: readonly [number, number, number] = geodeticToGeocentric(-155.468876, 19.825252, 4204);
