/**
 * Resolving names of the expression language against the registry's DimensionUniverseLookup
 * (lsst-image-services.md §2.1, §2.5): `visit` (primary key value), `visit.exposure_time`,
 * `visit.timespan[.begin|.end]`, `visit.region`, `raw.dataset_id`, `ingest_date`. Unknown names
 * fail with the closest valid names.
 */
import type { IdentifierNode } from "./ast.js";
import { ExpressionCheckError, type SourcePosition } from "./errors.js";
import { closestNames, type DimensionUniverseLookup } from "./lookup.js";
import type { Operand } from "./operands.js";

/** What the checkers share: the text (for error excerpts), the lookup and the binds. */
export interface CheckContext {
  readonly source: string;
  readonly lookup: DimensionUniverseLookup;
}

/** Throws an ExpressionCheckError. */
export function fail(ctx: CheckContext, kind: ExpressionCheckError["kind"], reason: string, pos: SourcePosition, suggestions: readonly string[] = []): never {
  throw new ExpressionCheckError(kind, reason, ctx.source, pos, suggestions);
}

function elementNames(lookup: DimensionUniverseLookup): readonly string[] {
  return lookup.elementNames?.() ?? [];
}

function fieldNames(lookup: DimensionUniverseLookup, element: string): readonly string[] {
  return lookup.fieldNames?.(element) ?? [];
}

/** Suggestions for an unknown bare name: `element.name` fields, then close standalone names. */
function suggestBare(lookup: DimensionUniverseLookup, name: string): string[] {
  const standalone = elementNames(lookup).filter((e) => lookup.fieldType(e, null) !== undefined);
  const close = closestNames(name, standalone);
  const asField = elementNames(lookup)
    .filter((e) => lookup.fieldType(e, name) !== undefined)
    .map((e) => `${e}.${name}`);
  const fields = elementNames(lookup).flatMap((e) => fieldNames(lookup, e).map((f) => `${e}.${f}`));
  const closeFields = asField.length > 0 ? [] : closestNames(name, fields.map((f) => f.slice(f.indexOf(".") + 1)), 1).flatMap((f) => fields.filter((x) => x.endsWith(`.${f}`)));
  // An exact field name (exposure_time → visit.exposure_time) is the likeliest intent.
  return [...asField, ...close, ...closeFields].slice(0, 5);
}

/**
 * Resolves an identifier to a scalar column, a timespan (with begin/end bound expressions), or a
 * region column.
 * @throws ExpressionCheckError (kind 'unknown-name') naming the closest valid names.
 */
export function resolveIdentifier(ctx: CheckContext, node: IdentifierNode): Operand {
  const { lookup } = ctx;
  const { parts, pos } = node;
  const [element = "", field, sub] = parts;
  if (parts.length === 1) {
    const type = lookup.fieldType(element, null);
    if (type === undefined) return fail(ctx, "unknown-name", `unknown name '${element}'`, pos, suggestBare(lookup, element));
    return typed(element, null, type, pos);
  }
  const known = lookup.fieldType(element, null) !== undefined || elementNames(lookup).includes(element) || fieldNames(lookup, element).length > 0;
  if (!known) return fail(ctx, "unknown-name", `unknown dimension element or dataset type '${element}'`, pos, closestNames(element, elementNames(lookup)));
  const type = lookup.fieldType(element, field!);
  if (type === undefined) {
    const fields = fieldNames(lookup, element);
    return fail(ctx, "unknown-name", `'${element}' has no field '${field}'`, pos, closestNames(field!, fields).map((f) => `${element}.${f}`));
  }
  if (parts.length === 2) return typed(element, field!, type, pos);
  const bound = sub!.toLowerCase();
  if (type !== "timespan" || parts.length > 3 || (bound !== "begin" && bound !== "end")) {
    const hint = type === "timespan" ? [`${element}.${field}.begin`, `${element}.${field}.end`] : [];
    return fail(ctx, "unknown-name", `unknown name '${parts.join(".")}'`, pos, hint);
  }
  return { sort: "scalar", expr: { kind: "timespan-bound", element, field: field!, bound, type: "datetime", pos } };
}

function typed(element: string, field: string | null, type: NonNullable<ReturnType<DimensionUniverseLookup["fieldType"]>>, pos: SourcePosition): Operand {
  if (type === "timespan") {
    // A bare timespan name (only possible with a field) stands for its two bound columns.
    const f = field ?? "timespan";
    const bound = (b: "begin" | "end") => ({ kind: "timespan-bound" as const, element, field: f, bound: b, type: "datetime" as const, pos });
    return { sort: "timespan", begin: bound("begin"), end: bound("end"), column: { element, field: f }, pos };
  }
  if (type === "region") return { sort: "region-column", element, field: field ?? "region", pos };
  return { sort: "scalar", expr: { kind: "column", element, field, type, pos } };
}
