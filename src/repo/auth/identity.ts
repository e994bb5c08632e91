/**
 * Who is asking (issue 11): an identity with a subject, group memberships and scopes, as the
 * access policy needs it. Scopes follow LSST's Gafaelfawr names (lsst-image-services.md §7):
 * read:image (SIA, DataLink, files, previews, cut-outs, HiPS), read:tap (TAP), exec:jobs (async
 * jobs), admin. Anonymous callers are an identity too, so services never branch on "no identity".
 */

export const SCOPES = ["read:image", "read:tap", "exec:jobs", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface Identity {
  /** Stable name of the caller ("anonymous" for anonymous callers); jobs belong to it. */
  readonly subject: string;
  readonly groups: readonly string[];
  readonly scopes: readonly Scope[];
  readonly anonymous: boolean;
}

/** The identity of a caller without credentials; its scopes come from configuration. */
export function anonymousIdentity(scopes: readonly Scope[]): Identity {
  return { subject: "anonymous", groups: [], scopes, anonymous: true };
}

/**
 * An anonymous caller with no scopes: what services act as when no identity is given, and the
 * yardstick of "public" (access decisions read groups, never scopes other than admin).
 */
export const ANONYMOUS: Identity = Object.freeze({ subject: "anonymous", groups: Object.freeze([]), scopes: Object.freeze([]), anonymous: true });

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/** Subjects and group names: printable, no separators or quotes (they end up in logs and jobs). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
