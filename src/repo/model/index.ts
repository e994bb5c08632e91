/** Public surface of the repository's data model: plain immutable types and pure helpers. */
export * from "./dataset.js";
export { DEFAULT_UNIVERSE_CONFIG, defaultUniverse, VISIT_CONDITION_FIELDS } from "./default-universe.js";
export * from "./region.js";
export * from "./timespan.js";
export * from "./universe.js";
