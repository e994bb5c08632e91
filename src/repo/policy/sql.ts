/**
 * The access policy as a SQL row restriction over tables that carry a dataset's release facts
 * (ObsCore's obs_release_date plus two columns of ours): what TAP, SIA and every other query add
 * to their WHERE clause, so a caller's rows are filtered in the database and counts, joins and
 * aggregates see only what the caller may see. Values are bound parameters ({n} placeholders in
 * the order of `params`, as lib/adql's SchemaTable.restriction takes them); instants are compared
 * as ISO 8601 UTC strings of one fixed format, which sort as time does.
 */
import type { Identity } from "../auth/index.js";
import type { AccessPolicy } from "./policy.js";

/** Columns beside obs_release_date: the groups (as "|g1|g2|", "" for none) and the embargo end. */
export const ACCESS_GROUPS_COLUMN = "skyport_access_groups";
export const EMBARGO_UNTIL_COLUMN = "skyport_embargo_until";

/** The stored form of a group list: every name between bars, so a LIKE finds whole names. */
export function groupsColumnValue(groups: readonly string[]): string {
  return groups.length === 0 ? "" : `|${[...groups].sort().join("|")}|`;
}

/** The group list of a stored groups column value. */
export function groupsFromColumn(v: string | null): string[] {
  return v ? v.split("|").filter((g) => g !== "") : [];
}

/** ISO 8601 UTC with milliseconds (Date.toISOString's fixed width: string order = time order). */
export function isoInstant(d: Date): string {
  return d.toISOString();
}

function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The predicate for a caller at `now`, over a table aliased by `{alias}` references inserted by the
 * caller of this function (column names are qualified with `prefix`, e.g. `"t1".`).
 */
export function restrictionSql(policy: AccessPolicy, identity: Identity, now: Date | string, prefix = ""): { sql: string; params: (string | number)[] } | undefined {
  if (identity.scopes.includes("admin")) return undefined;
  const params: (string | number)[] = [];
  const p = (v: string | number) => {
    params.push(v);
    return `{${params.length - 1}}`;
  };
  const col = (name: string) => `${prefix}"${name}"`;
  // A string is bound as given: TAP binds a marker it replaces with the time of each execution.
  const nowValue = typeof now === "string" ? now : isoInstant(now);
  const nowIso = p(nowValue);
  const isPublic = `(${col("obs_release_date")} IS NOT NULL AND ${col("obs_release_date")} <= ${nowIso})`;
  const embargoOver = `(${col(EMBARGO_UNTIL_COLUMN)} IS NULL OR ${col(EMBARGO_UNTIL_COLUMN)} <= ${p(nowValue)})`;
  const inEmbargoGroup = identity.groups.some((g) => policy.embargoGroups.includes(g));
  const pastEmbargo = inEmbargoGroup ? "1 = 1" : embargoOver;
  const groupTests = identity.groups.map((g) => `${col(ACCESS_GROUPS_COLUMN)} LIKE ${p(`%|${likeLiteral(g)}|%`)} ESCAPE '\\'`);
  const member = groupTests.length > 0 ? `(${groupTests.join(" OR ")})` : "1 = 0";
  const sql = `(${isPublic} OR (${col(ACCESS_GROUPS_COLUMN)} = '' AND ${pastEmbargo}) OR (${member} AND ${pastEmbargo}))`;
  return { sql, params };
}
