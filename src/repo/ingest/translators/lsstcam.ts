/**
 * LSSTCam (Simonyi Survey Telescope) and its simulator LSSTCamSim. Detector numbering follows the
 * camera description in obs_lsst policy/rafts.yaml (shared/data/camera-geometry): 21 science rafts
 * R01…R43 (corners excluded) with nine CCDs each, ids 0–188 in raft order; then the four corner
 * rafts, each with two guiders SG0/SG1 and two wavefront half-CCDs SW0/SW1 (ids 189–204).
 */
import type { CardReader } from "./header.js";
import { type LsstCameraSpec, type LsstDetector, filterComponent, lsstTranslator, rubinBand } from "./lsst-common.js";
import type { Translator } from "./translator.js";

/** Science rafts in detector-id order (rafts.yaml id0 = 9 × position). */
const SCIENCE_RAFTS = [
  "R01", "R02", "R03", "R10", "R11", "R12", "R13", "R14", "R20", "R21", "R22", "R23", "R24",
  "R30", "R31", "R32", "R33", "R34", "R41", "R42", "R43",
];
/** Corner rafts and their first id (rafts.yaml: R00 189, R04 193, R40 197, R44 201). */
const CORNER_RAFTS = ["R00", "R04", "R40", "R44"];
const CORNER_FIRST_ID = 189;
/** Corner-raft sensors in id order within the raft. */
const CORNER_SLOTS = ["SG0", "SG1", "SW0", "SW1"];

/** Detector purpose from its slot: guiders, wavefront sensors, science CCDs. */
export function lsstCamPurpose(slot: string): "SCIENCE" | "WAVEFRONT" | "GUIDER" {
  if (slot.startsWith("SG")) return "GUIDER";
  if (slot.startsWith("SW")) return "WAVEFRONT";
  return "SCIENCE";
}

/** LSSTCam detector id of a raft and slot, or null when the pair does not exist. */
export function lsstCamDetectorId(raft: string, slot: string): number | null {
  const r = SCIENCE_RAFTS.indexOf(raft);
  if (r >= 0) {
    const m = /^S([0-2])([0-2])$/.exec(slot);
    return m ? r * 9 + Number(m[1]) * 3 + Number(m[2]) : null;
  }
  const c = CORNER_RAFTS.indexOf(raft);
  const s = CORNER_SLOTS.indexOf(slot);
  return c >= 0 && s >= 0 ? CORNER_FIRST_ID + c * 4 + s : null;
}

function detector(reader: CardReader): LsstDetector {
  const raft = reader.reqString("RAFTBAY");
  const slot = reader.reqString("CCDSLOT");
  const num = lsstCamDetectorId(raft, slot);
  if (num === null) {
    if (!SCIENCE_RAFTS.includes(raft) && !CORNER_RAFTS.includes(raft)) throw reader.fail("RAFTBAY", `unknown raft '${raft}'`);
    throw reader.fail("CCDSLOT", `no CCD slot '${slot}' in raft ${raft}`);
  }
  return { num, group: raft, name: slot };
}

/**
 * Physical filter: FILTER, joined with "~" to FILTER2 when a second wheel position is used (2019
 * lab data: "SDSSi~ND_OD0.5"); "unknown" without a filter.
 */
function physicalFilter(reader: CardReader): string {
  const f = filterComponent(reader.optString("FILTER"));
  const f2 = filterComponent(reader.optString("FILTER2"));
  if (f === null) return "unknown";
  return f2 === null || /^empty$/i.test(f2) ? f : `${f}~${f2}`;
}

/** Band of an LSSTCam filter ("r_57" → r; lab "SDSSi" and simulators' bare "i" → i; else white). */
export function lsstCamBand(physical: string): string {
  const lab = /^(?:SDSS)?([ugrizy])$|^SDSS([ugriz])/.exec(physical.split("~")[0] ?? "");
  return lab?.[1] ?? lab?.[2] ?? rubinBand(physical);
}

const LSSTCAM: LsstCameraSpec = {
  name: "LSSTCam",
  instrumeValues: ["lsstcam"],
  defaultTelescope: "Simonyi Survey Telescope",
  simulated: false,
  detector,
  physicalFilter,
};

/** LSSTCam (INSTRUME = "lsstCam"). */
export const lsstCamTranslator: Translator = lsstTranslator(LSSTCAM);

/** LSSTCamSim, the LSSTCam simulator at the summit (INSTRUME = "LSSTCamSim"). */
export const lsstCamSimTranslator: Translator = lsstTranslator({
  ...LSSTCAM,
  name: "LSSTCamSim",
  instrumeValues: ["lsstcamsim"],
  simulated: true,
});

