/**
 * Datatype spellings accepted when reading: the VOTable 1.4 names plus legacy aliases seen in old
 * files (`string`, `unicodeString`, FITS-like `int16`...), mapped to the standard datatype.
 */
import type { Datatype } from "./model.js";
import { DATATYPES } from "./model.js";

export { parseArraysize } from "./datatypes.js";

/** Accepted datatype spellings → datatype. */
export const DATATYPES_ALIASES: Readonly<Record<string, Datatype>> = {
  ...Object.fromEntries(DATATYPES.map((d) => [d, d])),
  string: "char",
  unicodeString: "unicodeChar",
  int16: "short",
  int32: "int",
  int64: "long",
  float32: "float",
  float64: "double",
};
