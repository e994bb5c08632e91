/**
 * The dimension universe: the elements (instrument, visit, detector, patch …) that identify
 * datasets, their keys, relationships and metadata, read from a configuration in the layout of the
 * LSST Gen3 Butler's dimensions.yaml (reference: lsst-image-services.md §2.1). Plain immutable
 * data; the registry generates its tables from it, so a different universe needs no code change.
 */

export type FieldType = "int" | "float" | "string" | "bool" | "hash" | "datetime";

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Maximum length of strings. */
  readonly length?: number;
  readonly doc?: string;
}

export interface DimensionElement {
  readonly name: string;
  readonly doc: string;
  /** Own keys; the first is the primary key value used in data IDs. Empty for join elements. */
  readonly keys: readonly FieldSpec[];
  /** Dimensions whose values are part of this element's identity. */
  readonly requires: readonly string[];
  /** Dimensions whose values this element's record determines (visit → physical_filter). */
  readonly implies: readonly string[];
  readonly metadata: readonly FieldSpec[];
  /** Top-level dimensions (instrument, skymap) that partition the repository. */
  readonly governor: boolean;
  /** Records carry a timespan (temporal family member). */
  readonly temporal: boolean;
  /** Records carry a sky region (spatial family member). */
  readonly spatial: boolean;
  /** Records are inserted together with this other element's (visit_detector_region ← visit). */
  readonly populatedBy?: string;
  readonly alwaysJoin: boolean;
  /** A view over another element's records (band is the distinct bands of physical_filter). */
  readonly viewOf?: string;
}

export interface DimensionUniverse {
  readonly namespace: string;
  readonly version: number;
  readonly elements: ReadonlyMap<string, DimensionElement>;
  /** Elements in dependency order (required and implied elements first). */
  readonly ordered: readonly DimensionElement[];
}

/** A universe configuration fault. */
export class UniverseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UniverseError";
  }
}

/** True for elements with keys (usable as data ID keys); false for join elements. */
export function isDimension(e: DimensionElement): boolean {
  return e.keys.length > 0;
}

const FIELD_TYPES = new Set<FieldType>(["int", "float", "string", "bool", "hash", "datetime"]);

function asRecord(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new UniverseError(`${where}: expected a mapping`);
  return v as Record<string, unknown>;
}

function asStrings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new UniverseError(`${where}: expected a list of names`);
  return v as string[];
}

function fields(v: unknown, where: string): FieldSpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UniverseError(`${where}: expected a list of fields`);
  return v.map((f, i) => {
    const r = asRecord(f, `${where}[${i}]`);
    const name = r.name;
    const type = r.type;
    if (typeof name !== "string" || !/^[a-z_][a-z0-9_]*$/.test(name)) throw new UniverseError(`${where}[${i}]: invalid field name ${String(name)}`);
    if (typeof type !== "string" || !FIELD_TYPES.has(type as FieldType)) throw new UniverseError(`${where}.${name}: unknown type ${String(type)}`);
    const spec: FieldSpec = { name, type: type as FieldType };
    return {
      ...spec,
      ...(typeof r.length === "number" ? { length: r.length } : {}),
      ...(typeof r.doc === "string" ? { doc: r.doc.trim() } : {}),
    };
  });
}

/**
 * Builds a universe from a configuration object in the daf_butler dimensions.yaml layout
 * (`elements:` with keys/requires/implies/metadata/governor/populated_by/always_join, and
 * `topology:` with spatial and temporal families). Skypix systems are not elements here.
 */
