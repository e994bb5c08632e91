/**
 * The ObsCore mapping as configuration: which dataset types become rows, their product type,
 * calibration level, identifier and title templates, spectral ranges per band, extension columns
 * and the publisher's identifiers. Plain data (JSON/YAML friendly), so a different release needs no
 * code change. The default mirrors LSST's DP1 mapping (lsst-image-services.md §1.2) for DemoCam.
 */

/** ObsCore 1.1 calibration levels (standards.md §6, OBS-05). */
export type CalibLevel = 0 | 1 | 2 | 3 | 4;

/** How one dataset type maps to ObsCore rows. */
export interface ObsCoreDatasetTypeConfig {
  /** ObsCore `dataproduct_type` (lower case, e.g. "image"). */
  readonly dataproduct_type: string;
  readonly dataproduct_subtype?: string;
  readonly calib_level: CalibLevel;
  /** Template of `obs_id` (see {@link formatTemplate}); rows of one observation share it. */
  readonly obs_id_fmt: string;
  /** Template of `obs_title`. */
  readonly obs_title_fmt?: string;
  /** UCD of the pixel values (`o_ucd`). */
  readonly o_ucd?: string;
  /** Image size in pixels [nx, ny] when every dataset of the type has the same (`s_xel1/2`). */
  readonly s_xel?: readonly [number, number];
  /** Overrides the table-wide `access_format`. */
  readonly access_format?: string;
}

/** A non-standard column filled from a template (LSST's `extra_columns`). */
export interface ObsCoreExtraColumn {
  readonly template: string;
  readonly type: "int" | "float" | "string";
  readonly ucd?: string;
  readonly unit?: string;
  readonly description: string;
  /** Add a B-tree index on the column. */
  readonly indexed?: boolean;
}

export interface ObsCoreConfig {
  /** ObsCore `obs_collection` for every row. */
  readonly obs_collection: string;
  /** `facility_name` unless `facility_map` names the instrument. */
  readonly facility_name: string;
  readonly facility_map?: Readonly<Record<string, string>>;
  /**
   * `instrument_name` for datasets without an instrument dimension (coadds); absent = the
   * repository's instrument when it has exactly one.
   */
  readonly fallback_instrument?: string;
  /** Butler collections whose datasets are published; empty = every dataset of a configured type. */
  readonly collections: readonly string[];
  /** Template of `obs_publisher_did`, an IVOID carrying the dataset UUID (`{id}`). */
  readonly obs_publisher_did_fmt: string;
  /** Template of `obs_creator_did`; absent = NULL. */
  readonly obs_creator_did_fmt?: string;
  /** The service's public base URL (config `server.publicBaseUrl`), without a trailing slash. */
  readonly public_base_url: string;
  /**
   * Template of `access_url`: `{base}` is `public_base_url`, `{did_url}` the URL-encoded publisher
   * DID, so the DataLink service resolves the same identifier the row publishes.
   */
  readonly datalink_url_fmt: string;
  readonly access_format: string;
  /** ObsCore `data_rights`: public, secure or proprietary. */
  readonly data_rights: "public" | "secure" | "proprietary";
  /** ISO 8601 release date of the data (`obs_release_date`); null = unknown. */
  readonly obs_release_date: string | null;
  /** `pol_states` for every row (`/I/` for total-intensity imagers); null = not applicable. */
  readonly pol_states: string | null;
  /** Band (or physical filter) → [em_min, em_max] in metres. Lookup: physical filter, then band. */
  readonly spectral_ranges: Readonly<Record<string, readonly [number, number]>>;
  readonly dataset_types: Readonly<Record<string, ObsCoreDatasetTypeConfig>>;
  readonly extra_columns: Readonly<Record<string, ObsCoreExtraColumn>>;
}

/** The DataLink access format required for `access_url` rows (standards.md §6, OBS-06). */
export const DATALINK_FORMAT = "application/x-votable+xml;content=datalink";

const VISIT_TITLE = "{dataset_type} - {band} - {visit.name}-{detector.full_name} {visit.timespan_begin_utc}Z";
const RAW_TITLE = "{dataset_type} - {band} - {exposure.obs_id}-{detector.full_name} {exposure.timespan_begin_utc}Z";
const COADD_TITLE = "{dataset_type} - {band} - tract={tract} patch={patch}";

