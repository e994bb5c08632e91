/**
 * The access policy kept as data in the registry database (issue 11: "policy as data"; STYLE.md §3:
 * policy lives in the repository, once), so every process that opens the repository — the server,
 * `skyport worker`, the ObsCore indexer inside a write transaction — reads the same rules. One row
 * holds the policy as a JSON document; a repository without one has DEFAULT_POLICY (6-hour embargo,
 * nothing proprietary). `skyport policy show|set` reads and writes it.
 */
import { NAME_PATTERN } from "../auth/index.js";
import { Params } from "../registry/sql-registry/context.js";
import type { SqlExecutor } from "../registry/sql/database.js";
import { type AccessPolicy, type CollectionRule, DEFAULT_POLICY } from "./policy.js";

export const POLICY_TABLE = "skyport_policy";

/** A policy document that cannot be used, with the JSON path of the fault. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyError";
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function hours(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 24 * 365 * 100) throw new PolicyError(`${path}: expected hours ≥ 0, got ${JSON.stringify(v)}`);
  return v;
}

function names(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new PolicyError(`${path}: expected a list of group names`);
  return v.map((g, i) => {
    if (typeof g !== "string" || !NAME_PATTERN.test(g)) throw new PolicyError(`${path}[${i}]: not a group name: ${JSON.stringify(g)}`);
    return g;
  });
}

function rule(v: unknown, path: string): CollectionRule {
  if (!isRecord(v)) throw new PolicyError(`${path}: expected an object`);
  const unknown = Object.keys(v).filter((k) => !["pattern", "groups", "releaseDate"].includes(k));
  if (unknown.length) throw new PolicyError(`${path}: unknown key ${unknown[0]}`);
  if (typeof v.pattern !== "string" || v.pattern === "") throw new PolicyError(`${path}.pattern: expected a collection name or glob`);
  const out: { pattern: string; groups: string[]; releaseDate?: Date } = { pattern: v.pattern, groups: names(v.groups ?? [], `${path}.groups`) };
  if (v.releaseDate !== undefined && v.releaseDate !== null) {
    const d = typeof v.releaseDate === "string" ? new Date(v.releaseDate) : undefined;
    if (!d || Number.isNaN(d.getTime()) || !/Z$|[+-]\d\d:?\d\d$/.test(String(v.releaseDate))) {
      throw new PolicyError(`${path}.releaseDate: expected an ISO 8601 instant with a zone, got ${JSON.stringify(v.releaseDate)}`);
    }
    out.releaseDate = d;
  }
  return out;
}

/** Validates a policy document (the JSON form of AccessPolicy, dates as ISO 8601 strings). */
export function parsePolicy(doc: unknown): AccessPolicy {
  if (!isRecord(doc)) throw new PolicyError("policy: expected an object");
  const unknown = Object.keys(doc).filter((k) => !["embargoHours", "embargoHoursByInstrument", "embargoGroups", "rules"].includes(k));
  if (unknown.length) throw new PolicyError(`policy: unknown key ${unknown[0]}`);
  const byInstrument: Record<string, number> = {};
  const bi = doc.embargoHoursByInstrument ?? {};
  if (!isRecord(bi)) throw new PolicyError("embargoHoursByInstrument: expected an object");
  for (const [k, v] of Object.entries(bi)) byInstrument[k] = hours(v, `embargoHoursByInstrument.${k}`);
  const rules = doc.rules ?? [];
  if (!Array.isArray(rules)) throw new PolicyError("rules: expected a list");
  return {
    embargoHours: doc.embargoHours === undefined ? DEFAULT_POLICY.embargoHours : hours(doc.embargoHours, "embargoHours"),
    embargoHoursByInstrument: byInstrument,
    embargoGroups: names(doc.embargoGroups ?? [], "embargoGroups"),
    rules: rules.map((r, i) => rule(r, `rules[${i}]`)),
  };
}

/** The JSON document of a policy (inverse of parsePolicy). */
export function policyDocument(p: AccessPolicy): Record<string, unknown> {
  return {
    embargoHours: p.embargoHours,
    embargoHoursByInstrument: { ...p.embargoHoursByInstrument },
    embargoGroups: [...p.embargoGroups],
    rules: p.rules.map((r) => ({ pattern: r.pattern, groups: [...r.groups], ...(r.releaseDate ? { releaseDate: r.releaseDate.toISOString() } : {}) })),
  };
}

/** The policy row of a registry database. */
export class PolicyStore {
  constructor(private readonly ex: SqlExecutor) {}

  async ensureSchema(): Promise<void> {
    await this.ex.exec(`CREATE TABLE IF NOT EXISTS "${POLICY_TABLE}" ("id" INTEGER PRIMARY KEY, "document" TEXT NOT NULL, "updated_ms" ${this.ex.caps.bigintType} NOT NULL)`);
  }

  /** The stored policy, or DEFAULT_POLICY when none was set (or the table does not exist yet). */
  async load(): Promise<AccessPolicy> {
    let rows: { document: string }[];
    try {
      rows = await this.ex.all<{ document: string }>(`SELECT "document" FROM "${POLICY_TABLE}" WHERE "id" = 1`);
    } catch {
      return DEFAULT_POLICY;
    }
    const doc = rows[0]?.document;
    return doc === undefined ? DEFAULT_POLICY : parsePolicy(JSON.parse(doc));
  }

  /** Replaces the policy (callers refresh the release facts it drives: see ObsCore's rebuild). */
  async save(policy: AccessPolicy, now = new Date()): Promise<void> {
    await this.ensureSchema();
    const p = new Params(this.ex.caps.placeholder);
    const doc = JSON.stringify(policyDocument(policy));
    await this.ex.run(
      ...p.bind(
        `INSERT INTO "${POLICY_TABLE}" ("id", "document", "updated_ms") VALUES (1, ${p.add(doc)}, ${p.add(now.getTime())}) ON CONFLICT ("id") DO UPDATE SET "document" = excluded."document", "updated_ms" = excluded."updated_ms"`,
      ),
    );
  }
}
