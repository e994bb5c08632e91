/**
 * The queue interface the UWS service talks to. The job table itself is the queue (a QUEUED row is
 * a message, `JobStore.claim` consumes it under a lease), so the service only needs to nudge
 * whoever executes jobs: the in-process pool starts at once, remote workers poll the table.
 */

export interface JobQueue {
  /** A job entered QUEUED: start it as soon as a slot is free. */
  notify(jobId: string): void;
  /** A job left EXECUTING by a client action (ABORT, DELETE): stop its execution if it runs here. */
  cancel(jobId: string): void;
}

/**
 * The queue seen by a server whose jobs run in `skyport worker` processes (scale-out mode): the
 * workers poll the shared job table and notice aborts through their lease heartbeats, so there is
 * nothing to do locally.
 */
export const REMOTE_QUEUE: JobQueue = {
  notify: () => undefined,
  cancel: () => undefined,
};
