/**
 * The composition root (STYLE.md §1): reads nothing itself, takes the loaded configuration, builds
 * the concrete backends and hands them to services and the HTTP edge. No other module picks an
 * implementation. Later issues add the registry, datastore, job system and protocol services here.
 */
import { access, constants, mkdir } from "node:fs/promises";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import pino from "pino";
import type { SkyportConfig } from "./config/index.js";
import { buildHttpApp, type HttpPlugin } from "./http/app.js";
import { PublicBaseUrl } from "./http/base-url.js";
import { vosiPlugin } from "./http/plugins/vosi.js";
import { Butler } from "./repo/butler.js";
import { createDemoRelease } from "./repo/demo/index.js";
import { createObsCoreIndexer, fitsImageShape } from "./repo/obscore/index.js";
import { type Datastore, FileDatastore, S3Datastore } from "./repo/datastore/index.js";
import { openRegistry, type RegistryLocation, RegistryError } from "./repo/registry/index.js";
import { randomBytes } from "node:crypto";
import { renderError } from "./http/errors.js";
import { tapPlugin } from "./http/plugins/tap.js";
import { SkyportError } from "./lib/errors/index.js";
import { uwsPlugin } from "./http/plugins/uws.js";
import { filesOf } from "./http/multipart.js";
import { ExecutorRegistry, JobPool, type JobQueue, REMOTE_QUEUE, ResultArea, SqlJobStore } from "./jobs/index.js";
import { DEFAULT_OBSCORE_CONFIG, ObsCoreStore, publisherDids, tapSchemaDescription } from "./repo/obscore/index.js";
import { tapAuxiliaryCapabilities, tapCapability } from "./services/tap/documents/index.js";
import { type TapLimits, TapService, tapExecutor } from "./services/tap/index.js";
import { PhaseChangeHub, UwsService } from "./services/uws/index.js";
import { datalinkPlugin, type FileSource, filesPlugin } from "./http/plugins/datalink.js";
import { siaPlugin } from "./http/plugins/sia.js";
import { LinksService, PreviewService } from "./services/datalink/index.js";

import { SiaService } from "./services/sia/index.js";
import { type SodaDataset, type SodaDatasets, SodaService, sodaExecutor } from "./services/soda/index.js";
import { boundingCircle } from "./lib/sphere/index.js";
import { sodaPlugin } from "./http/plugins/soda.js";
import { SKYPORT_VERSION } from "./version.js";
import { type CapabilityDescription, VosiService, vosiCapabilities } from "./services/vosi/index.js";
import { HttpAuth } from "./http/auth.js";
import { RateLimiter } from "./http/rate-limit.js";
import { firstOf, type Identity, isScope, JwtVerifier, type Scope, SqlTokenStore, type TokenVerifier } from "./repo/auth/index.js";
import { AccessControl } from "./repo/policy/index.js";

/** Where the configured registry lives. */
export function registryLocation(config: SkyportConfig): RegistryLocation {
  if (config.registry.kind === "postgres") return { kind: "postgres", url: config.registry.postgresUrl! };
  return { kind: "sqlite", path: config.registry.sqlitePath };
}

/**
 * Opens the configured repository (registry and datastore) as a Butler. With `create`, a missing
 * repository is created (schema, data directory); otherwise its absence is an error.
 */
export async function openRepository(config: SkyportConfig, options: { create?: boolean; universeConfig?: unknown } = {}): Promise<Butler> {
  await mkdir(config.dataDir, { recursive: true });
  const registry = await openRegistry(registryLocation(config), { create: options.create ?? false, ...(options.universeConfig ? { universeConfig: options.universeConfig } : {}) });
  const datastore = await openDatastore(config);
  const indexer = obsCoreIndexer(datastore);
  // A table from before release facts were kept gets them now, so the policy applies at once.
  if (await indexer.ensureSchema(registry.sql)) await indexer.rebuild(registry);
  return new Butler(registry, datastore, undefined, indexer);
}

/**
 * The configured datastore: local files (the embedded default) or an S3-compatible object store
 * (the scale-out mode), checked to be usable.
 */
