/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { randomUUID } from 'node:crypto';
import { Browser, pkce, type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNTS_AUDIENCE,
  CONTENT_AUDIENCE,
  expectProblem,
  Harness,
  type HttpResult,
} from './support/harness.js';

const PASSWORD = 'enterprise admin password 1';
const REDIRECT_URI = 'https://console.example.test/callback';

/**
 * One rule for accepting a token (@charter/auth's tokenRefusal), here from the account
 * service's own tables and the revocation list it keeps from the auth-server's events. Each
 * attack used a token that was still good at the signature check; each now fails on the
 * acceptance rule with 401 invalid_token and writes nothing, while the nearest neighbour (the
 * same admin's other token, another enterprise's admin, the client's other secret, another
 * portal of the same enterprise) keeps working.
 */
describe('accepting a token at the admin API', () => {
  let h: Harness;
  let contentApi: Record<string, any>;

  interface Enrolled {
    readonly enterprise: Record<string, any>;
    readonly portal: Record<string, any>;
    readonly admin: Record<string, any>;
    readonly member: Record<string, any>;
  }

  /** An enterprise with a contract, a portal allowed the password grant, an admin and a member. */
  async function enroll(): Promise<Enrolled> {
    const enterprise = await h.createEnterprise();
    await h.createContract({ enterpriseId: enterprise.id, contentApiId: contentApi.id });
    const portal = await h.createSystemAccount({
      enterpriseId: enterprise.id,
      grantTypes: ['client_credentials', 'password'],
    });
    const admin = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: enterprise.id,
      email: `admin-${randomUUID()}@acme.example`,
      name: 'Acme admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
    const member = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: enterprise.id,
      email: `member-${randomUUID()}@acme.example`,
      name: 'Acme member',
      password: PASSWORD,
    });
    return { enterprise, portal, admin, member };
  }

  /** An enterprise admin's token (password grant through the portal), once the auth-server has the user. */
  const adminToken = (
    { portal, admin }: Enrolled,
    secret = String(portal.clientSecret),
  ): Promise<string> =>
    waitFor(`a user token for ${String(admin.email)}`, async () => {
      const result = await h.token(String(portal.clientId), secret, {
        grant_type: 'password',
        username: String(admin.email),
        password: PASSWORD,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });

  /** Waits until the request with the token is refused (the access change reached this service). */
  const refusedOnce = (token: string, path = '/v1/users'): Promise<HttpResult> =>
    waitFor(
      `the account service to refuse the token on ${path}`,
      async () => {
        const result = await h.request('GET', path, { token });
        return result.status === 401 ? result : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 5 },
    );

  function expectRefused(result: HttpResult, detail: string): void {
    expectProblem(result, 401, 'invalid_token');
    expect(result.body.detail).toBe(detail);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  }

  /** RFC 7009 §2.1: the portal revokes one of its tokens, with client_secret_basic. */
  async function revokeAtAuthServer(portal: Record<string, any>, token: string): Promise<number> {
    const basic = Buffer.from(
      `${encodeURIComponent(String(portal.clientId))}:${encodeURIComponent(String(portal.clientSecret))}`,
    ).toString('base64');
    const response = await fetch(`${h.authServer.url}/revoke`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  }

  beforeAll(async () => {
    h = await Harness.start();
    // Under the resource indicator the content API started below serves.
    contentApi = await h.createContentApi({ resourceIndicator: CONTENT_AUDIENCE });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("refuses an enterprise admin's token revoked at the auth-server, reads and writes alike; the admin's other token keeps working", async () => {
    const acme = await enroll();
    const token = await adminToken(acme);
    const sibling = await adminToken(acme);
    expect((await h.request('GET', '/v1/users', { token })).status).toBe(200);

    const revokedAt = Date.now();
    expect(await revokeAtAuthServer(acme.portal, token)).toBe(200);
    expectRefused(await refusedOnce(token), 'token revoked');
    // Reported, not asserted: speed belongs in bench/.
    process.stdout.write(`revocation → account service refusal: ${Date.now() - revokedAt} ms\n`);

    const before = await h.snapshot();
    const created = await h.request('POST', '/v1/users', {
      token,
      body: {
        kind: 'enterprise',
        enterpriseId: acme.enterprise.id,
        email: `sneaky-${randomUUID()}@acme.example`,
        name: 'Sneaky admin',
        roles: ['enterprise-admin'],
      },
    });
    expectRefused(created, 'token revoked');
    await h.expectUnchanged(before);
    expect((await h.request('GET', '/v1/users', { token: sibling })).status).toBe(200);
  });

  it("takes the admin API from a suspended enterprise's admin at once; another enterprise's admin keeps it", async () => {
    const acme = await enroll();
    const other = await enroll();
    const token = await adminToken(acme);
    const otherToken = await adminToken(other);
    expect((await h.request('GET', '/v1/users', { token })).status).toBe(200);

    const suspended = await h.request('POST', `/v1/enterprises/${acme.enterprise.id}/suspend`);
    expect(suspended.status, suspended.text).toBe(200);

    const before = await h.snapshot();
    expectRefused(
      await h.request('POST', `/v1/users/${acme.member.id}/password-tokens`, {
        token,
        body: { purpose: 'reset' },
      }),
      'enterprise is not active',
    );
    expectRefused(
      await h.request('PATCH', `/v1/users/${acme.member.id}`, {
        token,
        body: { roles: ['enterprise-admin'] },
      }),
      'enterprise is not active',
    );
    await h.expectUnchanged(before);
    const issued = await h.request('POST', `/v1/users/${other.member.id}/password-tokens`, {
      token: otherToken,
      body: { purpose: 'reset' },
    });
    expect(issued.status, issued.text).toBe(201);
  });

  it("refuses a disabled admin's token, and a deleted one's", async () => {
    const acme = await enroll();
    const token = await adminToken(acme);
    expect((await h.request('GET', '/v1/users', { token })).status).toBe(200);
    expect((await h.request('POST', `/v1/users/${acme.admin.id}/disable`)).status).toBe(200);
    expectRefused(await h.request('GET', '/v1/users', { token }), 'user is not active');

    const second = await enroll();
    const secondToken = await adminToken(second);
    expect((await h.request('DELETE', `/v1/users/${second.admin.id}`)).status).toBe(200);
    expectRefused(await h.request('GET', '/v1/users', { token: secondToken }), 'user is deleted');
  });

  it("refuses the tokens a revoked secret obtained, keeps the other secret's, and refuses all once the portal is deleted", async () => {
    const acme = await enroll();
    const rotated = await h.request(
      'POST',
      `/v1/system-accounts/${acme.portal.id}/credentials/rotate`,
      { body: { overlapSeconds: 3600 } },
    );
    expect(rotated.status, rotated.text).toBe(201);
    const newSecret = String(rotated.body.clientSecret);
    const oldToken = await adminToken(acme);
    const newToken = await adminToken(acme, newSecret);

    const oldId = String(acme.portal.credentials[0].id);
    const revoked = await h.request(
      'POST',
      `/v1/system-accounts/${acme.portal.id}/credentials/${oldId}/revoke`,
    );
    expect(revoked.status, revoked.text).toBe(200);
    expectRefused(
      await h.request('GET', '/v1/users', { token: oldToken }),
      'the client credential that obtained this token is revoked',
    );
    expect((await h.request('GET', '/v1/users', { token: newToken })).status).toBe(200);

    const deleted = await h.request('DELETE', `/v1/system-accounts/${acme.portal.id}`);
    expect(deleted.status, deleted.text).toBe(200);
    expectRefused(await h.request('GET', '/v1/users', { token: newToken }), 'client is deleted');
  });

  it('does not take an enterprise client whose token carries accounts:admin for a platform admin', async () => {
    // No content API or contract can carry this audience or an accounts:* scope any more (both
    // are reserved), so the admin grant is written straight into an enterprise client's row, as
    // only the bootstrap does, and reaches the auth-server with the next change: its token
    // then carries accounts:admin for this audience.
    const enterprise = await h.createEnterprise();
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    await h.query(`UPDATE accounts.system_accounts SET platform_access = $2 WHERE id = $1`, [
      account.id,
      JSON.stringify({ audience: ACCOUNTS_AUDIENCE, scopes: ['accounts:admin'] }),
    ]);
    const renamed = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
      body: { name: 'Acme lookalike admin' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const token = await waitFor('a token carrying accounts:admin', async () => {
      const result = await h.token(String(account.clientId), String(account.clientSecret), {
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:admin',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });

    // The token names no enterprise while its client has one: the shared acceptance rule refuses
    // it before the caller is even considered (the 403 of decideCaller is covered by its unit tests).
    const before = await h.snapshot();
    expectRefused(
      await h.request('GET', '/v1/enterprises', { token }),
      'client does not belong to the enterprise of the token',
    );
    expectRefused(
      await h.request('POST', '/v1/enterprises', {
        token,
        body: { name: 'Not mine', businessId: `FI${randomUUID().slice(0, 8)}` },
      }),
      'client does not belong to the enterprise of the token',
    );
    await h.expectUnchanged(before);
    // The platform's own admin client, of no enterprise, is one.
    expect((await h.request('GET', '/v1/enterprises')).status).toBe(200);
  });

  it("refuses what an authorization code issued once the code is redeemed twice; the admin's next login keeps working", async () => {
    const acme = await enroll();
    // An interactive public client of the enterprise (an admin console), for the code grant with PKCE.
    const consoleClient = await h.createSystemAccount({
      enterpriseId: acme.enterprise.id,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    const browser = new Browser();
    const base = h.authServer.url;

    /** GET /authorize → login (first time) → consent (if asked) → the code; then POST /token. */
    async function login(): Promise<{ code: string; verifier: string; token: string }> {
      const { verifier, challenge } = pkce();
      const query = new URLSearchParams({
        client_id: String(consoleClient.clientId),
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'accounts:self',
        resource: ACCOUNTS_AUDIENCE,
        state: 'xyz',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      let page = await waitFor('the auth-server to know the console', async () => {
        const answer = await browser.request(`${base}/authorize?${query.toString()}`);
        return answer.status === 200 || answer.status === 302 || answer.status === 303
          ? answer
          : undefined;
      });
      if (page.status === 200 && page.html.includes('name="password"')) {
        page = await browser.request(`${base}/authorize`, {
          form: { ...page.hiddenFields(), email: String(acme.admin.email), password: PASSWORD },
        });
      }
      if (page.status === 200 && page.html.includes('value="consent"')) {
        page = await browser.request(`${base}/authorize`, {
          form: { ...page.hiddenFields(), decision: 'allow' },
        });
      }
      const code = page.location.searchParams.get('code');
      if (code === null) {
        throw new Error(`no code: ${page.location.toString()}`);
      }
      const redeemed = await redeem(code, verifier);
      expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
      return { code, verifier, token: String(redeemed.body.access_token) };
    }
    async function redeem(code: string, verifier: string) {
      const response = await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: String(consoleClient.clientId),
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        }).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    const first = await login();
    expect((await h.request('GET', '/v1/users', { token: first.token })).status).toBe(200);
    // RFC 6749 §4.1.2: a code used twice is refused, and what it issued is revoked.
    const replay = await redeem(first.code, first.verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expectRefused(await refusedOnce(first.token), 'token revoked');

    const next = await login();
    expect((await h.request('GET', '/v1/users', { token: next.token })).status).toBe(200);
  });

  describe('at the content API, with the real account service', () => {
    let contentApiService: RunningService;

    const read = async (token: string): Promise<number> => {
      const response = await fetch(`${contentApiService.url}/v1/articles`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      return response.status;
    };
    const contentToken = (account: Record<string, any>, secret = String(account.clientSecret)) =>
      waitFor(`a content API token for ${String(account.clientId)}`, async () => {
        const result = await h.token(String(account.clientId), secret, {
          resource: String(contentApi.resourceIndicator),
        });
        return result.status === 200 ? String(result.body.access_token) : undefined;
      });
    const accepted = (token: string) =>
      waitFor('the content API to accept the token', async () => (await read(token)) === 200);
    const refused = (token: string, what: string) =>
      waitFor(
        `the content API to refuse the token after ${what}`,
        async () => (await read(token)) === 401,
        {
          timeoutMs: 10_000,
          intervalMs: 5,
        },
      );

    beforeAll(async () => {
      contentApiService = await h.startContentApi();
    }, 120_000);

    it("refuses a deleted system account's tokens and a revoked secret's; the enterprise's other portal and the other secret keep reading", async () => {
      const acme = await enroll();
      const neighbour = await h.createSystemAccount({ enterpriseId: acme.enterprise.id });
      const rotated = await h.request(
        'POST',
        `/v1/system-accounts/${acme.portal.id}/credentials/rotate`,
        { body: { overlapSeconds: 3600 } },
      );
      expect(rotated.status, rotated.text).toBe(201);
      const newSecret = String(rotated.body.clientSecret);
      const oldToken = await contentToken(acme.portal);
      const newToken = await contentToken(acme.portal, newSecret);
      const neighbourToken = await contentToken(neighbour);
      await accepted(oldToken);
      await accepted(newToken);
      await accepted(neighbourToken);

      const oldId = String(acme.portal.credentials[0].id);
      expect(
        (
          await h.request(
            'POST',
            `/v1/system-accounts/${acme.portal.id}/credentials/${oldId}/revoke`,
          )
        ).status,
      ).toBe(200);
      await refused(oldToken, 'the secret revocation');
      expect(await read(newToken)).toBe(200);

      expect((await h.request('DELETE', `/v1/system-accounts/${acme.portal.id}`)).status).toBe(200);
      await refused(newToken, 'the deletion');
      expect(await read(neighbourToken)).toBe(200);
    });
  });
});
