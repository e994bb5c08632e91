/**
 * The access policy as data (issue 11; STYLE.md §3 "policy lives here, once"): an embargo after
 * each observation (6 hours after the end of the exposure by default, per instrument if wanted,
 * lifted early for the embargo groups, like Rubin staff), and per-collection rules that make a
 * RUN collection proprietary to named groups until an optional release date. From these each
 * dataset gets its release facts — when it becomes public, until when it is embargoed, which groups
 * may see it before — which ObsCore publishes (obs_release_date, data_rights) and every access
 * check reads. Times are instants (Date, UTC); nothing here reads a clock.
 */
import type { Identity } from "../auth/index.js";

/** A rule for the RUN collections whose names match `pattern` (glob: `*` any run of characters). */
export interface CollectionRule {
  readonly pattern: string;
  /** Groups that may see the collection's datasets before they are public; empty = not proprietary. */
  readonly groups: readonly string[];
  /** When a proprietary collection becomes public; never when absent. */
  readonly releaseDate?: Date;
}

export interface AccessPolicy {
  /** Hours after the end of an observation before its data may be released (default 6). */
  readonly embargoHours: number;
  /** Per-instrument embargo hours, overriding embargoHours. */
  readonly embargoHoursByInstrument: Readonly<Record<string, number>>;
  /** Groups that see embargoed data (still subject to collection rules). */
  readonly embargoGroups: readonly string[];
  /** First matching rule applies. */
  readonly rules: readonly CollectionRule[];
}

export const DEFAULT_POLICY: AccessPolicy = { embargoHours: 6, embargoHoursByInstrument: {}, embargoGroups: [], rules: [] };

/** What the policy needs to know about a dataset. */
export interface DatasetFacts {
  /** The RUN collection holding it. */
  readonly run: string;
  readonly instrument: string | null;
  /** End of the observation it comes from (its exposure or visit); null for data with none (coadds). */
  readonly observationEnd: Date | null;
}

/** A dataset's release facts. */
export interface Release {
  /** When everyone may see it; null = not foreseen (proprietary without a release date). */
  readonly publicFrom: Date | null;
  /** End of its embargo; null when it has none. */
  readonly embargoUntil: Date | null;
  /** Groups that may see it before publicFrom (after the embargo, or during it when also in embargoGroups). */
  readonly groups: readonly string[];
}

/** Whether a glob pattern (`*` wildcards) matches a whole name. */
export function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(name);
}

/** The release facts of a dataset under a policy. */
export function releaseOf(policy: AccessPolicy, facts: DatasetFacts): Release {
  const hours = (facts.instrument !== null ? policy.embargoHoursByInstrument[facts.instrument] : undefined) ?? policy.embargoHours;
  const embargoUntil = facts.observationEnd && hours > 0 ? new Date(facts.observationEnd.getTime() + hours * 3_600_000) : null;
  const rule = policy.rules.find((r) => globMatches(r.pattern, facts.run));
  const groups = rule?.groups ?? [];
  if (groups.length === 0) return { publicFrom: embargoUntil ?? new Date(0), embargoUntil, groups };
  const release = rule?.releaseDate ?? null;
  const publicFrom = release === null ? null : new Date(Math.max(release.getTime(), embargoUntil?.getTime() ?? 0));
  return { publicFrom, embargoUntil, groups };
}

const memberOf = (identity: Identity, groups: readonly string[]) => identity.groups.some((g) => groups.includes(g));

/** Whether a caller may see a dataset with these release facts at `now`. */
export function canSee(policy: AccessPolicy, identity: Identity, r: Release, now: Date): boolean {
  if (identity.scopes.includes("admin")) return true;
  const t = now.getTime();
  if (r.publicFrom !== null && r.publicFrom.getTime() <= t) return true;
  const embargoOver = r.embargoUntil === null || r.embargoUntil.getTime() <= t;
  const pastEmbargo = embargoOver || memberOf(identity, policy.embargoGroups);
  if (r.groups.length === 0) return pastEmbargo;
  return memberOf(identity, r.groups) && pastEmbargo;
}

/**
 * ObsCore's curation columns for a release (data_rights, obs_release_date as ISO 8601 UTC). Data
 * public from the start (coadds, anything without an embargo or rule) has no release date: null,
 * not 1970.
 */
export function curation(r: Release): { data_rights: "public" | "proprietary"; obs_release_date: string | null } {
  const date = r.publicFrom && r.publicFrom.getTime() > 0 ? r.publicFrom.toISOString() : null;
  return { data_rights: r.groups.length > 0 ? "proprietary" : "public", obs_release_date: date };
}

/** The release facts stored in a row (the inverse of curation plus the two internal columns). */
export function releaseFromColumns(obsReleaseDate: string | null, groups: readonly string[], embargoUntil: string | null): Release {
  const publicFrom = obsReleaseDate !== null ? new Date(obsReleaseDate) : groups.length === 0 ? new Date(0) : null;
  return { publicFrom, embargoUntil: embargoUntil !== null ? new Date(embargoUntil) : null, groups };
}
