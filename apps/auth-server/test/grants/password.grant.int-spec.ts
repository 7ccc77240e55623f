import {
  type SystemAccountState,
  UserDeleted,
  UserDisabled,
  type UserState,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publishEvent,
  publishScenario,
  publishUser,
  type Scenario,
  settle,
} from '../support/account-events.js';
import {
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from '../support/auth-server.js';
import { authorizeUrl, Browser, REDIRECT_URI, submit } from '../support/authorization-flow.js';
import { pkce } from '../support/browser.js';

const ISSUER = 'http://auth.example.test';
const ARTICLES = 'https://articles.example.test';
const ACCOUNTS = 'http://accounts.example.test';
const WRONG = 'the username or password is wrong';

/** RFC 6749 §4.3 resource owner password credentials, for legacy enterprise portals. */
describe('password grant (RFC 6749 §4.3)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let portal: Scenario;
  let user: { state: UserState; password: string };

  const login = (
    form: Record<string, string | string[]>,
    scenario: Pick<Scenario, 'client' | 'secret'> = portal,
    url = server.url,
  ): Promise<TokenCall> =>
    postToken(
      url,
      { grant_type: 'password', ...form },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
  const as = (who: { state: UserState; password: string }, extra: Record<string, string> = {}) => ({
    username: who.state.email,
    password: who.password,
    ...extra,
  });

  const expectError = (
    call: TokenCall,
    status: number,
    error: string,
    description?: string,
  ): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(call.headers.get('cache-control')).toBe('no-store');
    if (description !== undefined) {
      expect(call.body.error_description).toBe(description);
    }
    expect(call.body).not.toHaveProperty('access_token');
  };

  /** A portal allowed the password grant, and one active user of its enterprise. */
  const publishPortal = async (
    client: Partial<SystemAccountState> = {},
  ): Promise<{
    portal: Scenario;
    user: { state: UserState; password: string };
  }> => {
    const scenario = await publishScenario(ctx, {
      client: { grantTypes: ['client_credentials', 'password'], ...client },
    });
    const published = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    await waitFor(
      'the portal and its user',
      async () => (await login(as(published), scenario)).status === 200,
    );
    return { portal: scenario, user: published };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, {
      AUTH_ISSUER: ISSUER,
      TOKEN_ACCESS_TTL: '900',
      ACCOUNT_SERVICE_AUDIENCE: ACCOUNTS,
    });
    ({ portal, user } = await publishPortal());
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('without resource: a token for the portal itself, identity scopes only, no refresh token', async () => {
    const call = await login(as(user, { scope: 'openid profile offline_access articles:read' }));
    expect(call.status).toBe(200);
    expect(call.headers.get('cache-control')).toBe('no-store');
    // offline_access is not granted: this grant gives no refresh token.
    expect(call.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'openid profile',
    });
    const { payload } = await jwtVerify(
      call.body.access_token as string,
      createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)),
      { issuer: ISSUER, audience: portal.client.clientId, typ: 'at+jwt' },
    );
    expect(payload).toEqual({
      iss: ISSUER,
      sub: user.state.id,
      aud: portal.client.clientId,
      client_id: portal.client.clientId,
      scope: 'openid profile',
      enterprise_id: portal.enterprise.id,
      // The portal's secret that authenticated the request.
      credential_id: portal.client.secrets[0]?.id,
      jti: expect.any(String),
      iat: expect.any(Number),
      exp: (payload.iat as number) + 900,
    });
  });

  it('for a content API: the contract scopes and claims; the username is case-insensitive', async () => {
    const call = await login(
      as(user, {
        username: user.state.email.toUpperCase(),
        resource: ARTICLES,
        scope: 'articles:read',
      }),
    );
    expect(call.status).toBe(200);
    expect(call.body.scope).toBe('articles:read');
    const { payload } = await jwtVerify(
      call.body.access_token as string,
      createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)),
      { issuer: ISSUER, audience: ARTICLES, typ: 'at+jwt' },
    );
    expect(payload).toMatchObject({
      sub: user.state.id,
      client_id: portal.client.clientId,
      enterprise_id: portal.enterprise.id,
      contract_id: portal.contract.id,
    });
  });

  it('for the account service: accounts:self only', async () => {
    const call = await login(as(user, { resource: ACCOUNTS }));
    expect(call.status).toBe(200);
    expect(call.body.scope).toBe('accounts:self');
  });

  describe('invalid_request', () => {
    it.each([
      ['no username', { password: 'x' }],
      ['no password', { username: 'someone@example.test' }],
    ])('%s', async (_case, form) => {
      expectError(await login(form), 400, 'invalid_request');
    });
  });

  describe('invalid_grant, one description for every reason (no enumeration)', () => {
    it('a wrong password, and an unknown user', async () => {
      const { user: fresh } = await publishPortal();
      expectError(await login({ ...as(fresh), password: 'wrong' }), 400, 'invalid_grant', WRONG);
      expectError(
        await login({ username: 'nobody@example.test', password: fresh.password }),
        400,
        'invalid_grant',
        WRONG,
      );
    });

    it('a user of another enterprise, with the right password', async () => {
      const other = await publishPortal();
      expectError(await login(as(other.user)), 400, 'invalid_grant', WRONG);
    });

    it('an invited user without a password', async () => {
      const invited = await publishUser(ctx, {
        enterpriseId: portal.enterprise.id,
        status: 'invited',
        passwordHash: null,
      });
      expectError(await login(as(invited)), 400, 'invalid_grant', WRONG);
    });

    it.each([
      ['disabled', UserDisabled, { status: 'disabled' as const }],
      ['deleted', UserDeleted, { deletedAt: new Date().toISOString() }],
    ])('a %s user, with the right password', async (_case, event, change) => {
      const { portal: own, user: target } = await publishPortal();
      await publishEvent(
        ctx,
        event,
        { ...target.state, ...change, updatedAt: new Date().toISOString() },
        2,
      );
      const call = await waitFor('the change to be projected', async () => {
        const attempt = await login(as(target), own);
        return attempt.status === 400 ? attempt : undefined;
      });
      expectError(call, 400, 'invalid_grant', WRONG);
    });

    it('a platform client (no enterprise) allowed the grant', async () => {
      const platform = await publishScenario(ctx, {
        client: {
          enterpriseId: null,
          grantTypes: ['password'],
          platformAccess: { audience: 'https://platform.example.test', scopes: ['platform:read'] },
        },
      });
      const call = await waitFor('the platform client', async () => {
        const attempt = await login(as(user), platform);
        return attempt.status === 400 ? attempt : undefined;
      });
      expectError(call, 400, 'invalid_grant', WRONG);
    });
  });

  // The grant is for an enterprise's own portal and that enterprise's users. A platform client
  // (no enterprise) serves any user elsewhere (userMayUseClient), so an individual user (no
  // enterprise either) is the neighbour that only the grant's own "client has an enterprise"
  // check keeps out: the enterprise comparison alone would pass (null === null).
  describe('a platform client (no enterprise), even one allowed the grant', () => {
    it('gets no token for an individual user with the right password', async () => {
      const platform = await publishScenario(ctx, {
        client: {
          enterpriseId: null,
          grantTypes: ['client_credentials', 'password'],
          platformAccess: { audience: ARTICLES, scopes: ['articles:read'] },
        },
      });
      const individual = await publishUser(ctx, { kind: 'individual', enterpriseId: null });
      await settle(ctx, server.url);
      // The client is projected and authenticates: its own grant works.
      const own = await postToken(
        server.url,
        { grant_type: 'client_credentials', resource: ARTICLES },
        { basic: { clientId: platform.client.clientId, secret: platform.secret } },
      );
      expect(own.status).toBe(200);
      for (const form of [as(individual), as(individual, { resource: ARTICLES })]) {
        expectError(await login(form, platform), 400, 'invalid_grant', WRONG);
      }
    });
  });

  describe('lock-out (RFC 6749 §4.3.2 brute force protection)', () => {
    it('five failures lock the username on every instance, even for the right password', async () => {
      const { portal: own, user: target } = await publishPortal();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expectError(
          await login({ ...as(target), password: `wrong-${attempt}` }, own),
          400,
          'invalid_grant',
          WRONG,
        );
      }
      const locked = 'too many failed attempts; try again later';
      expectError(await login(as(target), own), 400, 'invalid_grant', locked);
      const other = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
      try {
        expectError(await login(as(target), own, other.url), 400, 'invalid_grant', locked);
      } finally {
        await other.close();
      }
      // Once the lock has passed (moved into the past here), the right password works again.
      await queryDatabase(
        ctx.databaseUrl,
        `UPDATE auth.login_throttles SET locked_until = now() - interval '1 second',
                last_failure_at = now() - interval '1 hour' WHERE key = $1`,
        [`account:${target.state.email}`],
      );
      expect((await login(as(target), own)).status).toBe(200);
    });

    it('an unknown username locks exactly like a known one', async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expectError(
          await login({ username: 'ghost@example.test', password: 'x' }),
          400,
          'invalid_grant',
          WRONG,
        );
      }
      expectError(
        await login({ username: 'ghost@example.test', password: 'x' }),
        400,
        'invalid_grant',
        'too many failed attempts; try again later',
      );
    });

    it('one count per account with the login page: failures on either path lock both', async () => {
      const { portal: own, user: viaPage } = await publishPortal({
        grantTypes: ['password', 'authorization_code'],
        redirectUris: [REDIRECT_URI],
      });
      const viaBoth = await publishUser(ctx, { enterpriseId: own.enterprise.id });
      await waitFor('the second user', async () => (await login(as(viaBoth), own)).status === 200);
      const browser = new Browser();
      const form = await browser.request(
        authorizeUrl(server.url, {
          client_id: own.client.clientId,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'openid',
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
        }),
      );
      expect(form.status).toBe(200);
      const atPage = (who: { state: UserState }, password: string) =>
        submit(browser, server.url, form, 'authorize', { email: who.state.email, password });
      const locked = 'too many failed attempts; try again later';
      const max = server.config.LOGIN_MAX_FAILURES;

      // Every failure at the login page: the password grant refuses even the right password.
      for (let attempt = 0; attempt < max; attempt += 1) {
        expect((await atPage(viaPage, 'wrong')).status).toBe(401);
      }
      expectError(await login(as(viaPage), own), 400, 'invalid_grant', locked);

      // Failures split between the two paths add up to one lock, seen by both.
      for (let attempt = 0; attempt < max - 1; attempt += 1) {
        expectError(
          await login({ ...as(viaBoth), password: 'wrong' }, own),
          400,
          'invalid_grant',
          WRONG,
        );
      }
      expect((await atPage(viaBoth, 'wrong')).status).toBe(401);
      expectError(await login(as(viaBoth), own), 400, 'invalid_grant', locked);
      const page = await atPage(viaBoth, viaBoth.password);
      expect(page.status).toBe(429);
      expect(page.html).toContain('Too many failed sign-in attempts');
      expect(browser.cookies.has('charter_session')).toBe(false);
    });

    it('a success clears the failures', async () => {
      const { portal: own, user: target } = await publishPortal();
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await login({ ...as(target), password: 'wrong' }, own);
      }
      expect((await login(as(target), own)).status).toBe(200);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await login({ ...as(target), password: 'wrong' }, own);
      }
      expect((await login(as(target), own)).status).toBe(200);
    });
  });

  it('invalid_target: a resource the enterprise has no contract for', async () => {
    expectError(
      await login(as(user, { resource: 'https://reports.example.test' })),
      400,
      'invalid_target',
    );
  });

  it('invalid_scope: a scope the contract does not cover, and a malformed one', async () => {
    expectError(
      await login(as(user, { resource: ARTICLES, scope: 'reports:read' })),
      400,
      'invalid_scope',
    );
    expectError(await login(as(user, { scope: 'bad"scope' })), 400, 'invalid_scope');
  });

  it('invalid_scope: a scope the resource does not define (a typo), beside a good one', async () => {
    for (const form of <Array<Record<string, string>>>[
      { resource: ARTICLES, scope: 'openid articles:read articles:raed' },
      { scope: 'openid profle' },
    ]) {
      const call = await login(as(user, form));
      expectError(call, 400, 'invalid_scope');
      expect(call.body.error_description).toMatch(/^unknown scope: /);
    }
  });

  it('unauthorized_client: a client without the password grant (off by default)', async () => {
    const plain = await publishScenario(ctx);
    const call = await waitFor('the plain client', async () => {
      const attempt = await login(as(user), plain);
      return attempt.status === 400 ? attempt : undefined;
    });
    expectError(call, 400, 'unauthorized_client');
  });
});
