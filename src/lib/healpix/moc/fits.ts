/**
 * MOC 2.0 FITS serialisation of space MOCs (REC §4.3.1): one BINTABLE extension with a single
 * NUNIQ column (TFORM1 '1J' when MOCORD_S < 14, else '1K'), keywords MOCVERS='2.0',
 * MOCDIM='SPACE', ORDERING='NUNIQ', COORDSYS='C', MOCORD_S, plus PIXTYPE/MOCORDER for MOC 1.x
 * readers (MOC-05). Reading accepts NUNIQ (1.x and 2.0) and RANGE orderings for SPACE MOCs.
 * Bytes go through lib/fits (writer and reader), never the file system.
 */
import {
  type ByteSource,
  binTableHdu,
  type Card,
  collectBytes,
  emptyPrimaryHdu,
  formatCard,
  readBinTable,
  readHduIndex,
  writeFits,
} from "../../fits/index.js";
import { HealpixError, MAX_ORDER } from "../order.js";
import { normalizeRanges } from "./ranges.js";
import { Smoc } from "./smoc.js";

/** Optional descriptive keywords of a MOC FITS file. */
export interface MocFitsOptions {
  /** MOCTOOL, e.g. "skyport 0.1.0". */
  readonly mocTool?: string;
  /** MOCID, an IVOA identifier of the MOC. */
  readonly mocId?: string;
  /** MOCTYPE: IMAGE or CATALOG. */
  readonly mocType?: "IMAGE" | "CATALOG";
  /** EXTNAME of the table (none by default). */
  readonly extname?: string;
  /** Add DATASUM/CHECKSUM (default true). */
  readonly checksum?: boolean;
}

/** The MOC as a FITS file (MOC 2.0, NUNIQ packaging). */
export async function mocToFits(moc: Smoc, options: MocFitsOptions = {}): Promise<Uint8Array> {
  const uniq = moc.uniq();
  const small = moc.maxOrder < 14;
  const cards: Card[] = [
    formatCard("MOCVERS", "2.0", "MOC version"),
    formatCard("MOCDIM", "SPACE", "MOC dimension"),
    formatCard("ORDERING", "NUNIQ", "NUNIQ coding method"),
    formatCard("COORDSYS", "C", "ICRS reference frame"),
    formatCard("MOCORD_S", moc.maxOrder, "MOC resolution (best order)"),
    formatCard("PIXTYPE", "HEALPIX", "HEALPix magic code (MOC 1.x)"),
    formatCard("MOCORDER", moc.maxOrder, "MOC resolution (MOC 1.x)"),
  ];
  if (options.mocTool !== undefined) cards.push(formatCard("MOCTOOL", options.mocTool, "name of the MOC generator"));
  if (options.mocType !== undefined) cards.push(formatCard("MOCTYPE", options.mocType, "source type (IMAGE or CATALOG)"));
  if (options.mocId !== undefined) cards.push(formatCard("MOCID", options.mocId, "unique identifier of the MOC"));
  if (options.extname !== undefined) cards.push(formatCard("EXTNAME", options.extname, "extension name"));
  const table = binTableHdu(
    [{ name: "UNIQ", tform: small ? "1J" : "1K", values: small ? uniq.map(Number) : uniq }],
    uniq.length,
    cards,
  );
  return collectBytes(writeFits([emptyPrimaryHdu(), table], { checksum: options.checksum ?? true }));
}

function headerText(v: unknown): string | undefined {
  return typeof v === "string" ? v.trim().toUpperCase() : undefined;
}

/**
 * Reads a space MOC from FITS bytes (first BINTABLE extension). Throws HealpixError for time or
 * space-time MOCs and for malformed content.
 */
export async function mocFromFits(source: ByteSource): Promise<Smoc> {
  const index = await readHduIndex(source);
  const entry = index.hdus.find((h) => h.layout.kind === "bintable");
  if (entry === undefined) throw new HealpixError("MOC FITS: no BINTABLE extension");
  const h = entry.header;
  const dim = headerText(h.get("MOCDIM")) ?? "SPACE";
  if (dim !== "SPACE") throw new HealpixError(`MOC FITS: MOCDIM=${dim} is not supported (space MOCs only)`);
  const ordering = headerText(h.get("ORDERING")) ?? "NUNIQ";
  const declared = h.get("MOCORD_S") ?? h.get("MOCORDER");
  const table = await readBinTable(source, entry, { columns: [0] });
  const col = table.values[0];
  if (col === undefined || col.kind !== "number") throw new HealpixError("MOC FITS: the first column is not integer");
  const values: bigint[] = [];
  const raw = col.values as ArrayLike<number | bigint>;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    values.push(typeof v === "bigint" ? v : BigInt(v));
  }
  const maxOrder = typeof declared === "number" || typeof declared === "bigint" ? Number(declared) : undefined;
  if (maxOrder !== undefined && !(Number.isInteger(maxOrder) && maxOrder >= 0 && maxOrder <= MAX_ORDER)) {
    throw new HealpixError(`MOC FITS: bad MOC order ${String(declared)}`);
  }
  if (ordering === "NUNIQ") return Smoc.fromUniq(values, maxOrder);
  if (ordering === "RANGE") {
    if (values.length % 2 !== 0) throw new HealpixError("MOC FITS: RANGE ordering needs pairs");
    return new Smoc(normalizeRanges(values), maxOrder ?? MAX_ORDER).degrade(maxOrder ?? MAX_ORDER);
  }
  throw new HealpixError(`MOC FITS: ORDERING=${ordering} is not supported`);
}
