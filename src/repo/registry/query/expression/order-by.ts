/**
 * ORDER BY terms of registry queries (lsst-image-services.md §2.5 "order_by"): `detector`,
 * `visit.exposure_time`, `-visit.timespan.begin` (a leading '-' sorts descending). Parsed with the
 * expression parser, resolved with the same lookup; a bare timespan sorts by its begin.
 */
import type { CheckedOrderTerm } from "./checked.js";
import { type CheckContext, fail, resolveIdentifier } from "./check-names.js";
import type { DimensionUniverseLookup } from "./lookup.js";
import { parseOrderByTerm } from "./parser.js";

/**
 * Parses and checks ORDER BY terms.
 * @throws ExpressionSyntaxError for a malformed term, ExpressionCheckError for unknown names and
 *   unsortable fields (regions).
 */
export function checkOrderBy(terms: readonly string[], lookup: DimensionUniverseLookup): CheckedOrderTerm[] {
  return terms.map((text) => {
    const term = parseOrderByTerm(text);
    const ctx: CheckContext = { source: text, lookup };
    const o = resolveIdentifier(ctx, term.identifier);
    if (o.sort === "timespan") return { column: o.begin as CheckedOrderTerm["column"], descending: term.descending };
    if (o.sort === "scalar" && (o.expr.kind === "column" || o.expr.kind === "timespan-bound")) return { column: o.expr, descending: term.descending };
    return fail(ctx, "type", `cannot sort by ${term.identifier.parts.join(".")} (a region)`, term.identifier.pos);
  });
}
