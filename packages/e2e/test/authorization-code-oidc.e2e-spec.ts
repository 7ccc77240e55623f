import { randomBytes, randomUUID } from 'node:crypto';
import {
  allowInsecureRequests,
  type AuthorizationServer,
  authorizationCodeGrantRequest,
  calculatePKCECodeChallenge,
  type Client,
  discoveryRequest,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  getValidatedIdTokenClaims,
  None,
  processAuthorizationCodeResponse,
  processDiscoveryResponse,
  processRefreshTokenResponse,
  processUserInfoResponse,
  refreshTokenGrantRequest,
  ResponseBodyError,
  userInfoRequest,
  validateAuthResponse,
} from 'oauth4webapi';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
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
 * An interactive public client (like the partner portal's browser app) through
 * oauth4webapi as an OpenID Connect relying party: discovery → authorization code
 * with PKCE (the login and consent forms driven with fetch, cookies carried) →
 * token → id token validation → userinfo → refresh (rotation, reuse refused).
 * The client registers no id_token_signed_response_alg, so its ID tokens are RS256
 * (OIDC Core §15.1, Dynamic Client Registration §2), as the library expects by default.
 */
const REDIRECT_URI = 'https://portal.example.test/callback';
const USER_PASSWORD = 'e2e-user-password-123';
/** argon2id of USER_PASSWORD (the account service stores only such a hash). */
const USER_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZyM1Y0+Y0p1R75s7LSGDRg$/FVViOGHRCo5FU8dkK+fbsNOtQWYGMeK9ucyyc8H3jE';
const insecure = { [allowInsecureRequests]: true } as const;

describe('authorization code + PKCE and OpenID Connect through oauth4webapi', () => {
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

  it('logs the user in with the code flow, validates the RS256 id token, reads userinfo and refreshes', async () => {
    expect(as).toMatchObject({
      authorization_endpoint: `${issuer.origin}/authorize`,
      userinfo_endpoint: `${issuer.origin}/userinfo`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256', 'PS256'],
    });
    expect(client.id_token_signed_response_alg).toBeUndefined();
    const verifier = generateRandomCodeVerifier();
    const state = generateRandomState();
    const nonce = generateRandomNonce();
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile offline_access',
      state,
      nonce,
      code_challenge: await calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();

    const browser = new CookieJar();
    // The projection is eventually consistent: wait until the client is known (login page, not an error page).
    let login = await browser.fetch(authorizationUrl.href);
    await waitFor('the client in the projection', async () => {
      login = await browser.fetch(authorizationUrl.href);
      return login.status === 200;
    });
    const authorizeAt = new URL('authorize', `${issuer.href.replace(/\/?$/, '/')}`).href;
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
    expect(page.status).toBe(200);
    expect(page.html).toContain('Allow access?');
    const redirect = await browser.fetch(authorizeAt, {
      ...hiddenFields(page.html),
      decision: 'allow',
    });
    expect(redirect.status).toBe(302);

    // RFC 6749 §4.1.2 + RFC 9207: state and iss checked by the library.
    const callback = validateAuthResponse(as, client, new URL(redirect.location!), state);
    // With neither the client's id_token_signed_response_alg nor the server's list, the library
    // checks the ID token's alg against its default, RS256 (OIDC Core §15.1): what a relying
    // party that assumes the OpenID defaults gets.
    const { id_token_signing_alg_values_supported: _advertised, ...asWithOidcDefaults } = as;
    const tokenResponse = await processAuthorizationCodeResponse(
      asWithOidcDefaults,
      client,
      await authorizationCodeGrantRequest(
        as,
        client,
        None(),
        callback,
        REDIRECT_URI,
        verifier,
        insecure,
      ),
      { expectedNonce: nonce, requireIdToken: true },
    );
    const claims = getValidatedIdTokenClaims(tokenResponse)!;
    expect(claims).toMatchObject({
      sub: ids.user,
      aud: client.client_id,
      email,
      name: 'Ada Lovelace',
      nonce,
    });
    // The id token's signature, against the published JWKS: RS256 with a 2048-bit key or larger.
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const { protectedHeader } = await jwtVerify(tokenResponse.id_token!, jwks, {
      issuer: as.issuer,
      audience: client.client_id,
      algorithms: ['RS256'],
    });
    const published = (await (await fetch(as.jwks_uri!)).json()) as {
      keys: Array<{ kid: string; n?: string }>;
    };
    const rsaKey = published.keys.find((key) => key.kid === protectedHeader.kid);
    expect(Buffer.from(rsaKey?.n ?? '', 'base64url').length * 8).toBeGreaterThanOrEqual(2048);
    // The access token of the same response stays on the server's access-token algorithm.
    expect(decodeProtectedHeader(tokenResponse.access_token).alg).toBe('ES256');

    const userinfo = await processUserInfoResponse(
      as,
      client,
      ids.user,
      await userInfoRequest(as, client, tokenResponse.access_token, insecure),
    );
    expect(userinfo).toMatchObject({
      sub: ids.user,
      email,
      email_verified: true,
      name: 'Ada Lovelace',
    });

    // Refresh: rotation, and the spent refresh token is refused (it also revokes the family).
    const refreshed = await processRefreshTokenResponse(
      as,
      client,
      await refreshTokenGrantRequest(as, client, None(), tokenResponse.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokenResponse.refresh_token);
    const reuse = processRefreshTokenResponse(
      as,
      client,
      await refreshTokenGrantRequest(as, client, None(), tokenResponse.refresh_token!, insecure),
    );
    await expect(reuse).rejects.toBeInstanceOf(ResponseBodyError);
    await expect(reuse).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
