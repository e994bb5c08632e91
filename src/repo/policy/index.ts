/** Public surface of the access policy: release facts of datasets, decisions and SQL restrictions. */
export { type AccessPolicy, type CollectionRule, canSee, curation, type DatasetFacts, DEFAULT_POLICY, globMatches, type Release, releaseFromColumns, releaseOf } from "./policy.js";
export { ACCESS_GROUPS_COLUMN, EMBARGO_UNTIL_COLUMN, groupsColumnValue, groupsFromColumn, isoInstant, restrictionSql } from "./sql.js";
export { PolicyError, parsePolicy, PolicyStore, policyDocument, POLICY_TABLE } from "./store.js";
export { AccessControl, type AccessControlOptions, type AuditEvent, NOW_MARKER } from "./access.js";
export { OBSCORE_VISIT_COLUMN, type RowRestriction, tableRestrictions } from "./tables.js";
