/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_AUDIENCE, expectProblem, Harness } from './support/harness.js';

const PASSWORD = 'enterprise admin password 1';

/**
 * Enterprise admins (contracts.md): a user token (password grant at the real
 * auth-server, audience the account service, scope accounts:self) is authorised by
 * the user's row here: their own enterprise's users to manage; their enterprise, its
 * contracts and system accounts to read; its credentials to list and rotate. Other
 * enterprises' things are 404, platform-only operations 403 forbidden.
 */
describe('enterprise admins', () => {
  let h: Harness;
  let acme: Record<string, any>;
  let other: Record<string, any>;
  let portal: Record<string, any>;
  let adminUser: Record<string, any>;
  let memberUser: Record<string, any>;
  let token: string;
  let acmeContract: Record<string, any>;
  let otherContract: Record<string, any>;
  let otherAccount: Record<string, any>;
  let otherUser: Record<string, any>;
  let apiIndicator: string;

  /** A password-grant token for the account service, once the auth-server has the user. */
  const userToken = (username: string, password = PASSWORD) =>
    waitFor(`a user token for ${username}`, async () => {
      const result = await h.token(String(portal.clientId), String(portal.clientSecret), {
        grant_type: 'password',
        username,
        password,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });

  const as = (method: string, path: string, body?: unknown) =>
    h.request(method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    h = await Harness.start();
    acme = await h.createEnterprise();
    other = await h.createEnterprise();
    const api = await h.createContentApi();
    apiIndicator = String(api.resourceIndicator);
    acmeContract = await h.createContract({ enterpriseId: acme.id, contentApiId: api.id });
    otherContract = await h.createContract({ enterpriseId: other.id, contentApiId: api.id });
    portal = await h.createSystemAccount({
      enterpriseId: acme.id,
      name: 'Acme portal',
      grantTypes: ['client_credentials', 'password'],
    });
    otherAccount = await h.createSystemAccount({ enterpriseId: other.id });
    adminUser = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `admin-${randomUUID()}@acme.example`,
      name: 'Acme admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
    memberUser = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `member-${randomUUID()}@acme.example`,
      name: 'Acme member',
      password: PASSWORD,
    });
    otherUser = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: other.id,
      email: `someone-${randomUUID()}@other.example`,
      name: 'Other user',
    });
    token = await userToken(String(adminUser.email));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('the token is a user token: sub the user, enterprise_id, scope accounts:self', () => {
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: adminUser.id,
      client_id: portal.clientId,
      enterprise_id: acme.id,
      scope: 'accounts:self',
      aud: ACCOUNTS_AUDIENCE,
    });
  });

  it('reads its own enterprise, contracts and system accounts; lists are limited to them', async () => {
    expect((await as('GET', `/v1/enterprises/${acme.id}`)).body).toMatchObject({ id: acme.id });
    expect((await as('GET', `/v1/contracts/${acmeContract.id}`)).body).toMatchObject({
      id: acmeContract.id,
    });
    expect((await as('GET', `/v1/system-accounts/${portal.id}`)).body).toMatchObject({
      id: portal.id,
    });
    const contracts = await as('GET', '/v1/contracts');
    expect(contracts.body.items.map((item: { id: string }) => item.id)).toEqual([acmeContract.id]);
    const accounts = await as('GET', '/v1/system-accounts');
    expect(accounts.body.items.map((item: { id: string }) => item.id)).toEqual([portal.id]);
    const users = await as('GET', '/v1/users?sort=name');
    expect(users.body.items.map((item: { id: string }) => item.id)).toEqual([
      adminUser.id,
      memberUser.id,
    ]);
    expect((await as('GET', `/v1/contracts?enterpriseId=${acme.id}`)).status).toBe(200);
  });

  it('answers 404 for everything of another enterprise, like a missing one, and writes nothing', async () => {
    const before = await h.snapshot();
    expectProblem(await as('GET', `/v1/enterprises/${other.id}`), 404, 'enterprise_not_found');
    expectProblem(await as('GET', `/v1/contracts/${otherContract.id}`), 404, 'contract_not_found');
    expectProblem(
      await as('GET', `/v1/system-accounts/${otherAccount.id}`),
      404,
      'system_account_not_found',
    );
    expectProblem(
      await as('GET', `/v1/system-accounts/${otherAccount.id}/credentials`),
      404,
      'system_account_not_found',
    );
    expectProblem(
      await as('POST', `/v1/system-accounts/${otherAccount.id}/credentials/rotate`),
      404,
      'system_account_not_found',
    );
    expectProblem(await as('GET', `/v1/users/${otherUser.id}`), 404, 'user_not_found');
    expectProblem(
      await as('PATCH', `/v1/users/${otherUser.id}`, { name: 'x' }),
      404,
      'user_not_found',
    );
    expectProblem(await as('POST', `/v1/users/${otherUser.id}/disable`), 404, 'user_not_found');
    expectProblem(await as('DELETE', `/v1/users/${otherUser.id}`), 404, 'user_not_found');
    expectProblem(
      await as('POST', `/v1/users/${otherUser.id}/password-tokens`, { purpose: 'reset' }),
      404,
      'user_not_found',
    );
    expectProblem(await as('GET', `/v1/users/${randomUUID()}`), 404, 'user_not_found');
    expectProblem(
      await as('GET', `/v1/contracts?enterpriseId=${other.id}`),
      404,
      'enterprise_not_found',
    );
    expectProblem(
      await as('GET', `/v1/users?enterpriseId=${other.id}`),
      404,
      'enterprise_not_found',
    );
    expectProblem(
      await as('POST', '/v1/users', {
        kind: 'enterprise',
        enterpriseId: other.id,
        email: `x-${randomUUID()}@other.example`,
        name: 'x',
      }),
      404,
      'enterprise_not_found',
    );
    await h.expectUnchanged(before);
  });

  it('answers 403 forbidden for platform-only operations, and writes nothing', async () => {
    const before = await h.snapshot();
    for (const [method, path, body] of [
      ['GET', '/v1/enterprises', undefined],
      ['POST', '/v1/enterprises', { name: 'x', businessId: 'X-1' }],
      ['PATCH', `/v1/enterprises/${acme.id}`, { name: 'x' }],
      ['POST', `/v1/enterprises/${acme.id}/suspend`, undefined],
      ['POST', '/v1/contracts', { enterpriseId: acme.id }],
      ['POST', `/v1/contracts/${acmeContract.id}/suspend`, undefined],
      ['DELETE', `/v1/contracts/${acmeContract.id}`, undefined],
      ['PATCH', `/v1/system-accounts/${portal.id}`, { name: 'x' }],
      [
        'POST',
        '/v1/users',
        { kind: 'individual', email: `i-${randomUUID()}@x.example`, name: 'x' },
      ],
    ] as const) {
      const result = await as(method, path, body);
      expectProblem(result, 403, 'forbidden');
    }
    // A protected-resource client could introspect every token of the API: beyond any contract
    // (issue 16 lets enterprise admins create, delete and revoke within their contracts).
    expectProblem(
      await as('POST', '/v1/system-accounts', { name: 'x', resourceServerFor: apiIndicator }),
      403,
      'beyond_contract',
    );
    await h.expectUnchanged(before);
  });

  it("manages its own enterprise's users, audited as the user", async () => {
    const before = await h.snapshot();
    const created = await as('POST', '/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `new-${randomUUID()}@acme.example`,
      name: 'New colleague',
    });
    expect(created.status, created.text).toBe(201);
    const id = String(created.body.id);
    const patched = await as('PATCH', `/v1/users/${id}`, { roles: ['enterprise-admin'] });
    expect(patched.body).toMatchObject({ roles: ['enterprise-admin'], version: 2 });
    const issued = await as('POST', `/v1/users/${id}/password-tokens`, { purpose: 'invitation' });
    expect(issued.status).toBe(201);
    expect((await as('POST', `/v1/users/${id}/disable`)).body.status).toBe('disabled');
    expect((await as('DELETE', `/v1/users/${id}`)).body.deletedAt).not.toBeNull();
    const events = await h.expectEvents(before, [
      { type: 'UserCreated', aggregateId: id, version: 1 },
      { type: 'UserUpdated', aggregateId: id, version: 2 },
      { type: 'UserDisabled', aggregateId: id, version: 3 },
      { type: 'UserDeleted', aggregateId: id, version: 4 },
    ]);
    for (const event of events) {
      expect(event.actor).toEqual({ type: 'user', id: adminUser.id });
    }
    const audit = await h.auditRows(id);
    expect(audit.map((row) => [String(row.actor_type), String(row.actor_id)])).toEqual(
      Array.from({ length: 5 }, (): string[] => ['user', String(adminUser.id)]),
    );
  });

  it('lists and rotates its system accounts’ credentials', async () => {
    const account = await h.createSystemAccount({ enterpriseId: acme.id, name: 'Acme batch' });
    const listed = await as('GET', `/v1/system-accounts/${account.id}/credentials`);
    expect(listed.body.items).toHaveLength(1);
    const before = await h.snapshot();
    const rotated = await as('POST', `/v1/system-accounts/${account.id}/credentials/rotate`, {
      overlapSeconds: 0,
    });
    expect(rotated.status, rotated.text).toBe(201);
    expect(rotated.body.clientSecret).toMatch(/^cs_/);
    const [event] = await h.expectEvents(before, [
      { type: 'SystemAccountSecretRotated', aggregateId: account.id, version: 2 },
    ]);
    expect(event?.actor).toEqual({ type: 'user', id: adminUser.id });
  });

  it('refuses a member (403 forbidden), and a disabled admin at once (401 invalid_token)', async () => {
    const memberToken = await userToken(String(memberUser.email));
    expectProblem(
      await h.request('GET', `/v1/enterprises/${acme.id}`, { token: memberToken }),
      403,
      'forbidden',
    );

    const second = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `admin2-${randomUUID()}@acme.example`,
      name: 'Second admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
    const secondToken = await userToken(String(second.email));
    expect(
      (await h.request('GET', `/v1/enterprises/${acme.id}`, { token: secondToken })).status,
    ).toBe(200);
    expect((await h.request('POST', `/v1/users/${second.id}/disable`)).status).toBe(200);
    // The row here decides, at once: no waiting for the token to expire.
    const refused = await h.request('GET', `/v1/enterprises/${acme.id}`, { token: secondToken });
    expectProblem(refused, 401, 'invalid_token');
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    // A demoted admin is refused at once too.
    const third = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `admin3-${randomUUID()}@acme.example`,
      name: 'Third admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
    const thirdToken = await userToken(String(third.email));
    await h.request('PATCH', `/v1/users/${third.id}`, { body: { roles: ['member'] } });
    expectProblem(await h.request('GET', `/v1/users`, { token: thirdToken }), 403, 'forbidden');
  });

  it('refuses a user token at once when its portal client is deleted (401 invalid_token)', async () => {
    const second = await h.createSystemAccount({
      enterpriseId: acme.id,
      name: 'Acme second portal',
      grantTypes: ['password'],
    });
    const viaSecond = await waitFor('a user token through the second portal', async () => {
      const result = await h.token(String(second.clientId), String(second.clientSecret), {
        grant_type: 'password',
        username: String(adminUser.email),
        password: PASSWORD,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });
    expect(
      (await h.request('GET', `/v1/enterprises/${acme.id}`, { token: viaSecond })).status,
    ).toBe(200);
    expect((await h.request('DELETE', `/v1/system-accounts/${second.id}`)).status).toBe(200);
    expectProblem(
      await h.request('GET', `/v1/enterprises/${acme.id}`, { token: viaSecond }),
      401,
      'invalid_token',
    );
  });
});