export async function openDatastore(config: SkyportConfig): Promise<Datastore> {
  if (config.datastore.kind === "s3") {
    const o = config.datastore.s3;
    const store = new S3Datastore({
      endpoint: o.endpoint!,
      region: o.region,
      bucket: o.bucket!,
      prefix: o.prefix,
      accessKeyId: o.accessKeyId!,
      secretAccessKey: o.secretAccessKey!,
      forcePathStyle: o.forcePathStyle,
      signedUrlTtlS: o.signedUrlTtlS,
      partSizeBytes: o.partSizeBytes,
      conditionalWrites: o.conditionalWrites,
      listObjectsVersion: o.listObjectsVersion as 1 | 2,
      readBlockBytes: o.readBlockBytes,
      ...(o.publicEndpoint ? { publicEndpoint: o.publicEndpoint } : {}),
      ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}),
    });
    await store.check();
    return store;
  }
  await mkdir(config.datastore.root, { recursive: true });
  return new FileDatastore(config.datastore.root, { syncReadMaxBytes: config.datastore.syncReadMaxBytes });
}

/**
 * The ObsCore/CAOM2/visit-table indexer, with image sizes read from the stored FITS headers. The
 * same options serve the live hooks and `skyport obscore rebuild`, so a rebuild compares like with
 * like.
 */
export function obsCoreIndexer(datastore: Datastore) {
  return createObsCoreIndexer({ imageShape: fitsImageShape((path) => datastore.open(path)) });
}

export interface SkyportServer {
  readonly app: FastifyInstance;
  readonly vosi: VosiService;
  readonly logger: FastifyBaseLogger;
  /** Starts listening; resolves with the bound address and the public base URL. */
  listen(): Promise<{ host: string; port: number; baseUrl: string }>;
  /**
   * Graceful shutdown: availability turns false, new connections are refused, in-flight requests
   * finish (up to server.shutdownGraceMs), then backends close. Jobs are left resumable.
   */
  close(): Promise<void>;
}

export interface ComposeOptions {
  /** A logger to use instead of a new pino JSON logger on stdout (tests pass a silent one). */
  readonly logger?: FastifyBaseLogger;
  /** The repository the services read (opened by the caller; closed by close()). */
  readonly butler?: Butler;
  /** The clock of access decisions (tests move it past an embargo). */
  readonly clock?: () => Date;
}

/**
 * Opens the configured repository, creating it when absent (the embedded default: `npm start` on a
 * fresh machine gets a working repository without any setup).
 */
