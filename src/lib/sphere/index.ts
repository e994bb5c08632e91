/**
 * Public surface of the sphere library: unit-vector geometry of points, circles, polygons and
 * RA/Dec ranges, with DALI, ADQL and STC-S text forms. See README.md for the map.
 */
export { type GeometryErrorCode, GeometryError } from "./errors.js";
export {
  DEG,
  FULL_SKY_DEG2,
  RAD,
  type Vec3,
  angleRad,
  angularDistanceDeg,
  cross,
  dot,
  normalize,
  normRaDeg,
  raDecFromVec,
  vecFromRaDec,
  vecFromThetaPhi,
} from "./vector.js";
export {
  type CircleRegion,
  type IntersectionRegion,
  type NotRegion,
  type PointRegion,
  type PolygonRegion,
  type RangeRegion,
  type Region,
  type SimpleRegion,
  type UnionRegion,
  box,
  circle,
  intersection,
  not,
  point,
  polygon,
  polygonFromFlat,
  range,
  union,
} from "./region.js";
export { arcsCross } from "./polygon.js";
export { areaDeg2, areaSr, boundingCircle, contains, containsVec, intersects } from "./ops.js";
export { type CapRelation, compileRegion, INSIDE, OUTSIDE, PARTIAL, type Shape } from "./shape.js";
export {
  formatDali,
  formatDaliInterval,
  formatDaliPos,
  parseDaliCircle,
  parseDaliInterval,
  parseDaliPoint,
  parseDaliPolygon,
  parseDaliPos,
  parseDaliRange,
} from "./parse/dali.js";
export { formatAdqlGeometry, parseAdqlGeometry } from "./parse/adql.js";
export { formatStcs, parseStcs } from "./parse/stcs.js";
