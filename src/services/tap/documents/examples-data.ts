/**
 * Skyport's TAP example queries over ivoa.ObsCore, the CAOM 2.4 tables, skyport.visit and
 * TAP_SCHEMA, using only columns those tables publish (src/repo/obscore). Positions are around
 * the Extended Chandra Deep Field South (RA 53.1°, Dec −28.1°, the DP1 ECDFS field); times are MJD
 * (UTC) as ObsCore t_min/t_max store them; wavelengths are metres. taplint runs every query
 * (W-EXVL/W-QERR), so each must parse and execute.
 */
import type { TapExample } from "./examples.js";

export const SKYPORT_EXAMPLES: readonly TapExample[] = [
  {
    id: "images-near-position",
    name: "Images centred near a position",
    description: "Science images whose centre lies within 0.5° of RA 53.1°, Dec −28.1°, with their DataLink access URL.",
    query: `SELECT TOP 100 obs_id, obs_title, calib_level, s_ra, s_dec, t_min, access_url, access_format
FROM ivoa.ObsCore
WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 53.1, -28.1, 0.5))
  AND dataproduct_type = 'image'`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "footprints-overlapping-circle",
    name: "Footprints overlapping a circle",
    description: "Processed images (calibration level 2 or more) whose footprint polygon s_region intersects a 6 arcmin circle.",
    query: `SELECT obs_id, obs_title, calib_level, s_region, access_url
FROM ivoa.ObsCore
WHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 53.1, -28.1, 0.1))
  AND calib_level >= 2`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "nearest-images",
    name: "The images closest to a position",
    description: "The ten image centres nearest to a position, with their distance in degrees.",
    query: `SELECT TOP 10 obs_id, s_ra, s_dec,
  DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 53.1, -28.1)) AS dist_deg
FROM ivoa.ObsCore
WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 53.1, -28.1, 1.0))
ORDER BY dist_deg`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "coadds-in-polygon",
    name: "Coadds intersecting a sky polygon",
    description: "Calibration level 3 products (deep and template coadds) touching a 0.6° × 0.6° box given as a polygon.",
    query: `SELECT obs_id, obs_title, dataproduct_subtype, s_region, access_url
FROM ivoa.ObsCore
WHERE calib_level = 3
  AND 1 = INTERSECTS(s_region, POLYGON('ICRS', 52.8, -28.4, 53.4, -28.4, 53.4, -27.8, 52.8, -27.8))`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "images-in-time-range",
    name: "Images taken in a time range",
    description: "Visit images whose exposure started between two dates (t_min is MJD, UTC), in time order.",
    query: `SELECT obs_id, t_min, t_max, t_exptime, em_min, em_max, instrument_name
FROM ivoa.ObsCore
WHERE dataproduct_type = 'image' AND calib_level = 2
  AND t_min >= 60600.0 AND t_min < 60700.0
ORDER BY t_min`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "images-covering-wavelength",
    name: "Images covering a wavelength",
    description: "Images whose band contains 620 nm (the r band), by the spectral bounds em_min and em_max in metres.",
    query: `SELECT TOP 100 obs_id, em_min, em_max, calib_level, access_url
FROM ivoa.ObsCore
WHERE em_min <= 6.2e-7 AND em_max >= 6.2e-7
  AND dataproduct_type = 'image'`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "datasets-per-collection",
    name: "Datasets per collection and calibration level",
    description: "A summary of what this service holds.",
    query: `SELECT obs_collection, calib_level, COUNT(*) AS n
FROM ivoa.ObsCore
GROUP BY obs_collection, calib_level
ORDER BY obs_collection, calib_level`,
    tables: ["ivoa.ObsCore"],
  },
  {
    id: "best-seeing-visits",
    name: "Visits with the best seeing",
    description: "Observing conditions per visit: the twenty visits with the smallest delivered PSF FWHM.",
    query: `SELECT TOP 20 instrument, visit, band, seeing, airmass, zero_point, t_min
FROM skyport.visit
WHERE seeing IS NOT NULL
ORDER BY seeing`,
    tables: ["skyport.visit"],
  },
  {
    id: "images-with-conditions",
    name: "Visit images with their observing conditions",
    description: "Joins ObsCore to the visit table to keep only images taken in good seeing at low airmass.",
    query: `SELECT TOP 100 o.obs_id, o.calib_level, v.band, v.seeing, v.airmass, o.access_url
FROM ivoa.ObsCore AS o
JOIN skyport.visit AS v ON o.instrument_name = v.instrument AND o.lsst_visit = v.visit
WHERE o.dataproduct_type = 'image' AND o.calib_level = 2
  AND v.seeing < 1.0 AND v.airmass < 1.3`,
    tables: ["ivoa.ObsCore", "skyport.visit"],
  },
  {
    id: "caom2-planes-and-files",
    name: "CAOM2 observations, planes and files",
    description: "Walks the CAOM 2.4 hierarchy from observation to plane to artifact (file) for r-band processed planes.",
    query: `SELECT TOP 100 o.observationID, o.instrument_name, p.productID, p.calibrationLevel,
  p.energy_bandpassName, a.uri, a.contentType, a.contentLength
FROM caom2.Observation AS o
JOIN caom2.Plane AS p ON p.obsID = o.obsID
JOIN caom2.Artifact AS a ON a.planeID = p.planeID
WHERE p.calibrationLevel = 2 AND p.energy_bandpassName = 'r'`,
    tables: ["caom2.Observation", "caom2.Plane", "caom2.Artifact"],
  },
  {
    id: "caom2-coadd-provenance",
    name: "The inputs of coadds (CAOM2 provenance)",
    description: "For calibration level 3 planes, the planes they were made from.",
    query: `SELECT TOP 100 p.productID, prov.inputID, prov.inputURI
FROM caom2.Plane AS p
JOIN caom2.ProvenanceInput AS prov ON prov.planeID = p.planeID
WHERE p.calibrationLevel = 3`,
    tables: ["caom2.Plane", "caom2.ProvenanceInput"],
  },
  {
    id: "obscore-columns",
    name: "The columns of ivoa.ObsCore",
    description: "TAP_SCHEMA describes every published table; here the ObsCore columns in their recommended order.",
    query: `SELECT column_name, datatype, arraysize, xtype, unit, ucd, description
FROM TAP_SCHEMA.columns
WHERE table_name = 'ivoa.ObsCore'
ORDER BY column_index`,
    tables: ["TAP_SCHEMA.columns"],
  },
];
