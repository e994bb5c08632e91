/**
 * The value types the checker infers (ADQL 2.1 §2.2 data types, reduced to what matters for
 * checking and compiling): numbers (exact or approximate), strings, timestamps and the geometry
 * types of §4.2. `unknown` covers user-defined functions and NULL, which fit anywhere.
 */
import type { ColumnMeta } from "./schema.js";

export type AdqlType = "int" | "float" | "string" | "timestamp" | "point" | "circle" | "polygon" | "unknown";

export const GEOMETRY_TYPES: ReadonlySet<AdqlType> = new Set(["point", "circle", "polygon"]);

export const isNumeric = (t: AdqlType): boolean => t === "int" || t === "float" || t === "unknown";
export const isStringy = (t: AdqlType): boolean => t === "string" || t === "timestamp" || t === "unknown";
export const isGeometry = (t: AdqlType): boolean => GEOMETRY_TYPES.has(t) || t === "unknown";

/** The type of a published column from its VOTable datatype, arraysize and xtype. */
export function typeOfColumn(c: ColumnMeta): AdqlType {
  const x = c.xtype?.toLowerCase();
  if (x === "point" || x === "circle" || x === "polygon") return x;
  // ObsCore's s_region: an adql:REGION string; ours are always polygons.
  if (x === "adql:region") return "polygon";
  if (x === "timestamp") return "timestamp";
  switch (c.datatype) {
    case "char":
    case "unicodeChar":
      return "string";
    case "float":
    case "double":
      return c.arraysize ? "unknown" : "float";
    case "boolean":
    case "unsignedByte":
    case "short":
    case "int":
    case "long":
      return c.arraysize ? "unknown" : "int";
    default:
      return "unknown";
  }
}

/** The result metadata of a computed value of a type (TAP-13/14: FIELDs for expressions). */
export function metaOfType(name: string, t: AdqlType): ColumnMeta {
  switch (t) {
    case "int":
      return { name, datatype: "long" };
    case "float":
      return { name, datatype: "double" };
    case "timestamp":
      return { name, datatype: "char", arraysize: "*", xtype: "timestamp" };
    case "point":
      return { name, datatype: "double", arraysize: "2", xtype: "point", unit: "deg" };
    case "circle":
      return { name, datatype: "double", arraysize: "3", xtype: "circle", unit: "deg" };
    case "polygon":
      return { name, datatype: "double", arraysize: "*", xtype: "polygon", unit: "deg" };
    default:
      return { name, datatype: "char", arraysize: "*" };
  }
}

/** The common type of two operands of a set operation or COALESCE (undefined: incompatible). */
export function unifyTypes(a: AdqlType, b: AdqlType): AdqlType | undefined {
  if (a === b) return a;
  if (a === "unknown") return b;
  if (b === "unknown") return a;
  if (isNumeric(a) && isNumeric(b)) return "float";
  if ((a === "string" && b === "timestamp") || (a === "timestamp" && b === "string")) return "string";
  return undefined;
}
