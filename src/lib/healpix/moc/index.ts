/** Public surface of the MOC 2.0 space-coverage library (see ../README.md). */
export { type MocCell, Smoc } from "./smoc.js";
export { mocFromAscii, mocFromJson, mocToAscii, mocToJson } from "./text.js";
export { type MocFitsOptions, mocFromFits, mocToFits } from "./fits.js";
export {
  coarsenRanges,
  complementRanges,
  differenceRanges,
  intersectRanges,
  normalizeRanges,
  type Ranges,
  rangesContain,
  rangesLength,
  unionRanges,
} from "./ranges.js";
export { jdToMicroseconds, TIME_MAX_ORDER, Tmoc, tmocFromAscii, tmocFromFits, tmocToAscii, tmocToFits } from "./tmoc.js";
