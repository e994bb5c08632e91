/**
 * DataLink 1.1 {links} (standards.md §10): for each dataset ID, its file (#this), two previews,
 * the SODA cutout descriptor (#cutout), the datasets it was made from (#progenitor, or
 * #calibration for calibration inputs) and those made from it (#derivation), each related dataset
 * as a link to its own {links} (DL-08). Unknown or malformed IDs give an error row (DL-06/07).
 * Provenance comes from the registry, so a coadd's progenitors are exactly its inputs.
 */
import type { Resource } from "../../lib/votable/index.js";
import type { DatasetRef } from "../../repo/model/index.js";
import type { Registry } from "../../repo/registry/index.js";
import { ANONYMOUS, type Identity } from "../../repo/auth/index.js";
import { cutoutDescriptor, SODA_ASYNC_STANDARD_ID } from "./descriptors.js";

export const DATALINK_CONTENT_TYPE = "application/x-votable+xml;content=datalink";
export const LINKS_STANDARD_ID = "ivo://ivoa.net/std/DataLink#links-1.1";

/** One row of the links table. */
export interface LinkRow {
  readonly ID: string;
  readonly access_url: string | null;
  readonly service_def: string | null;
  readonly error_message: string | null;
  readonly description: string | null;
  readonly semantics: string;
  readonly content_type: string | null;
  readonly content_length: number | null;
  readonly local_semantics: string | null;
}

export interface LinksResult {
  readonly rows: readonly LinkRow[];
  readonly descriptors: readonly Resource[];
  /** More IDs were asked than one request answers (DL-02: cut between IDs, never inside one). */
  readonly overflow: boolean;
}

/** Which datasets a caller may see (the repository's AccessControl). */
export interface DatasetGate {
  visible(identity: Identity, ids: readonly string[], service: string): Promise<Set<string>>;
}

export interface LinksServiceOptions {
  readonly registry: Registry;
  /** The access policy: datasets the caller may not see answer exactly like unknown ones. */
  readonly access?: DatasetGate;
  /** The publisher DID of a dataset UUID, and back (undefined when the text is not one of ours). */
  readonly didOf: (uuid: string) => string;
  readonly uuidOf: (did: string) => string | undefined;
  /** ObsCore ranges for the cutout descriptor (undefined when the dataset has no ObsCore row). */
  readonly rangesOf?: (uuid: string) => Promise<{ band?: [number, number]; time?: [number, number] } | undefined>;
  /** Most IDs answered per request. */
  readonly maxIds: number;
  /**
   * The sky-region SODA ID covering a dataset and its neighbours (its coadd type and band, or its
   * visit), when there is one: offered as a second cut-out service that stitches across edges.
   */
  readonly regionIdOf?: (ref: DatasetRef) => string | undefined;
}

const row = (r: Partial<LinkRow> & Pick<LinkRow, "ID" | "semantics">): LinkRow => ({
  access_url: null,
  service_def: null,
  error_message: null,
  description: null,
  content_type: null,
  content_length: null,
  local_semantics: null,
  ...r,
});

function describe(ref: DatasetRef): string {
  const keys = Object.entries(ref.dataId)
    .filter(([k]) => ["visit", "exposure", "detector", "band", "tract", "patch"].includes(k))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
  return `${ref.datasetType}${keys ? ` (${keys})` : ""}`;
}

export class LinksService {
  constructor(private readonly o: LinksServiceOptions) {}

  /** URL of the {links} document of one DID. */
  private linksUrl(base: string, did: string): string {
    return `${base}/datalink/links?ID=${encodeURIComponent(did)}`;
  }

  /** The subset of datasets the caller may see (all of them without an access policy). */
  private async visible(identity: Identity, refs: readonly DatasetRef[]): Promise<DatasetRef[]> {
    if (!this.o.access || refs.length === 0) return [...refs];
    const ok = await this.o.access.visible(identity, refs.map((r) => r.id), "datalink");
    return refs.filter((r) => ok.has(r.id));
  }

