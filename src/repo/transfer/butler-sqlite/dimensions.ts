/**
 * Maps a Butler SQLite registry's dimension element tables onto the target universe. Elements are
 * matched by name and fields by column name; timespan pairs and sphgeom regions become timespans
 * and polygons. Where universes differ: fields the target lacks are dropped and reported; a few
 * fields whose meaning moved between daf_butler universe versions are carried over (see
 * {@link FIELD_MOVES}); and dimensions the target makes explicit but an older source only kept as
 * values (group, day_obs) are derived from the records that name them.
 */
import { type DimensionElement, type DimensionUniverse, type FieldSpec, getElement, isDimension } from "../../model/index.js";
import type { DimensionRecord } from "../../registry/index.js";
import type { ElementReport, FieldNote, SkipNote } from "./report.js";
import type { ButlerSource, SourceRow, SourceUniverse } from "./source.js";
import { fieldValue, regionValue, timespanValue } from "./values.js";

/**
 * Fields whose meaning moved between universe versions. `to` is a field of the same element, or
 * `element.field` for a field that became membership in a join element. Applied only when the
 * source lacks `to` and the target has it.
 */
export const FIELD_MOVES: readonly { readonly element: string; readonly field: string; readonly to: string; readonly reason: string }[] = [
  { element: "exposure", field: "group_name", to: "group", reason: "group became a dimension implied by exposure (universe ≥ 6); group_name held its key" },
  { element: "visit", field: "visit_system", to: "visit_system_membership.visit_system", reason: "visits became members of several visit systems (universe ≥ 2)" },
];

const TIME_PAIRS: readonly (readonly [string, string])[] = [["timespan_begin", "timespan_end"], ["datetime_begin", "datetime_end"]];

/** The dimension records planned for the target, per element, with notes for the report. */
export interface DimensionPlan {
  /** Records per element, in target universe order (views excluded). */
  readonly records: ReadonlyMap<string, DimensionRecord[]>;
  readonly elements: ElementReport[];
  readonly fields: FieldNote[];
  readonly skipped: SkipNote[];
}

/** The target columns of an element with their specs (same layout as the registry's tables). */
export function targetFields(universe: DimensionUniverse, e: DimensionElement): Map<string, FieldSpec> {
  const out = new Map<string, FieldSpec>();
  for (const d of e.requires) out.set(d, getElement(universe, d).keys[0]!);
  for (const k of e.keys) out.set(k.name, k);
  for (const d of e.implies) out.set(d, getElement(universe, d).keys[0]!);
  for (const m of e.metadata) out.set(m.name, m);
  return out;
}

/** Identity of a record for de-duplication: its identifying values. */
function identity(e: DimensionElement, rec: DimensionRecord): string {
  const cols = isDimension(e) ? [...e.requires, e.keys[0]!.name] : e.requires;
  return JSON.stringify(cols.map((c) => String(rec[c] ?? "")));
}

interface Accumulator {
  readonly universe: DimensionUniverse;
  readonly records: Map<string, Map<string, DimensionRecord>>;
  readonly fields: FieldNote[];
  readonly skipped: SkipNote[];
  readonly sourceRows: Map<string, number>;
  readonly derivedFrom: Map<string, Set<string>>;
  /** Metadata field names per element in the source universe (empty when it recorded none). */
  readonly sourceMetadata: ReadonlyMap<string, ReadonlySet<string>>;
}

function add(acc: Accumulator, element: string, rec: DimensionRecord): void {
  const e = getElement(acc.universe, element);
  const m = acc.records.get(element) ?? new Map<string, DimensionRecord>();
  acc.records.set(element, m);
  const key = identity(e, rec);
  if (!m.has(key)) m.set(key, rec);
}

const nonNull = (rows: readonly SourceRow[], col: string) => rows.filter((r) => r[col] !== null && r[col] !== undefined && r[col] !== "").length;

type Move = (typeof FIELD_MOVES)[number];

/** How one source table's columns map onto an element (notes for the report go to `acc`). */
interface ColumnMapping {
  readonly cols: readonly string[];
  readonly fields: ReadonlyMap<string, FieldSpec>;
  readonly pair: readonly [string, string] | undefined;
  readonly moves: readonly Move[];
}

