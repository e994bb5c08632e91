/**
 * CAOM 2.4 tables (standards.md §7) as TAP_SCHEMA descriptions and storage: Observation → Plane →
 * Artifact → Part → Chunk, plus a plane's provenance inputs. Names follow CADC's TAP schema
 * (`caom2.Observation`, `caom2.Plane` …, camelCase columns); the database flattens them to
 * `caom2_observation` … since SQLite has no schemas.
 */
import { charCol, doubleCol, intCol, longCol, type TapColumn, type TapKey, type TapTable } from "../tap-schema.js";

const c = (u: string) => `caom2:${u}`;
const id = (name: string, description: string, utype: string, principal = false): TapColumn =>
  charCol(name, description, { ucd: "meta.id", utype: c(utype), principal, notNull: true, indexed: true });

export const CAOM2_OBSERVATION: TapTable = {
  schema: "caom2",
  name: "caom2.Observation",
  dbTable: "caom2_observation",
  description: "CAOM 2.4 observations: a SimpleObservation per exposure/visit, a DerivedObservation per coadd patch.",
  utype: c("Observation"),
  columns: [
    id("obsID", "Observation entity ID (UUID)", "Observation.id", true),
    charCol("uri", "Observation URI caom:{collection}/{observationID}", { ucd: "meta.ref.uri", utype: c("Observation.uri"), notNull: true }),
    charCol("collection", "Data collection", { ucd: "meta.id", utype: c("Observation.collection"), principal: true, notNull: true }),
    charCol("observationID", "Observation identifier within the collection", { ucd: "meta.id", utype: c("Observation.observationID"), principal: true, notNull: true }),
    charCol("typeCode", "S (SimpleObservation) or D (DerivedObservation)", { ucd: "meta.code.class", utype: c("Observation.typeCode"), notNull: true }),
    charCol("algorithm_name", "Algorithm that made the observation (exposure, coadd)", { ucd: "meta.code", utype: c("Observation.algorithm.name"), notNull: true }),
    charCol("intent", "science or calibration", { ucd: "meta.code", utype: c("Observation.intent") }),
    longCol("sequenceNumber", "Visit or exposure number", { ucd: "meta.id;obs", utype: c("Observation.sequenceNumber") }),
    charCol("target_name", "Target name", { ucd: "meta.id;src", utype: c("Observation.target.name") }),
    charCol("telescope_name", "Telescope (facility) name", { ucd: "meta.id;instr.tel", utype: c("Observation.telescope.name") }),
    charCol("instrument_name", "Instrument name", { ucd: "meta.id;instr", utype: c("Observation.instrument.name") }),
  ],
};

export const CAOM2_PLANE: TapTable = {
  schema: "caom2",
  name: "caom2.Plane",
  dbTable: "caom2_plane",
  description: "CAOM 2.4 planes: one per published dataset (planeID is the dataset UUID).",
  utype: c("Plane"),
  columns: [
    id("planeID", "Plane entity ID (the dataset UUID)", "Plane.id", true),
    id("obsID", "Observation this plane belongs to", "Plane.obsID"),
    charCol("uri", "Plane URI caom:{collection}/{observationID}/{productID}", { ucd: "meta.ref.uri", utype: c("Plane.uri"), notNull: true, indexed: true }),
    charCol("productID", "Product identifier within the observation", { ucd: "meta.id", utype: c("Plane.productID"), principal: true, notNull: true }),
    charCol("publisherID", "Publisher dataset identifier (ObsCore obs_publisher_did)", { ucd: "meta.ref.ivoid", utype: c("Plane.publisherID"), indexed: true }),
    charCol("creatorID", "Creator dataset identifier", { ucd: "meta.id", utype: c("Plane.creatorID") }),
    intCol("calibrationLevel", "Calibration level (0-4)", { ucd: "meta.code;obs.calib", utype: c("Plane.calibrationLevel"), principal: true }),
    charCol("dataProductType", "Data product type", { ucd: "meta.code.class", utype: c("Plane.dataProductType"), principal: true }),
    charCol("dataRelease", "Release date of the data (ISO 8601)", { ucd: "time.release", utype: c("Plane.dataRelease"), xtype: "timestamp" }),
    { ...doubleCol("position_bounds", "Footprint (DALI polygon, ICRS degrees)", { ucd: "pos.outline;obs.field", utype: c("Plane.position.bounds") }), arraysize: "*", xtype: "polygon", sqlType: "text" },
    doubleCol("position_resolution", "Spatial resolution (seeing FWHM)", { unit: "arcsec", ucd: "pos.angResolution", utype: c("Plane.position.resolution") }),
    doubleCol("energy_bounds_lower", "Lower wavelength bound", { unit: "m", ucd: "em.wl;stat.min", utype: c("Plane.energy.bounds.lower") }),
    doubleCol("energy_bounds_upper", "Upper wavelength bound", { unit: "m", ucd: "em.wl;stat.max", utype: c("Plane.energy.bounds.upper") }),
    charCol("energy_bandpassName", "Band name", { ucd: "instr.bandpass", utype: c("Plane.energy.bandpassName") }),
    doubleCol("time_bounds_lower", "Start time, MJD (UTC)", { unit: "d", ucd: "time.start;obs.exposure", utype: c("Plane.time.bounds.lower") }),
    doubleCol("time_bounds_upper", "Stop time, MJD (UTC)", { unit: "d", ucd: "time.end;obs.exposure", utype: c("Plane.time.bounds.upper") }),
    doubleCol("time_exposure", "Exposure time", { unit: "s", ucd: "time.duration;obs.exposure", utype: c("Plane.time.exposure") }),
  ],
};

