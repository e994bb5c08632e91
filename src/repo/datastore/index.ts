/** Public surface of the datastore: the interface, key checks, templates, the file and S3 stores. */
export type { Datastore, IngestMode, PutResult, SignedUrlOptions, StoredFile } from "./datastore.js";
export { DatastoreError, FileDatastore } from "./file/file-datastore.js";
export { openLocalFile } from "./file/local-file.js";
export { checkKey, DatastoreKeyError, resolveInside } from "./keys.js";
export { type PresignGetInput, presignGetUrl, S3Datastore, type S3DatastoreOptions, type SigV4Credentials } from "./s3/index.js";
export { DEFAULT_TEMPLATE, formatTemplate, TemplateError } from "./templates.js";
