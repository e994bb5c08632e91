/**
 * Access control over one repository (issue 11; STYLE.md §3 "policy lives here, once"): the policy
 * stored in the registry, the row restrictions queries add, and the check every direct read makes
 * (DataLink, files, previews, cut-outs, jobs). Services hand it the caller's identity and act on
 * the answer; a dataset the caller may not see is reported exactly like a missing one. Reads of
 * data that is not public yet are written to the audit log.
 */
import { ANONYMOUS, type Identity } from "../auth/index.js";
import { dateFromTai } from "../model/index.js";
import type { Registry } from "../registry/index.js";
import { Params } from "../registry/sql-registry/context.js";
import { type AccessPolicy, canSee, type Release, releaseFromColumns, releaseOf } from "./policy.js";
import { ACCESS_GROUPS_COLUMN, EMBARGO_UNTIL_COLUMN, groupsFromColumn } from "./sql.js";
import { PolicyStore } from "./store.js";
import { type RowRestriction, tableRestrictions } from "./tables.js";

/** Distinct sets of rights whose restrictions are kept. */
const RESTRICTION_CACHE = 256;

/** Bound where a query's restriction needs "now"; replaced with the instant of each execution. */
export const NOW_MARKER = "\u0000skyport:now\u0000";

/** One line of the audit log: who read what that is not public yet. */
export interface AuditEvent {
  readonly subject: string;
  /** What was done: "read" (a dataset's file, links, preview, cut-out) or "query" (TAP/SIA with rights beyond the public's). */
  readonly action: "read" | "query";
  readonly service: string;
  readonly datasetIds?: readonly string[];
  readonly query?: string;
}

export interface AccessControlOptions {
  readonly registry: Registry;
  /** The clock of every decision (tests move it to see an embargo end). */
  readonly clock?: () => Date;
  /** The policy to use instead of the stored one (tests, benchmarks). */
  readonly policy?: AccessPolicy;
  /** How long a loaded policy is used before the stored one is read again (default 5 s). */
  readonly policyTtlMs?: number;
  readonly audit?: (event: AuditEvent) => void;
}

interface ReleaseRow {
  readonly dataset_id: string;
  readonly obs_release_date: string | null;
  readonly skyport_access_groups: string | null;
  readonly skyport_embargo_until: string | null;
}

export class AccessControl {
  private readonly clock: () => Date;
  private loaded?: { policy: AccessPolicy; at: number };
  /** Restrictions by the caller's rights, for the policy they were made from. */
  private restricted?: { policy: AccessPolicy; byRights: Map<string, ReadonlyMap<string, RowRestriction> | undefined> };

