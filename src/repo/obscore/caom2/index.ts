/** Public surface of the CAOM 2.4 tables: their TAP description and the store. */
export { Caom2Store, nameUuid, productId } from "./store.js";
export { CAOM2_KEYS, CAOM2_TABLES } from "./schema.js";
