/**
 * Tokens issued by this server, kept in the registry database (issue 11: `skyport token
 * create|list|revoke`). A token reads `skp_<id>_<secret>`: the id (public, 12 lower-case base32
 * characters) names the row, the secret (32 random bytes, base64url) is stored only as its SHA-256,
 * compared in constant time. Expired and revoked tokens verify as nothing. Rows keep the subject,
 * groups and scopes, so a token is an identity.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { Params } from "../registry/sql-registry/context.js";
import type { SqlDatabase } from "../registry/sql/database.js";
import { type Identity, isScope, NAME_PATTERN, type Scope } from "./identity.js";

export const TOKEN_TABLE = "skyport_token";

/** What a token verifier does: any source of identities (this store, an OIDC/JWT verifier). */
export interface TokenVerifier {
  /** The identity a token stands for, or undefined when it is unknown, expired or revoked. */
  verify(token: string): Promise<Identity | undefined>;
}

export interface NewToken {
  readonly subject: string;
  readonly groups?: readonly string[];
  readonly scopes: readonly Scope[];
  /** When the token stops working; never when absent. */
  readonly expires?: Date;
  readonly note?: string;
}

export interface TokenInfo {
  readonly id: string;
  readonly subject: string;
  readonly groups: readonly string[];
  readonly scopes: readonly Scope[];
  readonly created: Date;
  readonly expires: Date | null;
  readonly revoked: Date | null;
  readonly note: string;
}

interface TokenRow {
  readonly id: string;
  readonly secret_sha256: string;
  readonly subject: string;
  readonly groups_json: string;
  readonly scopes_json: string;
  readonly created_ms: number | bigint;
  readonly expires_ms: number | bigint | null;
  readonly revoked_ms: number | bigint | null;
  readonly note: string;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const TOKEN_PATTERN = /^skp_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export class TokenError extends Error {}

function sha256(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

function newId(): string {
  const bytes = randomBytes(12);
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b & 31];
  return id;
}

function info(row: TokenRow): TokenInfo {
  const date = (ms: number | bigint | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)));
  return {
    id: row.id,
    subject: row.subject,
    groups: JSON.parse(row.groups_json) as string[],
    scopes: (JSON.parse(row.scopes_json) as string[]).filter(isScope),
    created: new Date(Number(row.created_ms)),
    expires: date(row.expires_ms),
    revoked: date(row.revoked_ms),
    note: row.note,
  };
}

export class SqlTokenStore implements TokenVerifier {
  constructor(
    private readonly db: SqlDatabase,
    /** The clock, injectable for tests of expiry. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private params(): Params {
    return new Params((i) => this.db.caps.placeholder(i));
  }

  async init(): Promise<void> {
    const big = this.db.caps.bigintType;
    await this.db.exec(
      `CREATE TABLE IF NOT EXISTS "${TOKEN_TABLE}" ("id" TEXT PRIMARY KEY, "secret_sha256" TEXT NOT NULL, "subject" TEXT NOT NULL, "groups_json" TEXT NOT NULL, "scopes_json" TEXT NOT NULL, "created_ms" ${big} NOT NULL, "expires_ms" ${big}, "revoked_ms" ${big}, "note" TEXT NOT NULL DEFAULT '')`,
    );
  }

  /** Issues a token; the returned string is the only time its secret is seen. */
  async create(t: NewToken): Promise<{ token: string; info: TokenInfo }> {
    if (!NAME_PATTERN.test(t.subject)) throw new TokenError(`subject ${JSON.stringify(t.subject)} must match ${NAME_PATTERN}`);
    for (const g of t.groups ?? []) if (!NAME_PATTERN.test(g)) throw new TokenError(`group ${JSON.stringify(g)} must match ${NAME_PATTERN}`);
    if (t.scopes.length === 0) throw new TokenError("a token needs at least one scope");
    for (const s of t.scopes) if (!isScope(s)) throw new TokenError(`unknown scope ${JSON.stringify(s)}`);
    if (t.expires && !(t.expires.getTime() > this.now().getTime())) throw new TokenError("the expiry lies in the past");
    const id = newId();
    const secret = randomBytes(32).toString("base64url");
    const token = `skp_${id}_${secret}`;
    const p = this.params();
    const row = {
      id,
      secret_sha256: sha256(secret).toString("hex"),
      subject: t.subject,
      groups_json: JSON.stringify([...new Set(t.groups ?? [])].sort()),
      scopes_json: JSON.stringify([...new Set(t.scopes)].sort()),
      created_ms: this.now().getTime(),
      expires_ms: t.expires ? t.expires.getTime() : null,
      revoked_ms: null,
      note: t.note ?? "",
    } satisfies TokenRow;
    const cols = Object.keys(row);
    await this.db.run(...p.bind(`INSERT INTO "${TOKEN_TABLE}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${p.list(Object.values(row))})`));
    return { token, info: info(row) };
  }

  async verify(token: string): Promise<Identity | undefined> {
    const m = TOKEN_PATTERN.exec(token);
    if (!m) return undefined;
    const p = this.params();
    const [row] = await this.db.all<TokenRow>(...p.bind(`SELECT * FROM "${TOKEN_TABLE}" WHERE "id" = ${p.add(m[1]!)}`));
    if (!row) return undefined;
    const expected = Buffer.from(row.secret_sha256, "hex");
    if (!timingSafeEqual(expected, sha256(m[2]!))) return undefined;
    const t = info(row);
    const now = this.now().getTime();
    if (t.revoked !== null || (t.expires !== null && t.expires.getTime() <= now)) return undefined;
    return { subject: t.subject, groups: t.groups, scopes: t.scopes, anonymous: false };
  }

  /** Every token, newest first (secrets are never listed: only their ids). */
  async list(): Promise<TokenInfo[]> {
    const rows = await this.db.all<TokenRow>(`SELECT * FROM "${TOKEN_TABLE}" ORDER BY "created_ms" DESC, "id"`);
    return rows.map(info);
  }

  /** Revokes a token by id; false when there is no such live token. */
  async revoke(id: string): Promise<boolean> {
    const p = this.params();
    const n = await this.db.run(...p.bind(`UPDATE "${TOKEN_TABLE}" SET "revoked_ms" = ${p.add(this.now().getTime())} WHERE "id" = ${p.add(id)} AND "revoked_ms" IS NULL`));
    return n > 0;
  }
}
