import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import {
  createTestContext,
  freePort,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, hiddenFields } from './support/pages.js';

/**
 * Confidential web applications as relying parties through `openid-client` (the most used
 * OpenID Connect client for Node.js), on its defaults: discovery, `client_secret_post`, an ID
 * token it expects in RS256 (the clients registered no id_token_signed_response_alg), PKCE,
 * state and nonce; then userinfo, the content API with the user's token, refresh,
 * introspection and revocation of the refresh token, client credentials, RP-initiated logout,
 * and a portal that exchanges its user's token (RFC 8693). Everything is set up through the
 * admin API, as a customer would.
 */
const ADMIN_CLIENT_ID = 'charter-admin';
const ADMIN_CLIENT_SECRET = 'e2e-admin-secret-0123456789abcdefghijklmnop';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';
const REDIRECT_URI = 'https://portal.example.test/callback';
const POST_LOGOUT_URI = 'https://portal.example.test/signed-out';
const USER_PASSWORD = 'openid-client-e2e-password';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const insecure = { execute: [client.allowInsecureRequests] };

describe('a confidential web application through openid-client on its defaults', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let issuer: URL;
  let accounts: string;
  let content: string;
  /** A web application whose user tokens are for the content API (RFC 8707 resource). */
  let config: client.Configuration;
  /** A portal: its user tokens are its own; it reaches the content API by token exchange. */
  let portalConfig: client.Configuration;
  let userId: string;
  const email = `rp-${randomBytes(4).toString('hex')}@example.test`;

  async function admin(path: string, token: string, body: unknown) {
    const response = await fetch(`${accounts}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Login and consent on the authorization server's pages, as the user's browser would. */
  async function signIn(authorizationUrl: URL): Promise<URL> {
    const browser = new CookieJar();
    const login = await browser.fetch(authorizationUrl.href);
    expect(login.status).toBe(200);
    const authorizeAt = `${issuer.origin}/authorize`;
    const consent = await browser.fetch(authorizeAt, {
      ...hiddenFields(login.html),
      email,
      password: USER_PASSWORD,
    });
    if (consent.status === 302) {
      return new URL(consent.location!);
    }
    expect(consent.html).toContain('Allow access?');
    const redirect = await browser.fetch(authorizeAt, {
      ...hiddenFields(consent.html),
      decision: 'allow',
    });
    expect(redirect.status).toBe(302);
    return new URL(redirect.location!);
  }

  /** The code flow through the library, from the authorization URL to the token response. */
  async function codeFlow(scope: string, rp = config, resource: string | null = CONTENT_AUDIENCE) {
    const pkceCodeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope,
      ...(resource === null ? {} : { resource }),
      code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const callback = await signIn(authorizationUrl);
    return client.authorizationCodeGrant(rp, callback, {
      pkceCodeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, accountsPort, contentPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    issuer = new URL(`http://127.0.0.1:${authPort}`);
    const shared = { ...ctx.env, AUTH_ISSUER: issuer.origin };
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

    const adminConfig = await client.discovery(
      issuer,
      ADMIN_CLIENT_ID,
      ADMIN_CLIENT_SECRET,
      undefined,
      insecure,
    );
    const adminToken = await waitFor(
      'the bootstrap admin to get a token',
      async () =>
        (
          await client.clientCredentialsGrant(adminConfig, {
            scope: 'accounts:admin',
            resource: ACCOUNTS_AUDIENCE,
          })
        ).access_token,
    );
    const api = await admin('/v1/content-apis', adminToken, {
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [{ name: 'articles:read', description: 'Read articles' }],
    });
    const enterprise = await admin('/v1/enterprises', adminToken, {
      name: 'Initech',
      businessId: `INITECH-${randomBytes(3).toString('hex')}`,
    });
    await admin('/v1/contracts', adminToken, {
      enterpriseId: enterprise.id,
      contentApiId: api.id,
      scopes: ['articles:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    const webApp = await admin('/v1/system-accounts', adminToken, {
      enterpriseId: enterprise.id,
      name: 'Initech reports',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [POST_LOGOUT_URI],
    });
    const portal = await admin('/v1/system-accounts', adminToken, {
      enterpriseId: enterprise.id,
      name: 'Initech portal',
      grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
      redirectUris: [REDIRECT_URI],
    });
    const user = await admin('/v1/users', adminToken, {
      kind: 'enterprise',
      enterpriseId: enterprise.id,
      email,
      name: 'Peter Gibbons',
      password: USER_PASSWORD,
    });
    userId = user.id as string;

    // The library's defaults: a string secret means client_secret_post, and no
    // id_token_signed_response_alg means RS256.
    const discover = (account: Record<string, unknown>) =>
      client.discovery(
        issuer,
        account.clientId as string,
        account.clientSecret as string,
        undefined,
        insecure,
      );
    config = await discover(webApp);
    portalConfig = await discover(portal);
    await waitFor('both clients in the authorization server', async () => {
      const probe = client.buildAuthorizationUrl(portalConfig, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const login = await new CookieJar().fetch(probe.href);
      return login.status === 200;
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  it('uses the library defaults: client_secret_post and RS256 ID tokens, both announced', () => {
    const metadata = config.serverMetadata();
    expect(config.clientMetadata()).toMatchObject({ client_secret: expect.any(String) });
    expect(config.clientMetadata().token_endpoint_auth_method).toBeUndefined();
    expect(config.clientMetadata().id_token_signed_response_alg).toBeUndefined();
    expect(metadata.issuer).toBe(issuer.origin);
    expect(metadata.token_endpoint_auth_methods_supported).toContain('client_secret_post');
    expect(metadata.id_token_signing_alg_values_supported).toContain('RS256');
    expect(metadata.end_session_endpoint).toBe(`${issuer.origin}/logout`);
  });

  it('signs the user in, validates the RS256 ID token, reads userinfo and the content API for the user', async () => {
    const tokens = await waitFor('the user in the authorization server', () =>
      codeFlow('openid email profile offline_access articles:read'),
    );
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256');
    expect(tokens.claims()).toMatchObject({
      iss: issuer.origin,
      sub: userId,
      aud: config.clientMetadata().client_id,
      email,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'offline_access', 'articles:read']),
    );

    const me = await client.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(`${content}/v1/me`),
      'GET',
    );
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      subject: userId,
      clientId: config.clientMetadata().client_id,
      scopes: ['articles:read'],
    });

    // A token for the content API is not for userinfo; one for the client itself, with openid, is.
    await expect(client.fetchUserInfo(config, tokens.access_token, userId)).rejects.toMatchObject({
      status: 403,
    });
    const own = await codeFlow('openid email profile', config, null);
    expect(own.claims()).toMatchObject({ sub: userId });
    const userinfo = await client.fetchUserInfo(config, own.access_token, userId);
    expect(userinfo).toMatchObject({ sub: userId, email, name: 'Peter Gibbons' });
  });

  it('refreshes, introspects its refresh token, and revoking it ends the family', async () => {
    const tokens = await codeFlow('openid offline_access articles:read');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    // RFC 7662: a client may introspect its own refresh token.
    const active = await client.tokenIntrospection(config, refreshed.refresh_token!);
    expect(active).toMatchObject({
      active: true,
      client_id: config.clientMetadata().client_id,
      sub: userId,
    });

    // RFC 7009 §2: revoking a refresh token (the hint honoured, not trusted) ends its family.
    await client.tokenRevocation(config, refreshed.refresh_token!, {
      token_type_hint: 'access_token',
    });
    expect(await client.tokenIntrospection(config, refreshed.refresh_token!)).toEqual({
      active: false,
    });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('gets its own token with client credentials', async () => {
    const own = await client.clientCredentialsGrant(config, { resource: CONTENT_AUDIENCE });
    const read = await client.fetchProtectedResource(
      config,
      own.access_token,
      new URL(`${content}/v1/articles`),
      'GET',
    );
    expect(read.status).toBe(200);
    expect(decodeProtectedHeader(own.access_token).alg).toBe('ES256');
  });

  it('lets a portal exchange its user token for the content API within what the user consented', async () => {
    // The portal's code yields a token for the portal itself; the consent page also asked for the
    // content API, which the portal then reaches by exchange (RFC 8693), acting for the user.
    const tokens = await codeFlow('openid articles:read', portalConfig);
    expect(tokens.scope).toBe('openid');
    const exchanged = await client.genericGrantRequest(portalConfig, TOKEN_EXCHANGE, {
      subject_token: tokens.access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: CONTENT_AUDIENCE,
    });
    expect(exchanged.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    const forUser = await client.fetchProtectedResource(
      portalConfig,
      exchanged.access_token,
      new URL(`${content}/v1/me`),
      'GET',
    );
    expect(await forUser.json()).toMatchObject({
      subject: userId,
      act: { sub: portalConfig.clientMetadata().client_id },
      scopes: ['articles:read'],
    });

    // RFC 8693 §2.2.2: a subject token that is no token is invalid_request.
    await expect(
      client.genericGrantRequest(portalConfig, TOKEN_EXCHANGE, {
        subject_token: `${tokens.access_token}x`,
        subject_token_type: ACCESS_TOKEN_TYPE,
        resource: CONTENT_AUDIENCE,
      }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
  });

  it('logs the user out and returns to the registered post-logout URI with the state', async () => {
    const tokens = await codeFlow('openid');
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye',
    });
    const browser = new CookieJar();
    const confirm = await browser.fetch(endSession.href);
    expect(confirm.status).toBe(200);
    const done = await browser.fetch(`${issuer.origin}/logout`, {
      ...hiddenFields(confirm.html),
      action: 'logout',
    });
    expect(done.status).toBe(302);
    const back = new URL(done.location!);
    expect(`${back.origin}${back.pathname}`).toBe(POST_LOGOUT_URI);
    expect(back.searchParams.get('state')).toBe('bye');

    // The same URI with a longer path is not registered: refused, no redirect.
    const extended = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${POST_LOGOUT_URI}/more`,
    });
    const refused = await new CookieJar().fetch(extended.href);
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
  });
});
