/**
 * Table and column descriptions in TAP_SCHEMA terms (TAP 1.1 §4, standards.md §4.4): the data the
 * TAP service publishes unchanged in TAP_SCHEMA and /tables. Each column also says how it is stored
 * (`sqlType`), so the DDL and the metadata come from one list and cannot drift.
 */
import type { Datatype } from "../../lib/votable/index.js";

/** How a column is stored: SQL column types are chosen per engine from this. */
export type SqlKind = "text" | "int" | "long" | "double";

/** One TAP_SCHEMA.columns row (plus its storage kind). */
export interface TapColumn {
  readonly name: string;
  readonly datatype: Datatype;
  /** VOTable arraysize ("*" for variable strings and the DALI polygon). */
  readonly arraysize?: string;
  readonly xtype?: string;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly description: string;
  /** TAP_SCHEMA `principal`. */
  readonly principal: boolean;
  /** TAP_SCHEMA `indexed`: the database has an index usable for this column. */
  readonly indexed: boolean;
  /** TAP_SCHEMA `std`: defined by a standard (ObsCore, CAOM) rather than by us. */
  readonly std: boolean;
  /** The value is never NULL. */
  readonly notNull?: boolean;
  readonly sqlType: SqlKind;
}

/** One TAP_SCHEMA.tables row with its columns. */
export interface TapTable {
  /** TAP_SCHEMA schema_name. */
  readonly schema: string;
  /** Qualified name users write in ADQL (e.g. "ivoa.ObsCore"). */
  readonly name: string;
  /** The table in the registry database (SQLite has no schemas, so names are flattened). */
  readonly dbTable: string;
  readonly description: string;
  readonly utype?: string;
  readonly columns: readonly TapColumn[];
  /** How a region column is indexed, per engine (for the ADQL compiler's prefilters). */
  readonly regionIndex?: {
    readonly column: string;
    /** SQLite: the HEALPix pixel side table (pix, key). */
    readonly pixelTable: string;
    readonly key: string;
    readonly order: number;
    /** PostgreSQL: the pgSphere spoly column. */
    readonly nativeColumn: string;
  };
  /** A position stored as two columns, with its pgSphere spoint column on PostgreSQL. */
  readonly positionIndex?: { readonly ra: string; readonly dec: string; readonly nativeColumn: string };
}

/** One TAP_SCHEMA.keys row with its key_columns. */
export interface TapKey {
  readonly keyId: string;
  readonly fromTable: string;
  readonly targetTable: string;
  readonly description: string;
  readonly columns: readonly { readonly from: string; readonly target: string }[];
}

export interface TapSchemaDescription {
  readonly schemas: readonly { readonly name: string; readonly description: string; readonly utype?: string }[];
  readonly tables: readonly TapTable[];
  readonly keys: readonly TapKey[];
}

type ColumnOptions = Partial<Omit<TapColumn, "name" | "description" | "sqlType" | "datatype">>;

/** A variable-length string column. */
export function charCol(name: string, description: string, o: ColumnOptions = {}): TapColumn {
  return { name, datatype: "char", arraysize: "*", description, principal: false, indexed: false, std: true, sqlType: "text", ...o };
}

/** A 64-bit float column. */
export function doubleCol(name: string, description: string, o: ColumnOptions = {}): TapColumn {
  return { name, datatype: "double", description, principal: false, indexed: false, std: true, sqlType: "double", ...o };
}

/** A 64-bit integer column. */
export function longCol(name: string, description: string, o: ColumnOptions = {}): TapColumn {
  return { name, datatype: "long", description, principal: false, indexed: false, std: true, sqlType: "long", ...o };
}

/** A 32-bit integer column. */
export function intCol(name: string, description: string, o: ColumnOptions = {}): TapColumn {
  return { name, datatype: "int", description, principal: false, indexed: false, std: true, sqlType: "int", ...o };
}

const oc = (u: string) => `obscore:${u}`;

/**
 * ObsCore 1.1 columns we store: every mandatory one and the optional ones we can fill honestly
 * (standards.md §6.1-6.2). Units, UCDs and utypes exactly as the standard gives them.
 */