export function universeFromConfig(config: unknown): DimensionUniverse {
  const root = asRecord(config, "universe");
  const elementsCfg = asRecord(root.elements, "universe.elements");
  const topology = root.topology === undefined ? {} : asRecord(root.topology, "universe.topology");
  const spatialFamilies = topology.spatial === undefined ? {} : asRecord(topology.spatial, "topology.spatial");
  const temporalFamilies = topology.temporal === undefined ? {} : asRecord(topology.temporal, "topology.temporal");
  const spatial = new Set(Object.values(spatialFamilies).flatMap((v, i) => asStrings(v, `topology.spatial[${i}]`)));
  const temporal = new Set(Object.values(temporalFamilies).flatMap((v, i) => asStrings(v, `topology.temporal[${i}]`)));

  const elements = new Map<string, DimensionElement>();
  for (const [name, raw] of Object.entries(elementsCfg)) {
    const r = asRecord(raw, `elements.${name}`);
    const storage = r.storage === undefined ? {} : asRecord(r.storage, `elements.${name}.storage`);
    const nested = storage.nested === undefined ? {} : asRecord(storage.nested, `elements.${name}.storage.nested`);
    const viewOf = typeof r.view_of === "string" ? r.view_of : typeof nested.view_of === "string" ? nested.view_of : undefined;
    const element: DimensionElement = {
      name,
      doc: typeof r.doc === "string" ? r.doc.replace(/\s+/g, " ").trim() : "",
      keys: fields(r.keys, `elements.${name}.keys`),
      requires: asStrings(r.requires, `elements.${name}.requires`),
      implies: asStrings(r.implies, `elements.${name}.implies`),
      metadata: fields(r.metadata, `elements.${name}.metadata`),
      governor: r.governor === true,
      temporal: temporal.has(name),
      spatial: spatial.has(name),
      alwaysJoin: r.always_join === true,
      ...(typeof r.populated_by === "string" ? { populatedBy: r.populated_by } : {}),
      ...(viewOf ? { viewOf } : {}),
    };
    elements.set(name, element);
  }
  for (const e of elements.values()) {
    for (const dep of [...e.requires, ...e.implies, ...(e.viewOf ? [e.viewOf] : []), ...(e.populatedBy ? [e.populatedBy] : [])]) {
      if (!elements.has(dep)) throw new UniverseError(`elements.${e.name}: refers to unknown element ${dep}`);
    }
  }
  const ordered: DimensionElement[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]) => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") throw new UniverseError(`dimension cycle: ${[...path, name].join(" → ")}`);
    state.set(name, "visiting");
    const e = elements.get(name)!;
    for (const d of [...e.requires, ...e.implies]) visit(d, [...path, name]);
    state.set(name, "done");
    ordered.push(e);
  };
  for (const name of elements.keys()) visit(name, []);
  // `requires` becomes the transitive closure in universe order: a visit_detector_region record is
  // identified by instrument, visit and detector, since visit and detector both need instrument.
  const position = new Map(ordered.map((e, i) => [e.name, i]));
  const closure = (name: string, acc: Set<string>): Set<string> => {
    for (const d of elements.get(name)!.requires) {
      if (!acc.has(d)) {
        acc.add(d);
        closure(d, acc);
      }
    }
    return acc;
  };
  const expanded = ordered.map((e) => ({ ...e, requires: [...closure(e.name, new Set())].sort((a, b) => position.get(a)! - position.get(b)!) }));
  elements.clear();
  for (const e of expanded) elements.set(e.name, e);
  ordered.splice(0, ordered.length, ...expanded);
  return {
    namespace: typeof root.namespace === "string" ? root.namespace : "daf_butler",
    version: typeof root.version === "number" ? root.version : 0,
    elements,
    ordered,
  };
}

/** Looks up an element, throwing a UniverseError naming the closest ones when unknown. */
export function getElement(universe: DimensionUniverse, name: string): DimensionElement {
  const e = universe.elements.get(name);
  if (!e) throw new UniverseError(`no dimension element named ${name}; known: ${[...universe.elements.keys()].join(", ")}`);
  return e;
}

/** The dimensions (with keys) of the universe, in dependency order. */
export function dimensions(universe: DimensionUniverse): DimensionElement[] {
  return universe.ordered.filter(isDimension);
}

/**
 * The full set of dimensions a set of dimension names stands for: each name plus everything it
 * requires and implies, recursively, in universe order (raw's [instrument, detector, exposure]
 * expands to instrument, detector, physical_filter, band, group, day_obs, exposure).
 */
export function expandDimensions(universe: DimensionUniverse, names: readonly string[]): string[] {
  const seen = new Set<string>();
  const add = (n: string) => {
    if (seen.has(n)) return;
    const e = getElement(universe, n);
    seen.add(n);
    for (const d of [...e.requires, ...e.implies]) add(d);
  };
  names.forEach(add);
  return universe.ordered.filter((e) => seen.has(e.name) && isDimension(e)).map((e) => e.name);
}

/**
 * The required (identifying) dimensions of a set: its full expansion minus the dimensions another
 * member implies (raw's set reduces to instrument, detector, exposure; a coadd's keeps band, which
 * nothing in skymap, tract, patch implies).
 */
export function requiredDimensions(universe: DimensionUniverse, names: readonly string[]): string[] {
  const all = expandDimensions(universe, names);
  return all.filter((d) => !all.some((o) => o !== d && getElement(universe, o).implies.includes(d)));
}