/** Decides each source column's fate, recording renamed, dropped and absent fields. */
function mapColumns(acc: Accumulator, src: ButlerSource, e: DimensionElement, rows: readonly SourceRow[]): ColumnMapping {
  const cols = src.columns(e.name);
  const fields = targetFields(acc.universe, e);
  const note = (field: string, kind: FieldNote["kind"], reason: string, to?: string) =>
    acc.fields.push({ element: e.name, field, kind, ...(to ? { to } : {}), values: kind === "absent" ? 0 : nonNull(rows, field), reason });
  const used = new Set<string>();
  const pair = TIME_PAIRS.find(([b, en]) => cols.includes(b) && cols.includes(en));
  if (pair) {
    used.add(pair[0]).add(pair[1]);
    if (!e.temporal) note(pair[0], "dropped", "timespan: not temporal in the target universe");
  }
  if (cols.includes("region")) {
    used.add("region");
    if (!e.spatial) note("region", "dropped", "not spatial in the target universe");
  }
  const moves = FIELD_MOVES.filter((m) => {
    if (m.element !== e.name || !cols.includes(m.field) || cols.includes(m.to)) return false;
    const [el, f] = m.to.includes(".") ? (m.to.split(".") as [string, string]) : [e.name, m.to];
    const target = acc.universe.elements.get(el);
    return target !== undefined && targetFields(acc.universe, target).has(f) && !(el !== e.name && src.has(el));
  });
  for (const d of e.implies) {
    if (cols.includes(d) && acc.sourceMetadata.get(e.name)?.has(d)) note(d, "renamed", `metadata in the source universe, a dimension implied by ${e.name} in the target`, `${d} (dimension)`);
  }
  for (const m of moves) {
    used.add(m.field);
    note(m.field, "renamed", m.reason, m.to);
  }
  for (const c of cols) if (!used.has(c) && !fields.has(c)) note(c, "dropped", "no such field in the target universe");
  const movedInto = new Set(moves.filter((m) => !m.to.includes(".")).map((m) => m.to));
  for (const [f] of rows.length ? fields : []) if (!cols.includes(f) && !movedInto.has(f)) note(f, "absent", "not in the source; left null");
  return { cols, fields, pair, moves };
}

/** Maps the rows of one source table onto a target element. */
function mapTable(acc: Accumulator, src: ButlerSource, e: DimensionElement): void {
  const rows = src.rows(e.name);
  acc.sourceRows.set(e.name, rows.length);
  const { cols, fields, pair, moves: activeMoves } = mapColumns(acc, src, e, rows);
  const regionProblems = new Map<string, number>();
  let missingKey = 0;
  for (const row of rows) {
    const rec: Record<string, unknown> = {};
    for (const [f, spec] of fields) if (cols.includes(f)) rec[f] = fieldValue(row[f], spec, `${e.name}.${f}`);
    for (const m of activeMoves) {
      if (m.to.includes(".")) continue;
      rec[m.to] = fieldValue(row[m.field], fields.get(m.to)!, `${e.name}.${m.field}`);
    }
    if (pair && e.temporal) {
      const ts = timespanValue(row[pair[0]], row[pair[1]]);
      if (ts) rec.timespan = ts;
    }
    if (e.spatial && cols.includes("region")) {
      const r = regionValue(row.region);
      if (r.kind === "polygon") rec.region = r.polygon;
      if (r.kind === "unsupported") regionProblems.set(r.reason, (regionProblems.get(r.reason) ?? 0) + 1);
    }
    const keys = isDimension(e) ? [...e.requires, e.keys[0]!.name] : e.requires;
    if (keys.some((k) => rec[k] === null || rec[k] === undefined)) {
      missingKey++;
      continue;
    }
    add(acc, e.name, rec);
    for (const m of activeMoves) {
      if (!m.to.includes(".")) continue;
      moveToJoin(acc, e, rec, m.field, m.to, row[m.field]);
    }
  }
  for (const [reason, n] of regionProblems) acc.skipped.push({ what: `${e.name} regions`, count: n, reason: `${reason} (records kept without region)` });
  if (missingKey) acc.skipped.push({ what: `${e.name} records`, count: missingKey, reason: "an identifying value is null" });
}

