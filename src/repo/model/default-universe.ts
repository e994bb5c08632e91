/**
 * Skyport's default dimension universe: LSST's (daf_butler namespace, version 8 element set, as
 * described in lsst-image-services.md §2.1) with the observing conditions the survey requirements
 * ask to be known for each visit (seeing, sky background, airmass, zero point: LSR-REQ-0019 and the
 * SRD) added to `visit`. Written in the dimensions.yaml layout so universeFromConfig reads it and a
 * deployment can swap in another configuration without code changes.
 */
import { type DimensionUniverse, universeFromConfig } from "./universe.js";

const str = (name: string, length: number, doc?: string) => ({ name, type: "string", length, ...(doc ? { doc } : {}) });
const int = (name: string, doc?: string) => ({ name, type: "int", ...(doc ? { doc } : {}) });
const float = (name: string, doc?: string) => ({ name, type: "float", ...(doc ? { doc } : {}) });
const bool = (name: string, doc?: string) => ({ name, type: "bool", ...(doc ? { doc } : {}) });

/** Metadata fields Skyport adds to visit records (units in the docs; null when unknown). */
export const VISIT_CONDITION_FIELDS = [
  float("psf_fwhm", "Median PSF full width at half maximum over the visit's detectors, arcsec (the delivered seeing)."),
  float("sky_bg", "Median sky background level, nJy per pixel."),
  float("sky_noise", "Median sky noise, nJy per pixel."),
  float("airmass", "Airmass at the middle of the visit."),
  float("zero_point", "Photometric zero point: AB magnitude of a source giving 1 count per second."),
  float("limiting_mag", "5-sigma point-source limiting AB magnitude."),
  float("boresight_ra", "Right ascension of the boresight, degrees (ICRS)."),
  float("boresight_dec", "Declination of the boresight, degrees (ICRS)."),
  float("rotation_angle", "Sky rotation angle of the focal plane, degrees."),
] as const;

export const DEFAULT_UNIVERSE_CONFIG = {
  version: 8,
  namespace: "skyport",
  elements: {
    instrument: {
      doc: "Something that takes observations: it owns its filters, detectors and the numbering of its exposures and visits.",
      keys: [str("name", 32)],
      metadata: [int("visit_max"), int("visit_system"), int("exposure_max"), int("detector_max"), str("class_name", 64)],
      governor: true,
    },
    band: {
      doc: "An instrument-independent filter name (u, g, r, i, z, y); coadds are per band.",
      keys: [str("name", 32)],
      view_of: "physical_filter",
    },
    physical_filter: {
      doc: "A filter of one instrument; it implies its band.",
      keys: [str("name", 32)],
      requires: ["instrument"],
      implies: ["band"],
    },
    subfilter: { doc: "A wavelength subdivision of a band.", keys: [int("id")], requires: ["band"] },
    detector: {
      doc: "One detector (CCD) of an instrument, independent of any observation.",
      keys: [int("id"), str("full_name", 32)],
      requires: ["instrument"],
      metadata: [str("name_in_raft", 32), str("raft", 32), str("purpose", 32, "SCIENCE, WAVEFRONT or GUIDE")],
    },
    group: { doc: "Observations grouped by the acquisition system when they were taken.", keys: [str("name", 64)], requires: ["instrument"] },
    day_obs: {
      doc: "An observing night, YYYYMMDD, rolling over at an observatory-dependent time of day.",
      keys: [int("id")],
      requires: ["instrument"],
    },
    visit: {
      doc: "One or more exposures with the same pointing and filter, processed together.",
      keys: [int("id"), str("name", 64)],
      requires: ["instrument"],
      implies: ["physical_filter", "day_obs"],
      metadata: [
        int("seq_num"),
        float("exposure_time", "Total exposure time of the visit, seconds."),
        str("target_name", 64),
        str("observation_reason", 68),
        str("science_program", 64),
        float("azimuth", "degrees"),
        float("zenith_angle", "degrees"),
        ...VISIT_CONDITION_FIELDS,
      ],
    },
    exposure: {
      doc: "A single readout of an instrument.",
      keys: [int("id"), str("obs_id", 64)],
      requires: ["instrument"],
      implies: ["physical_filter", "group", "day_obs"],
      metadata: [
        float("exposure_time", "seconds"),
        float("dark_time", "seconds"),
        str("observation_type", 16),
        str("observation_reason", 68),
        int("seq_num"),
        int("seq_start"),
        int("seq_end"),
        str("target_name", 64),
        str("science_program", 64),
        float("tracking_ra", "degrees"),
        float("tracking_dec", "degrees"),
        float("sky_angle", "degrees"),
        float("azimuth", "degrees"),
        float("zenith_angle", "degrees"),
        bool("has_simulated"),
        bool("can_see_sky"),
      ],
    },
    skymap: {
      doc: "A tessellation of the sky into tracts and patches with simple projections and overlaps.",
      keys: [str("name", 64), { name: "hash", type: "hash" }],
      metadata: [int("tract_max"), int("patch_nx_max"), int("patch_ny_max")],
      governor: true,
    },
    tract: { doc: "A large region of a skymap with one projection.", keys: [int("id")], requires: ["skymap"] },
    patch: { doc: "A rectangle within a tract.", keys: [int("id")], requires: ["skymap", "tract"], metadata: [int("cell_x"), int("cell_y")] },
    visit_detector_region: { doc: "The sky footprint of one detector in one visit.", requires: ["visit", "detector"], populated_by: "visit" },
    visit_system: { doc: "A consistent way of defining visits from exposures.", keys: [int("id"), str("name", 32)], requires: ["instrument"] },
    visit_definition: { doc: "Which exposures make up which visits.", requires: ["exposure", "visit"], populated_by: "visit", always_join: true },
    visit_system_membership: { doc: "Which visit systems a visit belongs to.", requires: ["visit", "visit_system"], populated_by: "visit", always_join: true },
  },
  topology: {
    spatial: { observation_regions: ["visit_detector_region", "visit"], skymap_regions: ["patch", "tract"] },
    temporal: { observation_timespans: ["exposure", "visit", "day_obs"] },
  },
} as const;

let cached: DimensionUniverse | undefined;

/** The default universe (built once). */
export function defaultUniverse(): DimensionUniverse {
  cached ??= universeFromConfig(DEFAULT_UNIVERSE_CONFIG);
  return cached;
}
