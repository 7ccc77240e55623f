import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

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

const QUIET_PATHS = ['/health/live', '/health/ready'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** JSON logs with the request id; query strings and credentials stay out. */
export function createLoggingModule(level: LogLevel): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.includes((req.url ?? '').split('?')[0] ?? '') },
      customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
