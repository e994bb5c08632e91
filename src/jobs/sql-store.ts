/**
 * The job store over the registry's SQL database (SQLite or PostgreSQL). Phase changes are single
 * `UPDATE … WHERE phase IN (expected) RETURNING *` statements, so compare-and-set holds across
 * processes without explicit transactions. `claim` picks the next runnable job with a sub-select;
 * on PostgreSQL `FOR UPDATE SKIP LOCKED` lets many workers claim in parallel without blocking,
 * and the outer phase check keeps it correct even without that clause (SQLite has one writer).
 */
import { Params } from "../repo/registry/sql-registry/context.js";
import type { SqlDatabase } from "../repo/registry/sql/database.js";
import type { JobProgress, JobRecord, JobSummary, Phase } from "./model.js";
import { JOB_TABLE as T, type JobRow, jobTableDdl, millis, toJob, toSummary } from "./sql-rows.js";
import {
  type Expectation,
  type JobListFilter,
  type JobStore,
  JobStoreError,
  type NewJob,
  type PendingPatch,
  type PhasePatch,
  type RecoveryReport,
} from "./store.js";
import { canTransition } from "./transitions.js";

export interface SqlJobStoreOptions {
  /**
   * Whether claims may skip rows locked by other claimers (`FOR UPDATE SKIP LOCKED`). Pass true on
   * PostgreSQL; an engine without row locks (SQLite) must leave it false.
   */
  readonly skipLocked?: boolean;
}

export class SqlJobStore implements JobStore {
  private readonly lockClause: string;

  constructor(
    private readonly db: SqlDatabase,
    options: SqlJobStoreOptions = {},
  ) {
    this.lockClause = options.skipLocked ? " FOR UPDATE SKIP LOCKED" : "";
  }

  private params(): Params {
    return new Params((i) => this.db.caps.placeholder(i));
  }

  private async rows(p: Params, sql: string): Promise<JobRow[]> {
    return this.db.all<JobRow>(...p.bind(sql));
  }

