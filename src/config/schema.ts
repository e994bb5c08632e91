/**
 * The one typed configuration of Skyport (STYLE.md §9). Every setting has its embedded default
 * (SQLite registry, local-file datastore, in-process job queue, 127.0.0.1:8080), so an empty
 * skyport.yaml and no environment give a working server. Every leaf has a value after parsing
 * (null where "unset" is meaningful), which is also how environment names are derived.
 */
import { z } from "zod";

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

/** A boolean that also accepts the usual spellings from environment variables. */
const bool = () =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
  }, z.boolean({ error: "expected a boolean (true/false, 1/0, yes/no, on/off)" }));

/** An integer in [min, max], accepting numeric strings from the environment. */
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });

const absoluteHttpUrl = z
  .string()
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash;
      } catch {
        return false;
      }
    },
    { error: "expected an absolute http(s) URL without query or fragment, e.g. https://data.example.org/skyport" },
  )
  .transform((s) => s.replace(/\/+$/, ""));

const nonEmpty = z.string().min(1, { error: "expected a non-empty string" });

export const configSchema = z
  .object({
    /** Where the embedded registry, datastore, job results and demo release live. */
    dataDir: nonEmpty.default("./skyport-data"),
    server: z
      .object({
        host: nonEmpty.default("127.0.0.1"),
        port: int(0, 65535).default(8080),
        /**
         * The base URL every emitted URL starts with (capabilities, DataLink, job Locations).
         * null: http://<host>:<port> of the listening socket.
         */
        publicBaseUrl: absoluteHttpUrl.nullable().default(null),
        /** Largest request body accepted by default; services raise it per route (TAP UPLOAD). */
        bodyLimitBytes: int(1024, 2 ** 31 - 1).default(1024 * 1024),
        /** How long a graceful shutdown waits for in-flight requests before closing anyway. */
        shutdownGraceMs: int(0, 600_000).default(15_000),
        /** Time allowed to receive a whole request (headers and body). */
        requestTimeoutMs: int(1000, 3_600_000).default(120_000),
        /** Trust X-Forwarded-* headers from a reverse proxy. */
        trustProxy: bool().default(false),
        /** Compress responses (gzip/brotli/deflate) when the client accepts it. */
        compression: bool().default(true),
        /** CORS origins allowed for browser clients: "*" or a comma-separated list. */
        corsOrigins: nonEmpty.default("*"),
      })
      .strict()
      .prefault({}),
    registry: z
      .object({
        kind: z.enum(["sqlite", "postgres"], { error: 'expected "sqlite" or "postgres"' }).default("sqlite"),
        /** SQLite file; relative paths are under dataDir. */
        sqlitePath: nonEmpty.default("registry.sqlite3"),
        /** postgres://user@host:port/db, required when kind is "postgres". */
        postgresUrl: nonEmpty.nullable().default(null),
      })
      .strict()
      .prefault({}),
    datastore: z
      .object({
        kind: z.enum(["file", "s3"], { error: 'expected "file" or "s3"' }).default("file"),
        /** Root of the file datastore; relative paths are under dataDir. */
        root: nonEmpty.default("datastore"),
        /**
         * Largest file read done as a synchronous pread on the event loop (fast from the page cache;
         * cut-outs are hundreds of small row reads). 0 sends every read through libuv's threads, for
         * network filesystems.
         */
        syncReadMaxBytes: int(0, 64 * 1024 * 1024).default(1024 * 1024),
        /** The S3-compatible object store used when kind is "s3" (the scale-out mode). */
        s3: z
          .object({
            /** The store's endpoint as this server reaches it, e.g. http://127.0.0.1:9000. */
            endpoint: absoluteHttpUrl.nullable().default(null),
            /** The endpoint put into signed URLs handed to clients (default: endpoint). */
            publicEndpoint: absoluteHttpUrl.nullable().default(null),
            region: nonEmpty.default("us-east-1"),
            bucket: nonEmpty.nullable().default(null),
            /** Key prefix inside the bucket. */
            prefix: z.string().default(""),
            accessKeyId: nonEmpty.nullable().default(null),
            secretAccessKey: nonEmpty.nullable().default(null),
            sessionToken: nonEmpty.nullable().default(null),
            /** Path-style addressing (http://host/bucket/key), as most self-hosted stores need. */
            forcePathStyle: bool().default(true),
            /** Lifetime of signed URLs, seconds: short, as a URL outlives the access check made when it was issued. */
            signedUrlTtlS: int(1, 604_800).default(900),
            partSizeBytes: int(5 * 1024 * 1024, 5 * 1024 * 1024 * 1024).default(8 * 1024 * 1024),
            /** Send If-None-Match: * on writes that must not overwrite (stores that support it close a race). */
            conditionalWrites: bool().default(true),
            listObjectsVersion: int(1, 2).default(2),
            /** Block size of the read cache of opened objects (0: no cache). */
            readBlockBytes: int(0, 64 * 1024 * 1024).default(256 * 1024),
            /** /files/<id> answers with a redirect to a signed URL instead of streaming the bytes itself. */
            redirectFiles: bool().default(false),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    jobs: z
      .object({
        queue: z.enum(["in-process", "postgres"], { error: 'expected "in-process" or "postgres"' }).default("in-process"),
        /** Jobs run at once by one server or worker process. */
        concurrency: int(1, 256).default(2),
      })
      .strict()
      .prefault({}),
    tap: z
      .object({
        /** Rows a query returns when it gives no MAXREC. */
        maxrecDefault: int(0, 1_000_000_000).default(100_000),
        /** The most rows any query may return (a larger MAXREC is lowered to this). */
        maxrecHard: int(1, 1_000_000_000).default(10_000_000),
        /** Execution time limit of a synchronous query, seconds (enforced in the database). */
        syncTimeoutS: int(1, 86_400).default(60),
        /** Default and longest execution duration of an asynchronous query, seconds. */
        asyncTimeoutS: int(1, 86_400).default(600),
        asyncMaxTimeoutS: int(1, 604_800).default(3600),
        /** How long async results are kept, seconds. */
        retentionS: int(60, 31_536_000).default(7 * 24 * 3600),
        /** Largest UPLOAD (all tables together), bytes. */
        uploadMaxBytes: int(0, 1_073_741_824).default(16 * 1024 * 1024),
        /** Most rows of one uploaded table. */
        uploadMaxRows: int(0, 100_000_000).default(1_000_000),
        /**
         * Hosts UPLOAD may fetch http(s) tables from (comma-separated); empty = URL uploads off, so the
         * server never fetches an address a user names.
         */
        uploadHosts: z.string().default(""),
        /** Accept the ADQL 2.1 draft-only syntax (CASE, bitwise operators, hex literals). */
        draftFeatures: bool().default(false),
      })
      .strict()
      .prefault({}),
    soda: z
      .object({
        /** Most pixels of the image plane in one cut-out (mask and variance come on top). */
        maxPixels: int(1, 2 ** 31).default(64 * 1024 * 1024),
        /** Most POS + CIRCLE + POLYGON values in one request. */
        maxShapes: int(1, 10_000).default(20),
        /** Most vertices of one POLYGON. */
        maxPolygonVertices: int(3, 100_000).default(200),
        /** Most IDs in one async request (sync takes one). */
        maxIds: int(1, 100_000).default(50),
        /** Most cut-outs one async job makes (IDs × shapes × BAND × TIME × PIXELS values). */
        maxCutoutsPerJob: int(1, 1_000_000).default(500),
        /** Default and longest execution duration of an async cut-out job, seconds. */
        asyncTimeoutS: int(1, 86_400).default(600),
        asyncMaxTimeoutS: int(1, 604_800).default(3600),
        /** How long async cut-outs are kept, seconds. */
        retentionS: int(60, 31_536_000).default(7 * 24 * 3600),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /**
         * Scopes an anonymous caller has, per service (comma-separated: read:image, read:tap,
         * exec:jobs). The default opens everything a public survey serves; "none" closes a service
         * to callers without a token. Data the policy restricts stays restricted either way.
         */
        anonymous: z
          .object({
            tap: z.string().default("read:tap,exec:jobs"),
            sia: z.string().default("read:image"),
            datalink: z.string().default("read:image"),
            soda: z.string().default("read:image,exec:jobs"),
            hips: z.string().default("read:image"),
          })
          .strict()
          .prefault({}),
        /** Seconds a verified token is remembered (a revocation takes at most this long). */
        tokenCacheS: int(0, 3600).default(10),
        /** Realm named in WWW-Authenticate challenges. */
        realm: z.string().regex(/^[A-Za-z0-9 ._-]{1,64}$/, { error: "expected 1-64 letters, digits, spaces or . _ -" }).default("skyport"),
        /**
         * An external identity provider's tokens (OIDC/JWT), accepted beside Skyport's own: the
         * JWKS as a file path or an https URL, the issuer and audience to require ("" = off).
         */
        jwt: z
          .object({
            jwks: z.string().default(""),
            issuer: z.string().default(""),
            audience: z.string().default(""),
            groupsClaim: z.string().default("groups"),
          })
          .strict()
          .prefault({}),
        /**
         * Requests per minute per caller (token subject, or client address when anonymous) and
         * service; 0 = unlimited (the default). LSST's idfprod quotas are tap 1000, sia 70,
         * soda (vo-cutouts) 35, hips 1000. Counted per server process.
         */
        rateLimits: z
          .object({
            tap: int(0, 1_000_000).default(0),
            sia: int(0, 1_000_000).default(0),
            datalink: int(0, 1_000_000).default(0),
            soda: int(0, 1_000_000).default(0),
            hips: int(0, 1_000_000).default(0),
          })
          .strict()
          .prefault({}),
        /**
         * Async jobs one owner (per service) may have queued or executing at once; RUN beyond it
         * answers HELD until one ends (UWS 1.1). 0 = no limit. Anonymous callers share one owner.
         */
        maxActiveJobs: int(0, 10_000).default(0),
      })
      .strict()
      .prefault({}),
    demo: z
      .object({
        /** Generate the demo data release when `serve` finds no repository. */
        autoCreate: bool().default(true),
        visits: int(2, 1000).default(12),
        seed: int(0, 2 ** 31 - 1).default(1),
        /** Sensor size in pixels of the demo camera. */
        detectorSize: int(128, 4096).default(2048),
        /** Tile-compress the demo images (RICE_1, quantised floats). */
        compress: bool().default(true),
        /**
         * The release's reference time, an ISO 8601 instant ("" = when it is made): its last visits
         * fall within the 6 hours before it, so with the default they are under embargo at first.
         */
        now: z
          .string()
          .refine((s) => s === "" || (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s))), {
            error: "expected an ISO 8601 instant with a zone, e.g. 2026-11-24T04:00:00Z, or empty for now",
          })
          .default(""),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z
          .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
            error: "expected one of fatal, error, warn, info, debug, trace, silent",
          })
          .default("info"),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.datastore.kind === "s3") {
      for (const key of ["endpoint", "bucket", "accessKeyId", "secretAccessKey"] as const) {
        if (c.datastore.s3[key] === null) ctx.addIssue({ code: "custom", path: ["datastore", "s3", key], message: 'required when datastore.kind is "s3"' });
      }
    }
    if (c.registry.kind === "postgres" && c.registry.postgresUrl === null) {
      ctx.addIssue({
        code: "custom",
        path: ["registry", "postgresUrl"],
        message: 'required when registry.kind is "postgres" (e.g. postgres://user@127.0.0.1:5432/skyport)',
      });
    }
  });

export type SkyportConfig = z.infer<typeof configSchema>;
