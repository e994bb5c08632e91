/**
 * The one error root of Skyport (STYLE.md §5). Every fault a client may see is a SkyportError with
 * a stable code; the HTTP edge maps codes to each protocol's error document in one place
 * (src/http/errors.ts). Pure: no logging, no HTTP; the status is data the edge reads.
 */

/** Stable error codes. Their meaning and each protocol's rendering are in docs/errors.md. */
export const ERROR_CODES = [
  "UsageFault",
  "NotFound",
  "Forbidden",
  "Unauthorized",
  "TooLarge",
  "RateLimited",
  "MethodNotAllowed",
  "NotAcceptable",
  "Transient",
  "Fatal",
  "Internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each code answers with unless the error says otherwise. */
export const DEFAULT_STATUS: Readonly<Record<ErrorCode, number>> = {
  UsageFault: 400,
  NotFound: 404,
  Forbidden: 403,
  Unauthorized: 401,
  TooLarge: 413,
  RateLimited: 429,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Transient: 503,
  Fatal: 500,
  Internal: 500,
};

export interface SkyportErrorOptions {
  readonly code: ErrorCode;
  /** A message safe to show to the client (when `userSafe`). */
  readonly message: string;
  /** Overrides the code's default HTTP status. */
  readonly status?: number;
  /** Whether the message may reach a client; false turns it into a generic internal error. */
  readonly userSafe?: boolean;
  /** More detail for the client (only when user-safe). */
  readonly detail?: string;
  /** The request parameter at fault, e.g. "MAXREC". */
  readonly param?: string;
  /** What the user could do about it. */
  readonly hint?: string;
  /** Response headers the error requires (Allow for 405, Retry-After for 429/503 ...). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** An error with a stable code, an HTTP status and a message fit for clients. */
export class SkyportError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userSafe: boolean;
  readonly detail: string | undefined;
  readonly param: string | undefined;
  readonly hint: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: SkyportErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SkyportError";
    this.code = options.code;
    this.status = options.status ?? DEFAULT_STATUS[options.code];
    // Internal and Fatal faults are never shown verbatim unless explicitly marked safe.
    this.userSafe = options.userSafe ?? !(options.code === "Internal" || options.code === "Fatal");
    this.detail = options.detail;
    this.param = options.param;
    this.hint = options.hint;
    this.headers = options.headers ?? {};
  }
}

/** Shorthand constructors for the common cases. */
export const usageFault = (message: string, extra: Partial<SkyportErrorOptions> = {}): SkyportError =>
  new SkyportError({ ...extra, code: "UsageFault", message });

export const notFound = (message: string, extra: Partial<SkyportErrorOptions> = {}): SkyportError =>
  new SkyportError({ ...extra, code: "NotFound", message });

export function isSkyportError(e: unknown): e is SkyportError {
  return e instanceof SkyportError;
}
