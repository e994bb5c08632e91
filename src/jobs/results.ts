/**
 * Job results in a scratch area of the datastore: `<prefix>/<jobId>/<resultId>`. Executors write
 * through a per-job writer; the UWS service streams results back and removes them with the job
 * (destruction, DELETE). Bytes only: which results a job has is recorded in the job store.
 */
import type { Readable } from "node:stream";
import type { Datastore } from "../repo/datastore/index.js";
import type { JobResult } from "./model.js";

/** Result ids are URL path segments and datastore key segments: keep them plain. */
export const RESULT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Where an executor puts its result files. */
export interface ResultWriter {
  /**
   * Stores one result (overwriting an earlier attempt's file of the same id).
   * @param id result id, matching RESULT_ID; unique within the job (UWS-11)
   * @throws Error when the id is not acceptable
   */
  put(id: string, data: Uint8Array | AsyncIterable<Uint8Array>, mimeType: string): Promise<JobResult>;
  /** Everything written through this writer so far. */
  readonly written: readonly JobResult[];
}

export class ResultArea {
  /**
   * @param datastore where the bytes go
   * @param prefix key prefix of the scratch area
   */
  constructor(
    private readonly datastore: Datastore,
    private readonly prefix = "uws-scratch",
  ) {}

  /** A writer for one job's results. */
  writer(jobId: string): ResultWriter {
    const written: JobResult[] = [];
    return {
      written,
      put: async (id, data, mimeType) => {
        if (!RESULT_ID.test(id)) throw new Error(`invalid result id ${JSON.stringify(id)}`);
        if (written.some((r) => r.id === id)) throw new Error(`result id ${id} written twice`);
        const key = `${this.prefix}/${jobId}/${id}`;
        const put = await this.datastore.put(key, data, { overwrite: true });
        const result: JobResult = { id, key, size: put.size, mimeType };
        written.push(result);
        return result;
      },
    };
  }

  /** Streams a stored result. */
  stream(result: JobResult): Promise<Readable> {
    return this.datastore.stream(result.key);
  }

  /** Removes result files; missing files are not an error. */
  async remove(results: readonly JobResult[]): Promise<void> {
    for (const r of results) {
      try {
        await this.datastore.remove(r.key);
      } catch {
        // Already gone (destruction racing a DELETE): nothing left to do.
      }
    }
  }
}
