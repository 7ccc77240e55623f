import type { UserState } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, publishUser, type Scenario } from './support/account-events.js';
import {
  MovableClock,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';
import { authorizeUrl, Browser, REDIRECT_URI, submit } from './support/authorization-flow.js';
import { type Page, pkce } from './support/browser.js';

const WRONG = 'the username or password is wrong';
const LOCKED = 'too many failed attempts; try again later';
const PARALLEL = 50;

/**
 * The lock-out holds under parallel attempts (each is counted before its password is checked,
 * in PostgreSQL), and a victim is delayed, never locked out for good, by someone else's guesses.
 */
describe('login lock-out (RFC 6749 §4.3.2, §10.10)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  const clock = new MovableClock();

  const grant = (scenario: Scenario, username: string, password: string): Promise<TokenCall> =>
    postToken(
      server.url,
      { grant_type: 'password', username, password },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );

  /** A portal allowed the password grant and the login page, and one active user of its enterprise. */
  const publishPortal = async (): Promise<{
    portal: Scenario;
    user: { state: UserState; password: string };
  }> => {
    const portal = await publishScenario(ctx, {
      client: {
        grantTypes: ['client_credentials', 'password', 'authorization_code'],
        redirectUris: [REDIRECT_URI],
      },
    });
    const user = await publishUser(ctx, { enterpriseId: portal.enterprise.id });
    await waitFor(
      'the portal and its user',
      async () => (await grant(portal, user.state.email, user.password)).status === 200,
    );
    return { portal, user };
  };

  const loginPage = async (browser: Browser, portal: Scenario, ip?: string): Promise<Page> => {
    const page = await browser.request(
      authorizeUrl(server.url, {
        client_id: portal.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
      ip === undefined ? {} : { headers: { 'x-forwarded-for': ip } },
    );
    expect(page.status).toBe(200);
    return page;
  };

  const submitLogin = (
    browser: Browser,
    page: Page,
    email: string,
    password: string,
    ip?: string,
  ): Promise<Page> =>
    ip === undefined
      ? submit(browser, server.url, page, 'authorize', { email, password })
      : browser.request(`${server.url}/authorize`, {
          form: { ...page.hiddenFields(), email, password },
          headers: { 'x-forwarded-for': ip },
        });

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, {}, { clock });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it(`password grant: ${PARALLEL} parallel guesses get no more checks than the limit, and a right one past it is refused`, async () => {
    const { portal, user } = await publishPortal();
    const max = server.config.LOGIN_MAX_FAILURES;
    // The right password comes last: were every guess checked, it would be accepted.
    const guesses = Array.from({ length: PARALLEL }, (_, n) =>
      n === PARALLEL - 1 ? user.password : `wrong-${n}`,
    );
    const calls = await Promise.all(guesses.map((guess) => grant(portal, user.state.email, guess)));

    const answers = calls.map((call) =>
      call.status === 200 ? 'token' : (call.body.error_description as string),
    );
    const checked = answers.filter((answer) => answer !== LOCKED);
    expect(checked.length).toBeLessThanOrEqual(max);
    expect(answers.every((answer) => [LOCKED, WRONG, 'token'].includes(answer))).toBe(true);
    // The right password was accepted only if it was one of the few checked.
    if (answers[PARALLEL - 1] === 'token') {
      expect(checked.filter((answer) => answer === WRONG).length).toBeLessThan(max);
    } else {
      expect(answers[PARALLEL - 1]).toBe(LOCKED);
      const [row] = await queryDatabase<{ failures: number }>(
        ctx.databaseUrl,
        'SELECT failures FROM auth.login_throttles WHERE key = $1',
        [`account:${user.state.email}`],
      );
      expect(row!.failures).toBe(max);
    }
  });

  it(`login page: ${PARALLEL} parallel submissions get no more checks than the limit`, async () => {
    const { portal, user } = await publishPortal();
    const browser = new Browser();
    const page = await loginPage(browser, portal);
    const max = server.config.LOGIN_MAX_FAILURES;
    const pages = await Promise.all(
      Array.from({ length: PARALLEL }, (_, n) =>
        submitLogin(
          browser,
          page,
          user.state.email,
          n === PARALLEL - 1 ? user.password : `wrong-${n}`,
        ),
      ),
    );
    const statuses = pages.map((answer) => answer.status);
    expect(statuses.every((status) => [302, 303, 200, 401, 429].includes(status))).toBe(true);
    expect(statuses.filter((status) => status !== 429).length).toBeLessThanOrEqual(max);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(
      PARALLEL - max,
    );
  });

  it("a victim locked by guesses logs in again after the capped back-off, with nobody's help", async () => {
    const { portal, user: victim } = await publishPortal();
    const max = server.config.LOGIN_MAX_FAILURES;
    // The attacker keeps guessing, long past the limit, in parallel.
    const guesses = await Promise.all(
      Array.from({ length: 3 * max }, (_, n) => grant(portal, victim.state.email, `guess-${n}`)),
    );
    expect(guesses.filter((call) => call.body.error_description === WRONG).length).toBe(max);
    // The owner is delayed...
    const refused = await grant(portal, victim.state.email, victim.password);
    expect(refused.body.error_description).toBe(LOCKED);
    // ...for the first lock only: the refused guesses did not make it longer.
    clock.advance(server.config.LOGIN_LOCK_SECONDS);
    expect((await grant(portal, victim.state.email, victim.password)).status).toBe(200);
    // A success starts the count afresh: the next wrong password is one failure, not a new lock.
    expect((await grant(portal, victim.state.email, 'typo')).body.error_description).toBe(WRONG);
    expect((await grant(portal, victim.state.email, victim.password)).status).toBe(200);
  });

  it("an attacker who keeps at it doubles the account's lock only up to its cap", async () => {
    const { portal, user: victim } = await publishPortal();
    const {
      LOGIN_MAX_FAILURES: max,
      LOGIN_LOCK_SECONDS: base,
      LOGIN_LOCK_MAX_SECONDS: cap,
    } = server.config;
    for (let n = 0; n < max; n += 1) {
      await grant(portal, victim.state.email, `guess-${n}`);
    }
    // One guess each time a lock ends: the locks double, 60, 120, 240, ... but stop at the cap.
    let lock = base;
    while (lock < cap) {
      clock.advance(lock);
      expect((await grant(portal, victim.state.email, 'guess')).body.error_description).toBe(WRONG);
      lock = Math.min(lock * 2, cap);
    }
    clock.advance(cap - 1);
    expect((await grant(portal, victim.state.email, victim.password)).body.error_description).toBe(
      LOCKED,
    );
    clock.advance(1);
    expect((await grant(portal, victim.state.email, victim.password)).status).toBe(200);
  });

  it('the guessing address is throttled far longer than the account; the victim, elsewhere, gets in', async () => {
    // A second instance behind a trusted proxy (the test's own address), on its own clock.
    const proxyClock = new MovableClock();
    const proxied = await startAuthServer(
      ctx,
      { TRUSTED_PROXIES: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '10' },
      { clock: proxyClock },
    );
    try {
      const { portal, user: victim } = await publishPortal();
      const attacker = '198.51.100.66';
      const home = '203.0.113.10';
      const { LOGIN_MAX_FAILURES: max, LOGIN_LOCK_MAX_SECONDS: accountCap } = proxied.config;
      const page = async (browser: Browser, ip: string): Promise<Page> => {
        const form = await browser.request(
          authorizeUrl(proxied.url, {
            client_id: portal.client.clientId,
            redirect_uri: REDIRECT_URI,
            response_type: 'code',
            scope: 'openid',
            code_challenge: pkce().challenge,
            code_challenge_method: 'S256',
          }),
          { headers: { 'x-forwarded-for': ip } },
        );
        expect(form.status).toBe(200);
        return form;
      };
      const attempt = (browser: Browser, form: Page, ip: string, email: string, password: string) =>
        browser.request(`${proxied.url}/authorize`, {
          form: { ...form.hiddenFields(), email, password },
          headers: { 'x-forwarded-for': ip },
        });
      const evil = new Browser();
      const evilForm = await page(evil, attacker);

      // The victim's account first, then a spray of other names from the same address.
      for (let n = 0; n < 10; n += 1) {
        const email = n < max ? victim.state.email : `spray-${n}@example.test`;
        expect((await attempt(evil, evilForm, attacker, email, `guess-${n}`)).status).toBe(401);
      }
      const home1 = new Browser();
      const homeForm = await page(home1, home);
      // The owner is delayed for now...
      expect(
        (await attempt(home1, homeForm, home, victim.state.email, victim.password)).status,
      ).toBe(429);
      // ...while the attacker's address, knocking each time its lock ends, doubles its own lock.
      let lock = proxied.config.LOGIN_LOCK_SECONDS;
      while (lock <= accountCap) {
        proxyClock.advance(lock);
        const email = `spray-again-${lock}@example.test`;
        expect((await attempt(evil, evilForm, attacker, email, 'guess')).status).toBe(401);
        lock *= 2;
      }
      // Past the account's longest lock, the owner gets in from home at the first try...
      proxyClock.advance(accountCap);
      const signedIn = await attempt(home1, homeForm, home, victim.state.email, victim.password);
      expect([401, 429]).not.toContain(signedIn.status);
      expect(home1.cookies.has('charter_session')).toBe(true);
      // ...and the attacker's address is still locked, whatever it tries.
      expect(
        (await attempt(evil, evilForm, attacker, victim.state.email, victim.password)).status,
      ).toBe(429);
      const [row] = await queryDatabase<{ locked_until: Date }>(
        ctx.databaseUrl,
        'SELECT locked_until FROM auth.login_throttles WHERE key = $1',
        [`ip:${attacker}`],
      );
      expect(row!.locked_until.getTime()).toBeGreaterThan(proxyClock.now().getTime());
    } finally {
      await proxied.close();
    }
  });
});
