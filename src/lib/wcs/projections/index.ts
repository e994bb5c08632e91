/**
 * The projection registry: maps a FITS projection code (the last three letters of CTYPEi,
 * Paper II Table 13) and its PVi_m parameters to a ready Projection.
 */
import { WcsError } from "../errors.js";
import { makeBon, makePco } from "./polyconic.js";
import { makeCod, makeCoe, makeCoo, makeCop } from "./conic.js";
import { makeCar, makeCea, makeCyp, makeMer } from "./cylindrical.js";
import { makeHpx, makeXph } from "./healpix-proj.js";
import { makeAit, makeMol, makePar, makeSfl } from "./pseudocylindrical.js";
import { makeCsc, makeQsc, makeTsc } from "./quadcube.js";
import type { Projection, ProjectionParams } from "./types.js";
import { makeAir, makeArc, makeAzp, makeSin, makeStg, makeSzp, makeTan, makeZea, makeZpn } from "./zenithal.js";

export type { Projection, ProjectionParams } from "./types.js";

const FACTORIES: Readonly<Record<string, (pv: ProjectionParams) => Projection>> = {
  AZP: makeAzp,
  SZP: makeSzp,
  TAN: () => makeTan(),
  STG: () => makeStg(),
  SIN: makeSin,
  ARC: () => makeArc(),
  ZPN: makeZpn,
  ZEA: () => makeZea(),
  AIR: makeAir,
  CYP: makeCyp,
  CEA: makeCea,
  CAR: () => makeCar(),
  MER: () => makeMer(),
  SFL: () => makeSfl(),
  PAR: () => makePar(),
  MOL: () => makeMol(),
  AIT: () => makeAit(),
  COP: makeCop,
  COE: makeCoe,
  COD: makeCod,
  COO: makeCoo,
  BON: makeBon,
  PCO: () => makePco(),
  TSC: () => makeTsc(),
  CSC: () => makeCsc(),
  QSC: () => makeQsc(),
  HPX: makeHpx,
  XPH: () => makeXph(),
};

/** The projection codes this library implements. */
export const PROJECTION_CODES: readonly string[] = Object.keys(FACTORIES);

/**
 * Builds the projection for `code` with parameters `pv` (PVi_m of the latitude axis, m = 0..29).
 * @throws WcsError UnsupportedProjection for an unknown code, BadParameter for invalid PV values.
 */
export function makeProjection(code: string, pv: ProjectionParams = []): Projection {
  const f = FACTORIES[code];
  if (!f) throw new WcsError("UnsupportedProjection", `projection ${code} is not supported`);
  return f(pv);
}
