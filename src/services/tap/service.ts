/**
 * The TAP service (TAP 1.1): runs ADQL queries over the published tables — ObsCore, CAOM2, the
 * visit table and TAP_SCHEMA — in a read session per query, with uploads, MAXREC overflow
 * detection and a time limit enforced in the database, and streams the result in the requested
 * format. The same `run` serves /sync and the async job executor (STYLE.md §6).
 */
import { AdqlFunctionError, type OutputColumn, POSTGRES_ADQL_FUNCTIONS, type SchemaLookup, type SchemaTable, staticLookup, type TranslatedQuery } from "../../lib/adql/index.js";
import { GeometryError } from "../../lib/sphere/index.js";
import { isSkyportError, SkyportError, usageFault } from "../../lib/errors/index.js";
import type { Cell } from "../../lib/votable/index.js";
import type { TapSchemaDescription } from "../../repo/obscore/tap-schema.js";
import type { ReadSession, SqlDatabase } from "../../repo/registry/index.js";
import { ANONYMOUS, type Identity } from "../../repo/auth/index.js";
import { type AccessControl, isoInstant, NOW_MARKER, type RowRestriction } from "../../repo/policy/index.js";
import type { RawParams as DaliParams } from "../../lib/dali/index.js";
import {
  adqlLanguage,
  FEATURE_TYPES,
  type LanguageFeatures,
  OBSCORE_DATA_MODEL,
  type ResponseFormat,
  type ResultColumn,
  renderQueryResult,
  type TapCapabilityModel,
  uploadMethods,
  withTapSchema,
} from "./documents/index.js";
import { linksDescriptor } from "../datalink/descriptors.js";
import { executeTranslated, translateForSession } from "./execute.js";
import { parseTapRequest, type TapRequest } from "./params.js";
import { schemaTable, type SpatialKind } from "./schema-lookup.js";
import { writeTapSchema } from "./tap-schema-store.js";
import { loadUpload } from "./upload.js";

export interface TapLimits {
  readonly maxrecDefault: number;
  readonly maxrecHard: number;
  readonly syncTimeoutS: number;
  readonly asyncTimeoutS: number;
  readonly asyncMaxTimeoutS: number;
  readonly retentionS: number;
  readonly uploadMaxBytes: number;
  readonly uploadMaxRows: number;
  /** Hosts http(s) uploads may come from; empty = inline uploads only. */
  readonly uploadHosts: readonly string[];
  readonly draftFeatures: boolean;
}

/** Fetches an http(s) upload from an allowed host (injected: the service itself does no I/O policy). */
export type UploadFetcher = (url: URL, maxBytes: number) => Promise<Uint8Array>;

export interface TapServiceOptions {
  readonly database: SqlDatabase;
  /** The published tables (TAP_SCHEMA is added). */
  readonly tables: TapSchemaDescription;
  readonly limits: TapLimits;
  readonly fetchUpload?: UploadFetcher;
  /** Uploads kept for async jobs (see keepUploads): store and read back by key. */
  readonly storedUploads?: StoredUploads;
  /** The repository's access control: each caller's queries see only the rows it allows. */
  readonly access?: AccessControl;
}

/** The published tables as one class of callers sees them (same restrictions, same view). */
interface TableView {
  readonly key: string;
  readonly tables: readonly SchemaTable[];
  readonly lookup: SchemaLookup;
}

const VIEW_CACHE = 32;

