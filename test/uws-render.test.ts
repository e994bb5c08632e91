/**
 * The UWS documents byte for byte for a fixed job (an inline golden document), with every optional
 * part present (runId, owner, quote, results, errorSummary, jobInfo), and their XSD validity;
 * plus the planning of client actions over the transition table.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type JobRecord, PHASES, TRANSITIONS } from "../src/jobs/index.js";
import { planAction, renderJob, renderJobList } from "../src/services/uws/index.js";
import { hasCommand, oracleSkip, SHARED_DIR } from "./support/oracles.js";

const xmllintSkip = oracleSkip("xmllint (libxml2-utils)", hasCommand("xmllint"));

function validate(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "skyport-uws-render-")), "doc.xml");
  writeFileSync(file, xml);
  const r = spawnSync("bash", [join(SHARED_DIR, "data", "xsd", "validate.sh"), file, "uws"], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}

const JOB: JobRecord = {
  id: "abcdefghijklmnop",
  owner: "alice",
  ownerAccess: null,
  kind: "sleep",
  runId: "run<1>",
  phase: "ERROR",
  parameters: [{ name: "ms", value: "10" }, { name: "empty", value: "" }],
  creationTime: new Date("2030-01-01T00:00:00Z"),
  queuedTime: new Date("2030-01-01T00:00:01Z"),
  startTime: new Date("2030-01-01T00:00:01.250Z"),
  endTime: new Date("2030-01-01T00:00:02Z"),
  executionDurationS: 60,
  destruction: new Date("2030-01-08T00:00:00Z"),
  quote: new Date("2030-01-01T00:00:05Z"),
  results: [{ id: "out", key: "uws-scratch/abcdefghijklmnop/out", size: 12, mimeType: "text/plain" }],
  error: { type: "transient", message: "disk & network" },
  progress: { stage: "sleeping", fraction: 0.5 },
  attempts: 2,
  maxAttempts: 3,
  runAfter: new Date("2030-01-01T00:00:01Z"),
  leaseOwner: null,
  leaseExpires: null,
  version: 7,
};

const GOLDEN_JOB = `<?xml version="1.0" encoding="UTF-8"?>
<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.1">
  <uws:jobId>abcdefghijklmnop</uws:jobId>
  <uws:runId>run&lt;1&gt;</uws:runId>
  <uws:ownerId>alice</uws:ownerId>
  <uws:phase>ERROR</uws:phase>
  <uws:quote>2030-01-01T00:00:05Z</uws:quote>
  <uws:creationTime>2030-01-01T00:00:00Z</uws:creationTime>
  <uws:startTime>2030-01-01T00:00:01.250Z</uws:startTime>
  <uws:endTime>2030-01-01T00:00:02Z</uws:endTime>
  <uws:executionDuration>60</uws:executionDuration>
  <uws:destruction>2030-01-08T00:00:00Z</uws:destruction>
  <uws:parameters>
    <uws:parameter id="ms">10</uws:parameter>
    <uws:parameter id="empty"/>
  </uws:parameters>
  <uws:results>
    <uws:result id="out" xlink:type="simple" xlink:href="https://sky.test/tap/async/abcdefghijklmnop/results/out" size="12" mime-type="text/plain"/>
  </uws:results>
  <uws:errorSummary type="transient" hasDetail="true">
    <uws:message>disk &amp; network</uws:message>
  </uws:errorSummary>
</uws:job>
`;

describe("UWS documents", () => {
  const urls = { jobList: "https://sky.test/tap/async" };

  test("the job document matches the golden text", () => {
    assert.equal(renderJob(JOB, urls), GOLDEN_JOB);
  });

  test("progress shows in jobInfo while the job executes, and only then", { skip: xmllintSkip }, () => {
    const running = renderJob({ ...JOB, phase: "EXECUTING", error: null }, urls);
    assert.match(running, /<uws:jobInfo>\s*<sky:progress xmlns:sky="urn:skyport:uws:jobinfo" stage="sleeping" fraction="0.500" attempts="2"\/>\s*<\/uws:jobInfo>/);
    assert.equal(validate(running), "valid");
    assert.doesNotMatch(renderJob(JOB, urls), /jobInfo/);
  });

  test("job and job-list documents validate; anonymous owners are nil", { skip: xmllintSkip }, () => {
    assert.equal(validate(renderJob(JOB, urls)), "valid");
    const bare: JobRecord = { ...JOB, owner: "anonymous", runId: null, quote: null, startTime: null, endTime: null, destruction: null, results: [], error: null, progress: null, parameters: [] };
    const xml = renderJob(bare, urls);
    assert.match(xml, /<uws:ownerId xsi:nil="true"\/>/);
    assert.equal(validate(xml), "valid");
    const list = renderJobList([JOB, { ...bare, id: "zzzzzzzzzzzzzzzz" }], urls);
    assert.match(list, /<uws:jobref id="abcdefghijklmnop" xlink:type="simple" xlink:href="https:\/\/sky.test\/tap\/async\/abcdefghijklmnop">/);
    assert.equal(validate(list), "valid");
    assert.equal(validate(renderJobList([], urls)), "valid");
  });
});

describe("client actions over the transition table", () => {
  test("RUN and ABORT from every phase", () => {
    const plan = (a: "RUN" | "ABORT", p: (typeof PHASES)[number], held = false) => {
      const r = planAction(a, p, held);
      return r.kind === "move" ? r.to : r.kind;
    };
    assert.deepEqual(
      PHASES.map((p) => [p, plan("RUN", p), plan("ABORT", p)]),
      [
        ["PENDING", "QUEUED", "ABORTED"],
        ["QUEUED", "noop", "ABORTED"],
        ["EXECUTING", "noop", "ABORTED"],
        ["COMPLETED", "refuse", "refuse"],
        ["ERROR", "refuse", "refuse"],
        ["ABORTED", "refuse", "noop"],
        ["UNKNOWN", "refuse", "refuse"],
        ["HELD", "QUEUED", "ABORTED"],
        ["SUSPENDED", "noop", "ABORTED"],
        ["ARCHIVED", "refuse", "refuse"],
      ],
    );
    assert.equal(plan("RUN", "PENDING", true), "HELD");
    assert.equal(plan("RUN", "HELD", true), "noop");
  });

  test("every move a plan makes is in the table; final phases only archive", () => {
    for (const from of PHASES) {
      for (const a of ["RUN", "ABORT"] as const) {
        const r = planAction(a, from);
        if (r.kind === "move") assert.ok(TRANSITIONS[from].includes(r.to), `${from} → ${r.to}`);
      }
    }
    for (const p of ["COMPLETED", "ERROR", "ABORTED"] as const) assert.deepEqual(TRANSITIONS[p], ["ARCHIVED"]);
  });
});
