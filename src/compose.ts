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
import { FileDatastore } from "./repo/datastore/index.js";
import { openRegistry, type RegistryLocation, RegistryError } from "./repo/registry/index.js";
import { VosiService, vosiCapabilities } from "./services/vosi/index.js";

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
  await mkdir(config.datastore.root, { recursive: true });
  const datastore = new FileDatastore(config.datastore.root);
  const indexer = obsCoreIndexer(datastore);
  await indexer.ensureSchema(registry.sql);
  return new Butler(registry, datastore, undefined, indexer);
}

/**
 * The ObsCore/CAOM2/visit-table indexer, with image sizes read from the stored FITS headers. The
 * same options serve the live hooks and `skyport obscore rebuild`, so a rebuild compares like with
 * like.
 */
export function obsCoreIndexer(datastore: FileDatastore) {
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
        await butler.datastore.exists("skyport-availability-probe");
      },
    });
  }

  const plugins: HttpPlugin[] = [vosiPlugin(vosi)];
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
        await butler?.close();
        logger.info("skyport stopped");
      })();
      return closing;
    },
  };
}
