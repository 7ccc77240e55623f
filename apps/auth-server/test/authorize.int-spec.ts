import { ContentApiRegistered, ContractCreated, TOKEN_EXCHANGE_GRANT } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  publishEvent,
  publishUser,
  settle,
} from './support/account-events.js';
import { startAuthServer, type RunningAuthServer } from './support/auth-server.js';
import {
  authorizeUrl,
  Browser,
  type InteractiveScenario,
  obtainCode,
  publishInteractiveScenario,
  REDIRECT_URI,
  submit,
} from './support/authorization-flow.js';
import { pkce } from './support/browser.js';

const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';

describe('authorization endpoint (RFC 6749 §4.1, RFC 7636, OIDC Core §3.1.2)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  const { challenge } = pkce();
  const base = (overrides: Record<string, string> = {}): Record<string, string> => ({
    client_id: scenario.client.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('shows our own error page, never a redirect, for an unknown client_id', async () => {
    const page = await new Browser().request(
      authorizeUrl(server.url, base({ client_id: 'nobody' })),
    );
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.html).toContain('Unknown application');
    expect(page.html).toContain('<html lang="en">');
  });

  it('shows our own error page for an unregistered or missing redirect_uri', async () => {
    for (const redirect of ['https://evil.example.test/callback', `${REDIRECT_URI}/x`]) {
      const page = await new Browser().request(
        authorizeUrl(server.url, base({ redirect_uri: redirect })),
      );
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.html).toContain('Invalid redirect');
    }
  });

  it('redirects request errors to the client once the redirect URI is proven, with state and iss', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ prompt: 'none login' }, 'invalid_request'],
      [{ resource: 'not a uri' }, 'invalid_target'],
    ];
    for (const [overrides, error] of cases) {
      const page = await new Browser().request(authorizeUrl(server.url, base(overrides)));
      expect(page.status).toBe(302);
      const location = page.location;
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('st-1');
      expect(location.searchParams.get('iss')).toBe(server.config.AUTH_ISSUER);
    }
  });

  it('redirects invalid_scope for a scope no target defines (a typo), before any login', async () => {
    for (const overrides of <Array<Record<string, string>>>[
      { scope: 'openid profile emial' },
      { scope: 'openid articles:raed', resource: scenario.contract.resourceIndicator },
    ]) {
      const page = await new Browser().request(authorizeUrl(server.url, base(overrides)));
      expect(page.status).toBe(302);
      const location = page.location;
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toMatch(/^unknown scope: /);
      expect(location.searchParams.get('state')).toBe('st-1');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('requires PKCE from a public client', async () => {
    const parameters = base();
    delete parameters.code_challenge;
    delete parameters.code_challenge_method;
    const page = await new Browser().request(authorizeUrl(server.url, parameters));
    expect(page.location.searchParams.get('error')).toBe('invalid_request');
    expect(page.location.searchParams.get('error_description')).toMatch(/code_challenge/);
  });

  it('prompt=none without a session redirects login_required', async () => {
    const page = await new Browser().request(authorizeUrl(server.url, base({ prompt: 'none' })));
    expect(page.location.searchParams.get('error')).toBe('login_required');
    expect(page.location.searchParams.get('state')).toBe('st-1');
  });

  it('renders an accessible login page with security headers and a CSRF cookie', async () => {
    const browser = new Browser();
    const page = await browser.request(
      authorizeUrl(server.url, base({ login_hint: scenario.user.email })),
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="email">');
    expect(page.html).toContain('<label for="password">');
    expect(page.html).toContain('<h1>Sign in</h1>');
    expect(page.html).toContain(`value="${scenario.user.email}"`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('strict-transport-security')).toBeNull(); // http issuer
    const setCookie = page.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/charter_browser=.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('logs in, asks consent once, then reuses the SSO session and the consent', async () => {
    const browser = new Browser();
    const first = await obtainCode(browser, server.url, scenario);
    expect(first.redirect.searchParams.get('state')).toBe('xyz');
    expect(first.redirect.searchParams.get('iss')).toBe(server.config.AUTH_ISSUER);
    expect(browser.cookies.has('charter_session')).toBe(true);
    const [session] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT token_hash, user_id FROM auth.login_sessions WHERE user_id = $1',
      [scenario.user.id],
    );
    expect(session!.token_hash).not.toBe(browser.cookies.get('charter_session'));
    const [code] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT code_hash FROM auth.authorization_codes WHERE user_id = $1',
      [scenario.user.id],
    );
    expect(code!.code_hash).not.toBe(first.code);

    // Same client again: no login, no consent: straight back with a code.
    const again = await browser.request(
      authorizeUrl(server.url, base({ scope: 'openid email profile' })),
    );
    expect(again.status).toBe(302);
    expect(again.location.searchParams.get('code')).toBeTruthy();
    // prompt=none works now.
    const silent = await browser.request(
      authorizeUrl(server.url, base({ prompt: 'none', scope: 'openid' })),
    );
    expect(silent.location.searchParams.get('code')).toBeTruthy();
    // More scopes than consented with prompt=none: consent_required.
    const wider = await browser.request(
      authorizeUrl(server.url, base({ prompt: 'none', scope: 'openid offline_access' })),
    );
    expect(wider.location.searchParams.get('error')).toBe('consent_required');
  });

  it('a second client of the enterprise does not ask for the password again (SSO)', async () => {
    const browser = new Browser();
    await obtainCode(browser, server.url, scenario);
    const other = await publishInteractiveScenario(ctx, server.url);
    // The other scenario is another enterprise; make a second client of the first enterprise.
    const second = { ...other, user: scenario.user, password: scenario.password };
    const secondEnterpriseClient = await publishInteractiveScenario(ctx, server.url, {
      enterpriseId: scenario.enterprise.id,
    });
    const page = await browser.request(
      authorizeUrl(server.url, base({ client_id: secondEnterpriseClient.client.clientId })),
    );
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="password"');
    expect(page.html).toContain('value="consent"');
    // A client of another enterprise refuses this user.
    const foreign = await browser.request(
      authorizeUrl(server.url, base({ client_id: second.client.clientId })),
    );
    expect(foreign.location.searchParams.get('error')).toBe('access_denied');
  });

  it('prompt=login asks for the password again despite the session', async () => {
    const browser = new Browser();
    await obtainCode(browser, server.url, scenario);
    const page = await browser.request(authorizeUrl(server.url, base({ prompt: 'login' })));
    expect(page.html).toContain('name="password"');
    const after = await submit(browser, server.url, page, 'authorize', {
      email: scenario.user.email,
      password: scenario.password,
    });
    expect(after.location.searchParams.get('code')).toBeTruthy();
  });

  it('denying consent redirects access_denied', async () => {
    const user = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    await settle(ctx, server.url);
    const browser = new Browser();
    const login = await browser.request(authorizeUrl(server.url, base()));
    const consent = await submit(browser, server.url, login, 'authorize', {
      email: user.state.email,
      password: user.password,
    });
    expect(consent.html).toContain('Confirm who you are');
    const denied = await submit(browser, server.url, consent, 'authorize', { decision: 'deny' });
    expect(denied.location.searchParams.get('error')).toBe('access_denied');
  });

  it('a wrong password gets one generic message; an unknown email the same', async () => {
    const browser = new Browser();
    const login = await browser.request(authorizeUrl(server.url, base()));
    const wrong = await submit(browser, server.url, login, 'authorize', {
      email: scenario.user.email,
      password: 'not the password',
    });
    const unknown = await submit(browser, server.url, login, 'authorize', {
      email: 'nobody@example.test',
      password: 'whatever',
    });
    for (const page of [wrong, unknown]) {
      expect(page.status).toBe(401);
      expect(page.html).toContain('The email or password is wrong.');
      expect(page.html).toContain('role="alert"');
    }
    expect(browser.cookies.has('charter_session')).toBe(false);
  });

  it('refuses a login form without the CSRF token (403) and logs nobody in', async () => {
    const browser = new Browser();
    const login = await browser.request(authorizeUrl(server.url, base()));
    const fields = login.hiddenFields();
    delete fields.csrf_token;
    const page = await browser.request(`${server.url}/authorize`, {
      form: { ...fields, email: scenario.user.email, password: scenario.password },
    });
    expect(page.status).toBe(403);
    expect(browser.cookies.has('charter_session')).toBe(false);
    // A token that is not the cookie's is refused as well.
    const forged = await browser.request(`${server.url}/authorize`, {
      form: {
        ...fields,
        csrf_token: 'x'.repeat(43),
        email: scenario.user.email,
        password: scenario.password,
      },
    });
    expect(forged.status).toBe(403);
  });

  it('locks the account after repeated failures, even for the right password, in Postgres', async () => {
    const user = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    await settle(ctx, server.url);
    const browser = new Browser();
    const login = await browser.request(authorizeUrl(server.url, base()));
    for (let attempt = 0; attempt < server.config.LOGIN_MAX_FAILURES; attempt += 1) {
      const page = await submit(browser, server.url, login, 'authorize', {
        email: user.state.email,
        password: 'wrong',
      });
      expect(page.status).toBe(401);
    }
    const locked = await submit(browser, server.url, login, 'authorize', {
      email: user.state.email,
      password: user.password,
    });
    expect(locked.status).toBe(429);
    expect(locked.html).toContain('Too many failed sign-in attempts');
    const [row] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT failures, locked_until FROM auth.login_throttles WHERE key = $1',
      [`account:${user.state.email}`],
    );
    expect(row!.failures).toBe(server.config.LOGIN_MAX_FAILURES);
    expect(row!.locked_until).toBeInstanceOf(Date);
  });

  describe('a portal asking for downstream access (RFC 8707 resource, RFC 8693 exchange)', () => {
    let portal: InteractiveScenario;
    const ask = (overrides: Record<string, string>): Record<string, string> =>
      base({ client_id: portal.client.clientId, ...overrides });

    beforeAll(async () => {
      portal = await publishInteractiveScenario(ctx, server.url, {
        name: 'Acme Portal',
        grantTypes: ['authorization_code', TOKEN_EXCHANGE_GRANT],
        tokenEndpointAuthMethods: ['client_secret_basic'],
      });
      // A second API the portal's enterprise has a contract for.
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
          enterpriseId: portal.enterprise.id,
          contentApiId: reports.id,
          resourceIndicator: REPORTS,
          scopes: ['reports:read'],
        }),
        1,
      );
      await settle(ctx, server.url);
    });

    /** Logs the portal's user in with a fresh browser and returns the page that follows. */
    const signIn = async (parameters: Record<string, string>, browser = new Browser()) => {
      const login = await browser.request(authorizeUrl(server.url, ask(parameters)));
      return submit(browser, server.url, login, 'authorize', {
        email: portal.user.email,
        password: portal.password,
      });
    };

    it("shows each API by its name and each scope in words, as access on the user's behalf", async () => {
      const consent = await signIn({
        scope: 'openid articles:read',
        resource: portal.contract.resourceIndicator,
      });
      expect(consent.status).toBe(200);
      expect(consent.html).toContain('value="consent"');
      expect(consent.html).toContain(
        '<strong>Acme Portal</strong> may access <strong>Articles</strong> on your behalf:',
      );
      expect(consent.html).toContain('Read articles');
      // Only what is asked: the contract's other scope is not on the page.
      expect(consent.html).not.toContain('Search articles');
      expect(consent.html).toContain('Confirm who you are');
    });

    it('shows the account service by name when a portal asks for accounts:self', async () => {
      const consent = await signIn({
        scope: 'openid accounts:self',
        resource: server.config.ACCOUNT_SERVICE_AUDIENCE,
      });
      expect(consent.html).toContain(
        '<strong>Acme Portal</strong> may access <strong>your enterprise account (Charter account service)</strong> on your behalf:',
      );
      expect(consent.html).toContain('Manage your enterprise account as your role allows');
    });

    it('stores exactly what was shown; a downstream access not covered asks again', async () => {
      const user = await publishUser(ctx, { enterpriseId: portal.enterprise.id });
      await settle(ctx, server.url);
      const browser = new Browser();
      const login = await browser.request(authorizeUrl(server.url, ask({ scope: 'openid' })));
      const consent = await submit(browser, server.url, login, 'authorize', {
        email: user.state.email,
        password: user.password,
      });
      expect(consent.html).not.toContain('on your behalf');
      const allowed = await submit(browser, server.url, consent, 'authorize', {
        decision: 'allow',
      });
      expect(allowed.location.searchParams.get('code')).toBeTruthy();
      const stored = () =>
        queryDatabase(
          ctx.databaseUrl,
          'SELECT resource, scopes FROM auth.consents WHERE user_id = $1 ORDER BY resource',
          [user.state.id],
        );
      expect(await stored()).toEqual([{ resource: '', scopes: ['openid'] }]);

      // The same portal now asks for the articles API: the stored consent does not cover it.
      const articles = ask({
        scope: 'openid articles:read',
        resource: portal.contract.resourceIndicator,
      });
      const silent = await browser.request(
        authorizeUrl(server.url, { ...articles, prompt: 'none' }),
      );
      expect(silent.location.searchParams.get('error')).toBe('consent_required');
      const again = await browser.request(authorizeUrl(server.url, articles));
      expect(again.html).toContain('may access <strong>Articles</strong> on your behalf:');
      await submit(browser, server.url, again, 'authorize', { decision: 'allow' });
      expect(await stored()).toEqual([
        { resource: '', scopes: ['openid'] },
        { resource: portal.contract.resourceIndicator, scopes: ['articles:read'] },
      ]);
      // Covered now: straight back with a code; a scope beyond it asks again.
      const covered = await browser.request(authorizeUrl(server.url, articles));
      expect(covered.location.searchParams.get('code')).toBeTruthy();
      const wider = await browser.request(
        authorizeUrl(server.url, {
          ...articles,
          scope: 'openid articles:read articles:search',
          prompt: 'none',
        }),
      );
      expect(wider.location.searchParams.get('error')).toBe('consent_required');
    });

    it('several APIs in one request (repeated resource): one section and one consent row each', async () => {
      const user = await publishUser(ctx, { enterpriseId: portal.enterprise.id });
      await settle(ctx, server.url);
      const browser = new Browser();
      const login = await browser.request(authorizeUrl(server.url, ask({ scope: 'openid' })));
      await submit(browser, server.url, login, 'authorize', {
        email: user.state.email,
        password: user.password,
      });
      const query = new URLSearchParams(
        ask({ scope: 'openid articles:read reports:read', resource: ARTICLES }),
      );
      query.append('resource', REPORTS);
      const consent = await browser.request(`${server.url}/authorize?${query.toString()}`);
      expect(consent.html).toContain('may access <strong>Articles</strong> on your behalf:');
      expect(consent.html).toContain('may access <strong>Reports</strong> on your behalf:');
      // The form carries every resource value, as a browser posts them.
      const fields = [
        ...consent.html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g),
      ].map((match): [string, string] => [
        match[1] as string,
        (match[2] as string).replaceAll('&amp;', '&'),
      ]);
      expect(fields.filter(([name]) => name === 'resource')).toHaveLength(2);
      const allowed = await fetch(`${server.url}/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
        body: new URLSearchParams([...fields, ['decision', 'allow']]).toString(),
      });
      expect(new URL(allowed.headers.get('location')!).searchParams.get('code')).toBeTruthy();
      expect(
        await queryDatabase(
          ctx.databaseUrl,
          'SELECT resource, scopes FROM auth.consents WHERE user_id = $1 ORDER BY resource',
          [user.state.id],
        ),
      ).toEqual([
        { resource: '', scopes: ['openid'] },
        { resource: ARTICLES, scopes: ['articles:read'] },
        { resource: REPORTS, scopes: ['reports:read'] },
      ]);
    });

    it('a client without token exchange still names one resource (invalid_target for two)', async () => {
      const query = new URLSearchParams(base({ resource: ARTICLES }));
      query.append('resource', REPORTS);
      const page = await new Browser().request(`${server.url}/authorize?${query.toString()}`);
      expect(page.location.searchParams.get('error')).toBe('invalid_target');
    });

    it('refuses downstream access the enterprise has no contract for (invalid_target), before any consent', async () => {
      const page = await signIn({ scope: 'openid', resource: 'https://prices.example.test' });
      expect(page.location.searchParams.get('error')).toBe('invalid_target');
    });
  });

  it('a POST that is not a form is our 400 page', async () => {
    const response = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
