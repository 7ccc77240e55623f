import {
  type AuthorizationServer,
  allowInsecureRequests,
  type Client,
  ClientSecretBasic,
  ClientSecretPost,
  clientCredentialsGrantRequest,
  discoveryRequest,
  introspectionRequest,
  processClientCredentialsResponse,
  processDiscoveryResponse,
  processIntrospectionResponse,
  processRevocationResponse,
  revocationRequest,
} from 'oauth4webapi';
import { decodeJwt } from 'jose';
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
 * RFC 7662 introspection and RFC 7009 revocation across the running services, driven
 * by oauth4webapi (a strict client library written by others): discovery advertises
 * both endpoints, a client introspects and revokes its own token, cannot see or revoke
 * another client's, and the content API refuses the revoked token.
 */
const ADMIN_CLIENT_ID = 'charter-admin';
const ADMIN_CLIENT_SECRET = 'e2e-admin-secret-0123456789abcdefghijklmnop';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';
const insecure = { [allowInsecureRequests]: true } as const;

interface Portal {
  readonly client: Client;
  readonly secret: string;
}

describe('introspection and revocation through oauth4webapi', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let as: AuthorizationServer;
  let accounts: string;
  let content: string;
  let acme: Portal;
  let globex: Portal;

  const tokenFor = async (portal: Portal, method: 'basic' | 'post' = 'basic') => {
    const auth =
      method === 'basic' ? ClientSecretBasic(portal.secret) : ClientSecretPost(portal.secret);
    const response = await clientCredentialsGrantRequest(
      as,
      portal.client,
      auth,
      { resource: CONTENT_AUDIENCE },
      insecure,
    );
    return processClientCredentialsResponse(as, portal.client, response);
  };
  const introspect = async (portal: Portal, token: string, secret = portal.secret) =>
    processIntrospectionResponse(
      as,
      portal.client,
      await introspectionRequest(as, portal.client, ClientSecretBasic(secret), token, insecure),
    );
  const revoke = async (portal: Portal, token: string, hint?: string) =>
    processRevocationResponse(
      await revocationRequest(as, portal.client, ClientSecretPost(portal.secret), token, {
        ...insecure,
        ...(hint === undefined ? {} : { additionalParameters: { token_type_hint: hint } }),
      }),
    );
  const read = (token: string): Promise<Response> =>
    fetch(`${content}/v1/articles`, { headers: { authorization: `Bearer ${token}` } });

  async function admin(
    path: string,
    token: string,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${accounts}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, accountsPort, contentPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const issuer = new URL(`http://127.0.0.1:${authPort}`);
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
      await discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );

    // An admin sets up one content API and two enterprises, each with a contract and a portal.
    const adminClient: Portal = {
      client: { client_id: ADMIN_CLIENT_ID },
      secret: ADMIN_CLIENT_SECRET,
    };
    const adminToken = await waitFor('the bootstrap admin to get a token', async () => {
      const response = await clientCredentialsGrantRequest(
        as,
        adminClient.client,
        ClientSecretBasic(ADMIN_CLIENT_SECRET),
        { scope: 'accounts:admin', resource: ACCOUNTS_AUDIENCE },
        insecure,
      );
      return (await processClientCredentialsResponse(as, adminClient.client, response))
        .access_token;
    });
    const api = await admin('/v1/content-apis', adminToken, {
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [{ name: 'articles:read', description: 'Read articles' }],
    });
    const portal = async (name: string, businessId: string): Promise<Portal> => {
      const enterprise = await admin('/v1/enterprises', adminToken, { name, businessId });
      const account = await admin('/v1/system-accounts', adminToken, {
        enterpriseId: enterprise.id,
        name: `${name} portal`,
      });
      await admin('/v1/contracts', adminToken, {
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        scopes: ['articles:read'],
        validFrom: new Date(Date.now() - 60_000).toISOString(),
      });
      return {
        client: { client_id: account.clientId as string },
        secret: account.clientSecret as string,
      };
    };
    acme = await portal('Acme Corp', 'ACME-002');
    globex = await portal('Globex', 'GLOBEX-002');
    await waitFor(
      'both portals to get tokens',
      async () => (await tokenFor(acme)) && (await tokenFor(globex)),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  it('advertises both endpoints and their client authentication methods (RFC 8414 §2)', () => {
    expect(as.revocation_endpoint).toBe(`${as.issuer}/revoke`);
    expect(as.introspection_endpoint).toBe(`${as.issuer}/introspect`);
    const confidential = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
    // Public clients may revoke their own tokens (RFC 7009 §2.1), never introspect (RFC 7662 §2.1).
    expect(as.revocation_endpoint_auth_methods_supported).toEqual([...confidential, 'none']);
    expect(as.introspection_endpoint_auth_methods_supported).toEqual(confidential);
  });

  it('introspects, revokes and sees the content API refuse its own token', async () => {
    const { access_token: token } = await tokenFor(acme, 'post');
    const claims = decodeJwt(token);
    await waitFor(
      'the content API to accept the token',
      async () => (await read(token)).status === 200,
    );

    const active = await introspect(acme, token);
    expect(active).toMatchObject({
      active: true,
      client_id: acme.client.client_id,
      sub: acme.client.client_id,
      aud: CONTENT_AUDIENCE,
      iss: as.issuer,
      scope: 'articles:read',
      token_type: 'Bearer',
      jti: claims.jti,
      exp: claims.exp,
      iat: claims.iat,
      enterprise_id: claims.enterprise_id,
      contract_id: claims.contract_id,
    });

    // Another client learns nothing about it and cannot revoke it (RFC 7009 §2.1).
    expect(await introspect(globex, token)).toEqual({ active: false });
    await expect(revoke(globex, token)).resolves.toBeUndefined();
    expect(await introspect(acme, token)).toMatchObject({ active: true });
    expect((await read(token)).status).toBe(200);

    const revokedAt = Date.now();
    await expect(revoke(acme, token, 'access_token')).resolves.toBeUndefined();
    expect(await introspect(acme, token)).toEqual({ active: false });
    await waitFor(
      'the content API to refuse the revoked token',
      async () => (await read(token)).status === 401,
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    // Reported, not asserted: speed belongs in bench/.
    process.stdout.write(`revocation → content API refusal (e2e): ${Date.now() - revokedAt} ms\n`);
    const refused = await read(token);
    expect(refused.headers.get('www-authenticate')).toContain('error_description="token revoked"');

    // Revoking again, or revoking garbage, is still a success (RFC 7009 §2.2).
    await expect(revoke(acme, token)).resolves.toBeUndefined();
    await expect(revoke(acme, 'not-a-token')).resolves.toBeUndefined();
    expect(await introspect(acme, 'not-a-token')).toEqual({ active: false });

    // The client's next token is unaffected.
    const next = await tokenFor(acme);
    expect(await introspect(acme, next.access_token)).toMatchObject({ active: true });
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const { access_token: token } = await tokenFor(acme);
    const failure = (await introspect(acme, token, 'wrong-secret').catch(
      (error: unknown) => error,
    )) as Error & { status?: number };
    expect(failure.name).toBe('WWWAuthenticateChallengeError');
    expect(failure.status).toBe(401);
    const response = await revocationRequest(
      as,
      acme.client,
      ClientSecretBasic('wrong-secret'),
      token,
      insecure,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect(await introspect(acme, token)).toMatchObject({ active: true });
  });
});
