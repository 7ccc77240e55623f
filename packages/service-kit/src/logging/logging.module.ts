import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import { destination, stdSerializers } from 'pino';
import type { Options } from 'pino-http';

/** Header and body paths that must never reach a log line. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.client_secret',
  '*.password',
  '*.secret',
  '*.access_token',
  '*.refresh_token',
  '*.token',
];

/**
 * What a failed query attaches to its error and may hold a value the caller sent: the bound
 * parameters (a password hash, a token hash, an e-mail), PostgreSQL's `detail` ("Key
 * (email)=(…) already exists") and `where` (it quotes parameters), and the driver's copy of
 * all of these. The message, the code, the SQL text with its placeholders and the stack stay.
 */
const ERROR_FIELDS_WITH_VALUES = [
  'parameters',
  'driverError',
  'detail',
  'where',
  'hint',
  'internalQuery',
];

/** pino's error serializer, minus the members above: the one place errors are logged from. */
export function serializeError(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ERROR_FIELDS_WITH_VALUES) {
    delete serialized[field];
  }
  return serialized;
}

const QUIET_PATHS = ['/health/live', '/health/ready'];

/** The request path without its query string (queries may carry codes or tokens). */
function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Levels at which the per-request access line is written: `info` in production, `debug` in development. */
const ACCESS_LOG_LEVELS: Readonly<Record<'info' | 'debug', ReadonlySet<LogLevel>>> = {
  info: new Set(['info', 'debug', 'trace']),
  debug: new Set(['debug', 'trace']),
};

export interface LoggingOptions {
  /**
   * Routes served without the per-request logger (no access log line, no request bindings on
   * their log lines; they log the request id themselves): pino-http builds two or three child
   * loggers per request, serialising and redacting the request each time, even when the level
   * drops every line. For a hot path whose own records (an audit line) say what happened.
   */
  readonly excludeRoutes?: Params['exclude'];
  /**
   * Development (NODE_ENV other than `production`): one access line per request is noise to a
   * person, so it is written at `debug`; and when the output is a terminal, lines are printed
   * readable (pino-pretty) rather than as JSON. Production keeps JSON and `info` access lines.
   */
  readonly development?: boolean;
  /** Whether the output is a terminal (default: standard output's). */
  readonly terminal?: boolean;
  /** LOG_FILE: JSON lines appended to this file instead of standard output. */
  readonly file?: string;
}

/**
 * JSON logs with the request id; query strings and credentials stay out.
 *
 * Above `info` the access lines are never written, so no route gets the per-request logger
 * (pino-http's child loggers, the request serialiser and redaction, nestjs-pino's
 * AsyncLocalStorage): they cost some 8% of a cheap request for nothing. Lines logged during
 * a request then carry no request bindings; the error paths log `requestId` themselves
 * (ProblemFilter, the auth-server's filters), and `X-Request-Id` comes from Fastify's
 * `genReqId` either way.
 */
export function createLoggingModule(level: LogLevel, options: LoggingOptions = {}): DynamicModule {
  return LoggerModule.forRoot(loggerParams(level, options));
}

/** What createLoggingModule hands nestjs-pino (apart for its tests). */
export function loggerParams(level: LogLevel, options: LoggingOptions = {}): Params {
  const development = options.development ?? false;
  const accessLevel = development ? 'debug' : 'info';
  const perRequestLogger = ACCESS_LOG_LEVELS[accessLevel].has(level);
  const pretty =
    options.file === undefined &&
    development &&
    (options.terminal ?? process.stdout.isTTY === true);
  const pinoHttp = {
    level,
    ...(development
      ? {
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error !== undefined || res.statusCode >= 500 ? 'error' : accessLevel,
        }
      : {}),
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname',
              singleLine: true,
            },
          },
        }
      : {}),
    redact: { paths: REDACTED, censor: '[redacted]' },
    // Middleware may see a rewritten `url`; `originalUrl` is the path the caller asked for.
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.includes(pathOf(req)) },
    customProps: (req: IncomingMessage) => ({
      requestId: (req as IncomingMessage & { id?: string }).id,
    }),
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
  } satisfies Options;
  return {
    ...(perRequestLogger ? {} : { forRoutes: [] }),
    ...(!perRequestLogger || options.excludeRoutes === undefined
      ? {}
      : { exclude: options.excludeRoutes }),
    // Synchronous appends: a line is in the file when the call returns (a test prints the file
    // of a failing test); fine for the test and local runs LOG_FILE is for.
    pinoHttp:
      options.file === undefined
        ? pinoHttp
        : [pinoHttp, destination({ dest: options.file, append: true, mkdir: true, sync: true })],
  };
}
