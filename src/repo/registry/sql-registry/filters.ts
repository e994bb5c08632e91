/**
 * Constraints shared by record and dataset queries: data-ID values, region and timespan overlaps
 * (through the universe's spatial and temporal families), `where` expressions and ordering. Other
 * elements are joined when a constraint names them and their identifying dimensions are at hand
 * (a visit query constrained on band joins physical_filter, which implies band).
 */
import { type DimensionElement, getElement, isDimension } from "../../model/index.js";
import type { QueryOptions } from "../registry.js";
import { elementTable, identifyingColumns } from "../schema.js";
import { quoteIdent as q } from "../sql/database.js";
import type { Params, RegistryContext } from "./context.js";
import { RegistryError } from "./context.js";
import { compileWhereExpression } from "./where.js";

/** The row a query starts from and the dimension values it exposes as SQL columns. */
export interface FilterBase {
  readonly alias: string;
  /** The element whose table is the base (undefined for the dataset table). */
  readonly element: DimensionElement | undefined;
  /** dimension name → SQL expression of its value. */
  readonly dimensionColumns: ReadonlyMap<string, string>;
}

export interface CompiledFilters {
  readonly joins: string;
  readonly where: string;
  readonly orderBy: string[];
  /**
   * Set when the query should start from the spatial strategy's candidate keys (see
   * `CompileOptions.driveFromCandidates`): the caller writes `WITH ${with} SELECT … FROM ${from}
   * CROSS JOIN <base table> ON ${baseOn} …${joins}`. `joins` then holds only the joins that
   * must come after the base row (the spatial element itself, whose exact test is the costly part).
   */
  readonly driver?: { readonly with: string; readonly from: string; readonly baseOn: string };
}

/** How compileFilters may shape the query. */
export interface CompileOptions {
  /**
   * Whether a region constraint may become the query's starting point when the spatial strategy
   * offers candidate keys (SQLite's HEALPix side table): the candidates are materialised once,
   * then, in this order, elements joinable from the candidate keys alone (a visit and its
   * timespan), the base row, and last the spatial element with the exact test. Every other
   * constraint is checked as early as its columns allow, so the costly reads (the base row, the
   * region) happen only for candidates that pass the cheap tests.
   */
  readonly driveFromCandidates?: boolean;
}

/** The alias of the materialised candidate keys. */
const CANDIDATES = "sky_cand";

/** Tracks joined elements and the dimension columns available so far. */
export class JoinSet {
  readonly columns: Map<string, string>;
  private readonly joined = new Map<string, string>();
  private readonly sql: string[] = [];
  /** When the query starts from candidate keys: their columns, and the element they index. */
  private driver: { readonly exprs: ReadonlySet<string>; readonly element: string; readonly lead: string[]; readonly after: string[] } | undefined;

  constructor(
    private readonly ctx: RegistryContext,readonly base: FilterBase,
  ) {
    this.columns = new Map(base.dimensionColumns);
    if (base.element) this.joined.set(base.element.name, base.alias);
  }

  get joinSql(): string {
    return this.driver ? this.driver.after.join("") : this.sql.join("");
  }

  /** The joins that go before the base row when the query starts from candidate keys. */
  get leadSql(): string {
    return this.driver ? this.driver.lead.join("") : "";
  }

  /**
   * Starts the query from candidate keys: `dimension → SQL` of the candidate columns replace the
   * base's, so elements are joined on the candidates; those joinable from the candidates alone
   * (other than `element`, the spatial one) are placed before the base row. Joins made earlier
   * are on the base's columns, so they follow the base row.
   */
  startFrom(columns: ReadonlyMap<string, string>, element: string): void {
    for (const [d, expr] of columns) this.columns.set(d, expr);
    const after = this.sql.map((j) => j.replace(/^ JOIN /, " CROSS JOIN "));
    this.driver = { exprs: new Set(columns.values()), element, lead: [], after };
  }