/** A field that became a join-element membership: visit.visit_system → visit_system_membership. */
function moveToJoin(acc: Accumulator, e: DimensionElement, rec: DimensionRecord, sourceField: string, to: string, value: unknown): void {
  if (value === null || value === undefined) return;
  const [joinName, field] = to.split(".") as [string, string];
  const join = getElement(acc.universe, joinName);
  const fields = targetFields(acc.universe, join);
  const out: Record<string, unknown> = {};
  for (const r of join.requires) {
    const v = r === field ? value : r === e.name ? rec[e.keys[0]!.name] : rec[r];
    if (v === undefined || v === null) return;
    out[r] = fieldValue(v, fields.get(r)!, `${joinName}.${r}`);
  }
  add(acc, joinName, out);
  const from = acc.derivedFrom.get(joinName) ?? new Set<string>();
  acc.derivedFrom.set(joinName, from);
  from.add(`${e.name}.${sourceField}`);
}

/** Records for a dimension the source has no table for, from the records that imply it. */
function derive(acc: Accumulator, d: DimensionElement): void {
  const key = d.keys[0]!;
  const from = new Set<string>();
  for (const e of acc.universe.ordered) {
    if (!e.implies.includes(d.name)) continue;
    for (const rec of acc.records.get(e.name)?.values() ?? []) {
      const v = rec[d.name];
      if (v === null || v === undefined) continue;
      if (d.requires.some((r) => rec[r] === null || rec[r] === undefined)) continue;
      const out: Record<string, unknown> = { [key.name]: v };
      for (const r of d.requires) out[r] = rec[r];
      add(acc, d.name, out);
      from.add(`${e.name}.${d.name}`);
    }
  }
  if (from.size) acc.derivedFrom.set(d.name, from);
}

/** Metadata field names per element of the source universe configuration. */
function metadataNames(source: SourceUniverse | null): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const elements = source?.config.elements;
  if (typeof elements !== "object" || elements === null) return out;
  for (const [name, cfg] of Object.entries(elements)) {
    const meta = typeof cfg === "object" && cfg !== null ? (cfg as { metadata?: unknown }).metadata : undefined;
    if (!Array.isArray(meta)) continue;
    out.set(name, new Set(meta.map((m: unknown) => (typeof m === "object" && m !== null ? String((m as { name?: unknown }).name) : ""))));
  }
  return out;
}

/**
 * Plans the dimension records of the target from the source's element tables.
 * @throws ButlerSqliteError when a value cannot be represented in the target.
 */
export function planDimensionRecords(src: ButlerSource, universe: DimensionUniverse, source: SourceUniverse | null): DimensionPlan {
  const sourceElements = source?.elementNames ?? [...universe.elements.keys()];
  const acc: Accumulator = { universe, records: new Map(), fields: [], skipped: [], sourceRows: new Map(), derivedFrom: new Map(), sourceMetadata: metadataNames(source) };
  for (const name of sourceElements) {
    if (universe.elements.has(name) || !src.has(name)) continue;
    const n = src.count(name);
    if (n > 0) acc.skipped.push({ what: `${name} records`, count: n, reason: `no element ${name} in the target universe` });
  }
  for (const e of universe.ordered) if (!e.viewOf && src.has(e.name)) mapTable(acc, src, e);
  for (const e of universe.ordered) if (!e.viewOf && !src.has(e.name) && isDimension(e)) derive(acc, e);
  const records = new Map<string, DimensionRecord[]>();
  const elements: ElementReport[] = [];
  for (const e of universe.ordered) {
    if (e.viewOf) {
      const values = new Set((acc.records.get(e.viewOf)?.values() ? [...acc.records.get(e.viewOf)!.values()] : []).map((r) => r[e.name]).filter((v) => v !== null && v !== undefined));
      elements.push({ element: e.name, origin: "view", sourceRows: 0, converted: values.size, derivedFrom: [`${e.viewOf}.${e.name}`] });
      continue;
    }
    const recs = [...(acc.records.get(e.name)?.values() ?? [])];
    records.set(e.name, recs);
    const from = acc.derivedFrom.get(e.name);
    const origin = src.has(e.name) ? "table" : from ? "derived" : "none";
    elements.push({ element: e.name, origin, sourceRows: acc.sourceRows.get(e.name) ?? 0, converted: recs.length, ...(from ? { derivedFrom: [...from] } : {}) });
  }
  return { records, elements, fields: acc.fields, skipped: acc.skipped };
}
