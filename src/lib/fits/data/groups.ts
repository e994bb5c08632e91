/**
 * Reads random-groups primary HDUs (FITS 4.0 standard §6): GCOUNT groups, each PCOUNT parameters
 * followed by an array of NAXIS2 × … × NAXISn values, all of type BITPIX. Parameters are scaled by
 * PSCALn/PZEROn and arrays by BSCALE/BZERO. Deprecated by the standard but still met in radio data.
 */
import type { ByteSource } from "../byte-source.js";
import { FitsFormatError } from "../errors.js";
import { readDataBytes, type HduEntry } from "../reader.js";
import { decodeRaw } from "./bitpix.js";
import { type PhysicalArray, scalingFrom, toPhysical } from "./scale.js";

/** The contents of a random-groups HDU. */
export interface GroupsData {
  readonly gcount: number;
  /** Array shape of one group, FITS order (NAXIS2, NAXIS3, …). */
  readonly shape: readonly number[];
  /** PTYPEn names, 0-based. */
  readonly paramNames: readonly string[];
  /** params[p][g]: parameter p of group g, scaled (float64). */
  readonly params: readonly Float64Array[];
  /** All group arrays concatenated, physical values (see data/scale.ts). */
  readonly data: PhysicalArray;
}

/** Reads a random-groups HDU; throws FitsFormatError for other kinds or truncation. */
export async function readGroups(source: ByteSource, entry: HduEntry, maxBytes?: number): Promise<GroupsData> {
  const { kind, bitpix, pcount, gcount, axes } = entry.layout;
  if (kind !== "groups") throw new FitsFormatError("BAD_ARGUMENT", `HDU ${entry.index} is not random groups`, { hduIndex: entry.index });
  const raw = decodeRaw(bitpix, await readDataBytes(source, entry, maxBytes));
  const shape = axes.slice(1);
  const perGroup = shape.reduce((a, b) => a * b, 1);
  const stride = pcount + perGroup;
  if (stride === 0 || raw.length === 0) {
    // Nothing stored: do not loop over a GCOUNT that nothing backs.
    return { gcount: 0, shape, paramNames: [], params: [], data: raw };
  }
  const h = entry.header;
  const params: Float64Array[] = [];
  const paramNames: string[] = [];
  for (let p = 0; p < pcount; p++) {
    const s = h.get(`PSCAL${p + 1}`);
    const z = h.get(`PZERO${p + 1}`);
    const scale = typeof s === "number" ? s : 1;
    const zero = typeof z === "number" ? z : 0;
    const out = new Float64Array(gcount);
    for (let g = 0; g < gcount; g++) out[g] = Number(raw[g * stride + p]!) * scale + zero;
    params.push(out);
    const name = h.get(`PTYPE${p + 1}`);
    paramNames.push(typeof name === "string" ? name.trim() : "");
  }
  const arrays = raw.constructor === BigInt64Array ? new BigInt64Array(gcount * perGroup) : new (raw.constructor as Float64ArrayConstructor)(gcount * perGroup);
  for (let g = 0; g < gcount; g++) {
    (arrays as Float64Array).set(raw.subarray(g * stride + pcount, (g + 1) * stride) as Float64Array, g * perGroup);
  }
  return { gcount, shape, paramNames, params, data: toPhysical(bitpix, arrays as typeof raw, scalingFrom(h)) };
}
