/**
 * Loading the configuration once at start: defaults, then skyport.yaml, then SKYPORT_* environment
 * variables (highest precedence). Environment names are derived from the schema's leaf paths
 * (server.publicBaseUrl → SKYPORT_SERVER_PUBLIC_BASE_URL), so an unknown or misspelt variable is
 * an error too, not silently ignored. Any fault becomes one ConfigError line naming the key.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { configSchema, type SkyportConfig } from "./schema.js";

export const ENV_PREFIX = "SKYPORT_";

/** A configuration fault: its message is one line naming the key and what is allowed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

function camelToSnake(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** Leaf paths of the default configuration, e.g. ["server","port"]. */
export function configLeafPaths(): string[][] {
  const out: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isTree(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    else out.push(path);
  };
  walk(configSchema.parse({}), []);
  return out;
}

/** The environment variable for a leaf path. */
export function envNameFor(path: readonly string[]): string {
  return ENV_PREFIX + path.map(camelToSnake).join("_");
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isTree(next)) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const dd = distance(name, c);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export interface LoadOptions {
  /** Path of the YAML file; when absent, ./skyport.yaml is read if it exists. */
  readonly file?: string | undefined;
  /** Environment to read SKYPORT_* from (process.env at the edge; a plain object in tests). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against (the working directory at the edge). */
  readonly cwd: string;
}

export interface LoadedConfig {
  readonly config: SkyportConfig;
  /** Where each non-default leaf came from, keyed by dotted path: a file name or env variable. */
  readonly sources: Readonly<Record<string, string>>;
}

function readYaml(path: string, explicit: boolean): Tree {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(`config file ${path}: cannot be read (${(e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`config file ${path}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isTree(doc)) throw new ConfigError(`config file ${path}: expected a mapping of settings at the top level`);
  return doc;
}

function recordSources(tree: Tree, origin: string, prefix: string[], out: Record<string, string>): void {
  for (const [k, v] of Object.entries(tree)) {
    if (isTree(v)) recordSources(v, origin, [...prefix, k], out);
    else out[[...prefix, k].join(".")] = origin;
  }
}

/** Loads and validates the configuration; throws ConfigError with a one-line message. */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const explicit = options.file !== undefined;
  const file = resolve(options.cwd, options.file ?? "skyport.yaml");
  const raw = readYaml(file, explicit);
  const sources: Record<string, string> = {};
  recordSources(raw, file, [], sources);

  const leaves = configLeafPaths();
  const byEnv = new Map(leaves.map((p) => [envNameFor(p), p]));
  for (const [name, value] of Object.entries(options.env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    // SKYPORT_CONFIG names the file itself; SKYPORT_SHARED and test switches are not settings.
    if (name === "SKYPORT_CONFIG" || name === "SKYPORT_SHARED" || name.startsWith("SKYPORT_TEST_") || name.startsWith("SKYPORT_REQUIRE_") || name.startsWith("SKYPORT_ORACLE_")) continue;
    const path = byEnv.get(name);
    if (!path) {
      const hint = closest(name, [...byEnv.keys()]);
      throw new ConfigError(`${name}: unknown setting${hint ? ` (did you mean ${hint}?)` : ""}`);
    }
    setPath(raw, path, value === "" || value.toLowerCase() === "null" ? null : value);
    sources[path.join(".")] = name;
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.map(String).join(".");
    const origin = sources[key];
    const where = origin ? ` (from ${origin.startsWith(ENV_PREFIX) ? origin : `${origin}`})` : "";
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      const known = leaves.filter((p) => p.slice(0, -1).join(".") === key).map((p) => p.at(-1)!);
      const keys = issue.keys.map((k) => (key ? `${key}.${k}` : k));
      const hint = closest(issue.keys[0]!, known.length ? known : Object.keys(configSchema.shape));
      throw new ConfigError(`${keys.join(", ")}: unknown setting${hint ? ` (did you mean ${key ? `${key}.` : ""}${hint}?)` : ""}${origin ? ` in ${origin}` : ` in ${file}`}`);
    }
    if (issue.code === "invalid_type" && !key.includes(".") && key !== "dataDir") message = "expected a mapping of settings";
    throw new ConfigError(`${key || "(root)"}${where}: ${message.replace(/\s+/g, " ")}`);
  }

  const config = result.data;
  const dataDir = isAbsolute(config.dataDir) ? config.dataDir : resolve(options.cwd, config.dataDir);
  const under = (p: string) => (isAbsolute(p) ? p : resolve(dataDir, p));
  return {
    config: {
      ...config,
      dataDir,
      registry: { ...config.registry, sqlitePath: under(config.registry.sqlitePath) },
      datastore: { ...config.datastore, root: under(config.datastore.root) },
    },
    sources,
  };
}
