/**
 * The server's logs: pino, JSON lines (level, time, message, and fields such as `reqId` and
 * `jobId`) on standard output, or readable lines (pino-pretty) when it is a terminal. Secrets never
 * reach them: authorization headers, passphrases, secrets, passwords and tokens are replaced by
 * "[redacted]" wherever they sit in a line's fields, and nothing logs a request's body.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { pinoHttp } from "pino-http";
import pretty from "pino-pretty";

export type { Logger } from "pino";

/** Field paths whose values are secrets (pino's redaction, `*` for any one key). */
export const REDACTED = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-qvault-passphrase"]',
  'res.headers["set-cookie"]',
  "authorization",
  "passphrase",
  "secret",
  "password",
  "token",
  "webhookSecret",
  "smtpUrl",
  "*.authorization",
  "*.passphrase",
  "*.secret",
  "*.password",
  "*.token",
  "*.webhookSecret",
  "*.smtpUrl",
];

export interface LoggerSettings {
  /** pino's level: fatal, error, warn, info, debug, trace or silent. @default "info" */
  level?: string;
  /** Readable lines instead of JSON (for a terminal). */
  pretty?: boolean;
  /** Where lines go. @default standard output */
  destination?: DestinationStream;
}

/** The server's root logger. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? "info",
    base: { pid: process.pid },
    redact: { paths: REDACTED, censor: "[redacted]" },
  };
  if (settings.pretty)
    return pino(
      options,
      pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", destination: 1, sync: true }),
    );
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * Express middleware logging each request when it ends, with a request id (the client's
 * `X-Request-Id` when it is a plain token, else a new one, sent back in the same header) that every
 * line logged for the request carries (`req.log`). Requests that end well are logged at debug,
 * refused ones (4xx) at info, failed ones (5xx) at error.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    // The request's lines (req.log's) carry `reqId`, the request's fields stay in its last line.
    quietReqLogger: true,
    customAttributeKeys: { reqId: "reqId" },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return "error";
      if (res.statusCode >= 400) return "info";
      return "debug";
    },
    serializers: {
      req: (req) => ({ method: req.method, url: req.url, headers: req.headers }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  });
}
