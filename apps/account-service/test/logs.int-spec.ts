import {
  createTestContext,
  freePort,
  startService,
  waitFor,
  type RunningService,
  type TestContext,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_CLIENT_SECRET } from '../src/config/account-service.config.js';
import { ACCOUNTS_AUDIENCE, ADMIN_CLIENT_ID } from './support/harness.js';

/**
 * The built service (`dist/main.js`, as deployed) at the most verbose log level:
 * neither the client secrets it makes, the tokens it receives, nor users' passwords,
 * their hashes or password tokens reach its output.
 */
describe('logs of the built service', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let accounts: RunningService;

  beforeAll(async () => {
    ctx = await createTestContext();
    const authPort = await freePort();
    const issuer = `http://127.0.0.1:${authPort}`;
    authServer = await startService('auth-server', authPort, { ...ctx.env, AUTH_ISSUER: issuer });
    accounts = await startService('account-service', await freePort(), {
      ...ctx.env,
      AUTH_ISSUER: issuer,
      LOG_LEVEL: 'trace',
    });
  });

  afterAll(async () => {
    await accounts?.stop();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('never writes a client secret or an access token', async () => {
    const token = await waitFor('an admin token', async () => {
      const response = await fetch(`${authServer.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: ADMIN_CLIENT_ID,
          client_secret: LOCAL_ADMIN_CLIENT_SECRET,
          resource: ACCOUNTS_AUDIENCE,
        }).toString(),
      });
      return response.status === 200
        ? String(((await response.json()) as { access_token: string }).access_token)
        : undefined;
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(accounts.url + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };

    const enterprise = await call('POST', '/v1/enterprises', {
      name: 'Logged Oy',
      businessId: 'LOG-1',
    });
    expect(enterprise.status).toBe(201);
    const account = await call('POST', '/v1/system-accounts', {
      enterpriseId: enterprise.body.id,
      name: 'Portal',
    });
    expect(account.status).toBe(201);
    // A refused body that carries a secret-looking field must not be echoed to the log either.
    expect(
      (
        await call('POST', '/v1/system-accounts', {
          enterpriseId: enterprise.body.id,
          name: 'x',
          clientSecret: 'cs_chosen-by-caller-1234567890',
        })
      ).status,
    ).toBe(400);
    expect((await call('GET', '/v1/system-accounts')).status).toBe(200);

    // Users: the admin-set password, a password token and the new password never reach the log.
    const initialPassword = 'logged initial password 1';
    const user = await call('POST', '/v1/users', {
      kind: 'enterprise',
      enterpriseId: enterprise.body.id,
      email: 'logged@acme.example',
      name: 'Logged',
      password: initialPassword,
    });
    expect(user.status).toBe(201);
    const weak = await call('POST', '/v1/users', {
      kind: 'individual',
      email: 'weak@acme.example',
      name: 'Weak',
      password: 'weak-pw-0',
    });
    expect(weak.status).toBe(400);
    const issued = await call('POST', `/v1/users/${user.body.id}/password-tokens`, {
      purpose: 'reset',
    });
    expect(issued.status).toBe(201);
    const newPassword = 'logged new password 22';
    const redeemed = await fetch(`${accounts.url}/v1/password-tokens/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: issued.body.token, password: newPassword }),
    });
    expect(redeemed.status).toBe(204);

    const output = await waitFor('the request log lines', () => {
      const text = accounts.output();
      return text.includes('/v1/password-tokens/redeem') ? text : undefined;
    });
    expect(output).toMatch(/"path":"\/v1\/system-accounts".*"statusCode":201/); // the requests were logged: the check below is meaningful
    for (const secret of [
      account.body.clientSecret!,
      LOCAL_ADMIN_CLIENT_SECRET,
      token,
      token.split('.')[2]!,
      'cs_chosen-by-caller-1234567890',
      initialPassword,
      'weak-pw-0',
      issued.body.token!,
      newPassword,
      '$argon2id$',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
