/**
 * Structural comparison of ADQL ASTs ignoring source positions, as needed by the round-trip
 * contract parse(toAdql(parse(q))) ≡ parse(q) and by rewrite tests.
 */

/** A deep copy of an AST (or any plain data) without `pos` fields and without undefined fields. */
export function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== "pos" && v !== undefined) out[k] = withoutPositions(v);
    return out;
  }
  return node;
}

/** Whether two ASTs are equal up to source positions. */
export function sameAst(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutPositions(a)) === JSON.stringify(withoutPositions(b));
}
