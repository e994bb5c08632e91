/**
 * The one place where errors become responses (STYLE.md §5). Every fault — ours, a library's or
 * the framework's (404, body limit, validation) — is normalised to a SkyportError and rendered in
 * the error document of the protocol that owns the route: a VOTable with INFO QUERY_STATUS=ERROR
 * (DALI-23, TAP/SIA/DataLink), or text/plain whose first word is the standard's fault label
 * (DALI-12, SIA-12, DL-07, SODA-06). Internal faults never show their message or stack.
 */
import { type ErrorCode, isSkyportError, SkyportError } from "../lib/errors/index.js";
import { escapeAttr, escapeText } from "../lib/xml/index.js";
import { MULTI_VALUED_NOT_SUPPORTED } from "../lib/dali/soda.js";

/** Which standard's vocabulary and document an error is rendered in. */
export type ErrorDialect = "dali" | "datalink" | "soda" | "uws" | "vosi" | "plain";

/** The document kind: a VOTable or plain text. */
export type ErrorDocumentKind = "votable" | "text";

/**
 * Fault labels per dialect. DALI (TAP, SIA, VOSI, generic): UsageFault, TransientFault, FatalFault,
 * DefaultFault (SIA-12). DataLink adds NotFoundFault (DL-07). SODA has its own words (SODA-06).
 */
const DALI_LABELS: Readonly<Record<ErrorCode, string>> = {
  UsageFault: "UsageFault",
  NotFound: "UsageFault",
  Forbidden: "UsageFault",
  Unauthorized: "UsageFault",
  TooLarge: "UsageFault",
  RateLimited: "TransientFault",
  MethodNotAllowed: "UsageFault",
  NotAcceptable: "UsageFault",
  Transient: "TransientFault",
  Fatal: "FatalFault",
  Internal: "DefaultFault",
};

export const FAULT_LABELS: Readonly<Record<"dali" | "datalink" | "soda", Readonly<Record<ErrorCode, string>>>> = {
  dali: DALI_LABELS,
  // DataLink speaks DALI plus NotFoundFault, also for data the caller may not see (DL-07).
  datalink: { ...DALI_LABELS, NotFound: "NotFoundFault", Forbidden: "NotFoundFault" },
  soda: {
    UsageFault: "UsageError",
    NotFound: "UsageError",
    Forbidden: "AuthorizationError",
    Unauthorized: "AuthenticationError",
    TooLarge: "UsageError",
    RateLimited: "ServiceUnavailable",
    MethodNotAllowed: "UsageError",
    NotAcceptable: "UsageError",
    Transient: "ServiceUnavailable",
    Fatal: "Error",
    Internal: "Error",
  },
};

/** The label used by a dialect (UWS, VOSI and plain routes speak DALI). */
export function faultLabel(dialect: ErrorDialect, code: ErrorCode): string {
  const table = dialect === "datalink" ? FAULT_LABELS.datalink : dialect === "soda" ? FAULT_LABELS.soda : FAULT_LABELS.dali;
  return table[code];
}

/** Default document kind per dialect; VOTable dialects switch to text when text was asked for. */
export function defaultDocumentKind(dialect: ErrorDialect): ErrorDocumentKind {
  return dialect === "dali" || dialect === "datalink" ? "votable" : "text";
}

/** The shape of framework errors (fastify's FST_ERR_* carry statusCode and code). */
interface FrameworkError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly validation?: unknown;
}

const STATUS_CODE: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [400, "UsageFault"],
  [401, "Unauthorized"],
  [403, "Forbidden"],
  [404, "NotFound"],
  [405, "MethodNotAllowed"],
  [406, "NotAcceptable"],
  [408, "UsageFault"],
  [411, "UsageFault"],
  [413, "TooLarge"],
  [414, "TooLarge"],
  [415, "UsageFault"],
  [429, "RateLimited"],
  [431, "TooLarge"],
  [503, "Transient"],
]);

const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "the request body is larger than this resource accepts",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported Content-Type for this resource",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "the Content-Length does not match the body",
  FST_ERR_CTP_EMPTY_JSON_BODY: "an empty JSON body was sent",
  FST_ERR_CTP_INVALID_JSON_BODY: "the JSON body is not valid JSON",
  FST_ERR_BAD_URL: "the request URL is malformed",
};

/** Turns anything thrown into a SkyportError; unknown faults become a generic Internal error. */
export function normaliseError(e: unknown): SkyportError {
  if (isSkyportError(e)) return e;
  const fe = (typeof e === "object" && e !== null ? e : {}) as FrameworkError;
  const status = fe.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = STATUS_CODE.get(status) ?? "UsageFault";
    const message = (fe.code && FRAMEWORK_MESSAGES[fe.code]) ?? fe.message ?? "bad request";
    return new SkyportError({ code, status, message, userSafe: true, cause: e });
  }
  if (status === 503) {
    return new SkyportError({ code: "Transient", message: "the service is temporarily unavailable", cause: e, headers: { "Retry-After": "5" } });
  }
  return new SkyportError({ code: "Internal", message: "internal error", userSafe: false, cause: e });
}

export interface RenderedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The text shown to the client: the user-safe message, or a generic line with the request id. */
function clientMessage(err: SkyportError, requestId: string): string {
  if (err.userSafe) return err.message;
  return `internal error; quote request id ${requestId} when reporting it`;
}

/**
 * Renders an error as the dialect's document.
 * @param kind "votable" or "text"; defaults to the dialect's usual document.
 */
export function renderError(err: SkyportError, dialect: ErrorDialect, requestId: string, kind: ErrorDocumentKind = defaultDocumentKind(dialect)): RenderedError {
  // SODA-06: a refused multi-valued parameter has its own leading word.
  const multiValued = dialect === "soda" && err.userSafe && err.detail === MULTI_VALUED_NOT_SUPPORTED;
  const label = multiValued ? MULTI_VALUED_NOT_SUPPORTED : faultLabel(dialect, err.code);
  const full = clientMessage(err, requestId);
  const message = multiValued && full.startsWith(`${MULTI_VALUED_NOT_SUPPORTED}: `) ? full.slice(MULTI_VALUED_NOT_SUPPORTED.length + 2) : full;
  const extras: [string, string][] = [];
  if (err.userSafe && err.param) extras.push(["parameter", err.param]);
  if (err.userSafe && err.detail) extras.push(["detail", err.detail]);
  if (err.userSafe && err.hint) extras.push(["hint", err.hint]);
  extras.push(["request-id", requestId]);
  const headers = { ...err.headers, "X-Request-Id": requestId };
  if (kind === "votable") {
    const infos = extras
      .map(([k, v]) => `    <INFO name="${escapeAttr(k.toUpperCase().replace(/-/g, "_"))}" value="${escapeAttr(v)}"/>`)
      .join("\n");
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
      '  <RESOURCE type="results">\n' +
      `    <INFO name="QUERY_STATUS" value="ERROR">${escapeText(`${label}: ${message}`)}</INFO>\n` +
      `${infos}\n` +
      "  </RESOURCE>\n" +
      "</VOTABLE>\n";
    return { status: err.status, contentType: "application/x-votable+xml", body, headers };
  }
  const body = `${label}: ${message}\n${extras.map(([k, v]) => `${k}: ${v}`).join("\n")}\n`;
  return { status: err.status, contentType: "text/plain; charset=utf-8", body, headers };
}