  constructor(private readonly o: AccessControlOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  /** The policy in force (the stored one, re-read after policyTtlMs). */
  async policy(): Promise<AccessPolicy> {
    if (this.o.policy) return this.o.policy;
    const t = Date.now();
    if (!this.loaded || t - this.loaded.at > (this.o.policyTtlMs ?? 5000)) {
      this.loaded = { policy: await new PolicyStore(this.o.registry.sql).load(), at: t };
    }
    return this.loaded.policy;
  }

  /**
   * The restriction of each published table for a caller, with NOW_MARKER where the current
   * instant goes; undefined when the caller sees everything.
   */
  async restrictions(identity: Identity): Promise<ReadonlyMap<string, RowRestriction> | undefined> {
    const policy = await this.policy();
    if (this.restricted?.policy !== policy) this.restricted = { policy, byRights: new Map() };
    // The same object for callers with the same rights, so TAP keeps one view of the tables per set.
    const key = identity.scopes.includes("admin") ? "admin" : [...identity.groups].sort().join("|");
    const cache = this.restricted.byRights;
    if (!cache.has(key)) {
      if (cache.size >= RESTRICTION_CACHE) cache.delete(cache.keys().next().value as string);
      cache.set(key, tableRestrictions(policy, identity, NOW_MARKER));
    }
    return cache.get(key);
  }

  /** Whether a caller's view is wider than an anonymous caller's (their queries are audited). */
  async hasRestrictedRights(identity: Identity): Promise<boolean> {
    if (identity.scopes.includes("admin")) return true;
    if (identity.groups.length === 0) return false;
    const p = await this.policy();
    const relevant = new Set([...p.embargoGroups, ...p.rules.flatMap((r) => r.groups)]);
    return identity.groups.some((g) => relevant.has(g));
  }

  /** The release facts of datasets: from their ObsCore rows, else from the registry. */
  private async releases(ids: readonly string[]): Promise<Map<string, Release>> {
    const out = new Map<string, Release>();
    if (ids.length === 0) return out;
    const sql = this.o.registry.sql;
    const p = new Params(sql.caps.placeholder);
    const rows = await sql
      .all<ReleaseRow>(
        ...p.bind(
          `SELECT "dataset_id", "obs_release_date", "${ACCESS_GROUPS_COLUMN}", "${EMBARGO_UNTIL_COLUMN}" FROM "ivoa_obscore" WHERE "dataset_id" IN (${p.list([...ids])})`,
        ),
      )
      .catch(() => [] as ReleaseRow[]);
    for (const r of rows) out.set(r.dataset_id, releaseFromColumns(r.obs_release_date, groupsFromColumn(r.skyport_access_groups), r.skyport_embargo_until));
    const policy = await this.policy();
    for (const id of ids) {
      if (out.has(id)) continue;
      const ref = await this.o.registry.getDataset(id);
      if (!ref) continue;
      const instrument = typeof ref.dataId.instrument === "string" ? ref.dataId.instrument : null;
      out.set(id, releaseOf(policy, { run: ref.run, instrument, observationEnd: await this.observationEnd(ref.dataId) }));
    }
    return out;
  }

  /** End of the exposure or visit a data ID belongs to (null for data with neither, like coadds). */
  private async observationEnd(dataId: Readonly<Record<string, string | number>>): Promise<Date | null> {
    for (const element of ["exposure", "visit"] as const) {
      if (dataId[element] === undefined || typeof dataId.instrument !== "string") continue;
      const [rec] = await this.o.registry.queryDimensionRecords(element, { dataId: { instrument: dataId.instrument, [element]: dataId[element] }, limit: 1 });
      const end = rec?.timespan?.end;
      if (end !== undefined && end !== null) return dateFromTai(end);
    }
    return null;
  }

  /**
   * What a caller may do with each of `ids` now: "public" (anyone may see it), "restricted" (this
   * caller may, by their rights) or absent (hidden or unknown: the same answer). Restricted reads
   * are audited under `service`.
   */
  async check(identity: Identity, ids: readonly string[], service: string): Promise<Map<string, "public" | "restricted">> {
    const unique = [...new Set(ids)];
    const releases = await this.releases(unique);
    const policy = await this.policy();
    const now = this.now();
    const out = new Map<string, "public" | "restricted">();
    for (const id of unique) {
      const r = releases.get(id);
      if (!r || !canSee(policy, identity, r, now)) continue;
      out.set(id, canSee(policy, ANONYMOUS, r, now) ? "public" : "restricted");
    }
    const restricted = [...out].filter(([, v]) => v === "restricted").map(([k]) => k);
    if (restricted.length > 0) this.o.audit?.({ subject: identity.subject, action: "read", service, datasetIds: restricted });
    return out;
  }

  /** The datasets among `ids` the caller may see now (unknown ones are simply absent). */
  async visible(identity: Identity, ids: readonly string[], service: string): Promise<Set<string>> {
    return new Set((await this.check(identity, ids, service)).keys());
  }

  /** Audits a query by a caller whose rights go beyond the public's. */
  async auditQuery(identity: Identity, service: string, query: string): Promise<void> {
    if (this.o.audit && (await this.hasRestrictedRights(identity))) this.o.audit({ subject: identity.subject, action: "query", service, query });
  }
}
