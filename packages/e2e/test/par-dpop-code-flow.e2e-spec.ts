import { randomBytes, randomUUID } from 'node:crypto';
import {
  allowInsecureRequests,
  type AuthorizationServer,
  authorizationCodeGrantRequest,
  calculatePKCECodeChallenge,
  type Client,
  discoveryRequest,
  DPoP,
  type DPoPHandle,
  generateKeyPair,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  isDPoPNonceError,
  None,
  processAuthorizationCodeResponse,
  processDiscoveryResponse,
  processPushedAuthorizationResponse,
  processRefreshTokenResponse,
  processUserInfoResponse,
  pushedAuthorizationRequest,
  refreshTokenGrantRequest,
  ResponseBodyError,
  userInfoRequest,
  validateAuthResponse,
} from 'oauth4webapi';
import { calculateJwkThumbprint, decodeJwt, exportJWK } from 'jose';
import {
  createTestContext,
  freePort,
  publishToStream,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { EventSecurity, localEventSecurity, SIGNATURE_HEADER } from '@charter/events';

const accountService = new EventSecurity(localEventSecurity('account-service'));
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, hiddenFields } from './support/pages.js';

/**
 * The FAPI 2.0 shape of a login through oauth4webapi's own PAR and DPoP support, against an
 * authorization server that requires both pushed requests and DPoP nonces: PAR with a DPoP
 * proof (binding the code) → login and consent pages → code → DPoP-bound tokens → userinfo
 * with DPoP → refresh bound to the same key. The library makes every proof and follows every
 * nonce; only the login and consent forms are driven by hand.
 */
const REDIRECT_URI = 'https://portal.example.test/callback';
const USER_PASSWORD = 'e2e-user-password-123';
/** argon2id of USER_PASSWORD (the account service stores only such a hash). */
const USER_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZyM1Y0+Y0p1R75s7LSGDRg$/FVViOGHRCo5FU8dkK+fbsNOtQWYGMeK9ucyyc8H3jE';
const insecure = { [allowInsecureRequests]: true } as const;

