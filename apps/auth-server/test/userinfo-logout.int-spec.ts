import { UserDisabled } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent, settle } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
} from './support/auth-server.js';
import {
  authorizeUrl,
  Browser,
  type InteractiveScenario,
  obtainCode,
  POST_LOGOUT_URI,
  publishInteractiveScenario,
  REDIRECT_URI,
  submit,
} from './support/authorization-flow.js';
import { pkce } from './support/browser.js';
import { signWithServerKey } from './support/own-key.js';

describe('userinfo (OIDC Core §5.3) and RP-initiated logout', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  const tokens = async (browser = new Browser(), scope = 'openid email profile') => {
    const { code, verifier } = await obtainCode(browser, server.url, scenario, { scope });
    const response = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    return response.body as { access_token: string; id_token?: string };
  };
  const userinfo = (authorization?: string, method = 'GET') =>
    fetch(`${server.url}/userinfo`, { method, headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('answers the claims the scopes release, on GET and POST', async () => {
    const { access_token } = await tokens();
    for (const method of ['GET', 'POST']) {
      const response = await userinfo(`Bearer ${access_token}`, method);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        sub: scenario.user.id,
        email: scenario.user.email,
        email_verified: true,
        name: scenario.user.name,
      });
    }
    const form = await postForm(`${server.url}/userinfo`, { access_token });
    expect(form.body).toMatchObject({ sub: scenario.user.id });
    const onlyOpenid = await tokens(new Browser(), 'openid');
    expect(await (await userinfo(`Bearer ${onlyOpenid.access_token}`)).json()).toEqual({
      sub: scenario.user.id,
    });
  });

  it('RFC 6750 errors: no token, malformed header, bad token, no openid scope, disabled user', async () => {
    const none = await userinfo();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const malformed = await userinfo('Basic abc');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('www-authenticate')).toContain('error="invalid_request"');
    const bad = await userinfo('Bearer not.a.token');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    // A client_credentials token has no openid scope.
    const machine = await postToken(
      server.url,
      { grant_type: 'client_credentials' },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
    if (machine.status === 200) {
      const insufficient = await userinfo(`Bearer ${machine.body.access_token as string}`);
      expect(insufficient.status).toBe(403);
    }
    const { access_token } = await tokens(new Browser(), 'email');
    const noOpenid = await userinfo(`Bearer ${access_token}`);
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.headers.get('www-authenticate')).toContain('error="insufficient_scope"');

    const other = await publishInteractiveScenario(ctx, server.url);
    const saved = scenario;
    scenario = other;
    const live = await tokens();
    scenario = saved;
    await publishEvent(ctx, UserDisabled, { ...other.user, status: 'disabled' }, 2);
    await settle(ctx, server.url);
    expect((await userinfo(`Bearer ${live.access_token}`)).status).toBe(401);
  });

  it('logout asks for confirmation, ends the SSO session and returns to the registered URI with state', async () => {
    const browser = new Browser();
    const { id_token } = await tokens(browser);
    const query = new URLSearchParams({
      id_token_hint: id_token as string,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye-1',
    });
    const confirm = await browser.request(`${server.url}/logout?${query.toString()}`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('<h1>Sign out</h1>');
    expect(confirm.headers.get('x-frame-options')).toBe('DENY');
    const done = await submit(browser, server.url, confirm, 'logout', { decision: 'logout' });
    expect(done.status).toBe(302);
    expect(done.location.toString()).toBe(`${POST_LOGOUT_URI}?state=bye-1`);
    expect(browser.cookies.has('charter_session')).toBe(false);
    const [session] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT ended_at FROM auth.login_sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [scenario.user.id],
    );
    expect(session!.ended_at).toBeInstanceOf(Date);
    // The session is over: prompt=none now answers login_required.
    const { challenge } = pkce();
    const silent = await browser.request(
      authorizeUrl(server.url, {
        client_id: scenario.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(silent.location.searchParams.get('error')).toBe('login_required');
  });

  it('refuses an unregistered post_logout_redirect_uri, a forged hint and a missing CSRF token', async () => {
    const browser = new Browser();
    const { id_token } = await tokens(browser);
    const unregistered = await browser.request(
      `${server.url}/logout?${new URLSearchParams({ id_token_hint: id_token as string, post_logout_redirect_uri: 'https://evil.example.test/' }).toString()}`,
    );
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get('location')).toBeNull();
    const withoutClient = await browser.request(
      `${server.url}/logout?${new URLSearchParams({ post_logout_redirect_uri: POST_LOGOUT_URI }).toString()}`,
    );
    expect(withoutClient.status).toBe(400);
    const forged = await browser.request(
      `${server.url}/logout?id_token_hint=eyJhbGciOiJub25lIn0.e30.`,
    );
    expect(forged.status).toBe(400);
    const confirm = await browser.request(`${server.url}/logout`);
    const fields = confirm.hiddenFields();
    delete fields.csrf_token;
    const refused = await browser.request(`${server.url}/logout`, { form: fields });
    expect(refused.status).toBe(403);
    expect(browser.cookies.has('charter_session')).toBe(true);
    // Without a post-logout URI: our "signed out" page.
    const done = await submit(browser, server.url, confirm, 'logout', {});
    expect(done.status).toBe(200);
    expect(done.html).toContain('You are signed out.');
  });

  // RP-Initiated Logout 1.0 §3: the URI must have been registered, compared by simple string
  // comparison (RFC 3986 §6.2.1), as redirect_uri is (RFC 9700 §2.1, §4.1.3). Neighbours of the
  // registered URI on the same host: a longer path, a prefix match, a query or a fragment added.
  it.each([
    ['a longer path', `${POST_LOGOUT_URI}/more`],
    ['a path that only starts with it', `${POST_LOGOUT_URI}-elsewhere`],
    ['a query added', `${POST_LOGOUT_URI}?next=https%3A%2F%2Fevil.example.test%2F`],
    ['an empty query added', `${POST_LOGOUT_URI}?`],
    ['a fragment added', `${POST_LOGOUT_URI}#x`],
    ['a trailing slash', `${POST_LOGOUT_URI}/`],
  ])(
    'refuses a post_logout_redirect_uri that extends the registered one: %s',
    async (_case, extended) => {
      const browser = new Browser();
      const { id_token } = await tokens(browser);
      const query = (uri: string) =>
        new URLSearchParams({
          id_token_hint: id_token as string,
          post_logout_redirect_uri: uri,
          state: 'bye-3',
        }).toString();
      // The registered URI with the same hint is accepted (the confirmation page).
      expect((await browser.request(`${server.url}/logout?${query(POST_LOGOUT_URI)}`)).status).toBe(
        200,
      );
      const shown = await browser.request(`${server.url}/logout?${query(extended)}`);
      expect(shown.status).toBe(400);
      expect(shown.html).toContain(
        'The post-logout redirect URI is not registered for this application.',
      );
      expect(shown.headers.get('location')).toBeNull();
      // Nor through the confirmation form itself (a forged form with our token): no redirect,
      // and the session goes on.
      const confirm = await browser.request(`${server.url}/logout?${query(POST_LOGOUT_URI)}`);
      const posted = await submit(browser, server.url, confirm, 'logout', {
        post_logout_redirect_uri: extended,
      });
      expect(posted.status).toBe(400);
      expect(posted.headers.get('location')).toBeNull();
      expect(browser.cookies.has('charter_session')).toBe(true);
    },
  );

  // A registered URI may carry a query (RFC 6749 §3.1.2, kept when redirecting). Simple string
  // comparison still decides: another value, another order, one more parameter, another case, or
  // the URI without its query are other URIs.
  it('compares a registered post_logout_redirect_uri with a query as a string, and keeps its query', async () => {
    const registered = 'https://portal.example.test/signed-out?tenant=acme';
    const own = await publishInteractiveScenario(ctx, server.url, {
      postLogoutRedirectUris: [registered],
    });
    const browser = new Browser();
    const { code, verifier } = await obtainCode(browser, server.url, own);
    const { id_token } = (
      await postToken(server.url, {
        grant_type: 'authorization_code',
        client_id: own.client.clientId,
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      })
    ).body as { id_token: string };
    const logout = (uri: string) =>
      browser.request(
        `${server.url}/logout?${new URLSearchParams({
          id_token_hint: id_token,
          post_logout_redirect_uri: uri,
          state: 'bye-4',
        }).toString()}`,
      );
    for (const variation of [
      'https://portal.example.test/signed-out?tenant=evil',
      'https://portal.example.test/signed-out?tenant=acme&next=https%3A%2F%2Fevil.example.test%2F',
      'https://portal.example.test/signed-out?next=x&tenant=acme',
      'https://portal.example.test/signed-out?TENANT=acme',
      'https://portal.example.test/signed-out',
    ]) {
      const refused = await logout(variation);
      expect({ variation, status: refused.status }).toEqual({ variation, status: 400 });
      expect(refused.headers.get('location')).toBeNull();
    }
    const confirm = await logout(registered);
    expect(confirm.status).toBe(200);
    const done = await submit(browser, server.url, confirm, 'logout', {});
    expect(done.status).toBe(302);
    expect(done.location.toString()).toBe(`${registered}&state=bye-4`);
  });

  describe('id_token_hint must be an ID token of this issuer, never an access token', () => {
    const logoutWithHint = (browser: Browser, hint: string) =>
      browser.request(
        `${server.url}/logout?${new URLSearchParams({
          id_token_hint: hint,
          post_logout_redirect_uri: POST_LOGOUT_URI,
          state: 'bye-2',
        }).toString()}`,
      );

    it('accepts the ID token issued with the login', async () => {
      const browser = new Browser();
      const { id_token } = await tokens(browser);
      expect((await logoutWithHint(browser, id_token as string)).status).toBe(200);
    });

    it('refuses the access token of the same login, whose aud is that client (typ at+jwt)', async () => {
      const browser = new Browser();
      const { access_token } = await tokens(browser);
      // The nearest neighbour of an ID token: our signature, our iss, aud = the client.
      expect(decodeProtectedHeader(access_token).typ).toBe('at+jwt');
      expect(decodeJwt(access_token).aud).toBe(scenario.client.clientId);
      const page = await logoutWithHint(browser, access_token);
      expect(page.status).toBe(400);
      expect(page.html).toContain('The id_token_hint was not issued by this server.');
      expect(page.headers.get('location')).toBeNull();
      expect(browser.cookies.has('charter_session')).toBe(true);
    });

    it('refuses a token typed JWT that carries access-token claims (client_id, scope)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const retyped = await signWithServerKey(
        ctx,
        {
          iss: server.config.AUTH_ISSUER,
          sub: scenario.user.id,
          aud: scenario.client.clientId,
          client_id: scenario.client.clientId,
          scope: 'openid',
          jti: 'retyped-1',
          iat: now,
          exp: now + 60,
        },
        { typ: 'JWT' },
      );
      expect((await logoutWithHint(new Browser(), retyped)).status).toBe(400);
    });
  });
});
