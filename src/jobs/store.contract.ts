/**
 * The JobStore contract (STYLE.md §7): every store (SQLite, PostgreSQL) passes the same cases —
 * filters and owner scoping, the transition table enforced, compare-and-set phase changes (an
 * abort racing a completion has exactly one winner), claims that never hand one job to two
 * workers, leases, recovery of jobs whose worker died, and destruction.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { JobParameter, Phase } from "./model.js";
import type { JobStore, NewJob } from "./store.js";

let counter = 0;

/** A new-job value for tests. */
export function newJob(over: Partial<NewJob> = {}): NewJob {
  counter++;
  return {
    id: `job${String(counter).padStart(6, "0")}${Math.random().toString(36).slice(2, 8)}`,
    owner: "alice",
    kind: "sleep",
    runId: null,
    parameters: [{ name: "ms", value: "10" }] satisfies JobParameter[],
    creationTime: new Date(Date.UTC(2030, 0, 1, 0, 0, counter % 60)),
    executionDurationS: 0,
    destruction: null,
    maxAttempts: 2,
    ...over,
  };
}

async function queued(store: JobStore, over: Partial<NewJob> = {}, runAfter = new Date(0)) {
  const job = await store.create(newJob(over));
  return (await store.setPhase(job.id, { phases: ["PENDING"] }, "QUEUED", { queuedTime: new Date(), runAfter }))!;
}