describe('PAR → code → DPoP-bound tokens → refresh, through oauth4webapi', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let issuer: URL;
  let as: AuthorizationServer;
  let client: Client;
  const ids = { enterprise: randomUUID(), account: randomUUID(), user: randomUUID() };
  const email = `user-${randomBytes(4).toString('hex')}@example.test`;

  const publish = async (
    type: string,
    subject: string,
    aggregateType: string,
    data: { id: string } & Record<string, unknown>,
  ): Promise<void> => {
    const envelope = {
      id: randomUUID(),
      type,
      schemaVersion: 1,
      subject,
      occurredAt: new Date().toISOString(),
      actor: { type: 'system' as const, id: 'e2e' },
      correlationId: 'e2e',
      aggregate: { type: aggregateType, id: data.id, version: 1 },
      data,
    };
    // Signed (and its sealed fields sealed) as the account service's relay does, with its local key.
    const { body, signature } = await accountService.encode(envelope);
    await publishToStream(ctx.natsUrl, `${ctx.namespace}.${subject}`, body, envelope.id, {
      [SIGNATURE_HEADER]: signature,
    });
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const authPort = await freePort();
    issuer = new URL(`http://127.0.0.1:${authPort}`);
    services.push(
      await startService('auth-server', authPort, {
        ...ctx.env,
        AUTH_ISSUER: issuer.href.replace(/\/$/, ''),
        PAR_REQUIRED: 'true',
        DPOP_NONCE_REQUIRED: 'true',
      }),
    );
    // RFC 8414 §3 / OIDC Discovery: the OpenID configuration, validated by the library.
    as = await processDiscoveryResponse(
      issuer,
      await discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
    );

    const now = new Date().toISOString();
    client = {
      client_id: `spa-${randomBytes(4).toString('hex')}`,
      token_endpoint_auth_method: 'none',
    };
    await publish('EnterpriseCreated', 'accounts.enterprise.created', 'enterprise', {
      id: ids.enterprise,
      name: 'Acme',
      businessId: `ACME-${randomBytes(3).toString('hex')}`,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    await publish('SystemAccountCreated', 'accounts.system-account.created', 'system-account', {
      id: ids.account,
      clientId: client.client_id,
      name: 'Acme partner portal',
      enterpriseId: ids.enterprise,
      status: 'active',
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['none'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      secrets: [],
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [],
      requirePkce: true,
      jwks: null,
      jwksUri: null,
      resourceServerFor: null,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await publish('UserCreated', 'accounts.user.created', 'user', {
      id: ids.user,
      kind: 'enterprise',
      enterpriseId: ids.enterprise,
      email,
      name: 'Ada Lovelace',
      roles: ['member'],
      status: 'active',
      emailVerified: true,
      passwordHash: USER_PASSWORD_HASH,
      passwordChangedAt: now,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  /** Sends once more with the server's nonce when it asks for one (RFC 9449 §8). */
  async function withNonce<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (isDPoPNonceError(error)) {
        return send();
      }
      throw error;
    }
  }

  it('pushes with DPoP, logs in, gets DPoP-bound tokens, reads userinfo and refreshes with the same key', async () => {
    expect(as).toMatchObject({
      pushed_authorization_request_endpoint: `${issuer.origin}/par`,
      require_pushed_authorization_requests: true,
    });
    expect(as.dpop_signing_alg_values_supported).toContain('ES256');
    const keys = await generateKeyPair('ES256', { extractable: true });
    const jkt = await calculateJwkThumbprint(await exportJWK(keys.publicKey));
    const dpop: DPoPHandle = DPoP(client, keys);
    const verifier = generateRandomCodeVerifier();
    const state = generateRandomState();
    const nonce = generateRandomNonce();
    const parameters = {
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile offline_access',
      state,
      nonce,
      code_challenge: await calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    // RFC 9126 through the library, with its DPoP proof (RFC 9449 §10.1); the projection is
    // eventually consistent, so wait for the client to be known.
    const pushed = await waitFor('the client in the projection', async () => {
      try {
        return await withNonce(async () =>
          processPushedAuthorizationResponse(
            as,
            client,
            await pushedAuthorizationRequest(as, client, None(), parameters, {
              ...insecure,
              DPoP: dpop,
            }),
          ),
        );
      } catch (error) {
        if (error instanceof ResponseBodyError && error.error === 'invalid_client') {
          return undefined;
        }
        throw error;
      }
    });
    expect(pushed.expires_in).toBeGreaterThan(0);

    // /authorize with the request_uri alone; the raw parameters are refused (PAR required).
    const browser = new CookieJar();
    const raw = new URL(as.authorization_endpoint!);
    raw.search = new URLSearchParams({ client_id: client.client_id, ...parameters }).toString();
    const refused = await browser.fetch(raw.href);
    expect(new URL(refused.location!).searchParams.get('error')).toBe('invalid_request');
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      request_uri: pushed.request_uri,
    }).toString();
    const login = await browser.fetch(authorizationUrl.href);
    expect(login.status).toBe(200);
    const authorizeAt = as.authorization_endpoint!;
    let page = await browser.fetch(authorizeAt, {
      ...hiddenFields(login.html),
      email,
      password: USER_PASSWORD,
    });
    await waitFor('the user in the projection', async () => {
      if (page.status !== 401) {
        return true;
      }
      page = await browser.fetch(authorizeAt, {
        ...hiddenFields(login.html),
        email,
        password: USER_PASSWORD,
      });
      return page.status !== 401;
    });
    expect(page.html).toContain('Allow access?');
    const redirect = await browser.fetch(authorizeAt, {
      ...hiddenFields(page.html),
      decision: 'allow',
    });
    expect(redirect.status).toBe(302);
    const callback = validateAuthResponse(as, client, new URL(redirect.location!), state);

    const tokens = await withNonce(async () =>
      processAuthorizationCodeResponse(
        as,
        client,
        await authorizationCodeGrantRequest(as, client, None(), callback, REDIRECT_URI, verifier, {
          ...insecure,
          DPoP: dpop,
        }),
        { expectedNonce: nonce, requireIdToken: true },
      ),
    );
    expect(tokens.token_type).toBe('dpop');
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });

    const userinfo = await withNonce(async () =>
      processUserInfoResponse(
        as,
        client,
        ids.user,
        await userInfoRequest(as, client, tokens.access_token, { ...insecure, DPoP: dpop }),
      ),
    );
    expect(userinfo).toMatchObject({ sub: ids.user, email });

    // The refresh token of a public client is bound to the key: another key is refused.
    const thief = DPoP(client, await generateKeyPair('ES256'));
    const stolen = withNonce(async () =>
      processRefreshTokenResponse(
        as,
        client,
        await refreshTokenGrantRequest(as, client, None(), tokens.refresh_token!, {
          ...insecure,
          DPoP: thief,
        }),
      ),
    );
    await expect(stolen).rejects.toMatchObject({ error: 'invalid_grant' });
    const refreshed = await withNonce(async () =>
      processRefreshTokenResponse(
        as,
        client,
        await refreshTokenGrantRequest(as, client, None(), tokens.refresh_token!, {
          ...insecure,
          DPoP: dpop,
        }),
      ),
    );
    expect(refreshed.token_type).toBe('dpop');
    expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt });
  });
});
