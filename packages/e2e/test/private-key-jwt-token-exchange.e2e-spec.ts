import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AuthorizationServer,
  allowInsecureRequests,
  type Client,
  clientCredentialsGrantRequest,
  discoveryRequest,
  genericTokenEndpointRequest,
  PrivateKeyJwt,
  processClientCredentialsResponse,
  processDiscoveryResponse,
  processGenericTokenEndpointResponse,
  ResponseBodyError,
} from 'oauth4webapi';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
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
 * A portal that authenticates with private_key_jwt (RFC 7523) gets a client_credentials
 * token, logs its user in with the password grant, and exchanges the user's token (RFC 8693)
 * for a content API token acting for the user, which the content API accepts, once the user
 * has consented (on the authorization server's consent page) to the portal reading it. The OAuth
 * caller is oauth4webapi. Account state arrives as events in the stream, as the account
 * service's relay publishes it (the admin API does not register client keys yet).
 */
const CONTENT_AUDIENCE = 'http://localhost:3002';
const REDIRECT_URI = 'https://portal.example.test/callback';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const USER_PASSWORD = 'e2e-user-password-123';
/** argon2id of USER_PASSWORD (the account service stores only such a hash). */
const USER_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZyM1Y0+Y0p1R75s7LSGDRg$/FVViOGHRCo5FU8dkK+fbsNOtQWYGMeK9ucyyc8H3jE';
const insecure = { [allowInsecureRequests]: true } as const;

describe('private_key_jwt and token exchange through oauth4webapi', () => {
  let ctx: TestContext;
  const services: RunningService[] = [];
  let as: AuthorizationServer;
  let content: string;
  let client: Client;
  let auth: ReturnType<typeof PrivateKeyJwt>;
  const ids = {
    enterprise: randomUUID(),
    contentApi: randomUUID(),
    contract: randomUUID(),
    account: randomUUID(),
    user: randomUUID(),
  };
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
    const [authPort, contentPort] = [await freePort(), await freePort()];
    const issuer = new URL(`http://127.0.0.1:${authPort}`);
    const shared = { ...ctx.env, AUTH_ISSUER: issuer.href.replace(/\/$/, '') };
    services.push(await startService('auth-server', authPort, shared));
    services.push(
      await startService('content-api', contentPort, {
        ...shared,
        AUTH_AUDIENCE: CONTENT_AUDIENCE,
      }),
    );
    content = `http://127.0.0.1:${contentPort}`;
    as = await processDiscoveryResponse(
      issuer,
      await discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );

    // The portal's key pair: the private half stays with the portal, the public half is registered.
    const keys = await generateKeyPair('ES256', { extractable: true });
    const kid = 'portal-key-1';
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'ES256', use: 'sig' };
    auth = PrivateKeyJwt({ key: keys.privateKey, kid });

    const now = new Date().toISOString();
    const clientId = `portal-${randomBytes(4).toString('hex')}`;
    client = { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' };
    await publish('ContentApiRegistered', 'accounts.content-api.registered', 'content-api', {
      id: ids.contentApi,
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [
        { name: 'articles:read', description: 'Read articles' },
        { name: 'prices:read', description: 'Read prices' },
      ],
      createdAt: now,
      updatedAt: now,
    });
    await publish('EnterpriseCreated', 'accounts.enterprise.created', 'enterprise', {
      id: ids.enterprise,
      name: 'Acme',
      businessId: `ACME-${randomBytes(3).toString('hex')}`,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    await publish('ContractCreated', 'accounts.contract.created', 'contract', {
      id: ids.contract,
      enterpriseId: ids.enterprise,
      contentApiId: ids.contentApi,
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: ['articles:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: null,
      status: 'active',
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await publish('SystemAccountCreated', 'accounts.system-account.created', 'system-account', {
      id: ids.account,
      clientId,
      name: 'Acme portal',
      enterpriseId: ids.enterprise,
      status: 'active',
      grantTypes: ['client_credentials', 'password', 'authorization_code', TOKEN_EXCHANGE],
      tokenEndpointAuthMethods: ['private_key_jwt'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      secrets: [],
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [],
      requirePkce: true,
      jwks: { keys: [publicJwk] },
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

  it('advertises private_key_jwt and token exchange', () => {
    expect(as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual([
      'ES256',
      'RS256',
      'PS256',
    ]);
    expect(as.grant_types_supported).toEqual(expect.arrayContaining(['password', TOKEN_EXCHANGE]));
  });

  it('client_credentials with private_key_jwt, then a password login exchanged for a content token once the user consented', async () => {
    // 1. client_credentials, authenticated by a signed assertion (a fresh jti each request).
    const tokens = await waitFor('the portal to get a token', async () =>
      processClientCredentialsResponse(
        as,
        client,
        await clientCredentialsGrantRequest(
          as,
          client,
          auth,
          { resource: CONTENT_AUDIENCE },
          insecure,
        ),
      ),
    );
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const { payload } = await jwtVerify(tokens.access_token, jwks, {
      issuer: as.issuer,
      audience: CONTENT_AUDIENCE,
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({
      sub: client.client_id,
      client_id: client.client_id,
      contract_id: ids.contract,
      scope: 'articles:read',
    });
    const portalRead = await waitFor('the content API to accept the portal token', async () => {
      const response = await fetch(`${content}/v1/articles`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      return response.status === 200 ? response : undefined;
    });
    expect(portalRead.status).toBe(200);

    // 2. The user logs in at the portal (password grant): a token for the portal's own API.
    const login = await waitFor('the user to be projected', async () =>
      processGenericTokenEndpointResponse(
        as,
        client,
        await genericTokenEndpointRequest(
          as,
          client,
          auth,
          'password',
          { username: email, password: USER_PASSWORD },
          insecure,
        ),
      ),
    );
    expect(login.refresh_token).toBeUndefined();
    const userToken = await jwtVerify(login.access_token, jwks, {
      issuer: as.issuer,
      audience: client.client_id,
      typ: 'at+jwt',
    });
    expect(userToken.payload.sub).toBe(ids.user);

    // 3. The portal exchanges it for a content API token acting for the user: refused while the
    //    user has not consented to the portal reading the content API for them (a password login
    //    is no such consent).
    const exchangeRequest = () =>
      genericTokenEndpointRequest(
        as,
        client,
        auth,
        TOKEN_EXCHANGE,
        {
          subject_token: login.access_token,
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: CONTENT_AUDIENCE,
        },
        insecure,
      );
    await expect(
      processGenericTokenEndpointResponse(as, client, await exchangeRequest()),
    ).rejects.toSatisfy(
      (error: unknown) => error instanceof ResponseBodyError && error.error === 'invalid_target',
    );
    // The user consents once, on the authorization server's pages, to what the portal's authorization
    // request names: the content API (RFC 8707 resource) with articles:read.
    const browser = new CookieJar();
    const authorizeAt = `${as.issuer.replace(/\/$/, '')}/authorize`;
    const loginPage = await browser.fetch(
      `${authorizeAt}?${new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: REDIRECT_URI,
        scope: 'openid articles:read',
        resource: CONTENT_AUDIENCE,
        state: 'st',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString()}`,
    );
    const consentPage = await browser.fetch(authorizeAt, {
      ...hiddenFields(loginPage.html),
      email,
      password: USER_PASSWORD,
    });
    expect(consentPage.html).toContain('may access <strong>Market data</strong> on your behalf:');
    const allowed = await browser.fetch(authorizeAt, {
      ...hiddenFields(consentPage.html),
      decision: 'allow',
    });
    expect(new URL(allowed.location!).searchParams.get('code')).toBeTruthy();
    const exchanged = await processGenericTokenEndpointResponse(
      as,
      client,
      await exchangeRequest(),
    );
    expect(exchanged.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    expect(exchanged.token_type).toBe('bearer');
    const delegated = await jwtVerify(exchanged.access_token, jwks, {
      issuer: as.issuer,
      audience: CONTENT_AUDIENCE,
      typ: 'at+jwt',
    });
    expect(delegated.payload).toMatchObject({
      sub: ids.user,
      act: { sub: client.client_id },
      client_id: client.client_id,
      enterprise_id: ids.enterprise,
      contract_id: ids.contract,
      scope: 'articles:read',
    });
    const userRead = await fetch(`${content}/v1/articles`, {
      headers: { authorization: `Bearer ${exchanged.access_token}` },
    });
    expect(userRead.status).toBe(200);

    // 4. A token of the portal itself is no subject token (its aud is the content API).
    const refused = await genericTokenEndpointRequest(
      as,
      client,
      auth,
      TOKEN_EXCHANGE,
      {
        subject_token: tokens.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
        resource: CONTENT_AUDIENCE,
      },
      insecure,
    );
    await expect(processGenericTokenEndpointResponse(as, client, refused)).rejects.toSatisfy(
      (error: unknown) => error instanceof ResponseBodyError && error.error === 'invalid_request',
    );
  });
});
