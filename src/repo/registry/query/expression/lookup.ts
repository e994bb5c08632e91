/**
 * The names an expression may use, supplied by the registry through a callback so this package
 * never imports it (STYLE.md §4, "check against a lookup"). Dimension elements and their fields
 * (lsst-image-services.md §2.1), `ingest_date`, and `<datasettype>.dataset_id/.run/.ingest_date`
 * are all answered by the same callback. Also: closest-name suggestions for unknown names.
 */

/** Scalar value types of fields and values. `datetime` is TAI ns; `uuid` a lower-case string. */
export type ScalarType = "int" | "float" | "string" | "bool" | "datetime" | "uuid";

/** All field types: scalars plus half-open TAI timespans and sky regions. */
export type ValueType = ScalarType | "timespan" | "region";

/**
 * What the checker asks the registry about names.
 *
 * - `fieldType(element, null)`: the type of a bare name: a dimension's primary key value
 *   (`visit` → 'int', `band` → 'string'), or a free-standing name such as `ingest_date`
 *   ('datetime'); undefined when the name cannot stand alone (join elements, dataset types).
 * - `fieldType(element, field)`: the type of `element.field`: metadata (`visit.exposure_time` →
 *   'float'), keys (`detector.full_name`), `visit.timespan` ('timespan'), `visit.region`
 *   ('region'), `raw.dataset_id` ('uuid'), `raw.run` ('string'), `raw.ingest_date` ('datetime').
 *   `element.timespan.begin/.end` is derived by the checker from a 'timespan' field.
 * - `elementNames()` / `fieldNames(element)`: optional; every valid first part and every valid
 *   field of an element, used only to suggest the closest names in errors.
 */
export interface DimensionUniverseLookup {
  fieldType(element: string, field: string | null): ValueType | undefined;
  elementNames?(): readonly string[];
  fieldNames?(element: string): readonly string[];
}

/** One element's entry for `createTableLookup`. */
export interface LookupTableEntry {
  /** Type of the bare name (primary key value), if it may stand alone. */
  readonly key?: ValueType;
  /** Types of `name.field`. */
  readonly fields?: Readonly<Record<string, ValueType>>;
}

/**
 * A lookup from a literal table, for tests and for registries that prefer to build one up front.
 * @example createTableLookup({ visit: { key: "int", fields: { exposure_time: "float", timespan: "timespan" } } })
 */
export function createTableLookup(table: Readonly<Record<string, LookupTableEntry>>): DimensionUniverseLookup {
  const has = (name: string): boolean => Object.hasOwn(table, name);
  return {
    fieldType(element, field) {
      if (!has(element)) return undefined;
      const entry = table[element]!;
      if (field === null) return entry.key;
      return entry.fields !== undefined && Object.hasOwn(entry.fields, field) ? entry.fields[field] : undefined;
    },
    elementNames: () => Object.keys(table),
    fieldNames: (element) => (has(element) ? Object.keys(table[element]!.fields ?? {}) : []),
  };
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[s.length]![t.length]!;
}

/**
 * Up to `max` candidates closest to `name`, best first; only those within a distance of
 * max(2, 40% of the name's length), so wild guesses are not offered.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length * 0.4));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    // Long candidate lists: skip the quadratic distance when lengths alone rule a name out.
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c);
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** The parts of a dimension element the lookup needs (src/repo/model's DimensionElement fits). */
export interface LookupElementShape {
  readonly name: string;
  /** Own keys; the first is the primary key value a bare name stands for. Empty for join elements. */
  readonly keys: readonly { readonly name: string; readonly type: string }[];
  readonly metadata: readonly { readonly name: string; readonly type: string }[];
  /** Records carry a `timespan`. */
  readonly temporal: boolean;
  /** Records carry a `region`. */
  readonly spatial: boolean;
}

const SCALAR_FIELD_TYPES: ReadonlySet<string> = new Set(["int", "float", "string", "bool", "datetime"]);

/**
 * A lookup over dimension elements (e.g. `universe.elements.values()`) and dataset type names:
 * bare element names are their first key, `element.<key or metadata>` their fields (hash fields
 * are not queryable), `element.timespan` / `element.region` for temporal / spatial elements,
 * `ingest_date` a datetime, and `<datasettype>.dataset_id` (uuid), `.run` (string),
 * `.ingest_date` (datetime).
 */
export function lookupFromElements(elements: Iterable<LookupElementShape>, datasetTypes: readonly string[] = []): DimensionUniverseLookup {
  const table: Record<string, LookupTableEntry> = {};
  for (const e of elements) {
    const fields: Record<string, ValueType> = {};
    for (const f of [...e.keys, ...e.metadata]) if (SCALAR_FIELD_TYPES.has(f.type)) fields[f.name] = f.type as ValueType;
    if (e.temporal) fields.timespan = "timespan";
    if (e.spatial) fields.region = "region";
    const key = e.keys[0];
    table[e.name] = key !== undefined && SCALAR_FIELD_TYPES.has(key.type) ? { key: key.type as ValueType, fields } : { fields };
  }
  table.ingest_date = { key: "datetime" };
  for (const name of datasetTypes) {
    if (!Object.hasOwn(table, name)) table[name] = { fields: { dataset_id: "uuid", run: "string", ingest_date: "datetime" } };
  }
  return createTableLookup(table);
}