/** LSST's extension columns (lsst-image-services.md §1.4), with the live table's extra two. */
export const LSST_EXTRA_COLUMNS: Readonly<Record<string, ObsCoreExtraColumn>> = {
  lsst_visit: { template: "{visit}", type: "int", ucd: "meta.id;obs", description: "Visit identifier (the exposure identifier for raws without a visit)", indexed: true },
  lsst_detector: { template: "{detector}", type: "int", ucd: "meta.id.part;instr.det", description: "Detector number of this observation" },
  lsst_tract: { template: "{tract}", type: "int", ucd: "meta.id", description: "Tract within a skymap" },
  lsst_patch: { template: "{patch}", type: "int", ucd: "meta.id.part", description: "Patch within a tract" },
  lsst_band: { template: "{band}", type: "string", ucd: "meta.id;instr.bandpass", description: "Abstract band of this observation (u, g, r, i, z, y)" },
  lsst_filter: { template: "{physical_filter}", type: "string", ucd: "meta.id;instr.filter", description: "Physical filter name for this observation" },
  lsst_dataset_type: { template: "{dataset_type}", type: "string", ucd: "meta.code", description: "Butler dataset type of the product" },
  lsst_run: { template: "{run}", type: "string", ucd: "meta.id", description: "Butler RUN collection the dataset was written to" },
};

const image = (subtype: string, calib_level: CalibLevel, obs_id_fmt: string, obs_title_fmt: string, s_xel?: readonly [number, number]): ObsCoreDatasetTypeConfig => ({
  dataproduct_type: "image",
  dataproduct_subtype: `lsst.${subtype}`,
  calib_level,
  obs_id_fmt,
  obs_title_fmt,
  o_ucd: calib_level === 1 ? "phot.count" : "phot.flux.density",
  ...(s_xel ? { s_xel } : {}),
});

/**
 * The LSST-DP1-like default (lsst-image-services.md §1.2, spectral ranges from dax_obscore dp1.yaml).
 * `s_xel` is left to the datasets' own sizes (unknown here: DemoCam sizes are a generator option).
 */
export const DEFAULT_OBSCORE_CONFIG: ObsCoreConfig = {
  obs_collection: "Skyport.Demo",
  facility_name: "Rubin-like Skyport Demo",
  collections: [],
  obs_publisher_did_fmt: "ivo://skyport.example/demo?repo=demo&id={id}",
  obs_creator_did_fmt: "ivo://skyport.example/demo?repo=demo&id={id}",
  public_base_url: "http://localhost:8080",
  datalink_url_fmt: "{base}/datalink/links?ID={did_url}",
  access_format: DATALINK_FORMAT,
  data_rights: "public",
  obs_release_date: null,
  pol_states: "/I/",
  spectral_ranges: {
    u: [300.0e-9, 393.2e-9],
    g: [402.6e-9, 548.3e-9],
    r: [551.0e-9, 689.1e-9],
    i: [693.6e-9, 818.8e-9],
    z: [819.2e-9, 920.1e-9],
    y: [927.8e-9, 1100.0e-9],
  },
  dataset_types: {
    raw: image("raw", 1, "{exposure.obs_id}", RAW_TITLE),
    visit_image: image("visit_image", 2, "{visit.name}", VISIT_TITLE),
    difference_image: image("difference_image", 3, "{visit.name}", VISIT_TITLE),
    deep_coadd: image("deep_coadd", 3, "{skymap}-{tract}-{patch}", COADD_TITLE),
    template_coadd: image("template_coadd", 3, "{skymap}-{tract}-{patch}", COADD_TITLE),
  },
  extra_columns: LSST_EXTRA_COLUMNS,
};

/** Values a template can name: plain keys (`{visit}`) and dotted record fields (`{visit.name}`). */
export type TemplateValues = Readonly<Record<string, string | number | null | undefined>>;

/**
 * Fills `{key}` placeholders from `values`; returns null when any key is missing or null (LSST's
 * rule: a missing key makes the column NULL rather than a half-filled string).
 * @example formatTemplate("{skymap}-{tract}", { skymap: "rings", tract: 0 }) === "rings-0"
 */
export function formatTemplate(template: string, values: TemplateValues): string | null {
  let missing = false;
  const out = template.replace(/\{([A-Za-z_][A-Za-z0-9_.]*)\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined || v === null) {
      missing = true;
      return "";
    }
    return String(v);
  });
  return missing ? null : out;
}

/** Merges a partial configuration (from YAML/JSON) over the default. */
export function obsCoreConfig(overrides: Partial<ObsCoreConfig> = {}): ObsCoreConfig {
  return { ...DEFAULT_OBSCORE_CONFIG, ...overrides };
}

/** The publisher DID of a dataset and back, from the ObsCore configuration's template. */
export function publisherDids(template: string): { didOf: (uuid: string) => string; uuidOf: (did: string) => string | undefined } {
  const [before, after] = template.split("{id}") as [string, string | undefined];
  const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`^${escapeRe(before)}([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})${escapeRe(after ?? "")}$`, "i");
  return {
    didOf: (uuid) => template.replace("{id}", uuid),
    uuidOf: (did) => re.exec(did)?.[1]?.toLowerCase(),
  };
}
