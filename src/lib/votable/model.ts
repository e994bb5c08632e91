/**
 * The VOTable document model shared by the writers and the reader: FIELD/PARAM column metadata,
 * VALUES, LINK, INFO, GROUP, COOSYS, TIMESYS, TABLE and RESOURCE (results and meta/service
 * descriptor resources). It mirrors the element structure of VOTable 1.4 (REC-VOTable-1.4 §3–§5,
 * §7) so that element order in the output is the schema's order; cell values are plain JS values
 * described by `Cell`.
 */

/** VOTable 1.4 primitive datatypes (VOTable 1.4 §2.1, Table 1). */
export type Datatype =
  | "boolean"
  | "bit"
  | "unsignedByte"
  | "short"
  | "int"
  | "long"
  | "char"
  | "unicodeChar"
  | "float"
  | "double"
  | "floatComplex"
  | "doubleComplex";

/** All datatypes, in spec order. */
export const DATATYPES: readonly Datatype[] = [
  "boolean",
  "bit",
  "unsignedByte",
  "short",
  "int",
  "long",
  "char",
  "unicodeChar",
  "float",
  "double",
  "floatComplex",
  "doubleComplex",
];

/**
 * One table cell as a JS value. By datatype (scalar / array):
 * - boolean, bit: `boolean` / `readonly (boolean | null)[]` (null = the `?` value of booleans);
 * - unsignedByte, short, int, float, double: `number` / `ArrayLike<number>` (typed arrays welcome);
 * - long: `number | bigint` / `ArrayLike<number>` or `readonly bigint[]` / `BigInt64Array`; the
 *   reader returns a `number` when the value is a safe integer and a `bigint` otherwise;
 * - char, unicodeChar: `string` for scalars and 1-D arrays, `readonly string[]` for 2-D arrays
 *   such as `arraysize="8x*"` (one string per fixed-width slot);
 * - floatComplex, doubleComplex: `ArrayLike<number>` of interleaved (re, im) pairs;
 * - xtype timestamp also accepts a `Date` (written as UTC without zone, DALI 1.1 §3.3.3).
 * `null` and `undefined` mean null (the cell has no value).
 */
export type Cell =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Date
  | ArrayLike<number>
  | readonly bigint[]
  | BigInt64Array
  | readonly (boolean | null)[]
  | readonly string[];

/** A MIN or MAX element of VALUES. */
export interface Bound {
  readonly value: string;
  /** Defaults to true in VOTable. */
  readonly inclusive?: boolean;
}

/** An OPTION element (may nest). */
export interface ValuesOption {
  readonly name?: string;
  readonly value: string;
  readonly options?: readonly ValuesOption[];
}

/** The VALUES element: null sentinel and domain (VOTable 1.4 §4.6). */
export interface Values {
  readonly ID?: string;
  readonly type?: "legal" | "actual";
  /** The null sentinel, as its TABLEDATA text (e.g. "-999"). */
  readonly null?: string;
  readonly ref?: string;
  readonly min?: Bound;
  readonly max?: Bound;
  readonly options?: readonly ValuesOption[];
}

/** The LINK element (VOTable 1.4 §4.2). */
export interface Link {
  readonly ID?: string;
  readonly contentRole?: string;
  readonly contentType?: string;
  readonly title?: string;
  readonly value?: string;
  readonly href?: string;
  readonly action?: string;
}

/** Attributes common to FIELD and PARAM (VOTable 1.4 §4). */
export interface FieldLike {
  readonly name: string;
  readonly ID?: string;
  readonly datatype: Datatype;
  /** e.g. "3", "*", "10*", "8x*", "2x3"; absent = scalar. */
  readonly arraysize?: string;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly xtype?: string;
  /** Reference to a COOSYS/TIMESYS (or, for service-descriptor PARAMs, a FIELD) ID. */
  readonly ref?: string;
  readonly precision?: string;
  readonly width?: number;
  readonly description?: string;
  readonly values?: Values;
  readonly links?: readonly Link[];
}

/** A FIELD: a column of a TABLE. */
export type Field = FieldLike;

/** A PARAM: a FIELD with a constant value (`value` is its TABLEDATA text form). */
export interface Param extends FieldLike {
  readonly value: string;
}

