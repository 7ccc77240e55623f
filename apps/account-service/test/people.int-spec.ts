/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CLIENT_ID, expectProblem, Harness } from './support/harness.js';

const PASSWORD = 'a long enough password 1';

/**
 * Issue 16, first half: people, not a shared client. Platform admins and auditors are users who
 * sign in at the real auth-server through the admin console client (code + PKCE) and call this
 * API with their own token; enterprise admins get the self-service their contracts allow; the
 * audit log names the person, the client, the address and the reason.
 */
describe('named admins and an audit that says who', () => {
  let h: Harness;
  /** The first platform admin, made by the bootstrap client (the first start). */
  let alice: { user: Record<string, any>; token: string };

  /** A platform user created by `token`'s caller; its sign-in token. */
  async function platformUser(
    roles: string[],
    token?: string,
  ): Promise<{ user: Record<string, any>; token: string }> {
    const created = await h.request('POST', '/v1/users', {
      ...(token === undefined ? {} : { token }),
      body: {
        kind: 'platform',
        email: `ops-${randomUUID()}@charter.example`,
        name: 'Platform person',
        roles,
        password: PASSWORD,
      },
    });
    expect(created.status, created.text).toBe(201);
    return { user: created.body, token: await h.signIn(created.body.email, PASSWORD) };
  }

  /** An enterprise admin (with a password) of the enterprise, made by the machine admin. */
  const enterpriseAdmin = (enterpriseId: string): Promise<Record<string, any>> =>
    h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId,
      email: `admin-${randomUUID()}@example.com`,
      name: 'Enterprise admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });

  beforeAll(async () => {
    h = await Harness.start();
    alice = await platformUser(['platform-admin']);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a platform admin creates a second admin, who suspends a contract with a reason: the audit names the person, the client, the address and the reason', async () => {
    const contract = await h.createContract();
    // Alice, signed in as herself, makes Bob a platform admin.
    const bob = await platformUser(['platform-admin'], alice.token);
    const created = await h.auditRows(bob.user.id);
    expect(created[0]).toMatchObject({
      actor_type: 'user',
      actor_id: alice.user.id,
      actor_email: alice.user.email,
      client_id: CONSOLE_CLIENT_ID,
    });

    // A reason over the bound, or a member beside it, is refused and changes nothing.
    const before = await h.snapshot();
    for (const body of [
      { reason: 'x'.repeat(501) },
      { reason: 'ok', force: true },
      { reason: null },
    ]) {
      expectProblem(
        await h.request('POST', `/v1/contracts/${contract.id}/suspend`, { token: bob.token, body }),
        400,
        'validation_failed',
      );
    }
    await h.expectUnchanged(before);

    // No trusted proxy is configured: a forged X-Forwarded-For is not the address.
    const suspended = await h.request('POST', `/v1/contracts/${contract.id}/suspend`, {
      token: bob.token,
      body: { reason: 'Invoice 2026-114 unpaid for 60 days' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body.status).toBe('suspended');

    const audit = await h.request(
      'GET',
      `/v1/audit-events?entityId=${contract.id}&action=ContractSuspended`,
      {
        token: alice.token,
      },
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actor: { type: 'user', id: bob.user.id, email: bob.user.email },
      clientId: CONSOLE_CLIENT_ID,
      sourceAddress: '127.0.0.1',
      reason: 'Invoice 2026-114 unpaid for 60 days',
      enterpriseId: contract.enterpriseId,
      action: 'ContractSuspended',
      requestId: expect.any(String),
    });
    // The event names the person too.
    const [event] = await h.expectEvents(before, [
      { type: 'ContractSuspended', aggregateId: contract.id, version: 2 },
    ]);
    expect(event?.actor).toEqual({ type: 'user', id: bob.user.id });
  });

  it('a platform auditor reads everything and writes nothing', async () => {
    const contract = await h.createContract();
    const auditor = await platformUser(['platform-auditor'], alice.token);
    expect((await h.request('GET', '/v1/enterprises', { token: auditor.token })).status).toBe(200);
    expect(
      (await h.request('GET', `/v1/contracts/${contract.id}`, { token: auditor.token })).status,
    ).toBe(200);
    expect((await h.request('GET', '/v1/audit-events', { token: auditor.token })).status).toBe(200);
    const before = await h.snapshot();
    for (const [method, path, body] of [
      ['POST', `/v1/contracts/${contract.id}/suspend`, undefined],
      ['POST', '/v1/enterprises', { name: 'Nope', contacts: [] }],
      ['PATCH', `/v1/users/${auditor.user.id}`, { roles: ['platform-admin'] }],
      ['DELETE', `/v1/users/${alice.user.id}`, undefined],
    ] as const) {
      expectProblem(
        await h.request(method, path, { token: auditor.token, ...(body ? { body } : {}) }),
        403,
        'forbidden',
      );
    }
    await h.expectUnchanged(before);
  });

  it('an enterprise admin makes no platform user and gives no platform role', async () => {
    const acmeAdmin = await enterpriseAdmin((await h.createEnterprise()).id);
    const token = await h.signIn(acmeAdmin.email, PASSWORD);
    const before = await h.snapshot();
    expectProblem(
      await h.request('POST', '/v1/users', {
        token,
        body: {
          kind: 'platform',
          email: `x-${randomUUID()}@acme.example`,
          name: 'X',
          roles: ['platform-admin'],
        },
      }),
      403,
      'forbidden',
    );
    // Nor an enterprise user with a platform role, nor itself.
    expectProblem(
      await h.request('PATCH', `/v1/users/${acmeAdmin.id}`, {
        token,
        body: { roles: ['enterprise-admin', 'platform-admin'] },
      }),
      400,
      'validation_failed',
    );
    await h.expectUnchanged(before);
  });

  it('never the last platform admin: two removals at once of the last two leave one', async () => {
    // Down to two active platform admins: Alice and a fresh one; every other one disabled.
    const carol = await platformUser(['platform-admin']);
    const admins = await h.query<{ id: string }>(
      `SELECT id FROM accounts.users WHERE kind = 'platform' AND 'platform-admin' = ANY(roles) AND status = 'active' AND deleted_at IS NULL AND id NOT IN ($1, $2)`,
      [alice.user.id, carol.user.id],
    );
    for (const { id } of admins) {
      expect((await h.request('POST', `/v1/users/${id}/disable`)).status).toBe(200);
    }
    // Two removals at once, by the machine admin: one takes the role away, one deletes.
    const [demoted, deleted] = await Promise.all([
      h.request('PATCH', `/v1/users/${alice.user.id}`, { body: { roles: ['platform-auditor'] } }),
      h.request('DELETE', `/v1/users/${carol.user.id}`),
    ]);
    expect([demoted.status, deleted.status].sort()).toEqual([200, 409]);
    const refused = demoted.status === 409 ? demoted : deleted;
    expectProblem(refused, 409, 'last_platform_admin');
    const left = await h.query<{ id: string }>(
      `SELECT id FROM accounts.users WHERE kind = 'platform' AND 'platform-admin' = ANY(roles) AND status = 'active' AND deleted_at IS NULL`,
    );
    expect(left).toHaveLength(1);
    const last = left[0]!.id;
    // The last one cannot disable or delete themselves either, nor be disabled by the machine.
    expectProblem(await h.request('POST', `/v1/users/${last}/disable`), 409, 'last_platform_admin');
    expectProblem(await h.request('DELETE', `/v1/users/${last}`), 409, 'last_platform_admin');
    // Fifty at once against the last one: none goes through.
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0
          ? h.request('POST', `/v1/users/${last}/disable`)
          : h.request('PATCH', `/v1/users/${last}`, { body: { roles: ['platform-auditor'] } }),
      ),
    );
    expect(new Set(many.map((result) => result.status))).toEqual(new Set([409]));
    // With a second admin made, the first may go.
    const dave = await platformUser(['platform-admin']);
    expect((await h.request('POST', `/v1/users/${last}/disable`)).status).toBe(200);
    alice = dave;
  });

  describe('enterprise admins', () => {
    let contentApi: Record<string, any>;
    let uncovered: Record<string, any>;
    let acme: Record<string, any>;
    let globex: Record<string, any>;
    let acmeToken: string;
    let globexAccount: Record<string, any>;

    /** An enterprise with a contract for the content API, and its admin. */
    async function enterpriseWithAdmin(
      contract: boolean,
    ): Promise<{ enterprise: Record<string, any>; admin: Record<string, any> }> {
      const enterprise = await h.createEnterprise();
      if (contract) {
        await h.createContract({ enterpriseId: enterprise.id, contentApiId: contentApi.id });
      }
      return { enterprise, admin: await enterpriseAdmin(enterprise.id) };
    }

    beforeAll(async () => {
      contentApi = await h.createContentApi();
      uncovered = await h.createContentApi();
      const a = await enterpriseWithAdmin(true);
      acme = a.enterprise;
      const g = await enterpriseWithAdmin(true);
      globex = g.enterprise;
      globexAccount = await h.createSystemAccount({ enterpriseId: globex.id });
      acmeToken = await h.signIn(a.admin.email, PASSWORD);
    });

    it('creates, rotates, revokes and deletes their own system accounts', async () => {
      const created = await h.request('POST', '/v1/system-accounts', {
        token: acmeToken,
        body: { enterpriseId: acme.id, name: 'Acme portal' },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.clientSecret).toEqual(expect.any(String));
      const id = created.body.id;
      const rotated = await h.request('POST', `/v1/system-accounts/${id}/credentials/rotate`, {
        token: acmeToken,
        body: { overlapSeconds: 3600, label: 'Reports job, 2026-Q3' },
      });
      expect(rotated.status, rotated.text).toBe(201);
      expect(rotated.body.credential.label).toBe('Reports job, 2026-Q3');
      const unnamed = rotated.body.items.find(
        (item: { id: string }) => item.id !== rotated.body.credential.id,
      );
      expect(unnamed.label).toBeNull();
      for (const label of ['x'.repeat(101), '   ', 42]) {
        expectProblem(
          await h.request('POST', `/v1/system-accounts/${id}/credentials/rotate`, {
            token: acmeToken,
            body: { label },
          }),
          400,
          'validation_failed',
        );
      }
      const first =
        created.body.credentials?.[0]?.id ??
        (await h.request('GET', `/v1/system-accounts/${id}/credentials`, { token: acmeToken })).body
          .items[0].id;
      const revoked = await h.request(
        'POST',
        `/v1/system-accounts/${id}/credentials/${first}/revoke`,
        { token: acmeToken, body: { reason: 'leaked in a ticket' } },
      );
      expect(revoked.status, revoked.text).toBe(200);
      expect(
        (await h.request('DELETE', `/v1/system-accounts/${id}`, { token: acmeToken })).status,
      ).toBe(200);
      const rows = await h.auditRows(id);
      expect(
        rows.every((row) => row.enterprise_id === acme.id && row.client_id === CONSOLE_CLIENT_ID),
      ).toBe(true);
      expect(rows.find((row) => row.action === 'SystemAccountSecretRevoked')?.reason).toBe(
        'leaked in a ticket',
      );
    });

    it('creating a system account beyond the contract is refused and changes nothing', async () => {
      // An enterprise whose only contract is not in force (suspended) gets no client.
      const idle = await enterpriseWithAdmin(false);
      const halted = await h.createContract({
        enterpriseId: idle.enterprise.id,
        contentApiId: contentApi.id,
      });
      expect((await h.request('POST', `/v1/contracts/${halted.id}/suspend`)).status).toBe(200);
      const idleToken = await h.signIn(idle.admin.email, PASSWORD);
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          token: acmeToken,
          body: {
            enterpriseId: acme.id,
            name: 'RS',
            resourceServerFor: contentApi.resourceIndicator,
          },
        }),
        403,
        'beyond_contract',
      );
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          token: acmeToken,
          body: { enterpriseId: globex.id, name: 'Not ours' },
        }),
        404,
        'enterprise_not_found',
      );
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          token: idleToken,
          body: { enterpriseId: idle.enterprise.id, name: 'No contract' },
        }),
        403,
        'beyond_contract',
      );
      await h.expectUnchanged(before);
    });

    it("another enterprise's objects stay invisible (404, like missing ones)", async () => {
      const before = await h.snapshot();
      const missing = randomUUID();
      for (const id of [globexAccount.id, missing]) {
        expectProblem(
          await h.request('GET', `/v1/system-accounts/${id}`, { token: acmeToken }),
          404,
          'system_account_not_found',
        );
        expectProblem(
          await h.request('DELETE', `/v1/system-accounts/${id}`, { token: acmeToken }),
          404,
          'system_account_not_found',
        );
        expectProblem(
          await h.request('POST', `/v1/system-accounts/${id}/credentials/${randomUUID()}/revoke`, {
            token: acmeToken,
          }),
          404,
          'system_account_not_found',
        );
      }
      expectProblem(
        await h.request('GET', `/v1/audit-events?enterpriseId=${globex.id}`, { token: acmeToken }),
        404,
        'enterprise_not_found',
      );
      expectProblem(
        await h.request('GET', `/v1/content-apis/${uncovered.id}`, { token: acmeToken }),
        404,
        'content_api_not_found',
      );
      await h.expectUnchanged(before);
    });

    it('reads their own audit trail and the catalogue their contracts cover', async () => {
      const trail = await h.request('GET', '/v1/audit-events?limit=100', { token: acmeToken });
      expect(trail.status).toBe(200);
      expect(trail.body.items.length).toBeGreaterThan(0);
      expect(trail.body.items.every((item: any) => item.enterpriseId === acme.id)).toBe(true);
      const catalogue = await h.request('GET', '/v1/content-apis', { token: acmeToken });
      expect(catalogue.status).toBe(200);
      expect(catalogue.body.items.map((api: { id: string }) => api.id)).toEqual([contentApi.id]);
      const api = await h.request('GET', `/v1/content-apis/${contentApi.id}`, { token: acmeToken });
      expect(api.status).toBe(200);
      expect(api.body.scopes.map((scope: { name: string }) => scope.name)).toContain(
        'articles:read',
      );
    });
  });

  it('exports the audit trail as CSV, filtered by enterprise, with formulas kept as text', async () => {
    const contract = await h.createContract();
    const reason = '=HYPERLINK("https://evil.example","click")';
    expect(
      (
        await h.request('POST', `/v1/contracts/${contract.id}/suspend`, {
          token: alice.token,
          body: { reason },
        })
      ).status,
    ).toBe(200);
    const json = await h.request(
      'GET',
      `/v1/audit-events?enterpriseId=${contract.enterpriseId}&limit=100`,
      {
        token: alice.token,
      },
    );
    const csv = await h.request('GET', `/v1/audit-events?enterpriseId=${contract.enterpriseId}`, {
      token: alice.token,
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n').filter((line) => line.length > 0);
    expect(lines[0]).toMatch(
      /^"id","at","actorType","actorId","actorEmail","clientId","sourceAddress",/,
    );
    expect(lines).toHaveLength(json.body.items.length + 1);
    const suspended = lines.find((line) => line.includes('"ContractSuspended"'));
    expect(suspended).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(suspended).toContain(`"${alice.user.email}"`);
    // JSON stays the default; a bad filter is a problem, not a CSV.
    expect(
      (await h.request('GET', '/v1/audit-events', { token: alice.token })).headers.get(
        'content-type',
      ),
    ).toMatch(/^application\/json/);
    expectProblem(
      await h.request('GET', '/v1/audit-events?enterpriseId=nope', {
        token: alice.token,
        headers: { accept: 'text/csv' },
      }),
      400,
      'validation_failed',
    );
  });
});
