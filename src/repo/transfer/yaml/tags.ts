/**
 * The YAML tags of `butler export` files (lsst-image-services.md §2.4): `!uuid` dataset IDs,
 * `!butler_time/tai/iso` instants, `!<lsst.sphgeom.ConvexPolygon> {encoded: hex}` regions, and the
 * core `!!binary` for skymap hashes. Values are wrapped in small classes so the writer can tell a
 * UUID or a time from a plain string or number when emitting them again.
 */
import { type CollectionTag, type ScalarTag, YAMLMap } from "yaml";
import { type ConvexPolygon, decodeConvexPolygon, encodeConvexPolygon, isoTaiFromTai, taiFromIsoTai } from "../../model/index.js";

/** A dataset UUID as read from or written to `!uuid`. */
export class TaggedUuid {
  constructor(readonly value: string) {}
}

/** A TAI instant as read from or written to `!butler_time/tai/iso`. */
export class TaggedTime {
  constructor(readonly taiNs: bigint) {}
}

/** A region as read from or written to `!<lsst.sphgeom.ConvexPolygon>`. */
export class TaggedPolygon {
  constructor(readonly polygon: ConvexPolygon) {}
}

const uuidTag: ScalarTag = {
  tag: "!uuid",
  identify: (v) => v instanceof TaggedUuid,
  resolve: (s) => new TaggedUuid(s.trim().toLowerCase()),
  stringify: (item) => `'${(item.value as TaggedUuid).value}'`,
};

const timeTag: ScalarTag = {
  tag: "!butler_time/tai/iso",
  identify: (v) => v instanceof TaggedTime,
  resolve: (s) => new TaggedTime(taiFromIsoTai(s)),
  stringify: (item) => `'${isoTaiFromTai((item.value as TaggedTime).taiNs)}'`,
};

const polygonTag: CollectionTag = {
  tag: "lsst.sphgeom.ConvexPolygon",
  collection: "map",
  identify: (v) => v instanceof TaggedPolygon,
  resolve(map) {
    const encoded = (map as YAMLMap).get("encoded");
    if (typeof encoded !== "string") throw new Error("ConvexPolygon without an 'encoded' hex string");
    return new TaggedPolygon(decodeConvexPolygon(encoded)) as unknown as YAMLMap;
  },
  createNode(schema, value, ctx) {
    const map = new YAMLMap(schema);
    map.set("encoded", encodeConvexPolygon((value as TaggedPolygon).polygon));
    void ctx;
    return map;
  },
};

/** The custom tags for parsing and writing export files. */
export const EXPORT_TAGS: (ScalarTag | CollectionTag | "binary")[] = ["binary", uuidTag, timeTag, polygonTag];