/** An INFO element: name/value pair plus optional text content (VOTable 1.4 §4.9). */
export interface Info {
  readonly name: string;
  readonly value: string;
  readonly ID?: string;
  readonly unit?: string;
  readonly xtype?: string;
  readonly ref?: string;
  readonly ucd?: string;
  readonly utype?: string;
  /** Element content (a human-readable message). */
  readonly content?: string;
}

/** COOSYS (VOTable 1.4 §3.1; deprecated in favour of DM annotation but still common). */
export interface Coosys {
  readonly ID: string;
  readonly system: string;
  readonly equinox?: string;
  readonly epoch?: string;
  readonly refposition?: string;
}

/** TIMESYS (VOTable 1.4 §3.2, new in 1.4). */
export interface Timesys {
  readonly ID: string;
  readonly timescale: string;
  readonly refposition?: string;
  /** "JD-origin", "MJD-origin" or a Julian Date number. */
  readonly timeorigin?: string;
}

/** A member of a GROUP. */
export type GroupItem =
  | { readonly kind: "fieldref"; readonly ref: string; readonly ucd?: string; readonly utype?: string }
  | { readonly kind: "paramref"; readonly ref: string; readonly ucd?: string; readonly utype?: string }
  | { readonly kind: "param"; readonly param: Param }
  | { readonly kind: "group"; readonly group: Group };

/** GROUP (VOTable 1.4 §4.4); service descriptors use `name="inputParams"`. */
export interface Group {
  readonly name?: string;
  readonly ID?: string;
  readonly ref?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly description?: string;
  readonly items: readonly GroupItem[];
}

/** Rows of a table: sync or async iterable of row arrays (one cell per FIELD, in order). */
export type RowSource = Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;

/** TABLE (VOTable 1.4 §5). */
export interface Table {
  readonly name?: string;
  readonly ID?: string;
  readonly ref?: string;
  readonly ucd?: string;
  readonly utype?: string;
  /** Expected row count, if known. */
  readonly nrows?: number;
  readonly description?: string;
  readonly infos?: readonly Info[];
  readonly fields: readonly Field[];
  readonly params?: readonly Param[];
  readonly groups?: readonly Group[];
  readonly links?: readonly Link[];
  /**
   * Rows for this table. For the writer's primary table, the `rows` argument of the writer wins;
   * other tables are written from here (absent = a table without DATA). The reader fills it.
   */
  readonly rows?: RowSource;
  /** INFOs after DATA (the reader keeps them here). */
  readonly trailingInfos?: readonly Info[];
}

/** RESOURCE (VOTable 1.4 §3.4); `type="meta"` with `utype="adhoc:service"` is a service descriptor. */
export interface Resource {
  readonly type?: "results" | "meta";
  readonly name?: string;
  readonly ID?: string;
  readonly utype?: string;
  readonly description?: string;
  /** INFOs before everything else; QUERY_STATUS goes here (DALI-23). */
  readonly infos?: readonly Info[];
  readonly coosys?: readonly Coosys[];
  readonly timesys?: readonly Timesys[];
  readonly groups?: readonly Group[];
  readonly params?: readonly Param[];
  readonly links?: readonly Link[];
  readonly tables?: readonly Table[];
  readonly resources?: readonly Resource[];
  /** INFOs after the tables (overflow/error INFOs are appended here by the writer, DALI-24/25). */
  readonly trailingInfos?: readonly Info[];
}

/** The VOTABLE root. */
export interface VOTableDocument {
  /** Written as the `version` attribute; default "1.4" (namespace stays v1.3, VOT-01). */
  readonly version?: string;
  readonly description?: string;
  readonly coosys?: readonly Coosys[];
  readonly timesys?: readonly Timesys[];
  readonly groups?: readonly Group[];
  readonly params?: readonly Param[];
  readonly infos?: readonly Info[];
  readonly resources: readonly Resource[];
  readonly trailingInfos?: readonly Info[];
}

/** VOTable namespace URIs accepted by the reader (1.1, 1.2, and v1.3 shared by 1.3–1.5). */
export const VOTABLE_NAMESPACES: readonly string[] = [
  "http://www.ivoa.net/xml/VOTable/v1.1",
  "http://www.ivoa.net/xml/VOTable/v1.2",
  "http://www.ivoa.net/xml/VOTable/v1.3",
  "http://www.ivoa.net/xml/VOTable/v1.0",
];

/** The namespace written for VOTable 1.3–1.5 documents (VOT-01). */
export const VOTABLE_NS = "http://www.ivoa.net/xml/VOTable/v1.3";