/** Runs the contract against a factory giving a fresh, initialised, empty store. */
export function jobStoreContract(name: string, factory: () => Promise<JobStore>, skip: false | string = false): void {
  describe(`job store contract: ${name}`, { skip }, () => {
    test("create, get, list with PHASE/AFTER/LAST filters and owner scoping", async () => {
      const s = await factory();
      const t0 = Date.UTC(2030, 0, 1);
      const a = await s.create(newJob({ creationTime: new Date(t0), runId: "r1" }));
      const b = await s.create(newJob({ creationTime: new Date(t0 + 1000) }));
      const c = await s.create(newJob({ creationTime: new Date(t0 + 2000) }));
      await s.create(newJob({ owner: "bob", creationTime: new Date(t0 + 3000) }));
      assert.deepEqual((await s.get(a.id))?.parameters, [{ name: "ms", value: "10" }]);
      assert.equal((await s.get(a.id))?.runId, "r1");
      assert.equal(await s.get("nope"), undefined);
      await s.setPhase(b.id, { phases: ["PENDING"] }, "QUEUED");
      await s.setPhase(c.id, { phases: ["PENDING"] }, "ABORTED");
      await s.setPhase(c.id, { phases: ["ABORTED"] }, "ARCHIVED");
      assert.deepEqual((await s.list({ owner: "alice" })).map((j) => j.id), [a.id, b.id], "ARCHIVED hidden, oldest first");
      assert.deepEqual((await s.list({ owner: "alice", phases: ["ARCHIVED"] })).map((j) => j.id), [c.id]);
      assert.deepEqual((await s.list({ owner: "alice", phases: ["PENDING", "QUEUED"] })).map((j) => j.id), [a.id, b.id]);
      assert.deepEqual((await s.list({ owner: "alice", after: new Date(t0) })).map((j) => j.id), [b.id]);
      assert.deepEqual((await s.list({ owner: "alice", last: 1 })).map((j) => j.id), [b.id], "LAST: newest first");
      assert.deepEqual((await s.list({ owner: "alice", last: 5, phases: ["PENDING"] })).map((j) => j.id), [a.id]);
      assert.equal((await s.list({ owner: "bob" })).length, 1);
      assert.equal(await s.count("alice", ["QUEUED"]), 1);
      await assert.rejects(s.create(newJob({ id: a.id })), /already exists/);
    });

    test("phase changes follow the table and are compare-and-set", async () => {
      const s = await factory();
      const j = await s.create(newJob());
      await assert.rejects(s.setPhase(j.id, { phases: ["PENDING"] }, "COMPLETED"), /no transition/);
      assert.equal(await s.setPhase(j.id, { phases: ["QUEUED"] }, "EXECUTING"), undefined, "phase is not QUEUED");
      const walk: [Phase, Phase][] = [["PENDING", "HELD"], ["HELD", "QUEUED"], ["QUEUED", "EXECUTING"], ["EXECUTING", "SUSPENDED"], ["SUSPENDED", "EXECUTING"], ["EXECUTING", "COMPLETED"], ["COMPLETED", "ARCHIVED"]];
      let version = j.version;
      for (const [from, to] of walk) {
        const moved = await s.setPhase(j.id, { phases: [from] }, to);
        assert.equal(moved?.phase, to, `${from} → ${to}`);
        assert.ok(moved.version > version);
        version = moved.version;
      }
      assert.equal(await s.setPhase("missing", { phases: ["PENDING"] }, "QUEUED"), undefined);
    });

    test("pending fields change only in the expected phases", async () => {
      const s = await factory();
      const j = await s.create(newJob());
      const u = await s.update(j.id, ["PENDING"], { parameters: [{ name: "ms", value: "5" }], executionDurationS: 7, destruction: new Date(Date.UTC(2031, 0, 1)), runId: "x" });
      assert.deepEqual([u?.parameters, u?.executionDurationS, u?.destruction?.toISOString(), u?.runId], [[{ name: "ms", value: "5" }], 7, "2031-01-01T00:00:00.000Z", "x"]);
      await s.setPhase(j.id, { phases: ["PENDING"] }, "QUEUED");
      assert.equal(await s.update(j.id, ["PENDING"], { executionDurationS: 9 }), undefined);
    });

    test("claim takes runnable jobs in queue order, under a lease, each exactly once", async () => {
      const s = await factory();
      const later = await queued(s, {}, new Date(Date.now() + 60_000));
      const first = await queued(s, {}, new Date(1000));
      const second = await queued(s, {}, new Date(2000));
      const c1 = await s.claim("w1", 5000);
      assert.equal(c1?.id, first.id);
      assert.equal(c1?.phase, "EXECUTING");
      assert.equal(c1?.leaseOwner, "w1");
      assert.equal(c1?.attempts, 1);
      assert.ok(c1?.startTime);
      assert.equal((await s.claim("w2", 5000))?.id, second.id);
      assert.equal(await s.claim("w3", 5000), undefined, "the delayed job is not runnable yet");
      assert.equal((await s.claim("w3", 5000, new Date(Date.now() + 120_000)))?.id, later.id);

      const ids = new Set<string>();
      for (let i = 0; i < 12; i++) ids.add((await queued(s)).id);
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => s.claim(`c${i}`, 5000)));
      const got = claims.filter((c) => c !== undefined).map((c) => c.id);
      assert.equal(new Set(got).size, got.length, "no job claimed twice");
      let rest = await s.claim("tail", 5000);
      while (rest) {
        got.push(rest.id);
        rest = await s.claim("tail", 5000);
      }
      assert.deepEqual(new Set(got), ids);
    });

    test("heartbeat and progress hold only under the lease", async () => {
      const s = await factory();
      await queued(s);
      const j = (await s.claim("w1", 1000))!;
      assert.equal(await s.heartbeat(j.id, "w1", 60_000), true);
      assert.equal(await s.heartbeat(j.id, "w2", 60_000), false);
      assert.equal(await s.setProgress(j.id, "w1", { stage: "hashing", fraction: 0.25 }), true);
      assert.deepEqual((await s.get(j.id))?.progress, { stage: "hashing", fraction: 0.25 });
      assert.ok(((await s.get(j.id))?.leaseExpires?.getTime() ?? 0) > Date.now() + 30_000);
      await s.setPhase(j.id, { phases: ["EXECUTING"] }, "ABORTED", { releaseLease: true });
      assert.equal(await s.heartbeat(j.id, "w1", 1000), false);
      assert.equal(await s.setProgress(j.id, "w1", { stage: "x", fraction: 1 }), false);
    });

    test("an abort racing a completion: exactly one wins", async () => {
      const s = await factory();
      for (let i = 0; i < 10; i++) {
        await queued(s);
        const j = (await s.claim("w", 10_000))!;
        const [aborted, completed] = await Promise.all([
          s.setPhase(j.id, { phases: ["PENDING", "QUEUED", "EXECUTING"] }, "ABORTED", { releaseLease: true }),
          s.setPhase(j.id, { phases: ["EXECUTING"], leaseOwner: "w" }, "COMPLETED", { releaseLease: true, results: [] }),
        ]);
        assert.equal(Number(aborted !== undefined) + Number(completed !== undefined), 1);
        assert.equal((await s.get(j.id))?.phase, aborted ? "ABORTED" : "COMPLETED");
      }
    });

    test("recover: an expired lease is resumed while attempts remain, then ends in ERROR", async () => {
      const s = await factory();
      const j = await queued(s, { maxAttempts: 2 });
      await s.claim("dead", -10_000);
      let r = await s.recover();
      assert.deepEqual(r, { resumed: [j.id], failed: [] });
      assert.equal((await s.get(j.id))?.phase, "SUSPENDED");
      assert.equal((await s.claim("dead2", -10_000))?.attempts, 2);
      r = await s.recover();
      assert.deepEqual(r, { resumed: [], failed: [j.id] });
      const failed = (await s.get(j.id))!;
      assert.equal(failed.phase, "ERROR");
      assert.match(failed.error?.message ?? "", /stopped responding/);
      assert.equal(failed.leaseOwner, null);
    });

    test("destruction lists expired jobs; remove deletes them", async () => {
      const s = await factory();
      const old = await s.create(newJob({ destruction: new Date(Date.UTC(2020, 0, 1)) }));
      await s.create(newJob({ destruction: new Date(Date.UTC(2099, 0, 1)) }));
      assert.deepEqual((await s.destructible(new Date(), 10)).map((j) => j.id), [old.id]);
      assert.equal(await s.remove(old.id), true);
      assert.equal(await s.remove(old.id), false);
      assert.equal(await s.get(old.id), undefined);
    });
  });
}
