/** Public surface of the worker edge: starting a job worker over a store and a datastore. */
export { type RunningWorker, startWorker, type WorkerOptions } from "./run-worker.js";