/** Where async jobs' uploaded tables wait for the job to run. */
export interface StoredUploads {
  put(data: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array>;
}

/** Translations kept (see TapService.translations), and the longest ADQL text kept. */
const TRANSLATION_CACHE = 64;
const TRANSLATION_CACHE_MAX_CHARS = 8192;

/** Reference to a stored upload in a job parameter: upload:<key>. */
const STORED = /^upload:(tap-uploads\/[a-z0-9]{16,40}\.vot)$/;

/**
 * The optional ADQL features this service implements, by TAPRegExt feature type. COALESCE works
 * but is not declared: the REC's features-adql-conditional key is unknown to taplint (STILTS 3.4.7
 * follows ADQL 2.1-PR, where it did not exist) and declaring it is a taplint error (E-CAP-KEYX).
 */
export const ADQL_FEATURES: readonly LanguageFeatures[] = [
  { type: FEATURE_TYPES.geometry, forms: ["POINT", "CIRCLE", "BOX", "POLYGON", "CENTROID", "AREA", "DISTANCE", "CONTAINS", "INTERSECTS", "COORD1", "COORD2", "COORDSYS"] },
  { type: FEATURE_TYPES.string, forms: ["LOWER", "UPPER", "ILIKE"] },
  { type: FEATURE_TYPES.commonTable, forms: ["WITH"] },
  { type: FEATURE_TYPES.sets, forms: ["UNION", "EXCEPT", "INTERSECT"] },
  { type: FEATURE_TYPES.type, forms: ["CAST"] },
  { type: FEATURE_TYPES.unit, forms: ["IN_UNIT"] },
  { type: FEATURE_TYPES.offset, forms: ["OFFSET"] },
];

/** The result of a query, ready to stream. */
export interface TapResponse {
  readonly format: ResponseFormat;
  readonly body: AsyncIterable<Uint8Array>;
}

/** Files of a multipart request, by field name (for `param:` upload URIs). */
export type UploadFiles = ReadonlyMap<string, { readonly data: Uint8Array }>;

export class TapService {
  /** Everything published, TAP_SCHEMA included. */
  readonly published: TapSchemaDescription;
  private readonly spatial: SpatialKind;
  /** The published tables as the checker sees them, built once (queries only add their uploads). */
  private readonly tables: readonly SchemaTable[];
  /** Lookup over the published tables alone (queries without uploads). */
  private readonly lookup: SchemaLookup;
  /**
   * Recent translations of queries without uploads, least recently used first. A translation
   * depends only on the ADQL text, MAXREC, the dialect and the caller's view of the tables (the
   * access restriction, whose "now" is bound at execution), so a repeated query (a client paging or
   * polling, an SIA request with the same constraints) skips parse, check and compile.
   */
  private readonly translations = new Map<string, TranslatedQuery>();
  /** Table views by restriction (few: one per distinct set of rights). */
  private readonly views = new Map<string, TableView>();
  /** The view of each restriction object AccessControl hands out (it reuses them per set of rights). */
  private readonly viewOf = new WeakMap<ReadonlyMap<string, RowRestriction>, TableView>();
  private readonly unrestricted: TableView;

  constructor(private readonly o: TapServiceOptions) {
    this.published = withTapSchema(o.tables);
    this.spatial = o.database.caps.spatial;
    this.tables = this.published.tables.map((t) => schemaTable(t, this.spatial));
    this.lookup = staticLookup(this.tables);
    this.unrestricted = { key: "", tables: this.tables, lookup: this.lookup };
  }

  get limits(): TapLimits {
    return this.o.limits;
  }

  /** Writes TAP_SCHEMA and the SQL helpers the dialect needs (idempotent; run at start-up). */
  async init(): Promise<void> {
    if (this.spatial === "pgsphere") for (const f of POSTGRES_ADQL_FUNCTIONS) await this.o.database.exec(f);
    await writeTapSchema(this.o.database, this.published);
  }

  /** What TAPRegExt says about us (all honest: only what run() does). */
  capabilityModel(): TapCapabilityModel {
    const l = this.o.limits;
    return {
      dataModels: [OBSCORE_DATA_MODEL],
      languages: [adqlLanguage(ADQL_FEATURES)],
      // http(s) uploads are implemented (DALI-18 makes them mandatory with UPLOAD) and allowed only
      // from the configured hosts (tap.uploadHosts; none by default).
      uploadMethods: uploadMethods({ remote: this.o.fetchUpload !== undefined }),
      retentionPeriod: { default: l.retentionS, hard: l.retentionS },
      executionDuration: { default: l.asyncTimeoutS, hard: l.asyncMaxTimeoutS },
      outputLimit: { default: l.maxrecDefault, hard: l.maxrecHard },
      uploadLimit: { hard: l.uploadMaxBytes },
    };
  }

  /** Parses a request (throws UsageFault). */
  parse(params: DaliParams): TapRequest {
    return parseTapRequest(params, this.o.limits);
  }

