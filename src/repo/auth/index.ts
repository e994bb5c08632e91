/** Public surface of authentication: identities, credentials from HTTP headers, the token store. */
export { tokenFromAuthorization } from "./credentials.js";
export { ANONYMOUS, anonymousIdentity, type Identity, isScope, NAME_PATTERN, type Scope, SCOPES } from "./identity.js";
export { type NewToken, SqlTokenStore, TOKEN_TABLE, TokenError, type TokenInfo, type TokenVerifier } from "./token-store.js";
export { type JwksSource, JwtVerifier, JwtVerifierError, type JwtVerifierOptions, KID_REFETCH_MIN_S, MAX_TOKEN_LENGTH } from "./jwt.js";
export { type FirstOfOptions, firstOf, looksLikeJwt } from "./verifiers.js";
