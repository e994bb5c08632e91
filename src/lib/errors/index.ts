/** Public surface of the error model (STYLE.md §5). */
export {
  DEFAULT_STATUS,
  ERROR_CODES,
  type ErrorCode,
  isSkyportError,
  notFound,
  SkyportError,
  type SkyportErrorOptions,
  usageFault,
} from "./skyport-error.js";
