/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies rather than typing them */
import { randomUUID } from 'node:crypto';
import { Browser, type Page, pkce, waitFor } from '@charter/testing';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_AUDIENCE, Harness } from './support/harness.js';

const PASSWORD = 'enterprise admin password 1';
const REDIRECT_URI = 'http://127.0.0.1:4000/cb';
const ACR_MFA = 'urn:charter:acr:mfa';

/**
 * The admin API's second-factor policy (issue 16), across the real auth-server: with
 * MFA_REQUIRED_ROLES naming enterprise-admin, an enterprise admin's token from the password
 * grant (a password only) is refused with RFC 9470's challenge; the same admin signed in with
 * TOTP on the auth-server's pages acts. A member (outside the policy) is judged as before.
 */
describe('admin API: second factor required for admins', () => {
  let h: Harness;
  let acme: Record<string, any>;
  let portal: Record<string, any>;
  let spa: Record<string, any>;
  let admin: Record<string, any>;

  const passwordToken = (email: string) =>
    waitFor('the user to get a password-grant token', async () => {
      const result = await h.token(String(portal.clientId), String(portal.clientSecret), {
        grant_type: 'password',
        username: email,
        password: PASSWORD,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });

  const submit = (browser: Browser, page: Page, extra: Record<string, string>) =>
    browser.request(`${h.authServer.url}/authorize`, {
      form: { ...page.hiddenFields(), ...extra },
    });

  /** Signs the admin in on the auth-server's pages (enrolling TOTP), for the account service. */
  const signInWithTotp = async (): Promise<Record<string, unknown>> => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    let page = await browser.request(
      `${h.authServer.url}/authorize?${new URLSearchParams({
        client_id: String(spa.clientId),
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid accounts:self',
        resource: ACCOUNTS_AUDIENCE,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString()}`,
    );
    page = await submit(browser, page, { email: String(admin.email), password: PASSWORD });
    expect(page.html).toContain('value="enrol_totp"');
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.html)?.[1] ?? '';
    page = await submit(browser, page, { code: await generate({ secret }) });
    expect(page.html).toContain('recovery-codes');
    page = await submit(browser, page, {});
    if (page.html.includes('value="consent"')) {
      page = await submit(browser, page, { decision: 'allow' });
    }
    const code = page.location.searchParams.get('code') ?? '';
    const response = await fetch(`${h.authServer.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: String(spa.clientId),
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }).toString(),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    h = await Harness.start({ mfaRequiredRoles: 'enterprise-admin' });
    acme = await h.createEnterprise();
    portal = await h.createSystemAccount({
      enterpriseId: acme.id,
      grantTypes: ['client_credentials', 'password'],
    });
    spa = await h.createSystemAccount({
      enterpriseId: acme.id,
      name: 'Acme admin console',
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    admin = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `admin-${randomUUID()}@acme.example`,
      name: 'Acme admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("refuses an admin's password-only token: 401 insufficient_user_authentication with acr_values", async () => {
    const token = await passwordToken(String(admin.email));
    const before = await h.snapshot();
    const refused = await h.request('GET', `/v1/enterprises/${acme.id}`, { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'insufficient_user_authentication' });
    expect(refused.headers.get('www-authenticate')).toContain(
      `error="insufficient_user_authentication"`,
    );
    expect(refused.headers.get('www-authenticate')).toContain(`acr_values="${ACR_MFA}"`);
    // A write is refused as well, and changes nothing.
    const write = await h.request('PATCH', `/v1/users/${admin.id}`, {
      token,
      body: { name: 'Renamed' },
    });
    expect(write.status).toBe(401);
    expect(await h.snapshot()).toEqual(before);
  });

  it('lets the same admin act with a token from a TOTP sign-in', async () => {
    const tokens = await signInWithTotp();
    const token = String(tokens.access_token);
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      aud: ACCOUNTS_AUDIENCE,
      amr: ['pwd', 'otp', 'mfa'],
      acr: ACR_MFA,
    });
    const read = await h.request('GET', `/v1/enterprises/${acme.id}`, { token });
    expect(read.status, read.text).toBe(200);
  });

  it('judges a member outside the policy as before (no second factor asked; forbidden as a member)', async () => {
    const member = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `member-${randomUUID()}@acme.example`,
      name: 'Acme member',
      password: PASSWORD,
    });
    const token = await passwordToken(String(member.email));
    const refused = await h.request('GET', `/v1/enterprises/${acme.id}`, { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
  });
});
