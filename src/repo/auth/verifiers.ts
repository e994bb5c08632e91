/**
 * Combining token verifiers: the server's own token store and any external identity providers
 * answer one after another, so the HTTP edge asks a single verifier.
 */
import type { Identity } from "./identity.js";
import type { TokenVerifier } from "./token-store.js";

export interface FirstOfOptions {
  /** Told when a verifier throws (a database or identity provider outage); the next one is tried. */
  readonly onError?: (error: unknown, verifier: TokenVerifier) => void;
}

function isVerifier(v: TokenVerifier | FirstOfOptions): v is TokenVerifier {
  return typeof (v as Partial<TokenVerifier>).verify === "function";
}

/**
 * A verifier that asks each given verifier in order; the first identity wins. A verifier that
 * throws counts as "unknown token", so one provider being down does not lock out the others'
 * users. Options, if any, come last: `firstOf(store, oidc, { onError })`.
 */
export function firstOf(...args: TokenVerifier[] | [...TokenVerifier[], FirstOfOptions]): TokenVerifier {
  const list: readonly (TokenVerifier | FirstOfOptions)[] = args;
  const verifiers = list.filter(isVerifier);
  const last = list.at(-1);
  const onError = last && !isVerifier(last) ? last.onError : undefined;
  return {
    async verify(token: string): Promise<Identity | undefined> {
      for (const v of verifiers) {
        try {
          const identity = await v.verify(token);
          if (identity) return identity;
        } catch (error) {
          onError?.(error, v);
        }
      }
      return undefined;
    },
  };
}

/** Whether a token has the shape of a compact JWS (`eyJ…` header, three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