  async init(): Promise<void> {
    // Workers starting together on a fresh PostgreSQL database race on CREATE TABLE IF NOT EXISTS
    // (the catalogue insert can fail with a duplicate key); one retry then finds the table there.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.exec(jobTableDdl(this.db.caps));
        await this.addOwnerAccessColumn();
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  /** Tables made before owners' rights were recorded get the column (older rows keep null). */
  private async addOwnerAccessColumn(): Promise<void> {
    const has = await this.db.transaction(async (t) => void (await t.all(`SELECT owner_access FROM ${T} WHERE 1 = 0`))).then(
      () => true,
      () => false,
    );
    if (!has) await this.db.exec(`ALTER TABLE ${T} ADD COLUMN owner_access TEXT`);
  }

  async create(job: NewJob): Promise<JobRecord> {
    const p = this.params();
    const values = [
      job.id, job.owner, job.kind, job.runId, "PENDING", JSON.stringify(job.parameters), job.creationTime.getTime(),
      job.executionDurationS, millis(job.destruction), "[]", 0, job.maxAttempts, job.creationTime.getTime(), 0,
      job.ownerAccess ? JSON.stringify({ groups: [...job.ownerAccess.groups], scopes: [...job.ownerAccess.scopes] }) : null,
    ];
    const sql = `INSERT INTO ${T} (id, owner, kind, run_id, phase, parameters, creation_ms, execution_duration_s, destruction_ms,
      results, attempts, max_attempts, run_after_ms, version, owner_access) VALUES (${p.list(values)}) RETURNING *`;
    try {
      const [row] = await this.rows(p, sql);
      return toJob(row!);
    } catch (e) {
      if (await this.get(job.id)) throw new JobStoreError(`job ${job.id} already exists`, "conflict");
      throw e;
    }
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const p = this.params();
    const [row] = await this.rows(p, `SELECT * FROM ${T} WHERE id = ${p.add(id)}`);
    return row ? toJob(row) : undefined;
  }

  async list(filter: JobListFilter): Promise<JobSummary[]> {
    const p = this.params();
    const where = [`owner = ${p.add(filter.owner)}`];
    if (filter.phases && filter.phases.length > 0) where.push(`phase IN (${p.list(filter.phases)})`);
    else where.push(`phase <> ${p.add("ARCHIVED")}`);
    if (filter.after) where.push(`creation_ms > ${p.add(filter.after.getTime())}`);
    const newestFirst = filter.last !== undefined;
    let sql = `SELECT id, owner, run_id, phase, creation_ms FROM ${T} WHERE ${where.join(" AND ")}
      ORDER BY creation_ms ${newestFirst ? "DESC" : "ASC"}, id ${newestFirst ? "DESC" : "ASC"}`;
    if (filter.last !== undefined) sql += ` LIMIT ${p.add(filter.last)}`;
    return (await this.rows(p, sql)).map(toSummary);
  }

  async count(owner: string, phases: readonly Phase[]): Promise<number> {
    if (phases.length === 0) return 0;
    const p = this.params();
    const [row] = await this.db.all<{ n: number }>(...p.bind(`SELECT COUNT(*) AS n FROM ${T} WHERE owner = ${p.add(owner)} AND phase IN (${p.list(phases)})`));
    return Number(row?.n ?? 0);
  }

  async setPhase(id: string, expect: Expectation, next: Phase, patch: PhasePatch = {}): Promise<JobRecord | undefined> {
    const legal = expect.phases.filter((from) => canTransition(from, next));
    if (legal.length === 0) throw new JobStoreError(`no transition from ${expect.phases.join("/")} to ${next}`, "illegal");
    const p = this.params();
    const sets = [`phase = ${p.add(next)}`, "version = version + 1"];
    const put = (column: string, v: number | string | null) => sets.push(`${column} = ${p.add(v)}`);
    if (patch.startTime !== undefined) put("start_ms", millis(patch.startTime));
    if (patch.endTime !== undefined) put("end_ms", millis(patch.endTime));
    if (patch.queuedTime !== undefined) put("queued_ms", millis(patch.queuedTime));
    if (patch.runAfter !== undefined) put("run_after_ms", patch.runAfter.getTime());
    if (patch.results !== undefined) put("results", JSON.stringify(patch.results));
    if (patch.error !== undefined) {
      put("error_type", patch.error?.type ?? null);
      put("error_message", patch.error?.message ?? null);
    }
    if (patch.releaseLease) sets.push("lease_owner = NULL", "lease_expires_ms = NULL");
    let sql = `UPDATE ${T} SET ${sets.join(", ")} WHERE id = ${p.add(id)} AND phase IN (${p.list(legal)})`;
    if (expect.leaseOwner !== undefined) sql += ` AND lease_owner = ${p.add(expect.leaseOwner)}`;
    const [row] = await this.rows(p, `${sql} RETURNING *`);
    return row ? toJob(row) : undefined;
  }

  async update(id: string, expectPhases: readonly Phase[], patch: PendingPatch): Promise<JobRecord | undefined> {
    const p = this.params();
    const sets = ["version = version + 1"];
    if (patch.parameters !== undefined) sets.push(`parameters = ${p.add(JSON.stringify(patch.parameters))}`);
    if (patch.executionDurationS !== undefined) sets.push(`execution_duration_s = ${p.add(patch.executionDurationS)}`);
    if (patch.destruction !== undefined) sets.push(`destruction_ms = ${p.add(millis(patch.destruction))}`);
    if (patch.runId !== undefined) sets.push(`run_id = ${p.add(patch.runId)}`);
    const sql = `UPDATE ${T} SET ${sets.join(", ")} WHERE id = ${p.add(id)} AND phase IN (${p.list(expectPhases)}) RETURNING *`;
    const [row] = await this.rows(p, sql);
    return row ? toJob(row) : undefined;
  }

  async claim(worker: string, leaseMs: number, now: Date = new Date()): Promise<JobRecord | undefined> {
    const p = this.params();
    const t = now.getTime();
    const runnable = () => `phase IN (${p.add("QUEUED")}, ${p.add("SUSPENDED")})`;
    const sql = `UPDATE ${T} SET phase = ${p.add("EXECUTING")}, lease_owner = ${p.add(worker)}, lease_expires_ms = ${p.add(t + leaseMs)},
        start_ms = COALESCE(start_ms, ${p.add(t)}), attempts = attempts + 1, version = version + 1
      WHERE id = (SELECT id FROM ${T} WHERE ${runnable()} AND run_after_ms <= ${p.add(t)}
                  ORDER BY run_after_ms, creation_ms LIMIT 1${this.lockClause})
        AND ${runnable()}
      RETURNING *`;
    const [row] = await this.rows(p, sql);
    return row ? toJob(row) : undefined;
  }

  async heartbeat(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const p = this.params();
    const sql = `UPDATE ${T} SET lease_expires_ms = ${p.add(Date.now() + leaseMs)}
      WHERE id = ${p.add(id)} AND lease_owner = ${p.add(worker)} AND phase = ${p.add("EXECUTING")}`;
    return (await this.db.run(...p.bind(sql))) > 0;
  }

  async setProgress(id: string, worker: string, progress: JobProgress): Promise<boolean> {
    const p = this.params();
    const fraction = Math.min(1, Math.max(0, Number.isFinite(progress.fraction) ? progress.fraction : 0));
    const sql = `UPDATE ${T} SET progress_stage = ${p.add(progress.stage.slice(0, 256))}, progress_fraction = ${p.add(fraction)}
      WHERE id = ${p.add(id)} AND lease_owner = ${p.add(worker)} AND phase = ${p.add("EXECUTING")}`;
    return (await this.db.run(...p.bind(sql))) > 0;
  }

  async recover(now: Date = new Date()): Promise<RecoveryReport> {
    const t = now.getTime();
    const p = this.params();
    const expired = await this.db.all<{ id: string; attempts: number; max_attempts: number }>(
      ...p.bind(`SELECT id, attempts, max_attempts FROM ${T} WHERE phase = ${p.add("EXECUTING")} AND lease_expires_ms < ${p.add(t)}`),
    );
    const resumed: string[] = [];
    const failed: string[] = [];
    for (const job of expired) {
      const retry = Number(job.attempts) < Number(job.max_attempts);
      const q = this.params();
      const sets = retry
        ? `phase = ${q.add("SUSPENDED")}, run_after_ms = ${q.add(t)}`
        : `phase = ${q.add("ERROR")}, end_ms = ${q.add(t)}, error_type = ${q.add("fatal")},
           error_message = ${q.add(`the worker running this job stopped responding (attempt ${job.attempts} of ${job.max_attempts})`)}`;
      const sql = `UPDATE ${T} SET ${sets}, lease_owner = NULL, lease_expires_ms = NULL, version = version + 1
        WHERE id = ${q.add(job.id)} AND phase = ${q.add("EXECUTING")} AND lease_expires_ms < ${q.add(t)}`;
      if ((await this.db.run(...q.bind(sql))) > 0) (retry ? resumed : failed).push(job.id);
    }
    return { resumed, failed };
  }

  async destructible(now: Date, limit: number): Promise<JobRecord[]> {
    const p = this.params();
    const sql = `SELECT * FROM ${T} WHERE destruction_ms IS NOT NULL AND destruction_ms <= ${p.add(now.getTime())}
      ORDER BY destruction_ms LIMIT ${p.add(limit)}`;
    return (await this.rows(p, sql)).map(toJob);
  }

  async remove(id: string): Promise<boolean> {
    const p = this.params();
    return (await this.db.run(...p.bind(`DELETE FROM ${T} WHERE id = ${p.add(id)}`))) > 0;
  }
}