  /** Identifying columns of an element mapped to available dimension columns, or undefined. */
  private keyMatch(e: DimensionElement): { column: string; expr: string }[] | undefined {
    const cols = isDimension(e) ? identifyingColumns(e) : e.requires.map((d) => ({ column: d, dimension: d }));
    const out: { column: string; expr: string }[] = [];
    for (const c of cols) {
      const expr = this.columns.get(c.dimension);
      if (!expr) return undefined;
      out.push({ column: c.column, expr });
    }
    return out;
  }

  /** Whether the element can be joined (or is already there). */
  canJoin(name: string): boolean {
    return this.joined.has(name) || this.keyMatch(getElement(this.ctx.universe, name)) !== undefined;
  }

  /** Joins an element by its identifying dimensions; returns its alias. */
  join(name: string): string {
    const existing = this.joined.get(name);
    if (existing) return existing;
    const e = getElement(this.ctx.universe, name);
    const match = this.keyMatch(e);
    if (!match) {
      throw new RegistryError(`cannot relate ${name} to this query: it needs ${(isDimension(e) ? identifyingColumns(e).map((c) => c.dimension) : e.requires).join(", ")}`);
    }
    const alias = `j_${name}`;
    const on = match.map((m) => `${q(alias)}.${q(m.column)} = ${m.expr}`).join(" AND ");
    if (this.driver) {
      // CROSS JOIN fixes SQLite's join order (https://sqlite.org/optoverview.html#crossjoin).
      const sql = ` CROSS JOIN ${q(elementTable(name))} AS ${q(alias)} ON ${on}`;
      const d = this.driver;
      if (name !== d.element && match.every((m) => d.exprs.has(m.expr))) d.lead.push(sql);
      else d.after.push(sql);
    } else {
      this.sql.push(` JOIN ${q(elementTable(name))} AS ${q(alias)} ON ${on}`);
    }
    this.joined.set(name, alias);
    for (const d of e.implies) if (!this.columns.has(d)) this.columns.set(d, `${q(alias)}.${q(d)}`);
    return alias;
  }

  /** The SQL of a dimension's value, joining elements that imply it when needed. */
  dimension(dim: string): string {
    for (let guard = 0; guard < 8; guard++) {
      const have = this.columns.get(dim);
      if (have) return have;
      // Find an element that implies `dim` and can be joined from here.
      const via = this.ctx.universe.ordered.find((e) => isDimension(e) && e.implies.includes(dim) && this.canJoin(e.name));
      if (!via) break;
      this.join(via.name);
    }
    throw new RegistryError(`${dim} is not a dimension of this query`);
  }

  /** Alias of the element's table (joined on demand). */
  alias(element: string): string {
    return this.join(element);
  }
}

/**
 * The member of a topology family (spatial or temporal) a constraint applies to: the base element
 * when it is a member, otherwise the reachable members not implied by another reachable member,
 * most specific first (visit_detector_region before visit; visit rather than the day_obs it implies).
 */
function familyMember(ctx: RegistryContext, base: FilterBase, joins: JoinSet, kind: "spatial" | "temporal"): DimensionElement | undefined {
  const members = ctx.universe.ordered.filter((e) => (kind === "spatial" ? e.spatial : e.temporal));
  if (base.element && members.includes(base.element)) return base.element;
  const reachable = members.filter((e) => joins.canJoin(e.name));
  const candidates = reachable.filter((e) => !reachable.some((o) => o !== e && o.implies.includes(e.name)));
  return candidates.sort((a, b) => b.requires.length - a.requires.length)[0];
}

