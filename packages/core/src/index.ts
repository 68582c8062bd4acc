export {
  badInput,
  ERROR_CODES,
  type ErrorCode,
  isQvaultError,
  notFound,
  QvaultError,
  type QvaultErrorOptions,
  toQvaultError,
} from "./errors/qvault-error.js";
