/**
 * ObservationInfo: the instrument-independent description of one raw exposure-detector header, the
 * concept (and property names) of astro_metadata_translator's ObservationInfo
 * (https://astro-metadata-translator.lsst.io/). Property names keep that vocabulary exactly so the
 * oracle JSON files compare field by field. Units: seconds, degrees, kelvin, hPa, metres.
 */
import type { TaiNs } from "./time.js";

/** What the boresight rotation angle is measured against. */
export type RotationCoord = "sky" | "unknown";

/** A translated raw header. Null means "not known for this observation", never "zero". */
export interface ObservationInfo {
  /** Name of the translator that produced this (e.g. "HSC", "LSSTCam"). */
  readonly translator: string;
  /** Telescope name. */
  readonly telescope: string | null;
  /** Instrument name as the repository registers it (e.g. "HSC", "LATISS"). */
  readonly instrument: string;
  /** Observatory position, geocentric (ITRS/WGS84) x, y, z in metres. */
  readonly location: readonly [number, number, number] | null;
  /** Exposure identifier, unique within the instrument. */
  readonly exposure_id: number;
  /** Visit identifier (one exposure per visit for these instruments). */
  readonly visit_id: number | null;
  /** Instrument-specific filter name (physical_filter dimension). */
  readonly physical_filter: string;
  /** Start of the exposure, TAI nanoseconds since 1970-01-01 TAI. */
  readonly datetime_begin: TaiNs;
  /** End of the exposure, TAI nanoseconds since 1970-01-01 TAI (≥ begin). */
  readonly datetime_end: TaiNs;
  /** Shutter-open time, seconds. */
  readonly exposure_time: number;
  /** Dark (integration) time, seconds. */
  readonly dark_time: number | null;
  /** Airmass at the boresight at the start. */
  readonly boresight_airmass: number | null;
  /** Boresight rotation angle in degrees, [0, 360). */
  readonly boresight_rotation_angle: number | null;
  /** Frame of the rotation angle. */
  readonly boresight_rotation_coord: RotationCoord;
  /** Detector number within the instrument (detector dimension id). */
  readonly detector_num: number;
  /** Detector name within its group (e.g. "S11", "12"). */
  readonly detector_name: string;
  /** Unique detector name within the instrument (e.g. "R22_S11", "1_12"). */
  readonly detector_unique_name: string;
  /** Detector serial number. */
  readonly detector_serial: string | null;
  /** Detector group (raft for Rubin, e.g. "R22"). */
  readonly detector_group: string | null;
  /** Identifier of this exposure-detector combination. */
  readonly detector_exposure_id: number;
  /** Target name. */
  readonly object: string | null;
  /** Outside air temperature, kelvin. */
  readonly temperature: number | null;
  /** Outside air pressure, hPa. */
  readonly pressure: number | null;
  /** Relative humidity, percent. */
  readonly relative_humidity: number | null;
  /** Tracking position (ICRS, or the header's FK5 J2000 taken as ICRS), degrees [ra, dec]. */
  readonly tracking_radec: readonly [number, number] | null;
  /** Azimuth and altitude at the start, degrees [az, alt]. */
  readonly altaz_begin: readonly [number, number] | null;
  /** Observing program / proposal. */
  readonly science_program: string | null;
  /** Lower-case observation type: science, bias, dark, flat, … */
  readonly observation_type: string;
  /** The observatory's observation identifier (e.g. "HSCA90402400", "AT_O_20220405_000348"). */
  readonly observation_id: string;
  /** Why the observation was taken ("science", "unknown", …). */
  readonly observation_reason: string;
  /** Acquisition-time group name (group dimension). */
  readonly exposure_group: string;
  /** Observing day YYYYMMDD after the instrument's rollover offset. */
  readonly observing_day: number;
  /** The rollover offset used for observing_day, seconds (subtracted from TAI). */
  readonly observing_day_offset: number;
  /** Counter of the observation (sequence number). */
  readonly observation_counter: number;
  /** First sequence number of the group this observation belongs to. */
  readonly group_counter_start: number;
  /** Last sequence number of the group this observation belongs to. */
  readonly group_counter_end: number;
  /** True when any content (pixels or header) was simulated. */
  readonly has_simulated_content: boolean;
  /** True when the detector could see the sky; null when unknown. */
  readonly can_see_sky: boolean | null;
}
