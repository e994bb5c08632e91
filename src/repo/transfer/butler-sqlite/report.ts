/**
 * The report of a Butler SQLite conversion: what was read, what was written, which fields of the
 * source universe were renamed, dropped or absent, and what was skipped and why, plus a plain-text
 * table rendering for the command line. Nothing the converter leaves behind goes unreported.
 */
import type { CollectionType } from "../../model/index.js";

/** How one target element was filled. */
export interface ElementReport {
  readonly element: string;
  /**
   * `table`: from the source table of the same name; `derived`: built from values other records
   * carry (group and day_obs from exposure in older universes); `view`: filled by the registry
   * itself (band from physical_filter); `none`: nothing in the source.
   */
  readonly origin: "table" | "derived" | "view" | "none";
  /** Rows in the source table (0 unless origin is `table`). */
  readonly sourceRows: number;
  /** Records written (or that would be, in a dry run). */
  readonly converted: number;
  /** For derived elements: the elements and fields the values came from. */
  readonly derivedFrom?: readonly string[];
}

/** A source field that did not map one-to-one onto a target field. */
export interface FieldNote {
  readonly element: string;
  readonly field: string;
  /** `renamed`: kept under another name or element; `dropped`: not kept; `absent`: target field the source lacks (left null). */
  readonly kind: "renamed" | "dropped" | "absent";
  /** Where a renamed field went (`group`, `visit_system_membership.visit_system`). */
  readonly to?: string;
  /** Non-null source values affected. */
  readonly values: number;
  readonly reason: string;
}

/** Something in the source that was not converted. */
export interface SkipNote {
  readonly what: string;
  readonly count: number;
  readonly reason: string;
}

export interface DatasetTypeReport {
  readonly name: string;
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly isCalibration: boolean;
  /** Datasets converted. */
  readonly datasets: number;
}

export interface CollectionReport {
  readonly name: string;
  readonly type: CollectionType;
  /** RUN: datasets created in it; TAGGED: members; CALIBRATION: certifications; CHAINED: 0. */
  readonly datasets: number;
  readonly children?: readonly string[];
}

export interface ConversionReport {
  readonly source: {
    readonly path: string;
    /** The universe recorded in the source (null when it recorded none). */
    readonly universe: { readonly namespace: string; readonly version: number } | null;
    /** Registry manager classes by role, from butler_attributes. */
    readonly managers: Readonly<Record<string, string>>;
  };
  readonly target: { readonly namespace: string; readonly version: number };
  /** False for a dry run: everything was read and mapped, nothing written. */
  readonly written: boolean;
  readonly elements: readonly ElementReport[];
  readonly fields: readonly FieldNote[];
  readonly datasetTypes: readonly DatasetTypeReport[];
  readonly collections: readonly CollectionReport[];
  readonly collectionsByType: Readonly<Record<CollectionType, number>>;
  readonly datasets: number;
  /** TAGGED memberships written. */
  readonly tagged: number;
  /** CALIBRATION certifications (dataset × validity range) written. */
  readonly certified: number;
  readonly datastoreRecords: number;
  readonly skipped: readonly SkipNote[];
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** The report as plain-text tables, one section per kind, for terminals and logs. */
export function formatConversionReport(r: ConversionReport): string {
  const u = r.source.universe;
  const out: string[] = [
    `source: ${r.source.path} (universe ${u ? `${u.namespace} v${u.version}` : "not recorded"})`,
    `target universe: ${r.target.namespace} v${r.target.version}${r.written ? "" : "  [dry run: nothing written]"}`,
    "",
    ...table(
      ["element", "origin", "source rows", "converted", "from"],
      r.elements.filter((e) => e.origin !== "none" || e.sourceRows > 0).map((e) => [e.element, e.origin, String(e.sourceRows), String(e.converted), (e.derivedFrom ?? []).join(", ")]),
    ),
    "",
    ...table(
      ["dataset type", "dimensions", "storage class", "calibration", "datasets"],
      r.datasetTypes.map((t) => [t.name, t.dimensions.join(","), t.storageClass, t.isCalibration ? "yes" : "no", String(t.datasets)]),
    ),
    "",
    ...table(["collection", "type", "datasets", "children"], r.collections.map((c) => [c.name, c.type, String(c.datasets), (c.children ?? []).join(", ")])),
    "",
    `collections by type: ${Object.entries(r.collectionsByType).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `datasets ${r.datasets}, TAGGED memberships ${r.tagged}, certifications ${r.certified}, datastore records ${r.datastoreRecords}`,
  ];
  if (r.fields.length) out.push("", ...table(["element.field", "kind", "to", "values", "reason"], r.fields.map((f) => [`${f.element}.${f.field}`, f.kind, f.to ?? "", String(f.values), f.reason])));
  if (r.skipped.length) out.push("", ...table(["skipped", "count", "reason"], r.skipped.map((s) => [s.what, String(s.count), s.reason])));
  return `${out.join("\n")}\n`;
}