export const CAOM2_ARTIFACT: TapTable = {
  schema: "caom2",
  name: "caom2.Artifact",
  dbTable: "caom2_artifact",
  description: "CAOM 2.4 artifacts: the file of each plane.",
  utype: c("Artifact"),
  columns: [
    id("artifactID", "Artifact entity ID", "Artifact.id", true),
    id("planeID", "Plane this artifact belongs to", "Artifact.planeID"),
    charCol("uri", "Artifact URI (skyport:{dataset UUID})", { ucd: "meta.ref.uri", utype: c("Artifact.uri"), notNull: true }),
    charCol("productType", "science, calibration, auxiliary …", { ucd: "meta.code", utype: c("Artifact.productType"), notNull: true }),
    charCol("releaseType", "data or meta", { ucd: "meta.code", utype: c("Artifact.releaseType"), notNull: true }),
    charCol("contentType", "MIME type", { ucd: "meta.code.mime", utype: c("Artifact.contentType") }),
    longCol("contentLength", "File size", { unit: "byte", ucd: "phys.size;meta.file", utype: c("Artifact.contentLength") }),
    charCol("contentChecksum", "Checksum URI (sha256:…)", { ucd: "meta.checksum", utype: c("Artifact.contentChecksum") }),
  ],
};

export const CAOM2_PART: TapTable = {
  schema: "caom2",
  name: "caom2.Part",
  dbTable: "caom2_part",
  description: "CAOM 2.4 parts: the image HDU of each artifact.",
  utype: c("Part"),
  columns: [
    id("partID", "Part entity ID", "Part.id", true),
    id("artifactID", "Artifact this part belongs to", "Part.artifactID"),
    charCol("name", "Part name (HDU index)", { ucd: "meta.id.part", utype: c("Part.name"), notNull: true }),
    charCol("productType", "Product type of the part", { ucd: "meta.code", utype: c("Part.productType") }),
  ],
};

export const CAOM2_CHUNK: TapTable = {
  schema: "caom2",
  name: "caom2.Chunk",
  dbTable: "caom2_chunk",
  description: "CAOM 2.4 chunks: pixel axes of each part.",
  utype: c("Chunk"),
  columns: [
    id("chunkID", "Chunk entity ID", "Chunk.id", true),
    id("partID", "Part this chunk belongs to", "Chunk.partID"),
    intCol("naxis", "Number of pixel axes", { ucd: "meta.number", utype: c("Chunk.naxis") }),
    intCol("positionAxis1", "Pixel axis of the first spatial coordinate", { ucd: "meta.number", utype: c("Chunk.positionAxis1") }),
    intCol("positionAxis2", "Pixel axis of the second spatial coordinate", { ucd: "meta.number", utype: c("Chunk.positionAxis2") }),
    longCol("position_axis_dimension_naxis1", "Pixels along the first spatial axis", { ucd: "meta.number", utype: c("Chunk.position.axis.function.dimension.naxis1") }),
    longCol("position_axis_dimension_naxis2", "Pixels along the second spatial axis", { ucd: "meta.number", utype: c("Chunk.position.axis.function.dimension.naxis2") }),
  ],
};

export const CAOM2_PROVENANCE_INPUT: TapTable = {
  schema: "caom2",
  name: "caom2.ProvenanceInput",
  dbTable: "caom2_provenance_input",
  description: "Plane provenance: the planes each plane was made from (CAOM Plane.provenance.inputs).",
  utype: c("Provenance.inputs"),
  columns: [
    id("planeID", "The derived plane", "Plane.id", true),
    charCol("inputID", "An input plane's entity ID (its dataset UUID)", { ucd: "meta.id", utype: c("Plane.id"), principal: true, notNull: true, indexed: true }),
    charCol("inputURI", "The input plane's URI (null when it is not published)", { ucd: "meta.ref.uri", utype: c("Plane.uri") }),
  ],
};

export const CAOM2_TABLES: readonly TapTable[] = [CAOM2_OBSERVATION, CAOM2_PLANE, CAOM2_ARTIFACT, CAOM2_PART, CAOM2_CHUNK, CAOM2_PROVENANCE_INPUT];

const key = (keyId: string, from: TapTable, target: TapTable, col: string, description: string): TapKey => ({
  keyId,
  fromTable: from.name,
  targetTable: target.name,
  description,
  columns: [{ from: col, target: col }],
});

export const CAOM2_KEYS: readonly TapKey[] = [
  key("caom2_plane_observation", CAOM2_PLANE, CAOM2_OBSERVATION, "obsID", "The observation of a plane."),
  key("caom2_artifact_plane", CAOM2_ARTIFACT, CAOM2_PLANE, "planeID", "The plane of an artifact."),
  key("caom2_part_artifact", CAOM2_PART, CAOM2_ARTIFACT, "artifactID", "The artifact of a part."),
  key("caom2_chunk_part", CAOM2_CHUNK, CAOM2_PART, "partID", "The part of a chunk."),
  key("caom2_provenance_plane", CAOM2_PROVENANCE_INPUT, CAOM2_PLANE, "planeID", "The derived plane of a provenance input."),
];
