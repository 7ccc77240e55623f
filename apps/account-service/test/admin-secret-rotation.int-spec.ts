import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@charter/service-kit';
import {
  createTestContext,
  freePort,
  type Outcome,
  type RunningService,
  startService,
  type TestContext,
  Traffic,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { AccountServiceConfig } from '../src/config/account-service.config.js';

const ADMIN_CLIENT_ID = 'charter-admin';
const OLD_SECRET = 'the-old-admin-client-secret-0123456789abcdef';
const NEW_SECRET = 'the-new-admin-client-secret-0123456789abcdef';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';

interface AccountService {
  readonly app: NestFastifyApplication;
  readonly url: string;
}

/**
 * ADMIN_CLIENT_SECRET rotates as docs/operations.md says, under a steady loop of admin calls
 * (a token from the auth-server with the secret the caller holds, then an admin read): the
 * account service rolls to the new secret with the old one as previous, the callers switch,
 * then the previous secret is removed. Not one call fails; the old secret is refused at the end.
 */
describe('rotating ADMIN_CLIENT_SECRET under traffic', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let issuer: string;
  const started: AccountService[] = [];

  const start = async (env: Record<string, string>): Promise<AccountService> => {
    const config = loadConfig(AccountServiceConfig, { ...ctx.env, AUTH_ISSUER: issuer, ...env });
    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const service = { app, url: `http://127.0.0.1:${port}` };
    started.push(service);
    return service;
  };

  const token = async (
    secret: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${authServer.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${ADMIN_CLIENT_ID}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:admin',
      }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** What an admin caller does: a token with the secret it holds, then a read with the token. */
  const adminCall = async (service: AccountService, secret: string): Promise<Outcome> => {
    const issued = await token(secret);
    if (issued.status !== 200) {
      return `token ${issued.status} ${JSON.stringify(issued.body)}`;
    }
    const response = await fetch(`${service.url}/v1/enterprises`, {
      headers: { authorization: `Bearer ${String(issued.body.access_token)}` },
    });
    return response.status === 200 ? null : `read ${response.status} ${await response.text()}`;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    authServer = await startService('auth-server', port, { ...ctx.env, AUTH_ISSUER: issuer });
  });

  afterAll(async () => {
    await Promise.all(started.map((service) => service.app.close().catch(() => undefined)));
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('accepts old and new secret during the overlap, serves every call, and refuses the old one after', async () => {
    const old = await start({ ADMIN_CLIENT_SECRET: OLD_SECRET });
    await waitFor('the admin client to get a token', async () =>
      (await adminCall(old, OLD_SECRET)) === null ? true : undefined,
    );
    let callersHold = OLD_SECRET;
    const traffic = new Traffic<AccountService>((service) => adminCall(service, callersHold));
    traffic.start([old]);
    await traffic.passes(10);

    // Step 1: the new secret, the old one as previous.
    const overlap = await start({
      ADMIN_CLIENT_SECRET: NEW_SECRET,
      ADMIN_CLIENT_SECRET_PREVIOUS: OLD_SECRET,
    });
    traffic.add(overlap);
    await traffic.retire(old);
    await old.app.close();
    await waitFor('the auth-server to accept the new secret', async () =>
      (await token(NEW_SECRET)).status === 200 ? true : undefined,
    );
    await traffic.passes(10);

    // Step 2: every caller switches to the new secret.
    callersHold = NEW_SECRET;
    await traffic.passes(10);

    // Step 3: the previous secret removed.
    const alone = await start({ ADMIN_CLIENT_SECRET: NEW_SECRET });
    traffic.add(alone);
    await traffic.retire(overlap);
    await overlap.app.close();
    await waitFor('the auth-server to refuse the old secret', async () =>
      (await token(OLD_SECRET)).status === 401 ? true : undefined,
    );
    await traffic.passes(10);
    await traffic.stop();

    expect(traffic.failures).toEqual([]);
    expect((await token(OLD_SECRET)).body).toMatchObject({ error: 'invalid_client' });
    expect(await adminCall(alone, NEW_SECRET)).toBeNull();
  }, 180_000); // several instances start and stop in turn: a generous deadline on a loaded machine
});
