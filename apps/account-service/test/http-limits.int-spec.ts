import { connect } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@charter/service-kit';
import { createTestContext, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { AccountServiceConfig } from '../src/config/account-service.config.js';

/**
 * The public password-token redemption needs no token, so anyone can reach it: a client
 * dripping its request a byte at a time is cut off by the service's request timeout.
 */
describe('HTTP limits on the public /v1/password-tokens/redeem', () => {
  let ctx: TestContext;
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createApp(
      loadConfig(AccountServiceConfig, {
        ...ctx.env,
        HTTP_CONNECTION_TIMEOUT_MS: '60000',
        HTTP_HEADERS_TIMEOUT_MS: '400',
        HTTP_REQUEST_TIMEOUT_MS: '800',
      }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('closes the connection of a client that drips its body a byte every 50 ms', async () => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => undefined);
    socket.write(
      'POST /v1/password-tokens/redeem HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 4000\r\n\r\n{"token":"',
    );
    const timer = setInterval(() => socket.write('a'), 50);
    let deadline: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => socket.on('close', () => resolve())),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(new Error('still connected after 10 s')), 10_000);
        }),
      ]);
    } finally {
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
    }
    expect(received).not.toMatch(/^HTTP\/1\.1 2/);
  });
});
