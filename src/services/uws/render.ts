/**
 * UWS 1.1 XML documents (UWS-v1.1.xsd, namespace http://www.ivoa.net/xml/UWS/v1.0): the job list,
 * the job, its parameters and results. Children follow the schema's sequence order; nillable
 * elements without a value carry xsi:nil; times are ISO-8601 UTC with "Z" (UWS-05); the roots say
 * version="1.1" (UWS-01). Progress appears in jobInfo under Skyport's own namespace.
 */
import type { JobParameter, JobRecord, JobResult, JobSummary } from "../../jobs/index.js";
import { el, toXmlDocument, type XmlElement } from "../../lib/xml/index.js";

export const UWS_NS = "http://www.ivoa.net/xml/UWS/v1.0";
export const XLINK_NS = "http://www.w3.org/1999/xlink";
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
/** Namespace of our jobInfo content (lax-validated by the schema). */
export const SKYPORT_JOBINFO_NS = "urn:skyport:uws:jobinfo";

const ROOT_ATTRS = { "xmlns:uws": UWS_NS, "xmlns:xlink": XLINK_NS, "xmlns:xsi": XSI_NS, version: "1.1" } as const;

/** Where a job and its sub-resources live, for xlink:href. */
export interface JobUrls {
  /** Absolute URL of the job list. */
  readonly jobList: string;
}

const jobUrl = (urls: JobUrls, id: string) => `${urls.jobList}/${encodeURIComponent(id)}`;

/** An instant as UWS wants it (UTC, "Z"; milliseconds only when not zero), or undefined. */
export function uwsTime(d: Date | null | undefined): string | undefined {
  return d ? d.toISOString().replace(".000Z", "Z") : undefined;
}

/** Owners are shown for identified users only (UWS-16); the anonymous owner is nil. */
const ownerText = (owner: string): string | undefined => (owner === "anonymous" ? undefined : owner);

function nillable(name: string, value: string | undefined): XmlElement {
  return value === undefined ? el(name, { "xsi:nil": "true" }) : el(name, {}, value);
}

function parameterElements(parameters: readonly JobParameter[]): XmlElement[] {
  return parameters.map((p) => el("uws:parameter", { id: p.name }, p.value === "" ? undefined : p.value));
}

function resultElements(urls: JobUrls, job: JobRecord): XmlElement[] {
  return job.results.map((r: JobResult) =>
    el("uws:result", {
      id: r.id,
      "xlink:type": "simple",
      "xlink:href": `${jobUrl(urls, job.id)}/results/${encodeURIComponent(r.id)}`,
      size: r.size,
      "mime-type": r.mimeType,
    }),
  );
}

function jobElement(job: JobRecord, urls: JobUrls, root: boolean): XmlElement {
  const errorSummary = job.error
    ? el("uws:errorSummary", { type: job.error.type, hasDetail: "true" }, el("uws:message", {}, job.error.message))
    : undefined;
  // Progress is news only while the job runs; afterwards the phase says it all.
  const jobInfo = job.progress && job.phase === "EXECUTING"
    ? el(
        "uws:jobInfo",
        {},
        el("sky:progress", { "xmlns:sky": SKYPORT_JOBINFO_NS, stage: job.progress.stage, fraction: job.progress.fraction.toFixed(3), attempts: job.attempts }),
      )
    : undefined;
  return el(
    "uws:job",
    root ? ROOT_ATTRS : {},
    el("uws:jobId", {}, job.id),
    job.runId !== null ? el("uws:runId", {}, job.runId) : undefined,
    nillable("uws:ownerId", ownerText(job.owner)),
    el("uws:phase", {}, job.phase),
    nillable("uws:quote", uwsTime(job.quote)),
    el("uws:creationTime", {}, uwsTime(job.creationTime)!),
    nillable("uws:startTime", uwsTime(job.startTime)),
    nillable("uws:endTime", uwsTime(job.endTime)),
    el("uws:executionDuration", {}, String(job.executionDurationS)),
    nillable("uws:destruction", uwsTime(job.destruction)),
    el("uws:parameters", {}, parameterElements(job.parameters)),
    el("uws:results", {}, resultElements(urls, job)),
    errorSummary,
    jobInfo,
  );
}

/** The `uws:job` document of GET /{jobs}/{id}. */
export function renderJob(job: JobRecord, urls: JobUrls): string {
  return toXmlDocument(jobElement(job, urls, true));
}

/** The `uws:jobs` document of GET /{jobs}. */
export function renderJobList(jobs: readonly JobSummary[], urls: JobUrls): string {
  return toXmlDocument(
    el(
      "uws:jobs",
      ROOT_ATTRS,
      jobs.map((j) =>
        el(
          "uws:jobref",
          { id: j.id, "xlink:type": "simple", "xlink:href": jobUrl(urls, j.id) },
          el("uws:phase", {}, j.phase),
          j.runId !== null ? el("uws:runId", {}, j.runId) : undefined,
          ownerText(j.owner) !== undefined ? el("uws:ownerId", {}, j.owner) : undefined,
          el("uws:creationTime", {}, uwsTime(j.creationTime)!),
        ),
      ),
    ),
  );
}

/** The `uws:parameters` document of GET /{jobs}/{id}/parameters. */
export function renderParameters(job: JobRecord): string {
  return toXmlDocument(el("uws:parameters", { "xmlns:uws": UWS_NS }, parameterElements(job.parameters)));
}

/** The `uws:results` document of GET /{jobs}/{id}/results. */
export function renderResults(job: JobRecord, urls: JobUrls): string {
  return toXmlDocument(el("uws:results", { "xmlns:uws": UWS_NS, "xmlns:xlink": XLINK_NS }, resultElements(urls, job)));
}
