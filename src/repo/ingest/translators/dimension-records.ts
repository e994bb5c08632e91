/**
 * ObservationInfo → dimension records (instrument, physical_filter, detector, day_obs, group,
 * exposure), the rows raw ingest inserts before it registers the dataset. Instrument-level facts
 * (id bounds, class names, filter → band) live here in one table per instrument.
 */
import { decamBand } from "./decam.js";
import { TranslationError } from "./errors.js";
import { HSC_FILTER_BANDS } from "./hsc.js";
import { latissBand } from "./latiss.js";
import { lsstCamBand, lsstCamPurpose } from "./lsstcam.js";
import { lsstComCamBand } from "./lsstcomcam.js";
import { megaPrimeBand } from "./megaprime.js";
import type { ObservationInfo } from "./observation-info.js";
import type { DimensionRecords, InstrumentRecord } from "./records.js";
import { SUPRIMECAM_FILTER_BANDS } from "./suprimecam.js";
import { observingDaySpan } from "./time.js";

/** What the records need to know about an instrument beyond the header. */
interface InstrumentFacts {
  readonly record: Omit<InstrumentRecord, "name">;
  band(physicalFilter: string): string;
  /** Detector purpose from its name within the raft/group and its number. */
  purpose(detectorName: string, detectorNum: number): string;
}

/**
 * Rubin id bounds as in the LSSTCam instrument record of daf_butler's lsstcam-subset export
 * (exposure ids up to controller S in 2050, detector_max 1000), shared by all Rubin cameras.
 */
const RUBIN_RECORD = { visit_max: 6050123199999, visit_system: 2, exposure_max: 6050123199999, detector_max: 1000 };

const science = () => "SCIENCE";

const INSTRUMENTS: Readonly<Record<string, InstrumentFacts>> = {
  LSSTCam: { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstCam" }, band: lsstCamBand, purpose: lsstCamPurpose },
  LSSTCamSim: { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstCamSim" }, band: lsstCamBand, purpose: lsstCamPurpose },
  LSSTComCam: { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstComCam" }, band: lsstComCamBand, purpose: science },
  LSSTComCamSim: { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstComCamSim" }, band: lsstComCamBand, purpose: science },
  "LSSTCam-imSim": { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstCamImSim" }, band: lsstCamBand, purpose: lsstCamPurpose },
  "LSSTCam-PhoSim": { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.LsstCamPhoSim" }, band: lsstCamBand, purpose: lsstCamPurpose },
  LATISS: { record: { ...RUBIN_RECORD, class_name: "lsst.obs.lsst.Latiss" }, band: latissBand, purpose: science },
  // HSC bounds from the ci_hsc-subset export's instrument record (2^31 / 100, detector_max 200).
  HSC: {
    record: { visit_max: 21474800, visit_system: 0, exposure_max: 21474800, detector_max: 200, class_name: "lsst.obs.subaru.HyperSuprimeCam" },
    band: (f) => HSC_FILTER_BANDS[f] ?? "unknown",
    // Detectors 104–111 are the eight focus/guide CCDs outside the science array (NAOJ HSC camera
    // layout); the universe allows instrument-specific purposes, "GUIDER" is the closest standard one.
    purpose: (_name, num) => (num >= 104 ? "GUIDER" : "SCIENCE"),
  },
  DECam: {
    record: { visit_max: 2 ** 31 - 1, visit_system: 0, exposure_max: 2 ** 31 - 1, detector_max: 100, class_name: "lsst.obs.decam.DarkEnergyCamera" },
    band: decamBand,
    purpose: (name) => (/^(FN|FS)/.test(name) ? "WAVEFRONT" : name.startsWith("G") ? "GUIDER" : "SCIENCE"),
  },
  // Bonus instruments; id bounds follow our id conventions in suprimecam.ts / megaprime.ts.
  SuprimeCam: {
    record: { visit_max: 26_000_000, visit_system: 0, exposure_max: 26_000_000, detector_max: 10, class_name: "lsst.obs.subaru.SuprimeCam" },
    band: (f) => SUPRIMECAM_FILTER_BANDS[f] ?? "unknown",
    purpose: science,
  },
  MegaPrime: {
    record: { visit_max: 10_000_000, visit_system: 0, exposure_max: 10_000_000, detector_max: 100, class_name: "lsst.obs.cfht.MegaPrime" },
    band: megaPrimeBand,
    purpose: science,
  },
};

/** Band of a physical filter of an instrument; "unknown" for an unknown instrument or filter. */
export function bandOf(instrument: string, physicalFilter: string): string {
  return INSTRUMENTS[instrument]?.band(physicalFilter) ?? "unknown";
}

/**
 * Builds the dimension records of one translated header.
 * Defaults for missing strings follow the Rubin registry (obs_lsst LATISS gen3.sqlite3):
 * target_name "UNKNOWN", science_program and observation_reason "unknown".
 * @throws TranslationError when the instrument has no entry in the instrument table.
 */
export function toDimensionRecords(info: ObservationInfo): DimensionRecords {
  const facts = INSTRUMENTS[info.instrument];
  if (facts === undefined) {
    throw new TranslationError({ file: info.observation_id, reason: `no dimension facts for instrument '${info.instrument}'` });
  }
  const instrument = info.instrument;
  const onSky = info.tracking_radec !== null;
  return {
    instrument: { name: instrument, ...facts.record },
    physical_filter: { instrument, name: info.physical_filter, band: facts.band(info.physical_filter) },
    detector: {
      instrument,
      id: info.detector_num,
      full_name: info.detector_unique_name,
      name_in_raft: info.detector_name,
      raft: info.detector_group,
      purpose: facts.purpose(info.detector_name, info.detector_num),
    },
    day_obs: { instrument, id: info.observing_day, timespan: observingDaySpan(info.observing_day, info.observing_day_offset) },
    group: { instrument, name: info.exposure_group },
    exposure: {
      instrument,
      id: info.exposure_id,
      obs_id: info.observation_id,
      physical_filter: info.physical_filter,
      group: info.exposure_group,
      day_obs: info.observing_day,
      exposure_time: info.exposure_time,
      dark_time: info.dark_time ?? info.exposure_time,
      observation_type: info.observation_type,
      observation_reason: info.observation_reason,
      seq_num: info.observation_counter,
      seq_start: info.group_counter_start,
      seq_end: info.group_counter_end,
      target_name: info.object ?? "UNKNOWN",
      science_program: info.science_program ?? "unknown",
      tracking_ra: info.tracking_radec?.[0] ?? null,
      tracking_dec: info.tracking_radec?.[1] ?? null,
      sky_angle: info.boresight_rotation_coord === "sky" ? info.boresight_rotation_angle : null,
      azimuth: onSky ? (info.altaz_begin?.[0] ?? null) : null,
      zenith_angle: onSky && info.altaz_begin ? 90 - info.altaz_begin[1] : null,
      has_simulated: info.has_simulated_content,
      can_see_sky: info.can_see_sky,
      timespan: { begin: info.datetime_begin, end: info.datetime_end },
    },
  };
}