export async function ensureRepository(config: SkyportConfig, say: (line: string) => void = () => undefined): Promise<Butler> {
  try {
    return await openRepository(config, { create: false });
  } catch (e) {
    if (!(e instanceof RegistryError) || e.kind !== "missing") throw e;
  }
  say(`no repository at ${config.dataDir}: creating one`);
  const butler = await openRepository(config, { create: true });
  if (config.demo.autoCreate) {
    say(`generating the demo data release (${config.demo.visits} visits, ${config.demo.detectorSize}² px sensors, seed ${config.demo.seed}); set demo.autoCreate=false to skip`);
    const started = Date.now();
    let lastPct = -10;
    try {
      const summary = await createDemoRelease(butler, {
        visits: config.demo.visits,
        seed: config.demo.seed,
        detectorSize: config.demo.detectorSize,
        compress: config.demo.compress,
        ...(config.demo.now !== "" ? { now: new Date(config.demo.now) } : {}),
        onProgress: (done, total) => {
          const pct = Math.floor((100 * done) / Math.max(1, total));
          if (pct >= lastPct + 10) {
            lastPct = pct;
            say(`  demo: ${pct}% (${done}/${total} datasets)`);
          }
        },
      });
      const n = Object.values(summary.datasets).reduce((a, b) => a + b, 0);
      say(`demo release ready: ${n} datasets, ${(summary.bytes / 2 ** 20).toFixed(0)} MiB, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } catch (e) {
      await butler.close();
      throw e;
    }
  }
  return butler;
}

/**
 * Fetches an http(s) UPLOAD table (the service has already checked the host against
 * tap.uploadHosts): no redirects, a time limit, and a size limit enforced while reading.
 */
async function fetchUploadTable(url: URL, maxBytes: number): Promise<Uint8Array> {
  const res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => {
    throw new SkyportError({ code: "UsageFault", message: `UPLOAD: cannot fetch ${url.href}: ${(e as Error).message}`, param: "UPLOAD" });
  });
  if (!res.ok || !res.body) throw new SkyportError({ code: "UsageFault", message: `UPLOAD: ${url.href} answered HTTP ${res.status}`, param: "UPLOAD" });
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    n += chunk.byteLength;
    if (n > maxBytes) throw new SkyportError({ code: "TooLarge", message: `UPLOAD: ${url.href} is larger than the limit of ${maxBytes} bytes`, param: "UPLOAD" });
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** The TAP limits from configuration. */
export function tapLimits(config: SkyportConfig): TapLimits {
  const t = config.tap;
  return {
    ...t,
    uploadHosts: t.uploadHosts
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ""),
  };
}

/**
 * The job system every async service shares: one job store in the registry database, one result
 * area in the datastore, one pool running every kind of job (started once all executors are
 * registered), and the hub that wakes UWS WAIT requests.
 */
async function composeJobs(config: SkyportConfig, butler: Butler, logger: FastifyBaseLogger) {
  const database = butler.registry.database;
  if (!database) throw new Error("the registry has no database handle");
  const store = new SqlJobStore(database, { skipLocked: config.registry.kind === "postgres" });
  await store.init();
  const results = new ResultArea(butler.datastore);
  // WAIT requests wake on this process's own phase changes instead of at their next poll.
  const phaseChanges = new PhaseChangeHub();
  const executors = new ExecutorRegistry();
  const pool = new JobPool({
    store,
    executors,
    results,
    concurrency: config.jobs.concurrency,
    onEvent: (e) => {
      if ("jobId" in e) phaseChanges.changed(e.jobId);
      logger.debug({ job: e }, "job event");
    },
  });
  // With the postgres queue, `skyport worker` processes run the jobs; this server only records them.
  const inProcess = config.jobs.queue === "in-process";
  const queue: JobQueue = inProcess ? pool : REMOTE_QUEUE;
  return {
    store,
    results,
    phaseChanges,
    executors,
    queue,
    start: () => {
      if (inProcess) pool.start();
    },
    stop: () => pool.stop(),
  };
}

type Jobs = Awaited<ReturnType<typeof composeJobs>>;

/**
 * TAP with its async jobs: the service over the registry's database, its executor in the shared
 * pool, the UWS service, and the plugins for /tap, /tap/async and the TAP VOSI resources.
 */
/**
 * The repository's access control (repo/policy): the stored policy, row restrictions and direct-read
 * checks, with restricted reads written to the log as audit lines.
 */
export function newAccessControl(butler: Butler, logger?: FastifyBaseLogger, clock?: () => Date): AccessControl {
  return new AccessControl({
    registry: butler.registry,
    ...(clock ? { clock } : {}),
    ...(logger ? { audit: (event) => logger.info({ audit: event }, "audit: access to restricted data") } : {}),
  });
}

/** The TAP service over the repository's database (schema set-up is init(), done by the server). */
export function newTapService(config: SkyportConfig, butler: Butler, access: AccessControl = newAccessControl(butler)): TapService {
  const database = butler.registry.database;
  if (!database) throw new Error("the registry has no database handle");
  const datastore = butler.datastore;
  return new TapService({
    database,
    tables: tapSchemaDescription(DEFAULT_OBSCORE_CONFIG),
    limits: tapLimits(config),
    access,
    fetchUpload: fetchUploadTable,
    storedUploads: {
      async put(data) {
        const key = `tap-uploads/${randomBytes(12).toString("hex")}.vot`;
        await datastore.put(key, data);
        return key;
      },
      async get(key) {
        const f = await datastore.open(key);
        try {
          const size = (await datastore.stat(key))?.size ?? 0;
          return await f.read(0, size);
        } finally {
          await f.close();
        }
      },
    },
  });
}

/** The SODA service over the repository. */
export function newSodaService(config: SkyportConfig, butler: Butler, access: AccessControl = newAccessControl(butler)): SodaService {
  return new SodaService({ datasets: sodaDatasets(butler, access), limits: config.soda, version: `skyport ${SKYPORT_VERSION}` });
}

/**
 * The executors of the services' async jobs (TAP queries, SODA cut-outs), for the server's own
 * pool and for `skyport worker` processes in the scale-out mode: both run the same code.
 */
export function serviceExecutors(config: SkyportConfig, butler: Butler, into: ExecutorRegistry = new ExecutorRegistry(), access: AccessControl = newAccessControl(butler)): ExecutorRegistry {
  return into.register("tap", tapExecutor(newTapService(config, butler, access))).register("soda", sodaExecutor(newSodaService(config, butler, access)));
}

async function composeTap(config: SkyportConfig, butler: Butler, rootVosi: VosiService, jobs: Jobs, access: AccessControl) {
  const tap = newTapService(config, butler, access);
  await tap.init();
  const uws = new UwsService({
    store: jobs.store,
    queue: jobs.queue,
    results: jobs.results,
    kind: "tap",
    phaseChanges: jobs.phaseChanges,
    limits: {
      defaultExecutionDurationS: config.tap.asyncTimeoutS,
      maxExecutionDurationS: config.tap.asyncMaxTimeoutS,
      retentionS: config.tap.retentionS,
      maxActivePerOwner: config.auth.maxActiveJobs,
    },
  });
  const tapVosi = new VosiService();
  const capability = tapCapability(tap.capabilityModel(), "/tap");
  tapVosi.registerCapabilities(...vosiCapabilities("/tap"), capability, ...tapAuxiliaryCapabilities("/tap", { examples: true }));
  rootVosi.registerCapabilities(capability);
  for (const probe of rootVosi.listProbes()) tapVosi.registerProbe(probe);
  return {
    service: tap,
    plugins: [
      tapPlugin(tap),
      uwsPlugin({
        prefix: "/tap/async",
        service: uws,
        name: "tap-async",
        access: { service: "tap", scopes: ["read:tap", "exec:jobs"] },
        bodyLimit: config.tap.uploadMaxBytes + (1 << 20),
        errorDocument: (message, jobId) => {
          const doc = renderError(new SkyportError({ code: "UsageFault", message }), "dali", jobId, "votable");
          return { type: doc.contentType, body: doc.body };
        },
        transformParams: (request, params) => tap.keepUploads(params, new Map([...filesOf(request.body)].map(([k, f]) => [k, { data: f.data }]))) }),
      vosiPlugin(tapVosi, new Date(), "/tap"),
    ],
  };
}

/**
 * The repository side of SODA: IDs (publisher DIDs) → datasets with their files and ranges, only
 * those the caller may see (others answer as unknown IDs).
 */
export function sodaDatasets(butler: Butler, access?: AccessControl): SodaDatasets {
  const dids = publisherDids(DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt);
  const obscore = new ObsCoreStore(butler.registry.sql);
  // Sky-region IDs: the DID prefix with `mosaic=<coadd type>&band=<band>` or
  // `mosaic=<visit-level type>&visit=<visit>` instead of `id=<uuid>`.
  const prefix = DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt.split("{id}")[0]!.replace(/id=$/, "");
  const mosaicId = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}mosaic=([A-Za-z0-9_]+)&(band|visit)=([A-Za-z0-9_]+)$`);
  /** A dataset the caller has already been allowed to see. */
  const dataset = async (uuid: string): Promise<SodaDataset | undefined> => {
    const [ref, rec] = await Promise.all([butler.registry.getDataset(uuid), butler.registry.getDatastoreRecord(uuid)]);
    if (!ref || !rec) return undefined;
    return {
      uuid,
      datasetType: ref.datasetType,
      dataId: ref.dataId,
      fileToken: rec.checksum ?? `${rec.path}:${rec.fileSize}`,
      ranges: async () => (await obsCoreRanges(obscore, uuid)) ?? {},
      open: () => butler.open(uuid),
    };
  };
  return {
    async resolve(id, identity) {
      const uuid = dids.uuidOf(id.trim());
      if (!uuid) return undefined;
      if (access && !(await access.visible(identity, [uuid], "soda")).has(uuid)) return undefined;
      return dataset(uuid);
    },
    async resolveMosaic(id, identity) {
      const m = mosaicId.exec(id.trim());
      if (!m) return undefined;
      const [, datasetType, key, value] = m as unknown as [string, string, "band" | "visit", string];
      const type = await butler.registry.getDatasetType(datasetType);
      const spatial = key === "band" ? "patch" : "detector";
      if (!type?.dimensions.includes(spatial) || !type.dimensions.includes(key)) return undefined;
      if (key === "visit" && !/^\d+$/.test(value)) return undefined;
      const dataId: Record<string, string | number> = key === "band" ? { band: value } : { visit: Number(value) };
      return {
        datasetType,
        label: id.trim(),
        async find(shape) {
          const runs = (await butler.registry.queryCollections(undefined, ["RUN"])).map((c) => c.name);
          const c = boundingCircle(shape);
          const refs = await butler.registry.queryDatasets(datasetType, { collections: runs, findFirst: false, dataId, region: { kind: "circle", raDeg: c.raDeg, decDeg: c.decDeg, radiusDeg: c.radiusDeg } });
          // One policy check for all of them.
          const seen = access ? await access.visible(identity, refs.map((r) => r.id), "soda") : undefined;
          const found = await Promise.all(refs.filter((r) => !seen || seen.has(r.id)).map((r) => dataset(r.id)));
          return found.filter((d): d is SodaDataset => d !== undefined);
        },
      };
    },
  };
}

/** A dataset's band and time ranges from its ObsCore row (undefined without a row). */
async function obsCoreRanges(obscore: ObsCoreStore, uuid: string): Promise<{ band?: [number, number]; time?: [number, number] } | undefined> {
  const v = (await obscore.rows([uuid]))[0]?.values;
  if (!v) return undefined;
  const pair = (a: unknown, b: unknown): [number, number] | undefined => (typeof a === "number" && typeof b === "number" ? [a, b] : undefined);
  const band = pair(v.em_min, v.em_max);
  const time = pair(v.t_min, v.t_max);
  return { ...(band ? { band } : {}), ...(time ? { time } : {}) };
}

/** SODA cut-outs: /soda/sync, /soda/async (UWS) and the SODA VOSI resources. */
function composeSoda(config: SkyportConfig, butler: Butler, rootVosi: VosiService, jobs: Jobs, access: AccessControl): HttpPlugin[] {
  const soda = newSodaService(config, butler, access);
  const uws = new UwsService({
    store: jobs.store,
    queue: jobs.queue,
    results: jobs.results,
    kind: "soda",
    phaseChanges: jobs.phaseChanges,
    limits: {
      defaultExecutionDurationS: config.soda.asyncTimeoutS,
      maxExecutionDurationS: config.soda.asyncMaxTimeoutS,
      retentionS: config.soda.retentionS,
      maxActivePerOwner: config.auth.maxActiveJobs,
    },
  });
  const sodaVosi = new VosiService();
  const caps: CapabilityDescription[] = [
    { standardID: "ivo://ivoa.net/std/SODA#sync-1.0", interfaces: [{ type: "vs:ParamHTTP", path: "/soda/sync", use: "full", role: "std", queryTypes: ["GET", "POST"], resultType: "application/fits" }] },
    { standardID: "ivo://ivoa.net/std/SODA#async-1.0", interfaces: [{ type: "vs:ParamHTTP", path: "/soda/async", use: "full", role: "std", queryTypes: ["GET", "POST"], resultType: "application/xml" }] },
  ];
  sodaVosi.registerCapabilities(...vosiCapabilities("/soda"), ...caps);
  rootVosi.registerCapabilities(...caps);
  for (const probe of rootVosi.listProbes()) sodaVosi.registerProbe(probe);
  return [sodaPlugin(soda), uwsPlugin({ prefix: "/soda/async", service: uws, name: "soda-async", access: { service: "soda", scopes: ["read:image", "exec:jobs"] } }), vosiPlugin(sodaVosi, new Date(), "/soda")];
}

/** DataLink {links}, previews and the stable file URLs. */
function composeDatalink(config: SkyportConfig, butler: Butler, rootVosi: VosiService, access: AccessControl): HttpPlugin[] {
  const dids = publisherDids(DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt);
  const obscore = new ObsCoreStore(butler.registry.sql);
  const regionPrefix = DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt.split("{id}")[0]!.replace(/id=$/, "");
  const links = new LinksService({
    registry: butler.registry,
    access,
    ...dids,
    maxIds: 200,
    // The sky-region IDs SODA stitches (sodaDatasets.resolveMosaic): a coadd's type and band, a visit image's visit.
    regionIdOf(ref) {
      const d = ref.dataId;
      if (typeof d.patch === "number" && typeof d.band === "string") return `${regionPrefix}mosaic=${ref.datasetType}&band=${d.band}`;
      if (typeof d.visit === "number" && typeof d.detector === "number") return `${regionPrefix}mosaic=${ref.datasetType}&visit=${d.visit}`;
      return undefined;
    },
    rangesOf: (uuid) => obsCoreRanges(obscore, uuid),
  });
  rootVosi.registerCapabilities({
    standardID: "ivo://ivoa.net/std/DataLink#links-1.1",
    interfaces: [{ type: "vs:ParamHTTP", path: "/datalink/links", use: "full", role: "std", queryTypes: ["GET", "POST"], resultType: "application/x-votable+xml;content=datalink" }],
  });
  const ds = butler.datastore;
  const redirect = config.datastore.kind === "s3" && config.datastore.s3.redirectFiles && ds.signedUrl !== undefined;
  const files: FileSource = {
    async find(uuid, identity) {
      const seen = (await access.check(identity, [uuid], "files")).get(uuid);
      if (!seen) return undefined;
      const rec = await butler.registry.getDatastoreRecord(uuid);
      if (!rec) return undefined;
      const st = await ds.stat(rec.path);
      if (!st) return undefined;
      return {
        size: st.size,
        checksum: rec.checksum,
        mtime: st.mtime,
        restricted: seen === "restricted",
        stream: (range) => ds.stream(rec.path, range),
        // Scale-out: clients fetch the bytes from the object store with a short-lived signed URL.
        ...(redirect ? { directUrl: () => ds.signedUrl!(rec.path, { contentType: "application/fits", contentDisposition: `attachment; filename="${uuid}.fits"` }) } : {}),
      };
    },
  };
  const previewService = new PreviewService(butler);
  const previews = {
    async preview(uuid: string, kind: "png" | "jpg", identity: Identity) {
      const seen = (await access.check(identity, [uuid], "preview")).get(uuid);
      if (!seen) return undefined;
      const p = await previewService.preview(uuid, kind);
      return p && { ...p, restricted: seen === "restricted" };
    },
  };
  return [datalinkPlugin(links, previews), filesPlugin(files)];
}

/** Scopes from a comma-separated configuration value (unknown names are a configuration error). */
export function scopeList(value: string, key: string): Scope[] {
  if (value.trim() === "none") return [];
  const names = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const n of names) if (!isScope(n)) throw new Error(`config ${key}: unknown scope ${JSON.stringify(n)} (read:image, read:tap, exec:jobs, admin)`);
  return names as Scope[];
}

/**
 * Authentication at the edge: tokens from the registry's token store, and an external identity
 * provider's JWTs when auth.jwt is set; anonymous scopes and quotas per service from configuration.
 */
async function composeAuth(config: SkyportConfig, butler: Butler, logger: FastifyBaseLogger): Promise<HttpAuth> {
  const database = butler.registry.database;
  if (!database) throw new Error("the registry has no database handle");
  const store = new SqlTokenStore(database);
  await store.init();
  const verifiers: TokenVerifier[] = [store];
  const jwt = config.auth.jwt;
  if (jwt.jwks !== "") {
    if (jwt.issuer === "") throw new Error("config auth.jwt.issuer: required with auth.jwt.jwks");
    const jwks = /^https?:\/\//.test(jwt.jwks) ? { url: jwt.jwks } : { file: jwt.jwks };
    const onError = (e: unknown) => logger.warn({ err: e }, "identity provider: JWKS unavailable");
    verifiers.push(new JwtVerifier({ jwks, issuer: jwt.issuer, ...(jwt.audience !== "" ? { audience: jwt.audience } : {}), groupsClaim: jwt.groupsClaim, onError }));
  }
  const anonymous = new Map(Object.entries(config.auth.anonymous).map(([service, v]) => [service, scopeList(v, `auth.anonymous.${service}`)]));
  const limits = config.auth.rateLimits;
  const limited = Object.values(limits).some((n) => n > 0);
  return new HttpAuth({
    verifier: verifiers.length === 1 ? store : firstOf(...verifiers, { onError: (e: unknown) => logger.warn({ err: e }, "token verifier failed") }),
    anonymousScopes: (service) => anonymous.get(service) ?? [],
    realm: config.auth.realm,
    tokenCacheMs: config.auth.tokenCacheS * 1000,
    ...(limited ? { rateLimiter: new RateLimiter({ limits }) } : {}),
  });
}

/** SIA 2.0 over the TAP service, with its own VOSI resources under /sia. */
function composeSia(tap: TapService, rootVosi: VosiService): HttpPlugin[] {
  const sia = new SiaService(tap);
  const siaVosi = new VosiService();
  const capability: CapabilityDescription = {
    standardID: "ivo://ivoa.net/std/SIA#query-2.0",
    interfaces: [{ type: "vs:ParamHTTP", path: "/sia/query", use: "full", role: "std", version: "2.0", queryTypes: ["GET", "POST"], resultType: "application/x-votable+xml" }],
  };
  siaVosi.registerCapabilities(...vosiCapabilities("/sia"), capability);
  rootVosi.registerCapabilities(capability);
  for (const probe of rootVosi.listProbes()) siaVosi.registerProbe(probe);
  return [siaPlugin(sia), vosiPlugin(siaVosi, new Date(), "/sia")];
}

/** Builds the whole server from configuration. */
export async function composeServer(config: SkyportConfig, options: ComposeOptions = {}): Promise<SkyportServer> {
  const logger: FastifyBaseLogger =
    options.logger ?? pino({ level: config.log.level, base: { service: "skyport" }, timestamp: pino.stdTimeFunctions.isoTime });
  await mkdir(config.dataDir, { recursive: true });

  const vosi = new VosiService();
  vosi.registerCapabilities(...vosiCapabilities(""));
  vosi.registerProbe({
    name: "data directory",
    async check() {
      await access(config.dataDir, constants.R_OK | constants.W_OK);
    },
  });

  const butler = options.butler;
  if (butler) {
    vosi.registerProbe({
      name: "registry",
      async check() {
        await butler.registry.queryDatasetTypes("skyport-availability-probe");
      },
    });
    vosi.registerProbe({
      name: "datastore",
      async check() {
        if (butler.datastore.check) await butler.datastore.check();
        else await butler.datastore.exists("skyport-availability-probe");
      },
    });
  }

  const plugins: HttpPlugin[] = [vosiPlugin(vosi)];
  const stops: (() => Promise<void>)[] = [];
  let auth: HttpAuth | undefined;
  if (butler) {
    const access = newAccessControl(butler, logger, options.clock);
    auth = await composeAuth(config, butler, logger);
    const jobs = await composeJobs(config, butler, logger);
    serviceExecutors(config, butler, jobs.executors, access);
    const tap = await composeTap(config, butler, vosi, jobs, access);
    plugins.push(...tap.plugins, ...composeSia(tap.service, vosi), ...composeDatalink(config, butler, vosi, access), ...composeSoda(config, butler, vosi, jobs, access));
    jobs.start();
    stops.push(jobs.stop);
  }
  const baseUrl = new PublicBaseUrl(config.server.publicBaseUrl);
  const app = await buildHttpApp({
    logger,
    baseUrl,
    bodyLimitBytes: config.server.bodyLimitBytes,
    requestTimeoutMs: config.server.requestTimeoutMs,
    trustProxy: config.server.trustProxy,
    compression: config.server.compression,
    corsOrigins: config.server.corsOrigins,
    plugins,
    ...(auth ? { auth } : {}),
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    vosi,
    logger,
    async listen() {
      await app.listen({ host: config.server.host, port: config.server.port });
      const addr = app.server.address();
      const port = typeof addr === "object" && addr ? addr.port : config.server.port;
      baseUrl.setListening(config.server.host, port);
      const publicUrl = baseUrl.forRequest({ protocol: "http", host: `${config.server.host}:${port}` });
      logger.info({ host: config.server.host, port, baseUrl: publicUrl }, "skyport listening");
      return { host: config.server.host, port, baseUrl: publicUrl };
    },
    close() {
      closing ??= (async () => {
        vosi.startDraining();
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), config.server.shutdownGraceMs);
        });
        const outcome = await Promise.race([app.close().then(() => "closed" as const), grace]);
        clearTimeout(timer);
        if (outcome === "timeout") {
          logger.warn({ graceMs: config.server.shutdownGraceMs }, "in-flight requests did not finish in time; closing connections");
          app.server.closeAllConnections();
        }
        for (const stop of stops) await stop();
        await butler?.close();
        logger.info("skyport stopped");
      })();
      return closing;
    },
  };
}
