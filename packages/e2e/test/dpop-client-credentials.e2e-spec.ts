import { createHash, randomUUID, type webcrypto } from 'node:crypto';
import {
  allowInsecureRequests,
  type AuthorizationServer,
  type Client,
  ClientSecretBasic,
  clientCredentialsGrantRequest,
  customFetch,
  discoveryRequest,
  DPoP,
  type DPoPHandle,
  generateKeyPair,
  isDPoPNonceError,
  processClientCredentialsResponse,
  processDiscoveryResponse,
  protectedResourceRequest,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi';
import { calculateJwkThumbprint, decodeJwt, exportJWK, SignJWT } from 'jose';
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
 * A system account's portal gets and uses a DPoP-bound token (RFC 9449) across the three running
 * services, through oauth4webapi's own DPoP support: the library makes every proof on the happy
 * path and handles the servers' nonces (both require them here). Each refusal is its own test,
 * with a hand-made or captured proof.
 */
const ADMIN_CLIENT_ID = 'charter-admin';
const ADMIN_CLIENT_SECRET = 'e2e-admin-secret-0123456789abcdefghijklmnop';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';
const CONTENT_NONCE_SECRET = 'the content API nonce secret shared by its instances';
const insecure = { [allowInsecureRequests]: true } as const;

describe('DPoP-bound client_credentials tokens, end to end (oauth4webapi)', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let issuer: URL;
  let as: AuthorizationServer;
  let content: string;
  let client: Client;
  let clientSecret: string;
  let dpop: DPoPHandle;
  let keys: webcrypto.CryptoKeyPair;

  /** A DPoP-bound token from the library; it retries once with the server's nonce. */
  async function boundToken(handle: DPoPHandle = dpop): Promise<string> {
    const request = async () =>
      processClientCredentialsResponse(
        as,
        client,
        await clientCredentialsGrantRequest(
          as,
          client,
          ClientSecretBasic(clientSecret),
          { resource: CONTENT_AUDIENCE },
          { ...insecure, DPoP: handle },
        ),
      );
    let result: Awaited<ReturnType<typeof request>>;
    try {
      result = await request();
    } catch (error) {
      if (!isDPoPNonceError(error)) {
        throw error;
      }
      result = await request();
    }
    expect(result.token_type).toBe('dpop');
    return result.access_token;
  }

  /** GET through the library with a fresh proof; retried once on use_dpop_nonce. */
  async function read(token: string, path = '/v1/articles', handle: DPoPHandle = dpop) {
    const send = () =>
      protectedResourceRequest(token, 'GET', new URL(`${content}${path}`), undefined, undefined, {
        ...insecure,
        DPoP: handle,
      });
    try {
      return await send();
    } catch (error) {
      if (isDPoPNonceError(error)) {
        return send();
      }
      throw error;
    }
  }

  /** What the library sent last to the content API (to replay it). */
  async function captured(token: string): Promise<{ dpop: string; authorization: string }> {
    let seen: Headers | undefined;
    const recorder = (url: string, init: RequestInit) => {
      seen = new Headers(init.headers);
      return fetch(url, init);
    };
    const send = () =>
      protectedResourceRequest(
        token,
        'GET',
        new URL(`${content}/v1/articles`),
        undefined,
        undefined,
        { ...insecure, DPoP: dpop, [customFetch]: recorder },
      );
    try {
      await send();
    } catch (error) {
      if (!isDPoPNonceError(error)) {
        throw error;
      }
      await send();
    }
    return { dpop: seen!.get('dpop')!, authorization: seen!.get('authorization')! };
  }

  /** The content API's current nonce (from a refused request's DPoP-Nonce). */
  async function contentNonce(token: string): Promise<string> {
    const response = await fetch(`${content}/v1/articles`, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await handMade({ htu: `${content}/v1/articles`, token }),
      },
    });
    return response.headers.get('dpop-nonce')!;
  }

  /** A proof made by hand with the library's key (for the refusals only). */
  async function handMade(claims: {
    htu: string;
    token: string;
    htm?: string;
    iat?: number;
    nonce?: string;
    key?: webcrypto.CryptoKeyPair;
  }): Promise<string> {
    const pair = claims.key ?? keys;
    return new SignJWT({
      jti: randomUUID(),
      htm: claims.htm ?? 'GET',
      htu: claims.htu,
      iat: claims.iat ?? Math.floor(Date.now() / 1000),
      ath: createHash('sha256').update(claims.token).digest('base64url'),
      ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(pair.publicKey) })
      .sign(pair.privateKey);
  }

  const expectChallenge = (response: Response, error: string): void => {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      new RegExp(`^DPoP .*algs="[^"]*ES256[^"]*".*error="${error}"`),
    );
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, accountsPort, contentPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    issuer = new URL(`http://127.0.0.1:${authPort}`);
    const shared = { ...ctx.env, AUTH_ISSUER: issuer.href.replace(/\/$/, '') };
    services.push(
      await startService('auth-server', authPort, { ...shared, DPOP_NONCE_REQUIRED: 'true' }),
    );
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
        DPOP_NONCE_SECRET: CONTENT_NONCE_SECRET,
      }),
    );
    const accounts = `http://127.0.0.1:${accountsPort}`;
    content = `http://127.0.0.1:${contentPort}`;
    as = await processDiscoveryResponse(
      issuer,
      await discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    // The admin (a bearer token, as before) sets up an API, an enterprise, an account, a contract.
    const admin: Client = { client_id: ADMIN_CLIENT_ID };
    const adminToken = await waitFor('the bootstrap admin to get a token', async () => {
      const response = await clientCredentialsGrantRequest(
        as,
        admin,
        ClientSecretBasic(ADMIN_CLIENT_SECRET),
        { scope: 'accounts:admin', resource: ACCOUNTS_AUDIENCE },
        insecure,
      );
      return (await processClientCredentialsResponse(as, admin, response)).access_token;
    });
    const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const response = await fetch(`${accounts}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Record<string, unknown>;
    };
    const api = await post('/v1/content-apis', {
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [{ name: 'articles:read', description: 'Read articles' }],
    });
    const enterprise = await post('/v1/enterprises', { name: 'Acme', businessId: 'ACME-DPOP' });
    const account = await post('/v1/system-accounts', {
      enterpriseId: enterprise.id,
      name: 'Acme portal',
    });
    await post('/v1/contracts', {
      enterpriseId: enterprise.id,
      contentApiId: api.id,
      scopes: ['articles:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    client = { client_id: account.clientId as string };
    clientSecret = account.clientSecret as string;
    keys = await generateKeyPair('ES256', { extractable: true });
    dpop = DPoP(client, keys);
    const token = await waitFor('the account to get a DPoP-bound token', () =>
      boundToken().catch(() => undefined),
    );
    await waitFor('the content API to know the contract', async () => {
      const response = await read(token).catch(() => undefined);
      return response?.status === 200;
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  it('the token is bound to the library key (cnf.jkt) and reads the contracted data with DPoP', async () => {
    const token = await boundToken();
    expect(decodeJwt(token).cnf).toEqual({
      jkt: await calculateJwkThumbprint(await exportJWK(keys.publicKey)),
    });
    const response = await read(token);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('refuses a replayed proof', async () => {
    const token = await boundToken();
    const sent = await captured(token);
    const replay = await fetch(`${content}/v1/articles`, {
      headers: { authorization: sent.authorization, dpop: sent.dpop },
    });
    expectChallenge(replay, 'invalid_dpop_proof');
  });

  it('refuses a proof for another URL (htu with a longer path)', async () => {
    const token = await boundToken();
    const nonce = await contentNonce(token);
    const response = await fetch(`${content}/v1/articles`, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await handMade({ htu: `${content}/v1/articles/x`, token, nonce }),
      },
    });
    expectChallenge(response, 'invalid_dpop_proof');
  });

  it('refuses a stale proof (iat)', async () => {
    const token = await boundToken();
    const nonce = await contentNonce(token);
    const response = await fetch(`${content}/v1/articles`, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await handMade({
          htu: `${content}/v1/articles`,
          token,
          nonce,
          iat: Math.floor(Date.now() / 1000) - 600,
        }),
      },
    });
    expectChallenge(response, 'invalid_dpop_proof');
  });

  it('refuses a proof without the nonce: use_dpop_nonce with DPoP-Nonce', async () => {
    const token = await boundToken();
    const response = await fetch(`${content}/v1/articles`, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await handMade({ htu: `${content}/v1/articles`, token }),
      },
    });
    expectChallenge(response, 'use_dpop_nonce');
    expect(response.headers.get('dpop-nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the bound token presented as a bearer token', async () => {
    const token = await boundToken();
    const response = await fetch(`${content}/v1/articles`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expectChallenge(response, 'invalid_token');
  });

  it('refuses a proof of another key, made by the library itself', async () => {
    const token = await boundToken();
    const thief = DPoP(client, await generateKeyPair('ES256'));
    const response = await read(token, '/v1/articles', thief).catch((error: unknown) => error);
    expect(response).toBeInstanceOf(WWWAuthenticateChallengeError);
    const challenge = response as WWWAuthenticateChallengeError;
    expect(challenge.status).toBe(401);
    expect(challenge.cause[0]).toMatchObject({
      scheme: 'dpop',
      parameters: { error: 'invalid_dpop_proof' },
    });
  });
});
