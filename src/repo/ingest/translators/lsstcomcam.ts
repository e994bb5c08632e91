/**
 * LSSTComCam, Rubin's commissioning camera (one LSSTCam raft of nine CCDs at position R22), and
 * its simulator LSSTComCamSim. Detector ids are 0–8 in slot order S00…S22 (obs_lsst
 * policy/comCam; one raft, row-major). INSTRUME spellings seen in 2019–2024 headers: "comCam",
 * "COMCAM", "LSST_CAMERA" (test-stand era), "ComCamSim".
 */
import type { CardReader } from "./header.js";
import { type LsstCameraSpec, type LsstDetector, filterComponent, lsstTranslator, rubinBand, slotIndex } from "./lsst-common.js";
import type { Translator } from "./translator.js";

/** The one ComCam raft position. */
const COMCAM_RAFT = "R22";

function detector(reader: CardReader): LsstDetector {
  const raft = reader.optString("RAFTBAY") ?? COMCAM_RAFT;
  if (raft !== COMCAM_RAFT) throw reader.fail("RAFTBAY", `ComCam has only raft ${COMCAM_RAFT}, got '${raft}'`);
  const num = slotIndex(reader, "CCDSLOT");
  return { num, group: raft, name: reader.reqString("CCDSLOT") };
}

function physicalFilter(reader: CardReader): string {
  return filterComponent(reader.optString("FILTER")) ?? "unknown";
}

/** Band of a ComCam filter ("r_03" → r). */
export function lsstComCamBand(physical: string): string {
  return rubinBand(physical);
}

const COMCAM: LsstCameraSpec = {
  name: "LSSTComCam",
  instrumeValues: ["comcam", "lsst_camera", "lsstcomcam"],
  defaultTelescope: "Simonyi Survey Telescope",
  simulated: false,
  detector,
  physicalFilter,
};

/** LSSTComCam. */
export const lsstComCamTranslator: Translator = lsstTranslator(COMCAM);

/** LSSTComCamSim (INSTRUME = "ComCamSim"). */
export const lsstComCamSimTranslator: Translator = lsstTranslator({
  ...COMCAM,
  name: "LSSTComCamSim",
  instrumeValues: ["comcamsim", "lsstcomcamsim"],
  simulated: true,
});
