import type { UserState } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { decodeJwt } from 'jose';
import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishUser, settle } from './support/account-events.js';
import {
  MovableClock,
  postToken,
  type RunningAuthServer,
  startAuthServer,
} from './support/auth-server.js';
import {
  authorizeUrl,
  Browser,
  type InteractiveScenario,
  publishInteractiveScenario,
  REDIRECT_URI,
  submit,
} from './support/authorization-flow.js';
import { type Page, pkce } from './support/browser.js';

const ACR_MFA = 'urn:charter:acr:mfa';
const ACR_PASSWORD = 'urn:charter:acr:pwd';
const PARALLEL = 50;

/**
 * Second factors at sign-in (issue 16): TOTP enrolment required by policy, the second step,
 * recovery codes, amr/acr in the tokens, acr_values, and what an attacker tries: a replayed
 * code, guessing (the login lock-out counts it), a recovery code twice, skipping the step by
 * posting the consent form, another user's code, 50 posts of one code at once.
 */
describe('second factor (TOTP, recovery codes)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  const clock = new MovableClock();
  let scenario: InteractiveScenario;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(
      ctx,
      {
        MFA_REQUIRED_ROLES: 'enterprise-admin',
        LOGIN_MAX_FAILURES: '5',
        LOGIN_IP_MAX_FAILURES: '10000',
      },
      { clock },
    );
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  beforeEach(() => {
    clock.reset();
  });

  /** An admin of the scenario's enterprise (the policy names the role). */
  const publishAdmin = async (): Promise<{ state: UserState; password: string }> => {
    const admin = await publishUser(ctx, {
      enterpriseId: scenario.enterprise.id,
      roles: ['enterprise-admin'],
    });
    await settle(ctx, server.url);
    return admin;
  };

  const start = async (
    browser: Browser,
    parameters: Record<string, string> = {},
  ): Promise<{ page: Page; verifier: string }> => {
    const { verifier, challenge } = pkce();
    const page = await browser.request(
      authorizeUrl(server.url, {
        client_id: scenario.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid email',
        state: 'st',
        nonce: 'n-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...parameters,
      }),
    );
    return { page, verifier };
  };

  const signIn = async (
    browser: Browser,
    user: { state: UserState; password: string },
    parameters: Record<string, string> = {},
  ): Promise<{ page: Page; verifier: string }> => {
    const { page, verifier } = await start(browser, parameters);
    expect(page.html).toContain('name="password"');
    const next = await submit(browser, server.url, page, 'authorize', {
      email: user.state.email,
      password: user.password,
    });
    return { page: next, verifier };
  };

  const totpNow = (secret: string, offsetSeconds = 0): Promise<string> =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });

  const secretOf = (page: Page): string => {
    const match = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.html);
    if (!match?.[1]) {
      throw new Error(`no TOTP secret on the page: ${page.html.slice(0, 400)}`);
    }
    return match[1];
  };

  const recoveryCodesOf = (page: Page): string[] =>
    [...page.html.matchAll(/<li><code>([0-9a-z]{5}-[0-9a-z]{5})<\/code><\/li>/g)].map(
      (match) => match[1] as string,
    );

  /** Consent (when asked) and the redirect's code, redeemed: the token response. */
  const finish = async (
    browser: Browser,
    page: Page,
    verifier: string,
  ): Promise<Record<string, unknown>> => {
    let current = page;
    if (current.status === 200 && current.html.includes('value="consent"')) {
      current = await submit(browser, server.url, current, 'authorize', { decision: 'allow' });
    }
    const code = current.location.searchParams.get('code');
    expect(code, current.location.toString()).toBeTruthy();
    const response = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code: code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  /** Enrols an admin through the pages: its TOTP secret and recovery codes. */
  const enrol = async (user: {
    state: UserState;
    password: string;
  }): Promise<{ secret: string; recoveryCodes: string[]; tokens: Record<string, unknown> }> => {
    const browser = new Browser();
    const { page, verifier } = await signIn(browser, user);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="enrol_totp"');
    const secret = secretOf(page);
    const codesPage = await submit(browser, server.url, page, 'authorize', {
      code: await totpNow(secret),
    });
    expect(codesPage.status).toBe(200);
    const recoveryCodes = recoveryCodesOf(codesPage);
    expect(recoveryCodes).toHaveLength(10);
    const next = await submit(browser, server.url, codesPage, 'authorize', {});
    return { secret, recoveryCodes, tokens: await finish(browser, next, verifier) };
  };

  it('a user without the role signs in with the password alone: amr pwd, acr pwd', async () => {
    const browser = new Browser();
    const { page, verifier } = await signIn(browser, {
      state: scenario.user,
      password: scenario.password,
    });
    const tokens = await finish(browser, page, verifier);
    expect(decodeJwt(String(tokens.id_token))).toMatchObject({ amr: ['pwd'], acr: ACR_PASSWORD });
    expect(decodeJwt(String(tokens.access_token))).toMatchObject({
      amr: ['pwd'],
      acr: ACR_PASSWORD,
    });
  });

  it('an admin enrols TOTP at sign-in, gets recovery codes once, and tokens say mfa', async () => {
    const admin = await publishAdmin();
    const { tokens, secret } = await enrol(admin);
    const idToken = decodeJwt(String(tokens.id_token));
    expect(idToken).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], acr: ACR_MFA });
    expect(decodeJwt(String(tokens.access_token))).toMatchObject({
      amr: ['pwd', 'otp', 'mfa'],
      acr: ACR_MFA,
    });
    // Stored encrypted, never in clear; recovery codes only as hashes.
    const [row] = await queryDatabase<{ secret_ciphertext: string }>(
      ctx.databaseUrl,
      `SELECT secret_ciphertext FROM auth.user_totp WHERE user_id = $1`,
      [admin.state.id],
    );
    expect(row?.secret_ciphertext).toMatch(/^v1\./);
    expect(row?.secret_ciphertext).not.toContain(secret);

    // The next sign-in asks for the code, not for enrolment.
    clock.advance(60);
    const browser = new Browser();
    const { page, verifier } = await signIn(browser, admin);
    expect(page.html).toContain('value="second_factor"');
    expect(page.html).not.toContain('totp-secret');
    const after = await submit(browser, server.url, page, 'authorize', {
      code: await totpNow(secret),
    });
    const again = await finish(browser, after, verifier);
    expect(decodeJwt(String(again.id_token))).toMatchObject({ acr: ACR_MFA });
  });

  it('refuses the enrolment page a wrong code and enrols nothing', async () => {
    const admin = await publishAdmin();
    const browser = new Browser();
    const { page } = await signIn(browser, admin);
    const refused = await submit(browser, server.url, page, 'authorize', { code: '000000' });
    expect(refused.status).toBe(401);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('value="enrol_totp"');
    const rows = await queryDatabase(
      ctx.databaseUrl,
      `SELECT 1 FROM auth.user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
      [admin.state.id],
    );
    expect(rows).toHaveLength(0);
  });

  it('a TOTP code is accepted once: replayed in its window it is refused', async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    clock.advance(60);
    const code = await totpNow(secret);
    const first = new Browser();
    const { page: firstPage, verifier } = await signIn(first, admin);
    const accepted = await submit(first, server.url, firstPage, 'authorize', { code });
    await finish(first, accepted, verifier);

    const second = new Browser();
    const { page: secondPage } = await signIn(second, admin);
    const replayed = await submit(second, server.url, secondPage, 'authorize', { code });
    expect(replayed.status).toBe(401);
    expect(replayed.html).toContain('value="second_factor"');
    // The previous step's code (still inside the tolerance window) is refused as well.
    const earlier = await submit(second, server.url, replayed, 'authorize', {
      code: await totpNow(secret, -30),
    });
    expect(earlier.status).toBe(401);
  });

  it(`${PARALLEL} posts of one code at once: exactly one signs in`, async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    clock.advance(60);
    // Signed in one after another (parallel passwords would meet the lock-out first).
    const browsers: Array<{ browser: Browser; page: Page }> = [];
    for (let i = 0; i < PARALLEL; i += 1) {
      const browser = new Browser();
      const { page } = await signIn(browser, admin);
      browsers.push({ browser, page });
    }
    const code = await totpNow(secret);
    const results = await Promise.all(
      browsers.map(({ browser, page }) => submit(browser, server.url, page, 'authorize', { code })),
    );
    const passed = results.filter((page) => page.status !== 401 && page.status !== 429);
    expect(passed).toHaveLength(1);
  }, 60_000);

  it('a recovery code signs in once; used twice it is refused', async () => {
    const admin = await publishAdmin();
    const { recoveryCodes } = await enrol(admin);
    const recovery = recoveryCodes[0]!;
    const first = new Browser();
    const { page, verifier } = await signIn(first, admin);
    // Typed with capitals and spaces: normalised.
    const accepted = await submit(first, server.url, page, 'authorize', {
      code: ` ${recovery.toUpperCase().replace('-', ' ')} `,
    });
    const tokens = await finish(first, accepted, verifier);
    expect(decodeJwt(String(tokens.id_token))).toMatchObject({ acr: ACR_MFA });

    const second = new Browser();
    const { page: again } = await signIn(second, admin);
    const refused = await submit(second, server.url, again, 'authorize', { code: recovery });
    expect(refused.status).toBe(401);
    const [row] = await queryDatabase<{ used: string }>(
      ctx.databaseUrl,
      `SELECT count(*) FILTER (WHERE used_at IS NOT NULL) AS used FROM auth.user_recovery_codes WHERE user_id = $1`,
      [admin.state.id],
    );
    expect(Number(row?.used)).toBe(1);
  });

  it('posting the consent form (or the code form of another step) skips nothing: no code is issued', async () => {
    const admin = await publishAdmin();
    await enrol(admin);
    const browser = new Browser();
    const { page } = await signIn(browser, admin);
    expect(page.html).toContain('value="second_factor"');
    const skipped = await browser.request(`${server.url}/authorize`, {
      form: { ...page.hiddenFields(), action: 'consent', decision: 'allow' },
    });
    expect(skipped.status).toBe(200);
    expect(skipped.html).toContain('value="second_factor"');
    expect(skipped.headers.get('location')).toBeNull();
    const enrolInstead = await browser.request(`${server.url}/authorize`, {
      form: { ...page.hiddenFields(), action: 'enrol_totp', code: '123456' },
    });
    expect(enrolInstead.html).toContain('value="second_factor"');
    expect(enrolInstead.headers.get('location')).toBeNull();
    // prompt=none with the step due: interaction_required, no code.
    const { page: silent } = await start(browser, { prompt: 'none' });
    expect(silent.location.searchParams.get('error')).toBe('interaction_required');
    expect(silent.location.searchParams.get('code')).toBeNull();
  });

  it('prompt=login asks for the password again: a code posted into an older session does not stand in for it', async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    const browser = new Browser();
    const { page } = await signIn(browser, admin);
    expect(page.html).toContain('value="second_factor"');
    // The password was given, the code never; minutes later a request asks for a fresh sign-in.
    clock.advance(6 * 60);
    const { page: login } = await start(browser, { prompt: 'login' });
    expect(login.html).toContain('name="password"');
    // The second step's form posted with a valid code but no password: the login page again.
    const skipped = await browser.request(`${server.url}/authorize`, {
      form: { ...login.hiddenFields(), action: 'second_factor', code: await totpNow(secret) },
    });
    expect(skipped.headers.get('location')).toBeNull();
    expect(skipped.html).toContain('name="password"');
    // The nearest neighbour: the password, then a code of the next time step, signs in.
    clock.advance(30);
    const withPassword = await submit(browser, server.url, skipped, 'authorize', {
      email: admin.state.email,
      password: admin.password,
    });
    expect(withPassword.html).toContain('value="second_factor"');
    const signedIn = await submit(browser, server.url, withPassword, 'authorize', {
      code: await totpNow(secret),
    });
    expect(signedIn.status, signedIn.html.slice(0, 300)).toBe(302);
  });

  it("another user's valid code does not pass", async () => {
    const victim = await publishAdmin();
    const { secret: victimSecret } = await enrol(victim);
    const attacker = await publishAdmin();
    await enrol(attacker);
    clock.advance(60);
    const browser = new Browser();
    const { page } = await signIn(browser, attacker);
    const refused = await submit(browser, server.url, page, 'authorize', {
      code: await totpNow(victimSecret),
    });
    expect(refused.status).toBe(401);
  });

  it('wrong codes count in the login lock-out; signing in again with the password does not reset it', async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    clock.advance(60);
    const browser = new Browser();
    let { page } = await signIn(browser, admin);
    // LOGIN_MAX_FAILURES = 5: four wrong codes, then the right password again (the fifth
    // attempt: the password is right, yet the count stays and the account locks).
    for (let i = 0; i < 4; i += 1) {
      page = await submit(browser, server.url, page, 'authorize', { code: '000000' });
      expect(page.status).toBe(401);
    }
    const again = new Browser();
    ({ page } = await signIn(again, admin));
    expect(page.html).toContain('value="second_factor"');
    // Locked now: even the right code is not looked at.
    const locked = await submit(again, server.url, page, 'authorize', {
      code: await totpNow(secret),
    });
    expect(locked.status).toBe(429);
  });

  it('acr_values asks a user outside the policy for a second factor (enrolment first)', async () => {
    const member = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    await settle(ctx, server.url);
    const browser = new Browser();
    const { page } = await signIn(browser, member, { acr_values: ACR_MFA });
    expect(page.html).toContain('value="enrol_totp"');
    // Without acr_values the same user signs in with a password alone.
    const plain = new Browser();
    const { page: direct, verifier } = await signIn(plain, member);
    const tokens = await finish(plain, direct, verifier);
    expect(decodeJwt(String(tokens.id_token))).toMatchObject({ acr: ACR_PASSWORD });
  });

  it('a session with a password only steps up when acr_values asks; max_age still forces the password', async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    clock.advance(60);
    // The refresh token keeps the sign-in's amr.
    const browser = new Browser();
    const { page, verifier } = await signIn(browser, admin);
    const stepped = await submit(browser, server.url, page, 'authorize', {
      code: await totpNow(secret),
    });
    const tokens = await finish(browser, stepped, verifier);
    const refreshed = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: scenario.client.clientId,
      refresh_token: String(tokens.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(String(refreshed.body.access_token))).toMatchObject({
      amr: ['pwd', 'otp', 'mfa'],
      acr: ACR_MFA,
    });
    // max_age=0 (OIDC Core §3.1.2.1): the live mfa session is too old, the login page returns.
    clock.advance(5);
    const { page: again } = await start(browser, { max_age: '0' });
    expect(again.html).toContain('name="password"');
  });

  it('the session cookie changes at the second step: the cookie from before it is worth nothing', async () => {
    const admin = await publishAdmin();
    const { secret } = await enrol(admin);
    clock.advance(60);
    const browser = new Browser();
    const { page } = await signIn(browser, admin);
    const before = browser.cookies.get('charter_session');
    await submit(browser, server.url, page, 'authorize', { code: await totpNow(secret) });
    const after = browser.cookies.get('charter_session');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const stale = new Browser();
    stale.cookies.set('charter_session', before!);
    const { page: fresh } = await start(stale);
    expect(fresh.html).toContain('name="password"');
  });

  it('discovery lists acr_values_supported and the amr/acr claims', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    const body = (await response.json()) as Record<string, string[]>;
    expect(body.acr_values_supported).toEqual([ACR_PASSWORD, ACR_MFA]);
    expect(body.claims_supported).toEqual(expect.arrayContaining(['amr', 'acr']));
  });
});