/** Orders by terms such as "visit", "-visit.exposure_time", "exposure.timespan.begin". */
function orderTerm(ctx: RegistryContext, joins: JoinSet, term: string): string {
  const desc = term.startsWith("-");
  const path = (desc ? term.slice(1) : term).trim().split(".");
  let expr: string;
  if (path.length === 1) {
    expr = joins.dimension(path[0]!);
  } else {
    const e = getElement(ctx.universe, path[0]!);
    const alias = joins.alias(e.name);
    if (path[1] === "timespan" && e.temporal) {
      expr = `${q(alias)}.${q(path[2] === "end" ? "timespan_end" : "timespan_begin")}`;
    } else {
      const field = path[1]!;
      const known = [...e.keys, ...e.metadata].some((f) => f.name === field) || e.requires.includes(field) || e.implies.includes(field);
      if (!known || path.length > 2) throw new RegistryError(`cannot order by ${term}: ${e.name} has no field ${path.slice(1).join(".")}`);
      expr = `${q(alias)}.${q(field)}`;
    }
  }
  return `${expr}${desc ? " DESC" : ""}`;
}

/** Compiles data-ID, region, timespan, where and order constraints for a query base. */
export function compileFilters(
  ctx: RegistryContext,
  base: FilterBase,
  options: QueryOptions,
  params: Params,
  joins = new JoinSet(ctx, base),
  /** Dataset type names whose fields (`raw.dataset_id`, `raw.run`) the expression may use. */
  datasetTypes: readonly string[] = [],
  compileOptions: CompileOptions = {},
): CompiledFilters {
  const where: string[] = [];
  // The region first when it drives the query, so every later join is made on the candidates.
  let driver: CompiledFilters["driver"];
  let regionDone = false;
  if (options.region && compileOptions.driveFromCandidates && ctx.spatial.candidates) {
    const e = familyMember(ctx, base, joins, "spatial");
    const cand = e ? ctx.spatial.candidates(e, options.region, params) : undefined;
    if (e && cand?.columns.every((c) => base.dimensionColumns.has(c.dimension))) {
      const columns = new Map(cand.columns.map((c) => [c.dimension, `${q(CANDIDATES)}.${q(c.column)}`]));
      const baseOn = cand.columns.map((c) => `${base.dimensionColumns.get(c.dimension)!} = ${columns.get(c.dimension)!}`).join(" AND ");
      joins.startFrom(columns, e.name);
      where.push(cand.exact(joins.alias(e.name)));
      driver = { with: `${q(CANDIDATES)} AS MATERIALIZED (${cand.keysSql})`, from: q(CANDIDATES), baseOn };
      regionDone = true;
    }
  }
  for (const [dim, value] of Object.entries(options.dataId ?? {})) {
    getElement(ctx.universe, dim);
    where.push(`${joins.dimension(dim)} = ${params.add(value)}`);
  }
  if (options.region && !regionDone) {
    const e = familyMember(ctx, base, joins, "spatial");
    if (!e) throw new RegistryError("a region constraint needs a spatial dimension (visit, detector, tract, patch) in the query");
    where.push(ctx.spatial.overlaps(joins.alias(e.name), e, options.region, params));
  }
  if (options.timespan) {
    const e = familyMember(ctx, base, joins, "temporal");
    if (!e) throw new RegistryError("a timespan constraint needs a temporal dimension (exposure, visit, day_obs) in the query");
    const a = q(joins.alias(e.name));
    if (options.timespan.end !== null) where.push(`${a}."timespan_begin" < ${params.add(options.timespan.end)}`);
    if (options.timespan.begin !== null) where.push(`${a}."timespan_end" > ${params.add(options.timespan.begin)}`);
  }
  if (options.where && options.where.trim() !== "") {
    where.push(`(${compileWhereExpression(ctx, base, joins, options.where, options.bind ?? {}, params, datasetTypes)})`);
  }
  const orderBy = (options.orderBy ?? []).map((t) => orderTerm(ctx, joins, t));
  if (driver) driver = { ...driver, from: `${driver.from}${joins.leadSql}` };
  return { joins: joins.joinSql, where: where.length ? where.join(" AND ") : "1 = 1", orderBy, ...(driver ? { driver } : {}) };
}
