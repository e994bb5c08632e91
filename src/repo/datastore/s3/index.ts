/** Public surface of the S3 datastore: the store, its options, and standalone URL presigning. */
export { S3Datastore, type S3DatastoreOptions } from "./s3-datastore.js";
export { presignGetUrl, type PresignGetInput, type SigV4Credentials } from "./sigv4.js";
