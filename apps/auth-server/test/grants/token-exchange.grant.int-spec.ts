import { randomUUID } from 'node:crypto';
import {
  ContentApiRegistered,
  ContractCreated,
  ContractSuspended,
  TOKEN_EXCHANGE_GRANT,
  UserDeleted,
  UserDisabled,
  UserPasswordChanged,
  type UserState,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { createRemoteJWKSet, decodeJwt, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  publishEvent,
  publishScenario,
  publishUser,
  type Scenario,
  settle,
} from '../support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from '../support/auth-server.js';
import { newDpopKey } from '../support/dpop.js';
import {
  type InteractiveScenario,
  obtainCode,
  publishInteractiveScenario,
  REDIRECT_URI,
} from '../support/authorization-flow.js';
import { Browser } from '../support/browser.js';
import { signWithServerKey } from '../support/own-key.js';

const ISSUER = 'http://auth.example.test';
const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** RFC 8693 token exchange: a portal trades its user's token for a content API token acting for the user. */
describe('token exchange grant (RFC 8693)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let portal: Scenario;
  let user: UserState;
  const passwords = new Map<string, string>();

  const now = (): number => Math.floor(Date.now() / 1000);

  /** A user's access token for the portal's own API, as the authorization code or password grant issues it. */
  const userToken = (
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
  ): Promise<string> =>
    signWithServerKey(
      ctx,
      {
        iss: ISSUER,
        sub: user.id,
        aud: portal.client.clientId,
        client_id: portal.client.clientId,
        scope: 'openid profile',
        jti: randomUUID(),
        iat: now(),
        exp: now() + 600,
        enterprise_id: user.enterpriseId,
        ...claims,
      },
      header,
    );

  const exchange = (
    form: Record<string, string | string[]>,
    scenario: Pick<Scenario, 'client' | 'secret'> = portal,
  ): Promise<TokenCall> =>
    postToken(
      server.url,
      { grant_type: TOKEN_EXCHANGE_GRANT, ...form },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );

  const standard = async (
    extra: Record<string, string | string[]> = {},
  ): Promise<Record<string, string | string[]>> => ({
    subject_token: await userToken(),
    subject_token_type: ACCESS_TOKEN_TYPE,
    resource: ARTICLES,
    ...extra,
  });

  const expectError = (call: TokenCall, status: number, error: string): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(typeof call.body.error_description).toBe('string');
    expect(call.body).not.toHaveProperty('access_token');
  };

  /** Records, as the consent page does once the user allows, what the user let the portal reach. */
  const consent = async (
    userId: string,
    clientId: string,
    resource = ARTICLES,
    scopes = ['articles:read', 'articles:search'],
  ): Promise<void> => {
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.consents (user_id, client_id, resource, scopes, granted_at)
       VALUES ($1, $2, $3, $4, now())`,
      [userId, clientId, resource, scopes],
    );
  };

  /**
   * A portal (enterprise client with the exchange grant) and one active user of its enterprise,
   * who consented to the portal reading the articles API for them.
   */
  const publishPortal = async (
    options: Parameters<typeof publishScenario>[1] = {},
  ): Promise<{ portal: Scenario; user: UserState }> => {
    const scenario = await publishScenario(ctx, {
      ...options,
      client: {
        grantTypes: ['client_credentials', 'password', TOKEN_EXCHANGE_GRANT],
        ...options.client,
      },
    });
    const published = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    passwords.set(published.state.id, published.password);
    await consent(published.state.id, scenario.client.clientId);
    return { portal: scenario, user: published.state };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER, TOKEN_ACCESS_TTL: '900' });
    ({ portal, user } = await publishPortal());
    await waitFor('the projection to have the portal and its user', async () => {
      const call = await exchange(await standard());
      return call.status === 200;
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('issues a content API token for the user with act naming the portal', async () => {
    const subjectToken = await userToken();
    const call = await exchange({
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: ARTICLES,
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.body).toEqual({
      access_token: expect.any(String),
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'articles:read articles:search',
    });
    const { payload } = await jwtVerify(
      call.body.access_token as string,
      createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)),
      { issuer: ISSUER, audience: ARTICLES, typ: 'at+jwt' },
    );
    expect(payload).toEqual({
      iss: ISSUER,
      sub: user.id,
      aud: ARTICLES,
      client_id: portal.client.clientId,
      act: { sub: portal.client.clientId },
      scope: 'articles:read articles:search',
      enterprise_id: portal.enterprise.id,
      contract_id: portal.contract.id,
      // The portal's secret that authenticated the exchange.
      credential_id: portal.client.secrets[0]?.id,
      jti: expect.any(String),
      iat: expect.any(Number),
      exp: (payload.iat as number) + 900,
    });
    expect(payload.jti).not.toBe(decodeJwt(subjectToken).jti);
  });

  it('exchanges a token the user got through the password grant, within what the user consented to', async () => {
    const login = await postToken(
      server.url,
      { grant_type: 'password', username: user.email, password: passwords.get(user.id)! },
      { basic: { clientId: portal.client.clientId, secret: portal.secret } },
    );
    expect(login.status).toBe(200);
    expect(decodeJwt(login.body.access_token as string).aud).toBe(portal.client.clientId);
    const call = await exchange({
      subject_token: login.body.access_token as string,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: ARTICLES,
    });
    expect(call.status).toBe(200);
    expect(decodeJwt(call.body.access_token as string)).toMatchObject({
      sub: user.id,
      aud: ARTICLES,
      act: { sub: portal.client.clientId },
      contract_id: portal.contract.id,
    });
  });

  it('invalid_target: a password-grant login is no consent to reach an API for the user', async () => {
    const { state: newcomer, password } = await publishUser(ctx, {
      enterpriseId: portal.enterprise.id,
    });
    const login = await waitFor('the newcomer to be projected', async () => {
      const attempt = await postToken(
        server.url,
        { grant_type: 'password', username: newcomer.email, password },
        { basic: { clientId: portal.client.clientId, secret: portal.secret } },
      );
      return attempt.status === 200 ? attempt : undefined;
    });
    const call = await exchange({
      subject_token: login.body.access_token as string,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: ARTICLES,
    });
    expectError(call, 400, 'invalid_target');
    // The same user's colleague who consented gets through: the refusal is the consent's.
    expect((await exchange(await standard())).status).toBe(200);
  });

  it('takes audience instead of resource, or both when they agree, and narrows the scope', async () => {
    const byAudience = await exchange({
      subject_token: await userToken(),
      subject_token_type: ACCESS_TOKEN_TYPE,
      audience: ARTICLES,
      scope: 'articles:read',
    });
    expect(byAudience.status).toBe(200);
    expect(byAudience.body.scope).toBe('articles:read');
    expect(decodeJwt(byAudience.body.access_token as string).scope).toBe('articles:read');
    const both = await exchange(await standard({ audience: ARTICLES }));
    expect(both.status).toBe(200);
    // requested_token_type = access_token is what is issued anyway.
    const requested = await exchange(await standard({ requested_token_type: ACCESS_TOKEN_TYPE }));
    expect(requested.status).toBe(200);
  });

  it('never issues a token beyond the contract end', async () => {
    const ending = await publishPortal({
      contract: { validUntil: new Date(Date.now() + 120_000).toISOString() },
    });
    const call = await waitFor('the ending contract portal', async () => {
      const attempt = await exchange(
        {
          subject_token: await signWithServerKey(ctx, {
            iss: ISSUER,
            sub: ending.user.id,
            aud: ending.portal.client.clientId,
            client_id: ending.portal.client.clientId,
            jti: randomUUID(),
            iat: now(),
            exp: now() + 600,
          }),
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: ARTICLES,
        },
        ending.portal,
      );
      return attempt.status === 200 ? attempt : undefined;
    });
    expect(call.body.expires_in).toBeLessThanOrEqual(120);
    const claims = decodeJwt(call.body.access_token as string);
    expect(claims.exp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 120);
  });

  describe('invalid_request', () => {
    it.each<[string, () => Promise<Record<string, string | string[]>>]>([
      ['no subject_token', async () => ({ ...(await standard()), subject_token: '' })],
      ['no subject_token_type', async () => ({ ...(await standard()), subject_token_type: '' })],
      [
        'an unsupported subject_token_type',
        () => standard({ subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }),
      ],
      ['an actor_token', async () => standard({ actor_token: await userToken() })],
      ['an actor_token_type alone', () => standard({ actor_token_type: ACCESS_TOKEN_TYPE })],
      [
        'another requested_token_type',
        () => standard({ requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }),
      ],
      ['neither resource nor audience', async () => ({ ...(await standard()), resource: '' })],
    ])('%s', async (_case, form) => {
      expectError(await exchange(await form()), 400, 'invalid_request');
    });
  });

  /** RFC 8693 §2.2.2: a subject token invalid for any reason, or unacceptable by policy, is invalid_request. */
  describe('invalid_request: the subject token is invalid or unacceptable', () => {
    it.each<[string, () => Promise<string>]>([
      ['garbage', () => Promise.resolve('not-a-token')],
      ['an expired token', () => userToken({ iat: now() - 900, exp: now() - 60 })],
      ['a token of another issuer', () => userToken({ iss: 'https://elsewhere.example.test' })],
      ['a token that is not at+jwt', () => userToken({}, { typ: 'JWT' })],
      [
        'a token signed by a key that is not ours',
        async () =>
          new SignJWT({
            sub: user.id,
            aud: portal.client.clientId,
            client_id: portal.client.clientId,
            jti: randomUUID(),
          })
            .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
            .setIssuer(ISSUER)
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign((await generateKeyPair('ES256')).privateKey),
      ],
      ['a token for another audience (not the portal itself)', () => userToken({ aud: ARTICLES })],
      [
        'a token for another client',
        () => userToken({ aud: 'some-other-portal', client_id: 'some-other-portal' }),
      ],
      ['a token whose subject is not a user', () => userToken({ sub: portal.client.clientId })],
      ['a token of an unknown user', () => userToken({ sub: randomUUID() })],
    ])('%s', async (_case, subject) => {
      expectError(
        await exchange({
          subject_token: await subject(),
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: ARTICLES,
        }),
        400,
        'invalid_request',
      );
    });

    it('a revoked token', async () => {
      const subjectToken = await userToken();
      const revoked = await postForm(
        `${server.url}/revoke`,
        { token: subjectToken },
        { basic: { clientId: portal.client.clientId, secret: portal.secret } },
      );
      expect(revoked.status).toBe(200);
      expectError(
        await exchange({
          subject_token: subjectToken,
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: ARTICLES,
        }),
        400,
        'invalid_request',
      );
    });

    it('a user of another enterprise than the portal', async () => {
      const stranger = await publishUser(ctx);
      const call = await waitFor('the stranger to be projected', async () => {
        const attempt = await exchange({
          subject_token: await userToken({ sub: stranger.state.id }),
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: ARTICLES,
        });
        return attempt.body.error_description ===
          "the user does not belong to the client's enterprise"
          ? attempt
          : undefined;
      });
      expectError(call, 400, 'invalid_request');
    });

    it.each([
      ['disabled', UserDisabled, { status: 'disabled' as const }],
      ['deleted', UserDeleted, { deletedAt: new Date().toISOString() }],
    ])('a %s user', async (_case, event, change) => {
      const other = await publishPortal();
      const subject = async (): Promise<string> =>
        signWithServerKey(ctx, {
          iss: ISSUER,
          sub: other.user.id,
          aud: other.portal.client.clientId,
          client_id: other.portal.client.clientId,
          jti: randomUUID(),
          iat: now(),
          exp: now() + 600,
        });
      const form = async () => ({
        subject_token: await subject(),
        subject_token_type: ACCESS_TOKEN_TYPE,
        resource: ARTICLES,
      });
      await waitFor(
        'the portal user',
        async () => (await exchange(await form(), other.portal)).status === 200,
      );
      await publishEvent(
        ctx,
        event,
        { ...other.user, ...change, updatedAt: new Date().toISOString() },
        2,
      );
      const call = await waitFor('the change to be projected', async () => {
        const attempt = await exchange(await form(), other.portal);
        return attempt.status === 400 ? attempt : undefined;
      });
      expectError(call, 400, 'invalid_request');
    });
  });

  it("invalid_request: a subject token from a login before the user's password change (auth_time, else iat)", async () => {
    const other = await publishPortal();
    // A user whose password was set an hour ago, so a token of two minutes ago is good at first.
    const { state: target } = await publishUser(ctx, {
      enterpriseId: other.portal.enterprise.id,
      passwordChangedAt: new Date((now() - 3_600) * 1000).toISOString(),
    });
    await consent(target.id, other.portal.client.clientId);
    const form = async (claims: Record<string, unknown> = {}) => ({
      subject_token: await signWithServerKey(ctx, {
        iss: ISSUER,
        sub: target.id,
        aud: other.portal.client.clientId,
        client_id: other.portal.client.clientId,
        jti: randomUUID(),
        iat: now(),
        exp: now() + 600,
        ...claims,
      }),
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: ARTICLES,
    });
    const before = now() - 120;
    await waitFor(
      'the portal user',
      async () => (await exchange(await form({ iat: before }), other.portal)).status === 200,
    );
    const changedAt = new Date((now() - 30) * 1000).toISOString();
    await publishEvent(
      ctx,
      UserPasswordChanged,
      { ...target, passwordChangedAt: changedAt, updatedAt: changedAt },
      2,
    );
    const call = await waitFor('the change to be projected', async () => {
      const attempt = await exchange(await form({ iat: before }), other.portal);
      return attempt.status === 400 ? attempt : undefined;
    });
    expectError(call, 400, 'invalid_request');
    // Issued after the change, but from a login before it (a refreshed token): refused too.
    expectError(
      await exchange(await form({ auth_time: before }), other.portal),
      400,
      'invalid_request',
    );
    // Issued from a login after the change: exchanged.
    expect((await exchange(await form(), other.portal)).status).toBe(200);
    expect((await exchange(await form({ auth_time: now() - 5 }), other.portal)).status).toBe(200);
  });

  describe('invalid_target', () => {
    it.each<[string, Record<string, string | string[]>]>([
      [
        'a resource the enterprise has no contract for',
        { resource: 'https://reports.example.test' },
      ],
      [
        'resource and audience that differ',
        { resource: ARTICLES, audience: 'https://reports.example.test' },
      ],
      ['two audiences', { resource: '', audience: [ARTICLES, 'https://reports.example.test'] }],
      ['two resources', { resource: [ARTICLES, 'https://reports.example.test'] }],
      ['a resource that is not an absolute URI', { resource: 'articles' }],
      ['an audience that is not a resource indicator', { resource: '', audience: 'articles-api' }],
    ])('%s', async (_case, target) => {
      expectError(await exchange(await standard(target)), 400, 'invalid_target');
    });

    it('a contract no longer in force', async () => {
      const suspended = await publishPortal();
      const form = async () => ({
        subject_token: await signWithServerKey(ctx, {
          iss: ISSUER,
          sub: suspended.user.id,
          aud: suspended.portal.client.clientId,
          client_id: suspended.portal.client.clientId,
          jti: randomUUID(),
          iat: now(),
          exp: now() + 600,
        }),
        subject_token_type: ACCESS_TOKEN_TYPE,
        resource: ARTICLES,
      });
      await waitFor(
        'the portal',
        async () => (await exchange(await form(), suspended.portal)).status === 200,
      );
      await publishEvent(
        ctx,
        ContractSuspended,
        { ...suspended.portal.contract, status: 'suspended' },
        2,
      );
      const call = await waitFor('the suspension', async () => {
        const attempt = await exchange(await form(), suspended.portal);
        return attempt.status === 400 ? attempt : undefined;
      });
      expectError(call, 400, 'invalid_target');
    });
  });

  it('invalid_scope: a scope the contract does not cover', async () => {
    expectError(await exchange(await standard({ scope: 'reports:read' })), 400, 'invalid_scope');
    expectError(await exchange(await standard({ scope: 'bad"scope' })), 400, 'invalid_scope');
  });

  it('invalid_scope: a scope the target does not define (a typo), beside a good one', async () => {
    const call = await exchange(await standard({ scope: 'articles:read articles:raed' }));
    expectError(call, 400, 'invalid_scope');
    expect(call.body.error_description).toBe('unknown scope: articles:raed');
  });

  it('unauthorized_client: a client without the grant', async () => {
    const plain = await publishScenario(ctx);
    const call = await waitFor('the plain client', async () => {
      const attempt = await exchange(await standard(), plain);
      return attempt.status === 400 ? attempt : undefined;
    });
    expectError(call, 400, 'unauthorized_client');
  });

  /**
   * The attack of issue 11 item 2: a user lets a portal see only who they are, and the portal
   * exchanges that token for content scopes and the account service. Here the portal logs the
   * user in for real (authorization code, login and consent pages) and exchanges what it got.
   */
  describe("within the user's consent for the portal", () => {
    let interactive: InteractiveScenario;

    const newUser = async (): Promise<InteractiveScenario> => {
      const { state, password } = await publishUser(ctx, {
        enterpriseId: interactive.enterprise.id,
      });
      await settle(ctx, server.url);
      return { ...interactive, user: state, password };
    };

    /** Logs `who` in at the portal (consenting to whatever is asked) and returns the portal's token. */
    const signIn = async (
      who: InteractiveScenario,
      parameters: Record<string, string>,
      browser = new Browser(),
    ): Promise<string> => {
      const { code, verifier } = await obtainCode(browser, server.url, who, parameters);
      const call = await postToken(
        server.url,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        { basic: { clientId: interactive.client.clientId, secret: interactive.secret } },
      );
      expect(call.status).toBe(200);
      const token = call.body.access_token as string;
      // A portal's own token is for the portal, whatever downstream access it asked for.
      expect(decodeJwt(token).aud).toBe(interactive.client.clientId);
      return token;
    };

    const exchangeFor = async (
      subjectToken: string,
      resource: string,
      scope?: string,
    ): Promise<TokenCall> =>
      exchange(
        {
          subject_token: subjectToken,
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource,
          ...(scope === undefined ? {} : { scope }),
        },
        interactive,
      );

    beforeAll(async () => {
      interactive = await publishInteractiveScenario(ctx, server.url, {
        name: 'Acme Portal',
        grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE_GRANT],
        tokenEndpointAuthMethods: ['client_secret_basic'],
      });
      // The nearest neighbour of the articles API: another API the same enterprise has a contract for.
      const reports = buildContentApi({
        name: 'Reports',
        resourceIndicator: REPORTS,
        scopes: [{ name: 'reports:read', description: 'Read reports' }],
      });
      await publishEvent(ctx, ContentApiRegistered, reports, 1);
      await publishEvent(
        ctx,
        ContractCreated,
        buildContract({
          enterpriseId: interactive.enterprise.id,
          contentApiId: reports.id,
          resourceIndicator: REPORTS,
          scopes: ['reports:read'],
        }),
        1,
      );
      await settle(ctx, server.url);
    });

    it('invalid_target: consent to openid only, then an exchange for content scopes', async () => {
      const token = await signIn(await newUser(), { scope: 'openid' });
      expectError(await exchangeFor(token, ARTICLES, 'articles:read'), 400, 'invalid_target');
      expectError(await exchangeFor(token, ARTICLES), 400, 'invalid_target');
      expectError(await exchangeFor(token, REPORTS, 'reports:read'), 400, 'invalid_target');
    });

    it('invalid_target: consent to openid only, then an exchange for accounts:self at the account service', async () => {
      const token = await signIn(await newUser(), { scope: 'openid' });
      const accounts = server.config.ACCOUNT_SERVICE_AUDIENCE;
      expectError(await exchangeFor(token, accounts, 'accounts:self'), 400, 'invalid_target');
      expectError(await exchangeFor(token, accounts), 400, 'invalid_target');
    });

    it('consent to articles:read at the articles API: that is exchanged, nothing beside it', async () => {
      const who = await newUser();
      const token = await signIn(who, { scope: 'openid articles:read', resource: ARTICLES });

      const read = await exchangeFor(token, ARTICLES, 'articles:read');
      expect(read.status).toBe(200);
      expect(read.body.scope).toBe('articles:read');
      expect(decodeJwt(read.body.access_token as string)).toMatchObject({
        sub: who.user.id,
        aud: ARTICLES,
        act: { sub: interactive.client.clientId },
        scope: 'articles:read',
        contract_id: interactive.contract.id,
      });
      // No scope asked: what the contract allows and the user consented to (the contract has more).
      const unnamed = await exchangeFor(token, ARTICLES);
      expect(unnamed.status).toBe(200);
      expect(unnamed.body.scope).toBe('articles:read');

      // The same API with a scope the contract covers but the user was never shown.
      expectError(await exchangeFor(token, ARTICLES, 'articles:search'), 400, 'invalid_scope');
      expectError(
        await exchangeFor(token, ARTICLES, 'articles:read articles:search'),
        400,
        'invalid_scope',
      );
      // Another API of the same enterprise's contracts, and the account service.
      expectError(await exchangeFor(token, REPORTS, 'reports:read'), 400, 'invalid_target');
      expectError(await exchangeFor(token, REPORTS), 400, 'invalid_target');
      expectError(
        await exchangeFor(token, server.config.ACCOUNT_SERVICE_AUDIENCE, 'accounts:self'),
        400,
        'invalid_target',
      );

      // The stored consent is exactly what was shown: the portal itself, and articles:read there.
      const rows = await queryDatabase(
        ctx.databaseUrl,
        'SELECT resource, scopes FROM auth.consents WHERE user_id = $1 AND client_id = $2 ORDER BY resource',
        [who.user.id, interactive.client.clientId],
      );
      expect(rows).toEqual([
        { resource: '', scopes: ['openid'] },
        { resource: ARTICLES, scopes: ['articles:read'] },
      ]);
    });

    it('a new downstream API is asked for again; once allowed, it is exchanged', async () => {
      const who = await newUser();
      const browser = new Browser();
      const token = await signIn(
        who,
        { scope: 'openid articles:read', resource: ARTICLES },
        browser,
      );
      expectError(await exchangeFor(token, REPORTS), 400, 'invalid_target');
      // The same session asks for the reports API: the stored consent does not cover it.
      const silent = await browser.request(
        `${server.url}/authorize?${new URLSearchParams({
          client_id: interactive.client.clientId,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'openid reports:read',
          resource: REPORTS,
          state: 's',
          prompt: 'none',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
      );
      expect(silent.location.searchParams.get('error')).toBe('consent_required');
      const later = await signIn(who, { scope: 'openid reports:read', resource: REPORTS }, browser);
      const reports = await exchangeFor(later, REPORTS);
      expect(reports.status).toBe(200);
      expect(reports.body.scope).toBe('reports:read');
      // The first consent still holds, and still only for what it covered.
      expect((await exchangeFor(later, ARTICLES, 'articles:read')).status).toBe(200);
      expectError(await exchangeFor(later, ARTICLES, 'articles:search'), 400, 'invalid_scope');
    });

    it('the account service only when the user consented to it for this portal', async () => {
      const who = await newUser();
      const accounts = server.config.ACCOUNT_SERVICE_AUDIENCE;
      const token = await signIn(who, { scope: 'openid accounts:self', resource: accounts });
      const call = await exchangeFor(token, accounts, 'accounts:self');
      expect(call.status).toBe(200);
      expect(decodeJwt(call.body.access_token as string)).toMatchObject({
        sub: who.user.id,
        aud: accounts,
        scope: 'accounts:self',
        act: { sub: interactive.client.clientId },
      });
      // Consent to the account service is no consent to a content API.
      expectError(await exchangeFor(token, ARTICLES), 400, 'invalid_target');
    });
  });

  describe('DPoP (RFC 9449)', () => {
    const htu = `${ISSUER}/token`;

    it('the password grant binds its token to the proof key', async () => {
      const key = await newDpopKey();
      const login = await postToken(
        server.url,
        { grant_type: 'password', username: user.email, password: passwords.get(user.id)! },
        {
          basic: { clientId: portal.client.clientId, secret: portal.secret },
          headers: { dpop: await key.proof({ htm: 'POST', htu }) },
        },
      );
      expect(login.status).toBe(200);
      expect(login.body.token_type).toBe('DPoP');
      expect(decodeJwt(login.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
    });

    it('a DPoP-bound subject token is exchanged only with a proof of its key', async () => {
      const key = await newDpopKey();
      const subjectToken = await userToken({ cnf: { jkt: key.jkt } });
      const form = {
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        resource: ARTICLES,
      };
      expectError(await exchange(form), 400, 'invalid_request');
      const other = await newDpopKey();
      const withOther = await postToken(
        server.url,
        { grant_type: TOKEN_EXCHANGE_GRANT, ...form },
        {
          basic: { clientId: portal.client.clientId, secret: portal.secret },
          headers: { dpop: await other.proof({ htm: 'POST', htu }) },
        },
      );
      expectError(withOther, 400, 'invalid_request');
      const bound = await postToken(
        server.url,
        { grant_type: TOKEN_EXCHANGE_GRANT, ...form },
        {
          basic: { clientId: portal.client.clientId, secret: portal.secret },
          headers: { dpop: await key.proof({ htm: 'POST', htu }) },
        },
      );
      expect(bound.status).toBe(200);
      expect(bound.body.token_type).toBe('DPoP');
      expect(decodeJwt(bound.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
    });
  });

  it('is listed in grant_types_supported', async () => {
    const metadata = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as { grant_types_supported: string[] };
    expect(metadata.grant_types_supported).toContain(TOKEN_EXCHANGE_GRANT);
  });
});