  /**
   * Runs a query. Translation, uploads and the first batch of rows happen before this resolves,
   * so a bad query or a database error becomes an error document, not a broken stream.
   */
  async run(
    request: TapRequest,
    options: {
      readonly timeoutMs: number;
      readonly files?: UploadFiles;
      readonly signal?: AbortSignal;
      readonly standardID?: string;
      /** The {links} endpoint: results with obs_publisher_did then carry its service descriptor (SIA-10, DL-14). */
      readonly linksUrl?: string;
      /** Who asks (default: an anonymous caller); the access policy restricts every table it reads. */
      readonly identity?: Identity;
      /** The service named in audit lines (default "tap"). */
      readonly service?: string;
    },
  ): Promise<TapResponse> {
    const identity = options.identity ?? ANONYMOUS;
    const access = this.o.access;
    const view = this.view(access ? await access.restrictions(identity) : undefined);
    if (access) await access.auditQuery(identity, options.service ?? "tap", request.query);
    const session = await this.o.database.openReadSession();
    let handedOver = false;
    try {
      const uploads = [];
      for (const [i, spec] of request.uploads.entries()) {
        uploads.push(await loadUpload(session, spec, await this.uploadBytes(spec.uri, spec.name, options.files), { maxBytes: this.o.limits.uploadMaxBytes, maxRows: this.o.limits.uploadMaxRows }, i));
      }
      const translated = this.translate(session, uploads, request, view);
      // The restriction's "now" is bound per execution, so a cached translation never goes stale.
      const nowIso = access ? isoInstant(access.now()) : "";
      const params = view.key === "" ? undefined : translated.params.map((v) => (v === NOW_MARKER ? nowIso : v));
      const result = executeTranslated(session, translated, { timeoutMs: options.timeoutMs, batchRows: 500, ...(params ? { params } : {}) });
      const it = result.rows[Symbol.asyncIterator]();
      const first = await it.next().catch((e: unknown) => {
        throw asQueryError(e);
      });
      const rows = (async function* (): AsyncGenerator<Cell[]> {
        try {
          if (!first.done) yield first.value;
          for (;;) {
            if (options.signal?.aborted) throw new SkyportError({ code: "Transient", message: "query aborted" });
            const n = await it.next();
            if (n.done) return;
            yield n.value;
          }
        } catch (e) {
          throw asQueryError(e);
        } finally {
          await it.return?.();
          await session.close();
        }
      })();
      handedOver = true;
      const { columns, linked } = resultColumns(result.columns, options.linksUrl !== undefined);
      const descriptors = [];
      if (options.linksUrl && linked) descriptors.push(linksDescriptor("datalink", options.linksUrl, "obs_publisher_did"));
      const body = renderQueryResult(request.format, {
        columns,
        serviceDescriptors: descriptors,
        rows,
        limit: request.maxrec,
        query: request.query,
        ...(options.standardID ? { standardID: options.standardID } : {}),
      });
      return { format: request.format, body };
    } catch (e) {
      throw asQueryError(e);
    } finally {
      if (!handedOver) await session.close();
    }
  }

  /** The tables with a caller's restrictions (views are shared by callers with the same restrictions). */
  private view(restrictions: ReadonlyMap<string, RowRestriction> | undefined): TableView {
    if (!restrictions) return this.unrestricted;
    const known = this.viewOf.get(restrictions);
    if (known) return known;
    // Keyed by content: a reloaded policy with the same rules keeps its views and translations.
    const key = JSON.stringify([...restrictions]);
    let v = this.views.get(key);
    if (!v) {
      const tables = this.tables.map((t) => {
        const r = restrictions.get(t.sqlName);
        return r ? { ...t, restriction: r } : t;
      });
      v = { key, tables, lookup: staticLookup(tables) };
      this.views.set(key, v);
      if (this.views.size > VIEW_CACHE) this.views.delete(this.views.keys().next().value as string);
    }
    this.viewOf.set(restrictions, v);
    return v;
  }

  /** The query's translation for the session (cached when the query has no uploads). */
  private translate(session: ReadSession, uploads: readonly SchemaTable[], request: TapRequest, view: TableView): TranslatedQuery {
    const options = { maxrec: request.maxrec, draftFeatures: this.o.limits.draftFeatures };
    if (uploads.length > 0) return translateForSession(session, staticLookup([...view.tables, ...uploads]), request.query, options);
    if (request.query.length > TRANSLATION_CACHE_MAX_CHARS) return translateForSession(session, view.lookup, request.query, options);
    const key = `${session.dialect.name}\u0000${session.rowGuard ?? ""}\u0000${request.maxrec ?? ""}\u0000${view.key}\u0000${request.query}`;
    const hit = this.translations.get(key);
    if (hit) {
      this.translations.delete(key);
      this.translations.set(key, hit);
      return hit;
    }
    const t = translateForSession(session, view.lookup, request.query, options);
    this.translations.set(key, t);
    if (this.translations.size > TRANSLATION_CACHE) this.translations.delete(this.translations.keys().next().value as string);
    return t;
  }