export const OBSCORE_COLUMNS: readonly TapColumn[] = [
  charCol("dataproduct_type", "Data product (file content) primary type", { ucd: "meta.code.class", utype: oc("ObsDataset.dataProductType"), principal: true, indexed: true }),
  charCol("dataproduct_subtype", "Data product specific type", { ucd: "meta.code.class", utype: oc("ObsDataset.dataProductSubtype"), principal: true }),
  intCol("calib_level", "Calibration level of the observation: in {0, 1, 2, 3, 4}", { ucd: "meta.code;obs.calib", utype: oc("ObsDataset.calibLevel"), principal: true, notNull: true }),
  charCol("obs_collection", "Name of the data collection", { ucd: "meta.id", utype: oc("DataID.collection"), principal: true, notNull: true }),
  charCol("obs_id", "Observation ID", { ucd: "meta.id", utype: oc("DataID.observationID"), principal: true, notNull: true, indexed: true }),
  charCol("obs_title", "Brief description of dataset in free format", { ucd: "meta.title;obs", utype: oc("DataID.title"), principal: true }),
  charCol("obs_creator_did", "IVOA dataset identifier given by the creator", { ucd: "meta.id", utype: oc("DataID.creatorDID") }),
  charCol("obs_publisher_did", "Dataset identifier given by the publisher", { ucd: "meta.ref.ivoid", utype: oc("Curation.publisherDID"), notNull: true, indexed: true }),
  charCol("data_rights", "Public/Secure/Proprietary/", { ucd: "meta.code", utype: oc("Curation.rights") }),
  charCol("obs_release_date", "Observation release date (ISO 8601)", { ucd: "time.release", utype: oc("Curation.releaseDate"), xtype: "timestamp" }),
  charCol("access_url", "URL used to access (download) dataset", { ucd: "meta.ref.url", utype: oc("Access.reference"), principal: true }),
  charCol("access_format", "File content format", { ucd: "meta.code.mime", utype: oc("Access.format"), principal: true }),
  longCol("access_estsize", "Estimated size of dataset in kilo bytes", { unit: "kbyte", ucd: "phys.size;meta.file", utype: oc("Access.size") }),
  charCol("target_name", "Astronomical object observed, if any", { ucd: "meta.id;src", utype: oc("Target.name") }),
  doubleCol("s_ra", "Central right ascension, ICRS", { unit: "deg", ucd: "pos.eq.ra", utype: oc("Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1"), principal: true, indexed: true }),
  doubleCol("s_dec", "Central declination, ICRS", { unit: "deg", ucd: "pos.eq.dec", utype: oc("Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2"), principal: true, indexed: true }),
  doubleCol("s_fov", "Diameter (bounds) of the covered region", { unit: "deg", ucd: "phys.angSize;instr.fov", utype: oc("Char.SpatialAxis.Coverage.Bounds.Extent.diameter"), principal: true }),
  // ObsCore 1.1 publishes s_region as an adql:REGION string (STC-S), which is what clients and
  // taplint expect of this column; it is stored as DALI numbers and written as STC-S on output.
  charCol("s_region", "Sky region covered by the data product (STC-S polygon, ICRS degrees)", {
    ucd: "pos.outline;obs.field",
    utype: oc("Char.SpatialAxis.Coverage.Support.Area"),
    principal: true,
    indexed: true,
    xtype: "adql:REGION",
  }),
  doubleCol("s_resolution", "Spatial resolution of data as FWHM (the delivered seeing)", { unit: "arcsec", ucd: "pos.angResolution", utype: oc("Char.SpatialAxis.Resolution.Refval.value") }),
  longCol("s_xel1", "Number of elements along the first spatial axis", { ucd: "meta.number", utype: oc("Char.SpatialAxis.numBins1") }),
  longCol("s_xel2", "Number of elements along the second spatial axis", { ucd: "meta.number", utype: oc("Char.SpatialAxis.numBins2") }),
  doubleCol("t_min", "Start time in MJD (UTC)", { unit: "d", ucd: "time.start;obs.exposure", utype: oc("Char.TimeAxis.Coverage.Bounds.Limits.StartTime"), principal: true, indexed: true }),
  doubleCol("t_max", "Stop time in MJD (UTC)", { unit: "d", ucd: "time.end;obs.exposure", utype: oc("Char.TimeAxis.Coverage.Bounds.Limits.StopTime"), principal: true }),
  doubleCol("t_exptime", "Total exposure time", { unit: "s", ucd: "time.duration;obs.exposure", utype: oc("Char.TimeAxis.Coverage.Support.Extent"), principal: true }),
  doubleCol("t_resolution", "Temporal resolution FWHM", { unit: "s", ucd: "time.resolution", utype: oc("Char.TimeAxis.Resolution.Refval.value") }),
  longCol("t_xel", "Number of elements along the time axis", { ucd: "meta.number", utype: oc("Char.TimeAxis.numBins") }),
  doubleCol("em_min", "Start in spectral coordinates (vacuum wavelength)", { unit: "m", ucd: "em.wl;stat.min", utype: oc("Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit"), principal: true, indexed: true }),
  doubleCol("em_max", "Stop in spectral coordinates (vacuum wavelength)", { unit: "m", ucd: "em.wl;stat.max", utype: oc("Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit"), principal: true }),
  doubleCol("em_res_power", "Spectral resolving power λ/Δλ of the band", { ucd: "spect.resolution", utype: oc("Char.SpectralAxis.Resolution.ResolPower.refVal") }),
  longCol("em_xel", "Number of elements along the spectral axis", { ucd: "meta.number", utype: oc("Char.SpectralAxis.numBins") }),
  charCol("o_ucd", "UCD of observable (e.g. phot.flux.density)", { ucd: "meta.ucd", utype: oc("Char.ObservableAxis.ucd") }),
  charCol("pol_states", "List of polarization states or NULL if not applicable", { ucd: "meta.code;phys.polarization", utype: oc("Char.PolarizationAxis.stateList") }),
  longCol("pol_xel", "Number of polarization samples", { ucd: "meta.number", utype: oc("Char.PolarizationAxis.numBins") }),
  charCol("facility_name", "Name of the facility used for this observation", { ucd: "meta.id;instr.tel", utype: oc("Provenance.ObsConfig.Facility.name"), principal: true }),
  charCol("instrument_name", "Name of the instrument used for this observation", { ucd: "meta.id;instr", utype: oc("Provenance.ObsConfig.Instrument.name"), principal: true, indexed: true }),
];

/** The ObsCore columns the standard makes mandatory (standards.md §6.1). */
export const OBSCORE_MANDATORY = [
  "dataproduct_type", "calib_level", "obs_collection", "obs_id", "obs_publisher_did", "access_url", "access_format", "access_estsize",
  "target_name", "s_ra", "s_dec", "s_fov", "s_region", "s_resolution", "s_xel1", "s_xel2", "t_min", "t_max", "t_exptime", "t_resolution",
  "t_xel", "em_min", "em_max", "em_res_power", "em_xel", "o_ucd", "pol_states", "pol_xel", "facility_name", "instrument_name",
] as const;
