/**
 * Plain dimension records produced from a translated header, one interface per element of the
 * Butler dimension universe (daf_butler dimensions.yaml, universe version 8; reference
 * lsst-image-services.md §2.1). Field names are exactly the universe's so the registry can insert
 * them without a mapping table. Times are TAI nanoseconds (repo/model Timespan, half-open).
 */
import type { Timespan } from "../../model/index.js";

/** instrument (governor). */
export interface InstrumentRecord {
  readonly name: string;
  /** Exclusive upper bound of visit ids. */
  readonly visit_max: number;
  /** Preferred visit system id (0 = one-to-one, 2 = by-seq-start-end). */
  readonly visit_system: number;
  /** Exclusive upper bound of exposure ids. */
  readonly exposure_max: number;
  /** Exclusive upper bound of detector ids. */
  readonly detector_max: number;
  /** Fully qualified name of the LSST Science Pipelines instrument class (for exports). */
  readonly class_name: string;
}

/** physical_filter (requires instrument, implies band). */
export interface PhysicalFilterRecord {
  readonly instrument: string;
  readonly name: string;
  readonly band: string;
}

/** detector (requires instrument). */
export interface DetectorRecord {
  readonly instrument: string;
  readonly id: number;
  readonly full_name: string;
  readonly name_in_raft: string;
  readonly raft: string | null;
  /** SCIENCE, WAVEFRONT or GUIDER. */
  readonly purpose: string;
}

/** day_obs (requires instrument); `timespan` is the observing day after the instrument's rollover. */
export interface DayObsRecord {
  readonly instrument: string;
  /** YYYYMMDD. */
  readonly id: number;
  readonly timespan: Timespan;
}

/** group (requires instrument). */
export interface GroupRecord {
  readonly instrument: string;
  readonly name: string;
}

/** exposure (requires instrument; implies physical_filter, group, day_obs). */
export interface ExposureRecord {
  readonly instrument: string;
  readonly id: number;
  readonly obs_id: string;
  readonly physical_filter: string;
  readonly group: string;
  readonly day_obs: number;
  /** Seconds, shutter open. */
  readonly exposure_time: number;
  /** Seconds. */
  readonly dark_time: number;
  readonly observation_type: string;
  readonly observation_reason: string;
  readonly seq_num: number;
  readonly seq_start: number;
  readonly seq_end: number;
  readonly target_name: string;
  readonly science_program: string;
  /** ICRS degrees; null off-sky. */
  readonly tracking_ra: number | null;
  readonly tracking_dec: number | null;
  /** Degrees; null off-sky or unknown. */
  readonly sky_angle: number | null;
  /** Degrees at the start; null off-sky. */
  readonly azimuth: number | null;
  /** Degrees from zenith at the start; null off-sky. */
  readonly zenith_angle: number | null;
  readonly has_simulated: boolean;
  readonly can_see_sky: boolean | null;
  readonly timespan: Timespan;
}

/** Every record one raw header yields. */
export interface DimensionRecords {
  readonly instrument: InstrumentRecord;
  readonly physical_filter: PhysicalFilterRecord;
  readonly detector: DetectorRecord;
  readonly day_obs: DayObsRecord;
  readonly group: GroupRecord;
  readonly exposure: ExposureRecord;
}
