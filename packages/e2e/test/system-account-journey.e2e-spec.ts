import {
  type AuthorizationServer,
  allowInsecureRequests,
  type Client,
  ClientSecretBasic,
  ClientSecretPost,
  clientCredentialsGrantRequest,
  discoveryRequest,
  processClientCredentialsResponse,
  processDiscoveryResponse,
} from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify, SignJWT, generateKeyPair } from 'jose';
import {
  createTestContext,
  freePort,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The whole path of issue 2 across the three running services: a bootstrap admin
 * sets up a content API, an enterprise, a system account and a contract; the system
 * account reads what its contract covers and nothing else; a suspension takes
 * access away at the authorization server and at the content API.
 * The OAuth caller is oauth4webapi, a strict client library written by others.
 */
const ADMIN_CLIENT_ID = 'charter-admin';
const ADMIN_CLIENT_SECRET = 'e2e-admin-secret-0123456789abcdefghijklmnop';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';

describe('a system account reads contracted data, end to end', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let issuer: URL;
  let as: AuthorizationServer;
  let accounts: string;
  let content: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, accountsPort, contentPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    issuer = new URL(`http://127.0.0.1:${authPort}`);
    const shared = { ...ctx.env, AUTH_ISSUER: issuer.href.replace(/\/$/, '') };
    services.push(await startService('auth-server', authPort, shared));
    services.push(
      await startService('account-service', accountsPort, {
        ...shared,
        ADMIN_CLIENT_ID,
        ADMIN_CLIENT_SECRET,
        AUTH_AUDIENCE: ACCOUNTS_AUDIENCE,
      }),
    );
    services.push(
      await startService('content-api', contentPort, {
        ...shared,
        AUTH_AUDIENCE: CONTENT_AUDIENCE,
      }),
    );
    accounts = `http://127.0.0.1:${accountsPort}`;
    content = `http://127.0.0.1:${contentPort}`;
    as = await processDiscoveryResponse(
      issuer,
      await discoveryRequest(issuer, { algorithm: 'oauth2', [allowInsecureRequests]: true }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  async function clientCredentials(
    clientId: string,
    secret: string,
    parameters: Record<string, string>,
    method: 'basic' | 'post' = 'basic',
  ) {
    const client: Client = { client_id: clientId };
    const auth = method === 'basic' ? ClientSecretBasic(secret) : ClientSecretPost(secret);
    const response = await clientCredentialsGrantRequest(as, client, auth, parameters, {
      [allowInsecureRequests]: true,
    });
    return processClientCredentialsResponse(as, client, response);
  }

  async function admin(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${accounts}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const read = (path: string, token: string): Promise<Response> =>
    fetch(`${content}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('walks steps 1 to 6', async () => {
    // 1. The bootstrap admin gets an admin token (its account reaches the auth-server as an event).
    const adminToken = await waitFor(
      'the bootstrap admin to get a token',
      async () =>
        (
          await clientCredentials(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, {
            scope: 'accounts:admin',
            resource: ACCOUNTS_AUDIENCE,
          })
        ).access_token,
    );

    // 2. The admin registers a content API, an enterprise, a system account and a contract.
    const api = await admin('POST', '/v1/content-apis', adminToken, {
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [
        { name: 'articles:read', description: 'Read articles' },
        { name: 'prices:read', description: 'Read prices' },
        { name: 'reports:read', description: 'Read own reports' },
      ],
    });
    expect(api.status).toBe(201);
    const enterprise = await admin('POST', '/v1/enterprises', adminToken, {
      name: 'Acme Corp',
      businessId: 'ACME-001',
    });
    expect(enterprise.status).toBe(201);
    const other = await admin('POST', '/v1/enterprises', adminToken, {
      name: 'Globex',
      businessId: 'GLOBEX-001',
    });
    expect(other.status).toBe(201);
    const account = await admin('POST', '/v1/system-accounts', adminToken, {
      enterpriseId: enterprise.body.id,
      name: 'Acme portal',
    });
    expect(account.status).toBe(201);
    const clientId = account.body.clientId as string;
    const clientSecret = account.body.clientSecret as string;
    expect(clientSecret.length).toBeGreaterThanOrEqual(43);
    const contract = await admin('POST', '/v1/contracts', adminToken, {
      enterpriseId: enterprise.body.id,
      contentApiId: api.body.id,
      scopes: ['articles:read', 'reports:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(contract.status).toBe(201);
    const fetched = await admin(
      'GET',
      `/v1/system-accounts/${String(account.body.id)}`,
      adminToken,
    );
    expect(JSON.stringify(fetched.body)).not.toContain(clientSecret);

    // 3 + 4. Through the events the auth-server learns of the account and contract, and issues a token.
    const tokens = await waitFor('the system account to get a content token', async () =>
      clientCredentials(clientId, clientSecret, {
        scope: 'articles:read prices:read',
        resource: CONTENT_AUDIENCE,
      }),
    );
    expect(tokens.scope).toBe('articles:read');
    const { payload, protectedHeader } = await jwtVerify(
      tokens.access_token,
      createRemoteJWKSet(new URL(as.jwks_uri!)),
      {
        issuer: as.issuer,
        audience: CONTENT_AUDIENCE,
        typ: 'at+jwt',
        algorithms: ['ES256'],
      },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: clientId,
      client_id: clientId,
      enterprise_id: enterprise.body.id,
      contract_id: contract.body.id,
      scope: 'articles:read',
    });
    const viaPost = await clientCredentials(
      clientId,
      clientSecret,
      { resource: CONTENT_AUDIENCE },
      'post',
    );
    expect(viaPost.scope?.split(' ').sort()).toEqual(['articles:read', 'reports:read']);

    // 5. The content API serves what the contract covers, and nothing else.
    const token = viaPost.access_token;
    await waitFor(
      'the content API to know the contract',
      async () => (await read('/v1/articles', token)).status === 200,
    );
    expect(
      (await read(`/v1/enterprises/${String(enterprise.body.id)}/reports`, token)).status,
    ).toBe(200);
    const prices = await read('/v1/prices', token);
    expect(prices.status).toBe(403);
    expect(prices.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await read(`/v1/enterprises/${String(other.body.id)}/reports`, token)).status).toBe(
      403,
    );
    const wrongAudience = await read('/v1/articles', adminToken);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const forgeKey = (await generateKeyPair('ES256')).privateKey;
    const forged = await new SignJWT({ ...payload })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: protectedHeader.kid! })
      .sign(forgeKey);
    expect((await read('/v1/articles', forged)).status).toBe(401);
    const tampered = `${token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...payload, scope: 'articles:read prices:read' })).toString('base64url')}.${token.split('.')[2]}`;
    expect((await read('/v1/prices', tampered)).status).toBe(401);

    // 6. Suspension: new tokens are refused and issued ones stop working.
    const suspendedAt = Date.now();
    const suspended = await admin(
      'POST',
      `/v1/contracts/${String(contract.body.id)}/suspend`,
      adminToken,
    );
    expect(suspended.status).toBe(200);
    await waitFor(
      'the content API to refuse the issued token',
      async () => (await read('/v1/articles', token)).status === 401,
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    const refusedAfterMs = Date.now() - suspendedAt;
    await waitFor(
      'the auth-server to refuse new tokens',
      async () => {
        try {
          await clientCredentials(clientId, clientSecret, { resource: CONTENT_AUDIENCE });
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    const tokenRefusedAfterMs = Date.now() - suspendedAt;
    // Reported, not asserted: speed belongs in bench/.
    process.stdout.write(
      `suspension → content API refusal: ${refusedAfterMs} ms; → token refusal: ${tokenRefusedAfterMs} ms\n`,
    );

    const reactivated = await admin(
      'POST',
      `/v1/contracts/${String(contract.body.id)}/reactivate`,
      adminToken,
    );
    expect(reactivated.status).toBe(200);
    await waitFor(
      'the issued token to work again',
      async () => (await read('/v1/articles', token)).status === 200,
    );
    const again = await waitFor('a new token after reactivation', async () =>
      clientCredentials(clientId, clientSecret, { resource: CONTENT_AUDIENCE }),
    );
    expect(again.access_token).toBeTruthy();
  }, 120_000);
});