  /** The links of some IDs (absolute URLs under `base`) for a caller. */
  async links(ids: readonly string[], base: string, identity: Identity = ANONYMOUS): Promise<LinksResult> {
    const rows: LinkRow[] = [];
    const descriptors: Resource[] = [];
    const answered = ids.slice(0, this.o.maxIds);
    for (const id of answered) {
      const uuid = this.o.uuidOf(id.trim());
      if (uuid === undefined) {
        rows.push(row({ ID: id, semantics: "#this", error_message: `UsageFault: '${id.slice(0, 200)}' is not a dataset identifier of this service` }));
        continue;
      }
      const found = await this.o.registry.getDataset(uuid);
      const ref = found && (await this.visible(identity, [found]))[0];
      if (!ref) {
        rows.push(row({ ID: id, semantics: "#this", error_message: `NotFoundFault: no dataset ${id.slice(0, 200)}` }));
        continue;
      }
      const rec = await this.o.registry.getDatastoreRecord(uuid);
      const what = describe(ref);
      rows.push(
        rec
          ? row({ ID: id, semantics: "#this", access_url: `${base}/files/${uuid}`, content_type: "application/fits", content_length: rec.fileSize, description: `${what}: the FITS file` })
          : row({ ID: id, semantics: "#this", error_message: `NotFoundFault: dataset ${id.slice(0, 200)} has no stored file` }),
      );
      if (rec) {
        rows.push(row({ ID: id, semantics: "#preview", access_url: `${base}/datalink/preview/${uuid}.png`, content_type: "image/png", description: `${what}: quick-look PNG (512 px, asinh stretch)` }));
        rows.push(row({ ID: id, semantics: "#preview", access_url: `${base}/datalink/preview/${uuid}.jpg`, content_type: "image/jpeg", description: `${what}: larger JPEG preview (1024 px, asinh stretch)` }));
        const sid = `cutout-${descriptors.length + 1}`;
        const ranges = (await this.o.rangesOf?.(uuid)) ?? {};
        descriptors.push(cutoutDescriptor(sid, `${base}/soda/sync`, { did: this.o.didOf(uuid), ...ranges }));
        rows.push(row({ ID: id, semantics: "#cutout", service_def: sid, description: `${what}: cutouts of this image (SODA)` }));
        const aid = `cutout-async-${descriptors.length}`;
        descriptors.push(cutoutDescriptor(aid, `${base}/soda/async`, { did: this.o.didOf(uuid), ...ranges }, SODA_ASYNC_STANDARD_ID));
        rows.push(row({ ID: id, semantics: "#cutout", service_def: aid, description: `${what}: cutouts of this image as asynchronous jobs (SODA async)` }));
        const region = this.o.regionIdOf?.(ref);
        if (region) {
          const rid = `cutout-region-${descriptors.length}`;
          descriptors.push(cutoutDescriptor(rid, `${base}/soda/sync`, { did: region, ...ranges }));
          rows.push(row({ ID: id, semantics: "#cutout", service_def: rid, description: `${what}: cutouts of a sky region stitched across this image's neighbours (SODA sync)` }));
        }
      }
      for (const input of await this.visible(identity, await this.o.registry.getInputs(uuid))) {
        const type = await this.o.registry.getDatasetType(input.datasetType);
        const semantics = type?.isCalibration ? "#calibration" : "#progenitor";
        const did = this.o.didOf(input.id);
        rows.push(row({ ID: id, semantics, access_url: this.linksUrl(base, did), content_type: DATALINK_CONTENT_TYPE, description: `${describe(input)}: input of this dataset`, local_semantics: input.datasetType }));
      }
      for (const output of await this.visible(identity, await this.o.registry.getOutputs(uuid))) {
        const did = this.o.didOf(output.id);
        rows.push(row({ ID: id, semantics: "#derivation", access_url: this.linksUrl(base, did), content_type: DATALINK_CONTENT_TYPE, description: `${describe(output)}: made from this dataset`, local_semantics: output.datasetType }));
      }
    }
    return { rows, descriptors, overflow: ids.length > answered.length };
  }
}
