/**
 * `skyport token create|list|revoke` (issue 11): tokens of the built-in token store in the
 * registry database. `create` prints the token once (only its hash is kept); pass it to clients as
 * `Authorization: Bearer <token>`, or as the password of HTTP Basic.
 */
import type { Command } from "commander";
import { isScope, type Scope, SCOPES, SqlTokenStore, type TokenInfo } from "../../repo/auth/index.js";
import type { Registry } from "../../repo/registry/index.js";

const collect = (v: string, acc: string[]) => [...acc, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function describe(t: TokenInfo): string {
  const state = t.revoked ? `revoked ${t.revoked.toISOString()}` : t.expires ? `expires ${t.expires.toISOString()}` : "no expiry";
  return `${t.id}  ${t.subject}  groups=${t.groups.join(",") || "-"}  scopes=${t.scopes.join(",")}  created ${t.created.toISOString()}  ${state}${t.note ? `  # ${t.note}` : ""}`;
}

/** Registers the `token` command group; `openRegistry` opens the repository's registry (closed after). */
export function registerTokenCommands(program: Command, openRegistry: () => Promise<Registry>): Command {
  const token = program.command("token").description("access tokens: create, list and revoke (stored in the registry database)");
  const withStore = async (fn: (store: SqlTokenStore) => Promise<void>) => {
    const registry = await openRegistry();
    try {
      if (!registry.database) throw new Error("the registry has no database handle");
      const store = new SqlTokenStore(registry.database);
      await store.init();
      await fn(store);
    } finally {
      await registry.close();
    }
  };
  token
    .command("create")
    .description("issue a token and print it (it is shown only once)")
    .requiredOption("--subject <name>", "who the token belongs to (owner of its jobs)")
    .option("--group <names>", "group membership (repeat or comma-separate)", collect, [])
    .option("--scope <scopes>", `scopes (repeat or comma-separate): ${SCOPES.join(", ")}`, collect, [])
    .option("--expires-days <n>", "lifetime in days (default: no expiry)")
    .option("--note <text>", "what the token is for", "")
    .action(async (o: { subject: string; group: string[]; scope: string[]; expiresDays?: string; note: string }) => {
      const scopes = o.scope.length > 0 ? o.scope : ["read:image", "read:tap", "exec:jobs"];
      const bad = scopes.filter((s) => !isScope(s));
      if (bad.length > 0) throw new Error(`unknown scope ${bad.join(", ")}: use ${SCOPES.join(", ")}`);
      let expires: Date | undefined;
      if (o.expiresDays !== undefined) {
        const days = Number(o.expiresDays);
        if (!(days > 0 && days <= 3650)) throw new Error("--expires-days must be a number of days in (0, 3650]");
        expires = new Date(Date.now() + days * 86_400_000);
      }
      await withStore(async (store) => {
        const made = await store.create({ subject: o.subject, groups: o.group, scopes: scopes as Scope[], note: o.note, ...(expires ? { expires } : {}) });
        process.stdout.write(`${made.token}\n`);
        process.stderr.write(`token ${made.info.id} for ${made.info.subject}: keep it secret, it is not shown again\n`);
      });
    });
  token
    .command("list")
    .description("list tokens (ids, owners, groups, scopes, state; never secrets)")
    .option("--json", "print JSON", false)
    .action(async (o: { json: boolean }) => {
      await withStore(async (store) => {
        const all = await store.list();
        process.stdout.write(o.json ? `${JSON.stringify(all)}\n` : all.map((t) => `${describe(t)}\n`).join(""));
      });
    });
  token
    .command("revoke")
    .description("revoke a token by its id (the 12 characters after skp_)")
    .argument("<id>", "token id")
    .action(async (id: string) => {
      await withStore(async (store) => {
        if (!(await store.revoke(id))) {
          process.stderr.write(`skyport token: no live token ${id}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`revoked ${id}\n`);
      });
    });
  return token;
}
