/**
 * TAP_SCHEMA as real tables in the registry database (TAP-22: queryable through every query
 * mechanism, with ADQL like any table), rewritten from the published description at start-up in
 * one transaction, so they always say exactly what the service serves.
 */
import { quoteIdent, type SqlDatabase } from "../../repo/registry/index.js";
import type { TapSchemaDescription } from "../../repo/obscore/tap-schema.js";
import { tapSchemaRows, tapSchemaSelfDescription } from "./documents/index.js";
import { physicalColumnName } from "./schema-lookup.js";

/** Creates (or refreshes) the five TAP_SCHEMA tables from a description that includes TAP_SCHEMA. */
export async function writeTapSchema(db: SqlDatabase, description: TapSchemaDescription): Promise<void> {
  const rows = tapSchemaRows(description) as unknown as Record<string, readonly Record<string, unknown>[]>;
  const self = tapSchemaSelfDescription();
  await db.transaction(async (tx) => {
    for (const t of self.tables) {
      const short = t.name.split(".").pop() as string;
      const cols = t.columns.map((c, i) => ({ c, phys: physicalColumnName(c, i) }));
      const type = (k: string) => (k === "text" ? "TEXT" : k === "double" ? db.caps.floatType : k === "long" ? db.caps.bigintType : "INTEGER");
      await tx.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(t.dbTable)} (${cols.map(({ c, phys }) => `${quoteIdent(phys)} ${type(c.sqlType)}`).join(", ")})`);
      await tx.run(`DELETE FROM ${quoteIdent(t.dbTable)}`);
      const data = rows[short] ?? [];
      for (const r of data) {
        const values = cols.map(({ c }) => {
          const v = r[c.name];
          return v === undefined ? null : (v as string | number | null);
        });
        await tx.run(`INSERT INTO ${quoteIdent(t.dbTable)} VALUES (${cols.map((_, i) => db.caps.placeholder(i + 1)).join(", ")})`, values);
      }
    }
  });
}
