/** Public surface of the configuration (STYLE.md §9): schema, loader, errors. */
export { ConfigError, configLeafPaths, ENV_PREFIX, envNameFor, type LoadedConfig, loadConfig, type LoadOptions } from "./load.js";
export { configSchema, type SkyportConfig } from "./schema.js";
