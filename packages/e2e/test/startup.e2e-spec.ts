import { type ChildProcess, spawn } from 'node:child_process';
import {
  createTestContext,
  freePort,
  runServiceUntilExit,
  type ServiceName,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A service that cannot reach what it needs says so in one JSON line naming the dependency
 * and its variable, and exits with 1 soon after its STARTUP_TIMEOUT_MS: no silent wait, no
 * stack trace, no password from the URL.
 */
const SERVICES: readonly ServiceName[] = ['auth-server', 'account-service', 'content-api'];
const STARTUP_TIMEOUT_MS = 1500;
/** Only so that a hanging process ends the test; a passing run exits long before. */
const KILL_AFTER_MS = 45_000;

interface StartupLine {
  level: number;
  dependency: string;
  variable: string;
  reason: string;
  msg: string;
}

function startupLine(output: string): StartupLine {
  const lines = output.trim().split('\n');
  const line = lines.find((candidate) => candidate.includes('"start-up failed:'));
  expect(line, output).toBeDefined();
  return JSON.parse(line!) as StartupLine;
}

describe('start-up that tells the truth', () => {
  let ctx: TestContext;
  let closedPort: number;
  let natsWithoutJetStream: ChildProcess | undefined;
  let natsWithoutJetStreamUrl: string;

  const env = (overrides: Record<string, string>): Record<string, string> => ({
    DATABASE_URL: ctx.databaseUrl,
    NATS_URL: ctx.natsUrl,
    EVENTS_NAMESPACE: ctx.namespace,
    STARTUP_TIMEOUT_MS: String(STARTUP_TIMEOUT_MS),
    HOST: '127.0.0.1',
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    closedPort = await freePort();
    const natsPort = await freePort();
    natsWithoutJetStreamUrl = `nats://127.0.0.1:${natsPort}`;
    // The machine's nats-server, started without -js: NATS answers, JetStream does not.
    natsWithoutJetStream = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(natsPort)], {
      stdio: 'ignore',
    });
    natsWithoutJetStream.on('error', () => undefined);
    await waitFor('nats-server without JetStream', async () => {
      const { createConnection } = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const socket = createConnection(natsPort, '127.0.0.1');
        socket.once('connect', () => resolve(socket.destroy() === socket));
        socket.once('error', () => resolve(false));
      });
    });
  });

  afterAll(async () => {
    natsWithoutJetStream?.kill();
    await ctx?.cleanup();
  });

  it.each(SERVICES)(
    '%s: PostgreSQL not answering → one line naming DATABASE_URL, exit 1',
    async (service) => {
      const result = await runServiceUntilExit(
        service,
        env({
          DATABASE_URL: `postgres://charter:very-secret-password@127.0.0.1:${closedPort}/charter`,
          PORT: String(await freePort()),
        }),
        KILL_AFTER_MS,
      );
      expect(result.code, result.output).toBe(1);
      expect(startupLine(result.output)).toMatchObject({
        level: 60,
        dependency: 'PostgreSQL',
        variable: 'DATABASE_URL',
        reason: expect.stringContaining('ECONNREFUSED'),
      });
      expect(result.output).not.toContain('very-secret-password');
      expect(result.output).not.toMatch(/^\s+at /m);
      process.stdout.write(`${service} gave up on PostgreSQL after ${result.elapsedMs} ms\n`);
    },
  );

  it.each(SERVICES)(
    '%s: NATS not answering → one line naming NATS_URL, exit 1',
    async (service) => {
      const result = await runServiceUntilExit(
        service,
        env({ NATS_URL: `nats://127.0.0.1:${closedPort}`, PORT: String(await freePort()) }),
        KILL_AFTER_MS,
      );
      expect(result.code, result.output).toBe(1);
      expect(startupLine(result.output)).toMatchObject({
        dependency: 'NATS',
        variable: 'NATS_URL',
        reason: expect.stringContaining('no answer within 1.5 s'),
      });
      expect(result.output).not.toMatch(/^\s+at /m);
    },
  );

  it.each(SERVICES)(
    '%s: NATS without JetStream → one line naming JetStream and NATS_URL, exit 1',
    async (service) => {
      const result = await runServiceUntilExit(
        service,
        env({ NATS_URL: natsWithoutJetStreamUrl, PORT: String(await freePort()) }),
        KILL_AFTER_MS,
      );
      expect(result.code, result.output).toBe(1);
      expect(startupLine(result.output)).toMatchObject({
        dependency: expect.stringMatching(/^JetStream/),
        variable: 'NATS_URL',
      });
      expect(result.output).not.toMatch(/^\s+at /m);
    },
  );

  it('the HTTP port already taken → one line naming PORT, exit 1', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runServiceUntilExit(
        'content-api',
        env({ PORT: String(port) }),
        KILL_AFTER_MS,
      );
      expect(result.code, result.output).toBe(1);
      expect(startupLine(result.output)).toMatchObject({
        dependency: 'HTTP listener',
        variable: 'PORT',
        reason: expect.stringContaining('EADDRINUSE'),
      });
    } finally {
      taken.close();
    }
  });
});
