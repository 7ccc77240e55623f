import { connect, type Socket } from 'node:net';
import { Body, Controller, Get, Module, Post, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpApp,
  createLoggingModule,
  httpLimitsFrom,
  loadConfig,
  ServiceEnv,
} from '../src/index.js';

@Controller()
class EchoController {
  @Get('ip')
  ip(@Req() request: FastifyRequest): { ip: string } {
    return { ip: request.ip };
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ imports: [createLoggingModule('silent')], controllers: [EchoController] })
class EchoModule {}

class TestEnv extends ServiceEnv {
  override PORT = 3999;
}

/** The env a deployment sets, through the same validation and mapping every app uses. */
async function start(
  env: Record<string, string>,
): Promise<{ app: NestFastifyApplication; port: number }> {
  const app = await createHttpApp(EchoModule, { limits: httpLimitsFrom(loadConfig(TestEnv, env)) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

interface Drip {
  /** Everything the server sent before it closed the connection. */
  readonly closed: Promise<string>;
  stop(): void;
}

/**
 * Opens a connection, sends `head`, then one more byte every `everyMs` (never finishing):
 * the slow-drip client. Resolves `closed` when the server closes the connection.
 */
function drip(port: number, head: string, byte: string, everyMs: number): Drip {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => undefined);
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed) {
      socket.write(byte);
    }
  }, everyMs);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Waits for `promise`, failing the test at a generous deadline instead of hanging. */
async function within<T>(promise: Promise<T>, what: string, deadlineMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: still open after ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('createHttpApp: HTTP limits from the environment', () => {
  let running: NestFastifyApplication | undefined;
  const drips: Drip[] = [];

  afterEach(async () => {
    drips.splice(0).forEach((open) => open.stop());
    await running?.close();
    running = undefined;
  });

  // The drip is faster than the connection's idle timeout: only the request timeouts can end it.
  const slow = {
    HTTP_CONNECTION_TIMEOUT_MS: '60000',
    HTTP_HEADERS_TIMEOUT_MS: '400',
    HTTP_REQUEST_TIMEOUT_MS: '800',
  };

  it('cuts off a client that drips its headers a byte at a time', async () => {
    const { app, port } = await start(slow);
    running = app;
    const client = drip(port, 'GET /ip HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a', 50);
    drips.push(client);
    const answer = await within(client.closed, 'a slow-drip header client');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that drips its body a byte at a time', async () => {
    const { app, port } = await start(slow);
    running = app;
    const client = drip(
      port,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":"',
      'a',
      50,
    );
    drips.push(client);
    const answer = await within(client.closed, 'a slow-drip body client');
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes a silent connection after HTTP_CONNECTION_TIMEOUT_MS', async () => {
    const { app, port } = await start({
      HTTP_CONNECTION_TIMEOUT_MS: '300',
      HTTP_HEADERS_TIMEOUT_MS: '60000',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
    });
    running = app;
    const client = drip(port, 'GET /ip HTTP/1.1\r\n', '', 60_000);
    drips.push(client);
    await within(client.closed, 'a silent client');
  });

  it('refuses connections beyond HTTP_MAX_CONNECTIONS', async () => {
    const { app, port } = await start({ HTTP_MAX_CONNECTIONS: '2' });
    running = app;
    const open = [
      drip(port, 'GET /ip HTTP/1.1\r\n', '', 60_000),
      drip(port, 'GET /ip HTTP/1.1\r\n', '', 60_000),
    ];
    drips.push(...open);
    // Both held: a request on a fresh connection now finds none free.
    const third = drip(port, 'GET /ip HTTP/1.1\r\nHost: x\r\n\r\n', '', 60_000);
    drips.push(third);
    expect(await within(third.closed, 'a connection past the limit')).toBe('');
  });

  it('answers a body over HTTP_BODY_LIMIT with a 413 problem', async () => {
    const { app, port } = await start({ HTTP_BODY_LIMIT: '2048' });
    running = app;
    const response = await fetch(`http://127.0.0.1:${port}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(4096) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  describe('TRUSTED_PROXIES', () => {
    const fromProxy = async (port: number): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${port}/ip`, {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      return ((await response.json()) as { ip: string }).ip;
    };

    it("by default: X-Forwarded-For is ignored, the address is the connection's", async () => {
      const { app, port } = await start({});
      running = app;
      expect(await fromProxy(port)).toBe('127.0.0.1');
    });

    it('a hop not in the list cannot set the address', async () => {
      const { app, port } = await start({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1' });
      running = app;
      expect(await fromProxy(port)).toBe('127.0.0.1');
    });

    it("a listed hop tells the client's address", async () => {
      const { app, port } = await start({ TRUSTED_PROXIES: '10.0.0.0/8,127.0.0.1/32' });
      running = app;
      expect(await fromProxy(port)).toBe('203.0.113.7');
    });
  });
});
