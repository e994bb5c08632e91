/**
 * Credentials in an HTTP Authorization header (RFC 9110 §11.6.2): `Bearer <token>` (RFC 6750), or
 * `Basic base64(user:password)` (RFC 7617) with the token as the password — or as the user name
 * with an empty password — so VO clients that only know Basic (TOPCAT, pyvo with a user and
 * password) can send a token, as LSST's Gafaelfawr accepts (lsst-image-services.md §7).
 */

/** The token carried by an Authorization header; undefined when there is none or it is malformed. */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const value = m[2]!;
  if (scheme === "bearer") return value;
  if (scheme !== "basic") return undefined;
  let decoded: string;
  try {
    decoded = Buffer.from(value, "base64").toString("utf8");
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return password !== "" ? password : user !== "" ? user : undefined;
}
