/**
 * Enumerated and string parameters of SIA 2.0 (standards.md §8.1) and SODA 1.0 (§9.2): POL
 * state names, DPTYPE, CALIB levels, and the opaque strings ID, COLLECTION, FACILITY,
 * INSTRUMENT, TARGET and FORMAT. Values are case-sensitive (DALI-02) and kept as sent; matching
 * rules (e.g. SIA-06's case-insensitive ID) belong to the service, not here.
 */
import { invalid } from "./fault.js";

/** Polarisation state names of SIA 2.0 / SODA / ObsCore pol_states. */
export const POL_STATES = ["I", "Q", "U", "V", "RR", "LL", "RL", "LR", "XX", "YY", "XY", "YX", "POLI", "POLA"] as const;
/** One polarisation state name. */
export type PolState = (typeof POL_STATES)[number];

/** SIA 2.0 DPTYPE values. */
export const DPTYPES = ["image", "cube"] as const;
/** A data product type. */
export type DpType = (typeof DPTYPES)[number];

/** A POL value: one state name, exact case. */
export function parsePol(value: string, param = "POL"): PolState {
  const v = value.trim();
  if ((POL_STATES as readonly string[]).includes(v)) return v as PolState;
  throw invalid(param, value, `expected one of ${POL_STATES.join(" ")}`);
}

/** A DPTYPE value: `image` or `cube` (case-sensitive). */
export function parseDpType(value: string, param = "DPTYPE"): DpType {
  const v = value.trim();
  if ((DPTYPES as readonly string[]).includes(v)) return v as DpType;
  throw invalid(param, value, `expected one of ${DPTYPES.join(", ")}`);
}

/** A CALIB value: an integer calibration level 0-4. */
export function parseCalib(value: string, param = "CALIB"): number {
  const v = value.trim();
  if (!/^[+]?\d+$/.test(v)) throw invalid(param, value, "expected an integer calibration level 0-4");
  const n = Number(v);
  if (n > 4) throw invalid(param, value, "calibration level must lie in 0-4");
  return n;
}

/** An opaque string value (ID, COLLECTION, FACILITY, INSTRUMENT, TARGET, FORMAT): non-empty, kept as sent. */
export function parseOpaque(value: string, param: string): string {
  if (value.trim().length === 0) throw invalid(param, value, "must not be empty");
  return value;
}
