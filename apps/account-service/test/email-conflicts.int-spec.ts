import { randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_AUDIENCE, expectProblem, Harness, type HttpResult } from './support/harness.js';

const PASSWORD = 'enterprise admin password 1';

/**
 * Emails are unique across every enterprise (they are login names), so a taken one must be
 * refused; an enterprise admin must not learn from the refusal that someone in another
 * enterprise uses it. A platform admin, who sees every user anyway, gets the precise answer.
 */
describe('a taken email tells an enterprise admin nothing about other enterprises', () => {
  let h: Harness;
  let acme: Record<string, unknown>;
  let acmeMember: Record<string, unknown>;
  let otherUser: Record<string, unknown>;
  let deletedUser: Record<string, unknown>;
  let token: string;

  const user = (enterpriseId: unknown, overrides: Record<string, unknown> = {}) => ({
    kind: 'enterprise',
    enterpriseId,
    email: `someone-${randomUUID()}@example.test`,
    name: 'Someone',
    ...overrides,
  });

  /** The parts of a problem that do not change from one request to the next. */
  const answer = (result: HttpResult) => {
    const {
      requestId: _requestId,
      instance: _instance,
      ...rest
    } = result.body as Record<string, unknown>;
    return { status: result.status, ...rest };
  };

  beforeAll(async () => {
    h = await Harness.start();
    acme = await h.createEnterprise();
    const other = await h.createEnterprise();
    const portal = await h.createSystemAccount({
      enterpriseId: acme.id,
      grantTypes: ['client_credentials', 'password'],
    });
    const admin = await h.created(
      '/v1/users',
      user(acme.id, { roles: ['enterprise-admin'], password: PASSWORD }),
    );
    acmeMember = await h.created('/v1/users', user(acme.id));
    otherUser = await h.created('/v1/users', user(other.id));
    deletedUser = await h.created('/v1/users', user(acme.id));
    expect((await h.request('DELETE', `/v1/users/${String(deletedUser.id)}`)).status).toBe(200);
    token = await waitFor('an enterprise admin token', async () => {
      const result = await h.token(String(portal.clientId), String(portal.clientSecret), {
        grant_type: 'password',
        username: String(admin.email),
        password: PASSWORD,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("inviting a user with another enterprise's user's email: the answer for any unusable email", async () => {
    const before = await h.snapshot();
    const invite = (email: unknown) =>
      h.request('POST', '/v1/users', { token, body: user(acme.id, { email }) });
    const elsewhere = await invite(String(otherUser.email).toUpperCase());
    expectProblem(elsewhere, 409, 'email_unavailable');
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/exist|other\.|enterprise/i);
    // Taken in their own enterprise, or by a deleted user: word for word the same answer.
    expect(answer(await invite(acmeMember.email))).toEqual(answer(elsewhere));
    expect(answer(await invite(deletedUser.email))).toEqual(answer(elsewhere));
    await h.expectUnchanged(before);
  });

  it("changing a user's email to another enterprise's user's: the same answer", async () => {
    const before = await h.snapshot();
    const result = await h.request('PATCH', `/v1/users/${String(acmeMember.id)}`, {
      token,
      body: { email: otherUser.email },
    });
    expectProblem(result, 409, 'email_unavailable');
    expect(result.body.detail).toBe('This email address cannot be used; choose another one.');
    await h.expectUnchanged(before);
  });

  it('a platform admin is told the email belongs to an existing user', async () => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/users', {
      body: user(acme.id, { email: otherUser.email }),
    });
    expectProblem(result, 409, 'user_exists');
    await h.expectUnchanged(before);
  });
});
