/**
 * Service descriptors (DataLink 1.1 §4, SODA 1.0 §4, standards.md SODA-10, DL-09..11): the SODA
 * cutout descriptor of one dataset, with the ID fixed and the filter parameters typed as SODA §3
 * defines them (name + UCD + unit identify them, SODA-07), ranges from the dataset's ObsCore row.
 */
import type { Param, Resource } from "../../lib/votable/index.js";

export const SODA_SYNC_STANDARD_ID = "ivo://ivoa.net/std/SODA#sync-1.0";
export const SODA_ASYNC_STANDARD_ID = "ivo://ivoa.net/std/SODA#async-1.0";

/** What a cutout descriptor knows about the dataset. */
export interface CutoutTarget {
  /** The dataset's publisher DID (the SODA ID value). */
  readonly did: string;
  /** ObsCore ranges, when known. */
  readonly band?: readonly [number, number];
  readonly time?: readonly [number, number];
}

const param = (p: Omit<Param, "value"> & { value?: string }): { kind: "param"; param: Param } => ({ kind: "param", param: { value: "", ...p } });

/**
 * The SODA descriptor (sync, or async with `standardID` SODA#async-1.0) for one dataset; `id` is
 * its XML ID (referenced by service_def).
 */
export function cutoutDescriptor(id: string, accessUrl: string, target: CutoutTarget, standardID = SODA_SYNC_STANDARD_ID): Resource {
  const isAsync = standardID === SODA_ASYNC_STANDARD_ID;
  const interval = (lo: number, hi: number) => ({ min: { value: String(lo) }, max: { value: String(hi) } });
  return {
    type: "meta",
    ID: id,
    name: id,
    utype: "adhoc:service",
    description: isAsync ? "Pixel-exact cutouts of this image as UWS jobs (SODA async)" : "Pixel-exact cutouts (SODA sync) of this image",
    params: [
      { name: "standardID", datatype: "char", arraysize: "*", value: standardID },
      { name: "accessURL", datatype: "char", arraysize: "*", value: accessUrl },
    ],
    groups: [
      {
        name: "inputParams",
        items: [
          param({ name: "ID", datatype: "char", arraysize: "*", ucd: "meta.ref.url;meta.curation", value: target.did, description: "The dataset (fixed)" }),
          param({ name: "CIRCLE", datatype: "double", arraysize: "3", xtype: "circle", ucd: "pos.outline;obs", unit: "deg", description: "Cutout circle: ra dec radius (ICRS)" }),
          param({ name: "POLYGON", datatype: "double", arraysize: "*", xtype: "polygon", ucd: "pos.outline;obs", unit: "deg", description: "Cutout polygon: ra1 dec1 ra2 dec2 ... (ICRS)" }),
          param({ name: "POS", datatype: "char", arraysize: "*", ucd: "pos.outline;obs", description: "CIRCLE, RANGE or POLYGON shape as text" }),
          param({
            name: "BAND",
            datatype: "double",
            arraysize: "2",
            xtype: "interval",
            ucd: "em.wl;stat.interval",
            unit: "m",
            description: "Wavelength interval",
            ...(target.band ? { values: interval(target.band[0], target.band[1]) } : {}),
          }),
          param({
            name: "TIME",
            datatype: "double",
            arraysize: "2",
            xtype: "interval",
            ucd: "time.interval;obs.exposure",
            unit: "d",
            description: "Time interval (MJD)",
            ...(target.time ? { values: interval(target.time[0], target.time[1]) } : {}),
          }),
          param({
            name: "CUTOUTDETAIL",
            datatype: "char",
            arraysize: "*",
            ucd: "meta.code",
            description: "What the cutout holds: the image, image+mask+variance planes, or every extension",
            values: { options: [{ value: "image" }, { value: "image+mask+variance" }, { value: "full" }] },
          }),
          param({
            name: "RESPONSEFORMAT",
            datatype: "char",
            arraysize: "*",
            ucd: "meta.code.mime",
            description: "FITS (default) or a PNG/JPEG quick look",
            values: { options: [{ value: "application/fits" }, { value: "image/png" }, { value: "image/jpeg" }] },
          }),
        ],
      },
    ],
  };
}

/**
 * The DataLink descriptor TAP and SIA results carry (SIA-10, DL-14): the links service with its ID
 * parameter referring to the obs_publisher_did FIELD of the results.
 */
export function linksDescriptor(id: string, accessUrl: string, didFieldId: string): Resource {
  return {
    type: "meta",
    ID: id,
    name: "links",
    utype: "adhoc:service",
    description: "DataLink: the file, previews, cutouts and related images of each row",
    params: [
      { name: "standardID", datatype: "char", arraysize: "*", value: "ivo://ivoa.net/std/DataLink#links-1.1" },
      { name: "accessURL", datatype: "char", arraysize: "*", value: accessUrl },
      { name: "contentType", datatype: "char", arraysize: "*", value: "application/x-votable+xml;content=datalink" },
    ],
    groups: [{ name: "inputParams", items: [param({ name: "ID", datatype: "char", arraysize: "*", ucd: "meta.id;meta.main", ref: didFieldId })] }],
  };
}
