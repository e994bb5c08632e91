/** Public surface of the datastore: the interface, key checks, templates and the file store. */
export type { Datastore, IngestMode, PutResult, StoredFile } from "./datastore.js";
export { DatastoreError, FileDatastore } from "./file/file-datastore.js";
export { openLocalFile } from "./file/local-file.js";
export { checkKey, DatastoreKeyError, resolveInside } from "./keys.js";
export { DEFAULT_TEMPLATE, formatTemplate, TemplateError } from "./templates.js";
