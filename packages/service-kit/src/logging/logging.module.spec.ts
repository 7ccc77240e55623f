import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DestinationStream, pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerParams, serializeError } from './logging.module.js';

describe('serializeError', () => {
  it("keeps a failed query's message, code and SQL but drops its bound parameters and quoted values", () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO "accounts"."users"("email", "password_hash") VALUES ($1, $2)',
      parameters: ['ada@example.com', hash],
      detail: 'Key (email)=(ada@example.com) already exists.',
      where: "unnamed portal parameter $2 = '...'",
      driverError: {
        parameters: ['ada@example.com', hash],
        detail: 'Key (email)=(ada@example.com) already exists.',
      },
    });

    const serialized = serializeError(error);

    expect(serialized).toMatchObject({ message: error.message, code: '23505', query: error.query });
    expect(JSON.stringify(serialized)).not.toContain(hash);
    expect(JSON.stringify(serialized)).not.toContain('ada@example.com');
  });
});

describe('loggerParams', () => {
  const http = (params: ReturnType<typeof loggerParams>) =>
    params.pinoHttp as {
      transport?: { target: string };
      customLogLevel?: (req: unknown, res: { statusCode: number }, error?: Error) => string;
    };

  it('in production: JSON lines, access lines at info, no pretty printing even on a terminal', () => {
    const params = loggerParams('info', { development: false, terminal: true });
    expect(http(params).transport).toBeUndefined();
    expect(http(params).customLogLevel).toBeUndefined();
    expect(params.forRoutes).toBeUndefined();
  });

  it('in development on a terminal: readable lines, and the access line at debug', () => {
    const params = loggerParams('debug', { development: true, terminal: true });
    expect(http(params).transport?.target).toBe('pino-pretty');
    expect(http(params).customLogLevel?.({}, { statusCode: 200 })).toBe('debug');
    expect(http(params).customLogLevel?.({}, { statusCode: 404 })).toBe('debug');
    expect(http(params).customLogLevel?.({}, { statusCode: 503 })).toBe('error');
  });

  it('in development at info: no access lines, so no per-request logger at all', () => {
    expect(loggerParams('info', { development: true, terminal: false }).forRoutes).toEqual([]);
  });

  it('in development when the output is not a terminal (a pipe, a file): JSON', () => {
    expect(
      http(loggerParams('debug', { development: true, terminal: false })).transport,
    ).toBeUndefined();
  });

  it('with LOG_FILE: JSON lines appended to that file (its directory created), never pretty', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'charter-log-')), 'nested', 'service.log');
    const params = loggerParams('warn', { development: true, terminal: true, file });
    expect(Array.isArray(params.pinoHttp)).toBe(true);
    const [options, stream] = params.pinoHttp as [Record<string, unknown>, DestinationStream];
    expect(options.transport).toBeUndefined();
    const logger = pino(options, stream);
    logger.info('below the level');
    logger.warn({ audit: 'login_failed' }, 'login failed');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 40, audit: 'login_failed', msg: 'login failed' }),
    ]);
  });
});