  /**
   * Stores the inline upload files of an async job and points its UPLOAD values at them, since job
   * parameters are text (`param:part` → `upload:<key>`).
   */
  async keepUploads(params: DaliParams, files: UploadFiles): Promise<DaliParams> {
    const uploads = params.get("UPLOAD");
    if (!uploads || files.size === 0 || !this.o.storedUploads) return params;
    const keys = new Map<string, string>();
    for (const [part, f] of files) {
      if (f.data.byteLength > this.o.limits.uploadMaxBytes) throw usageFault(`upload part ${part} is larger than the limit of ${this.o.limits.uploadMaxBytes} bytes`, { param: "UPLOAD", status: 413 });
      keys.set(part, await this.o.storedUploads.put(f.data));
    }
    const rewritten = uploads.map((v) =>
      v
        .split(";")
        .map((pair) => pair.replace(/,\s*param:([^;]+)$/, (m, part: string) => (keys.has(part.trim()) ? `,upload:${keys.get(part.trim())}` : m)))
        .join(";"),
    );
    return new Map([...params, ["UPLOAD", rewritten]]);
  }

  private async uploadBytes(uri: string, name: string, files: UploadFiles | undefined): Promise<Uint8Array> {
    const stored = STORED.exec(uri);
    if (stored && this.o.storedUploads) return this.o.storedUploads.get(stored[1] as string);
    if (uri.startsWith("param:")) {
      const part = uri.slice("param:".length);
      const f = files?.get(part);
      if (!f) throw usageFault(`UPLOAD ${name} refers to param:${part}, but the request has no such part`, { param: "UPLOAD" });
      return f.data;
    }
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw usageFault(`UPLOAD ${name}: '${uri.slice(0, 80)}' is neither param:<part> nor a URL`, { param: "UPLOAD" });
    }
    const hosts = this.o.limits.uploadHosts;
    if (!this.o.fetchUpload || (url.protocol !== "http:" && url.protocol !== "https:") || !hosts.includes(url.hostname.toLowerCase())) {
      throw usageFault(`UPLOAD ${name}: this service does not fetch tables from ${url.protocol}//${url.hostname}; send the table inline (param:)`, { param: "UPLOAD" });
    }
    return this.o.fetchUpload(url, this.o.limits.uploadMaxBytes);
  }
}

/**
 * The FIELDs of a result; with `links`, obs_publisher_did gets the XML ID the DataLink descriptor
 * refers to (`linked` then says the descriptor belongs in the answer). Kept per column list (a
 * reused translation keeps its list), so the VOTable writer can reuse what it derives from them.
 */
function resultColumns(output: readonly OutputColumn[], links: boolean): { readonly columns: readonly ResultColumn[]; readonly linked: boolean } {
  let memo = resultColumnsMemo.get(output);
  if (memo === undefined) {
    const plain = output.map(resultColumn);
    const didIndex = plain.findIndex((c) => c.utype === "obscore:Curation.publisherDID");
    const withId = didIndex < 0 ? undefined : plain.map((c, i) => (i === didIndex ? { ...c, ID: "obs_publisher_did" } : c));
    memo = { plain, withId };
    resultColumnsMemo.set(output, memo);
  }
  return links && memo.withId ? { columns: memo.withId, linked: true } : { columns: memo.plain, linked: false };
}
const resultColumnsMemo = new WeakMap<readonly OutputColumn[], { readonly plain: readonly ResultColumn[]; readonly withId: readonly ResultColumn[] | undefined }>();

/** A result column as a VOTable FIELD (TAP-13/14: the metadata TAP_SCHEMA publishes). */
export function resultColumn(c: OutputColumn): ResultColumn {
  const m = c.meta;
  return {
    name: c.name,
    datatype: m.datatype as ResultColumn["datatype"],
    ...(m.arraysize ? { arraysize: m.arraysize } : {}),
    ...(m.xtype ? { xtype: m.xtype } : {}),
    ...(m.unit ? { unit: m.unit } : {}),
    ...(m.ucd ? { ucd: m.ucd } : {}),
    ...(m.utype ? { utype: m.utype } : {}),
    ...(m.description ? { description: m.description } : {}),
  };
}

/** Database failures caused by the query (bad values, timeouts) are the user's; others ours. */
export function asQueryError(e: unknown): unknown {
  if (isSkyportError(e)) return e;
  if (!(e instanceof Error)) return e;
  const code = (e as { code?: unknown }).code;
  const pgUser = typeof code === "string" && /^(22|42|2201|57014)/.test(code);
  const sqliteUser = typeof code === "string" && code.startsWith("SQLITE_ERROR");
  const ours = e instanceof AdqlFunctionError || e instanceof GeometryError;
  if (pgUser || sqliteUser || ours) return usageFault(`query failed: ${e.message}`, { param: "QUERY" });
  return e;
}
