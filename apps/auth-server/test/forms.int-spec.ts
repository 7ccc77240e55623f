import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishUser, settle } from './support/account-events.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';
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
import { type Page, pkce } from './support/browser.js';

/**
 * The login, consent and logout forms can be submitted only from the user's own browser:
 * a CSRF token bound to the browser's pre-login session (cookie `charter_browser`), and the
 * Origin / Sec-Fetch-Site headers as a second line. A refused post is a 403 page that sets
 * no cookie and changes nothing.
 */
describe('form protection (login CSRF, consent and logout forgery)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  /** The attacker's own account, in the same enterprise as the victim's client. */
  let attacker: { email: string; password: string; id: string };
  const { challenge } = pkce();

  const authorizeParameters = (overrides: Record<string, string> = {}): Record<string, string> => ({
    client_id: scenario.client.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: 'st-forms',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });

  const sessionsOf = async (userId: string): Promise<number> =>
    (
      await queryDatabase(
        ctx.databaseUrl,
        'SELECT id FROM auth.login_sessions WHERE user_id = $1',
        [userId],
      )
    ).length;

  const expectRefused = (page: Page): void => {
    expect(page.status).toBe(403);
    expect(page.html).toContain('The form has expired or was not sent from this site.');
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.getSetCookie()).toEqual([]);
  };

  /** A browser that has been shown the login page: it holds the pre-login session cookie. */
  const atLoginPage = async (): Promise<{ browser: Browser; login: Page }> => {
    const browser = new Browser();
    const login = await browser.request(authorizeUrl(server.url, authorizeParameters()));
    expect(login.html).toContain('name="password"');
    return { browser, login };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url);
    const published = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    await settle(ctx, server.url);
    attacker = {
      email: published.state.email,
      password: published.password,
      id: published.state.id,
    };
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  describe('login', () => {
    it('refuses the session-swap post from another site: no cookie, empty csrf_token, the attacker credentials', async () => {
      // What the attacker's page makes the victim's browser send: SameSite=Lax keeps every
      // cookie of ours off a cross-site POST, and the attacker cannot know a token, so sends it empty.
      const victim = new Browser();
      const page = await victim.request(`${server.url}/authorize`, {
        form: {
          ...authorizeParameters(),
          action: 'login',
          csrf_token: '',
          email: attacker.email,
          password: attacker.password,
        },
      });
      expectRefused(page);
      expect(victim.cookies.has('charter_session')).toBe(false);
      expect(await sessionsOf(attacker.id)).toBe(0);
    });

    it('refuses a login post without any csrf_token and without a cookie', async () => {
      const page = await new Browser().request(`${server.url}/authorize`, {
        form: {
          ...authorizeParameters(),
          action: 'login',
          email: attacker.email,
          password: attacker.password,
        },
      });
      expectRefused(page);
      expect(await sessionsOf(attacker.id)).toBe(0);
    });

    it('refuses a csrf_token that only repeats a cookie the attacker chose (the old double submit)', async () => {
      const chosen = 'A'.repeat(43);
      const browser = new Browser();
      browser.cookies.set('charter_csrf', chosen);
      browser.cookies.set('charter_browser', chosen);
      const page = await browser.request(`${server.url}/authorize`, {
        form: {
          ...authorizeParameters(),
          action: 'login',
          csrf_token: chosen,
          email: attacker.email,
          password: attacker.password,
        },
      });
      expectRefused(page);
      expect(await sessionsOf(attacker.id)).toBe(0);
    });

    it("refuses the token of another browser's session (the nearest neighbour of a good one)", async () => {
      const mine = await atLoginPage();
      const theirs = await atLoginPage();
      const page = await mine.browser.request(`${server.url}/authorize`, {
        form: {
          ...mine.login.hiddenFields(),
          csrf_token: theirs.login.hiddenFields().csrf_token as string,
          email: attacker.email,
          password: attacker.password,
        },
      });
      expectRefused(page);
      expect(await sessionsOf(attacker.id)).toBe(0);
    });

    it.each([
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling host)', { 'sec-fetch-site': 'same-site' }],
      ['an Origin of another site', { origin: 'https://attacker.example.test' }],
    ])('refuses %s even with a good token and cookie', async (_case, headers) => {
      const { browser, login } = await atLoginPage();
      const page = await browser.request(`${server.url}/authorize`, {
        form: { ...login.hiddenFields(), email: attacker.email, password: attacker.password },
        headers,
      });
      expectRefused(page);
      expect(browser.cookies.has('charter_session')).toBe(false);
      expect(await sessionsOf(attacker.id)).toBe(0);
      // Nothing was counted against the account either: the post was refused before the password.
      const throttles = await queryDatabase(
        ctx.databaseUrl,
        'SELECT failures FROM auth.login_throttles WHERE key = $1',
        [`account:${attacker.email}`],
      );
      expect(throttles).toEqual([]);
    });

    it.each([
      ['Sec-Fetch-Site: same-origin', () => ({ 'sec-fetch-site': 'same-origin' })],
      [
        'Origin: null (what browsers send under Referrer-Policy: no-referrer)',
        () => ({ origin: 'null' }),
      ],
      ['the issuer origin', () => ({ origin: new URL(server.config.AUTH_ISSUER).origin })],
      ['neither header (falls back to the token)', () => ({})],
    ])('accepts our own form with %s', async (_case, headers) => {
      const browser = new Browser();
      const { code } = await obtainCode(browser, server.url, scenario);
      expect(code).toBeTruthy();
      // A second login of the same browser, through the form, with the headers under test.
      const login = await browser.request(
        authorizeUrl(server.url, authorizeParameters({ prompt: 'login' })),
      );
      const page = await browser.request(`${server.url}/authorize`, {
        form: { ...login.hiddenFields(), email: scenario.user.email, password: scenario.password },
        headers: headers(),
      });
      expect(page.status).toBe(302);
      expect(page.location.searchParams.get('code')).toBeTruthy();
    });

    it('accepts a form shown by one instance and posted to another (the key is shared)', async () => {
      const other = await startAuthServer(ctx);
      try {
        const { browser, login } = await atLoginPage();
        const page = await browser.request(`${other.url}/authorize`, {
          form: {
            ...login.hiddenFields(),
            email: scenario.user.email,
            password: scenario.password,
          },
        });
        // Signed in: the code (consent was given by the earlier tests), not the 403 page.
        expect(page.status).toBe(302);
        expect(page.location.searchParams.get('code')).toBeTruthy();
        expect(browser.cookies.has('charter_session')).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  describe('consent', () => {
    it('refuses a cross-site consent post, even with the session and a good token, and records no consent', async () => {
      const user = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
      await settle(ctx, server.url);
      const { browser, login } = await atLoginPage();
      const consent = await submit(browser, server.url, login, 'authorize', {
        email: user.state.email,
        password: user.password,
      });
      expect(consent.html).toContain('value="consent"');
      const page = await browser.request(`${server.url}/authorize`, {
        form: { ...consent.hiddenFields(), decision: 'allow' },
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expectRefused(page);
      const rows = await queryDatabase(
        ctx.databaseUrl,
        'SELECT scopes FROM auth.consents WHERE user_id = $1',
        [user.state.id],
      );
      expect(rows).toEqual([]);
      // The same form from our own page goes through.
      const allowed = await submit(browser, server.url, consent, 'authorize', {
        decision: 'allow',
      });
      expect(allowed.location.searchParams.get('code')).toBeTruthy();
    });

    it('refuses a consent post without the csrf_token', async () => {
      const user = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
      await settle(ctx, server.url);
      const { browser, login } = await atLoginPage();
      const consent = await submit(browser, server.url, login, 'authorize', {
        email: user.state.email,
        password: user.password,
      });
      const fields = consent.hiddenFields();
      delete fields.csrf_token;
      expectRefused(
        await browser.request(`${server.url}/authorize`, {
          form: { ...fields, decision: 'allow' },
        }),
      );
    });
  });

  describe('logout', () => {
    const signedIn = async (): Promise<Browser> => {
      const browser = new Browser();
      await obtainCode(browser, server.url, scenario);
      expect(browser.cookies.has('charter_session')).toBe(true);
      return browser;
    };
    const liveSessions = async (): Promise<number> =>
      (
        await queryDatabase(
          ctx.databaseUrl,
          'SELECT id FROM auth.login_sessions WHERE user_id = $1 AND ended_at IS NULL',
          [scenario.user.id],
        )
      ).length;

    it('refuses a cross-site post of the confirmation form and keeps the session', async () => {
      const browser = await signedIn();
      const confirm = await browser.request(`${server.url}/logout`);
      const before = await liveSessions();
      const page = await browser.request(`${server.url}/logout`, {
        form: { ...confirm.hiddenFields(), decision: 'logout' },
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(page.status).toBe(403);
      expect(page.headers.getSetCookie()).toEqual([]);
      expect(browser.cookies.has('charter_session')).toBe(true);
      expect(await liveSessions()).toBe(before);
    });

    it('refuses the confirmation form with an empty token and no cookie', async () => {
      const browser = await signedIn();
      const confirm = await browser.request(`${server.url}/logout`);
      const before = await liveSessions();
      const session = browser.cookies.get('charter_session') as string;
      const bare = new Browser();
      bare.cookies.set('charter_session', session);
      const page = await bare.request(`${server.url}/logout`, {
        form: { ...confirm.hiddenFields(), csrf_token: '' },
      });
      expect(page.status).toBe(403);
      expect(await liveSessions()).toBe(before);
    });

    it("answers an RP's POST logout request (no form token) with the confirmation page, ending nothing", async () => {
      const browser = await signedIn();
      const before = await liveSessions();
      const page = await browser.request(`${server.url}/logout`, {
        form: {
          client_id: scenario.client.clientId,
          post_logout_redirect_uri: POST_LOGOUT_URI,
          state: 's',
        },
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1>Sign out</h1>');
      expect(await liveSessions()).toBe(before);
      // Confirming on our page ends it.
      const done = await submit(browser, server.url, page, 'logout', { decision: 'logout' });
      expect(done.location.toString()).toBe(`${POST_LOGOUT_URI}?state=s`);
      expect(await liveSessions()).toBe(before - 1);
    });
  });
});
