/**
 * Prints the corpus definitions as JSON for oracle.py: `node --import tsx export-queries.ts`.
 * Only rows-definitions carry `oracleSql`; error definitions are listed for completeness.
 */
import { CORPUS_DEFINITIONS } from "./queries.js";

const out = CORPUS_DEFINITIONS.map((d) => (d.kind === "rows" ? { id: d.id, kind: d.kind, ordered: d.ordered, oracleSql: d.oracleSql } : { id: d.id, kind: d.kind }));
process.stdout.write(`${JSON.stringify(out)}\n`);
