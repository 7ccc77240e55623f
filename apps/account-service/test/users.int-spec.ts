import { createHmac, randomUUID } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/account-service.config.js';
import { expectProblem, Harness, ISO_DATE_TIME, UUID } from './support/harness.js';

const hmac = (secret: string) =>
  createHmac('sha256', LOCAL_CREDENTIALS_HASH_KEY).update(secret).digest('hex');

const PASSWORD = 'correct horse battery staple';

describe('users', () => {
  let h: Harness;
  let enterpriseId: string;

  beforeAll(async () => {
    h = await Harness.start();
    enterpriseId = (await h.createEnterprise()).id as string;
  });

  afterAll(async () => {
    await h?.close();
  });

  const email = () => `user-${randomUUID()}@acme.example`;

  describe('create', () => {
    it('creates an invited enterprise user: row, event with the whole state, audit', async () => {
      const address = email();
      const before = await h.snapshot();
      const created = await h.request('POST', '/v1/users', {
        body: { kind: 'enterprise', enterpriseId, email: address.toUpperCase(), name: 'Maija' },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toEqual({
        id: UUID,
        kind: 'enterprise',
        enterpriseId,
        email: address,
        name: 'Maija',
        roles: ['member'],
        status: 'invited',
        emailVerified: false,
        hasPassword: false,
        passwordChangedAt: null,
        deletedAt: null,
        version: 1,
        createdAt: ISO_DATE_TIME,
        updatedAt: created.body.createdAt,
      });
      expect(created.headers.get('etag')).toBe('"1"');
      const id = created.body.id as string;
      const [event] = await h.expectEvents(before, [
        { type: 'UserCreated', aggregateId: id, version: 1 },
      ]);
      expect(event).toMatchObject({
        subject: 'accounts.user.created',
        actor: { type: 'client', id: 'charter-admin' },
        data: {
          id,
          kind: 'enterprise',
          enterpriseId,
          email: address,
          roles: ['member'],
          status: 'invited',
          passwordHash: null,
          deletedAt: null,
        },
      });
      const audit = await h.auditRows(id);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'UserCreated', entity_type: 'user', before: null }),
      ]);
    });

    it('creates an active user with an initial password: argon2id hash in row and event, never in a response or the audit', async () => {
      const before = await h.snapshot();
      const created = await h.request('POST', '/v1/users', {
        body: {
          kind: 'enterprise',
          enterpriseId,
          email: email(),
          name: 'Admin',
          roles: ['enterprise-admin', 'member'],
          password: PASSWORD,
        },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        status: 'active',
        hasPassword: true,
        passwordChangedAt: ISO_DATE_TIME,
        roles: ['enterprise-admin', 'member'],
      });
      const id = created.body.id as string;
      const [row] = await h.query('SELECT password_hash FROM accounts.users WHERE id = $1', [id]);
      const hash = String(row?.password_hash);
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(await verify(hash, PASSWORD)).toBe(true);
      const [event] = await h.expectEvents(before, [
        { type: 'UserCreated', aggregateId: id, version: 1 },
      ]);
      expect(event?.data.passwordHash).toBe(hash);
      const audit = await h.auditRows(id);
      expect(audit[0]?.after.passwordHash).toBe('[redacted]');
      for (const text of [
        created.text,
        (await h.request('GET', `/v1/users/${id}`)).text,
        JSON.stringify(audit),
      ]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(hash);
      }
      const keys = await h.query('SELECT * FROM accounts.idempotency_keys');
      expect(JSON.stringify(keys)).not.toContain(PASSWORD);
    });

    it('creates an individual user without enterprise or roles', async () => {
      const created = await h.request('POST', '/v1/users', {
        body: { kind: 'individual', email: email(), name: 'Ivy', roles: [] },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ kind: 'individual', enterpriseId: null, roles: [] });
    });

    it('answers 409 user_exists for an email taken in another case, and writes nothing', async () => {
      const address = email();
      await h.request('POST', '/v1/users', {
        body: { kind: 'individual', email: address, name: 'A' },
      });
      const before = await h.snapshot();
      const again = await h.request('POST', '/v1/users', {
        body: { kind: 'enterprise', enterpriseId, email: address.toUpperCase(), name: 'B' },
      });
      expectProblem(again, 409, 'user_exists');
      await h.expectUnchanged(before);
    });

    it('answers 404 enterprise_not_found / 409 enterprise_not_active for the enterprise, and writes nothing', async () => {
      let before = await h.snapshot();
      const unknown = await h.request('POST', '/v1/users', {
        body: { kind: 'enterprise', enterpriseId: randomUUID(), email: email(), name: 'x' },
      });
      expectProblem(unknown, 404, 'enterprise_not_found');
      expect(unknown.body.errors).toEqual([
        { pointer: '/enterpriseId', detail: 'no such enterprise' },
      ]);
      await h.expectUnchanged(before);

      const suspended = await h.createEnterprise();
      expect((await h.request('POST', `/v1/enterprises/${suspended.id}/suspend`)).status).toBe(200);
      before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/users', {
          body: { kind: 'enterprise', enterpriseId: suspended.id, email: email(), name: 'x' },
        }),
        409,
        'enterprise_not_active',
      );
      await h.expectUnchanged(before);
    });

    const invalid: Array<[string, (address: string, enterpriseId: string) => unknown, string]> = [
      ['a missing kind', (e) => ({ email: e, name: 'x' }), '/kind'],
      ['an unknown kind', (e) => ({ kind: 'robot', email: e, name: 'x' }), '/kind'],
      [
        'a missing email',
        (_e, id) => ({ kind: 'enterprise', enterpriseId: id, name: 'x' }),
        '/email',
      ],
      [
        'a malformed email',
        (_e, id) => ({ kind: 'enterprise', enterpriseId: id, email: 'nope', name: 'x' }),
        '/email',
      ],
      [
        'a blank name',
        (e, id) => ({ kind: 'enterprise', enterpriseId: id, email: e, name: ' ' }),
        '/name',
      ],
      [
        'a non-UUID enterpriseId',
        (e) => ({ kind: 'enterprise', enterpriseId: 'acme', email: e, name: 'x' }),
        '/enterpriseId',
      ],
      [
        'an enterprise user without enterpriseId',
        (e) => ({ kind: 'enterprise', email: e, name: 'x' }),
        '/enterpriseId',
      ],
      [
        'an individual user with an enterpriseId',
        (e, id) => ({ kind: 'individual', enterpriseId: id, email: e, name: 'x' }),
        '/enterpriseId',
      ],
      [
        'an individual user with roles',
        (e) => ({ kind: 'individual', email: e, name: 'x', roles: ['member'] }),
        '/roles',
      ],
      [
        'an unknown role',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          roles: ['owner'],
        }),
        '/roles',
      ],
      [
        'a repeated role',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          roles: ['member', 'member'],
        }),
        '/roles',
      ],
      [
        'a password of 11 characters',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          password: 'a'.repeat(11),
        }),
        '/password',
      ],
      [
        'a password of 257 characters',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          password: 'a'.repeat(257),
        }),
        '/password',
      ],
      [
        'the email as password',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          password: e.toUpperCase(),
        }),
        '/password',
      ],
      [
        'a non-string password',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          password: 123456789012,
        }),
        '/password',
      ],
      [
        'an unknown field',
        (e, id) => ({
          kind: 'enterprise',
          enterpriseId: id,
          email: e,
          name: 'x',
          status: 'active',
        }),
        '/status',
      ],
    ];

    it.each(invalid)(
      'refuses %s with 400 validation_failed and writes nothing',
      async (_name, body, pointer) => {
        const before = await h.snapshot();
        const result = await h.request('POST', '/v1/users', { body: body(email(), enterpriseId) });
        expectProblem(result, 400, 'validation_failed');
        expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
          pointer,
        );
        expect(result.text).not.toContain('aaaaaaaaaaa');
        await h.expectUnchanged(before);
      },
    );

    it('replays a create with the same Idempotency-Key (password included); another password is another request', async () => {
      const key = randomUUID();
      const body = {
        kind: 'enterprise',
        enterpriseId,
        email: email(),
        name: 'Idem',
        password: PASSWORD,
      };
      const first = await h.request('POST', '/v1/users', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      const before = await h.snapshot();
      const replay = await h.request('POST', '/v1/users', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      await h.expectUnchanged(before);
      expectProblem(
        await h.request('POST', '/v1/users', {
          body: { ...body, password: `${PASSWORD}!` },
          headers: { 'idempotency-key': key },
        }),
        422,
        'idempotency_key_reused',
      );
      await h.expectUnchanged(before);
    });
  });

  describe('read', () => {
    it('gets a user with its ETag; 404 user_not_found for unknown and malformed ids', async () => {
      const user = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'R' });
      const got = await h.request('GET', `/v1/users/${user.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(user);
      expect(got.headers.get('etag')).toBe('"1"');
      for (const id of [randomUUID(), 'nope']) {
        expectProblem(await h.request('GET', `/v1/users/${id}`), 404, 'user_not_found');
      }
    });

    it('lists by enterprise, kind, status and email (any case), a page at a time, sorted', async () => {
      const enterprise = await h.createEnterprise();
      const a = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: email(),
        name: 'Bea',
      });
      const b = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: email(),
        name: 'Aino',
        password: PASSWORD,
      });
      const c = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: email(),
        name: 'Cecilia',
      });

      const first = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&sort=name&limit=2`,
      );
      expect(first.status).toBe(200);
      expect(first.body.items.map((user: { id: string }) => user.id)).toEqual([b.id, a.id]);
      const second = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&sort=name&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body).toEqual({ items: [c], nextCursor: null });

      const active = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&status=active`,
      );
      expect(active.body.items).toEqual([b]);
      const byEmail = await h.request(
        'GET',
        `/v1/users?email=${encodeURIComponent(String(c.email).toUpperCase())}`,
      );
      expect(byEmail.body.items).toEqual([c]);
      const individuals = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&kind=individual`,
      );
      expect(individuals.body.items).toEqual([]);
      const newest = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&sort=-createdAt`,
      );
      expect(newest.body.items.map((user: { id: string }) => user.id)).toEqual([c.id, b.id, a.id]);
    });

    it.each([
      ['kind=robot', '/kind'],
      ['status=gone', '/status'],
      ['enterpriseId=acme', '/enterpriseId'],
      ['email=nope', '/email'],
      ['includeDeleted=yes', '/includeDeleted'],
      ['sort=email', '/sort'],
      ['limit=0', '/limit'],
    ])('refuses the list query %s with 400', async (query, pointer) => {
      const result = await h.request('GET', `/v1/users?${query}`);
      expectProblem(result, 400, 'validation_failed');
      expect(JSON.stringify(result.body.errors)).toContain(pointer);
    });
  });

  describe('update', () => {
    it('changes name, email (lower-cased, unverified) and roles with UserUpdated; the same values change nothing', async () => {
      const user = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId,
        email: email(),
        name: 'U',
      });
      const address = email();
      const before = await h.snapshot();
      const patched = await h.request('PATCH', `/v1/users/${user.id}`, {
        body: { name: 'U2', email: address.toUpperCase(), roles: ['enterprise-admin'] },
        headers: { 'if-match': '"1"' },
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({
        name: 'U2',
        email: address,
        roles: ['enterprise-admin'],
        emailVerified: false,
        version: 2,
      });
      expect(patched.headers.get('etag')).toBe('"2"');
      const [event] = await h.expectEvents(before, [
        { type: 'UserUpdated', aggregateId: user.id, version: 2 },
      ]);
      expect(event?.data).toMatchObject({
        name: 'U2',
        email: address,
        roles: ['enterprise-admin'],
      });

      const same = await h.snapshot();
      const unchanged = await h.request('PATCH', `/v1/users/${user.id}`, {
        body: { name: 'U2', roles: ['enterprise-admin'] },
      });
      expect(unchanged.body.version).toBe(2);
      await h.expectUnchanged(same);
    });

    it('answers 412 on a stale If-Match, 409 user_exists on a taken email, 400 on roles of an individual; writes nothing', async () => {
      const taken = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'T' });
      const user = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'V' });
      const before = await h.snapshot();
      expectProblem(
        await h.request('PATCH', `/v1/users/${user.id}`, {
          body: { name: 'W' },
          headers: { 'if-match': '"7"' },
        }),
        412,
        'precondition_failed',
      );
      expectProblem(
        await h.request('PATCH', `/v1/users/${user.id}`, {
          body: { email: String(taken.email).toUpperCase() },
        }),
        409,
        'user_exists',
      );
      const roles = await h.request('PATCH', `/v1/users/${user.id}`, {
        body: { roles: ['member'] },
      });
      expectProblem(roles, 400, 'validation_failed');
      expect(roles.body.errors).toEqual([{ pointer: '/roles', detail: expect.any(String) }]);
      for (const body of [
        { name: null },
        { email: 'nope' },
        { kind: 'enterprise' },
        { roles: ['owner'] },
      ]) {
        expectProblem(
          await h.request('PATCH', `/v1/users/${user.id}`, { body }),
          400,
          'validation_failed',
        );
      }
      expectProblem(
        await h.request('PATCH', `/v1/users/${randomUUID()}`, { body: { name: 'x' } }),
        404,
        'user_not_found',
      );
      await h.expectUnchanged(before);
    });
  });

  describe('status', () => {
    it('disables and enables (back to active, or invited without a password), one event each', async () => {
      const active = await h.created('/v1/users', {
        kind: 'individual',
        email: email(),
        name: 'S',
        password: PASSWORD,
      });
      const before = await h.snapshot();
      const disabled = await h.request('POST', `/v1/users/${active.id}/disable`, {
        headers: { 'if-match': '"1"' },
      });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ status: 'disabled', version: 2 });
      const enabled = await h.request('POST', `/v1/users/${active.id}/enable`, { body: {} });
      expect(enabled.body).toMatchObject({ status: 'active', version: 3 });
      const events = await h.expectEvents(before, [
        { type: 'UserDisabled', aggregateId: active.id, version: 2 },
        { type: 'UserEnabled', aggregateId: active.id, version: 3 },
      ]);
      expect(events.map((event) => String(event.subject))).toEqual([
        'accounts.user.disabled',
        'accounts.user.enabled',
      ]);
      expect(events.map((event) => String(event.data.status))).toEqual(['disabled', 'active']);

      const invited = await h.created('/v1/users', {
        kind: 'individual',
        email: email(),
        name: 'I',
      });
      await h.request('POST', `/v1/users/${invited.id}/disable`);
      expect((await h.request('POST', `/v1/users/${invited.id}/enable`)).body.status).toBe(
        'invited',
      );
    });

    it('refuses illegal transitions (409), a stale If-Match (412) and a body (400), writing nothing', async () => {
      const user = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'S' });
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', `/v1/users/${user.id}/enable`),
        409,
        'illegal_status_transition',
      );
      expectProblem(
        await h.request('POST', `/v1/users/${user.id}/disable`, { headers: { 'if-match': '"2"' } }),
        412,
        'precondition_failed',
      );
      expectProblem(
        // A reason is taken (issue 16); any other member is not.
        await h.request('POST', `/v1/users/${user.id}/disable`, { body: { force: true } }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.request('POST', `/v1/users/${randomUUID()}/disable`),
        404,
        'user_not_found',
      );
      await h.expectUnchanged(before);
      await h.request('POST', `/v1/users/${user.id}/disable`);
      const disabled = await h.snapshot();
      expectProblem(
        await h.request('POST', `/v1/users/${user.id}/disable`),
        409,
        'illegal_status_transition',
      );
      await h.expectUnchanged(disabled);
    });
  });

  describe('delete', () => {
    it('soft-deletes: UserDeleted, GET still answers with deletedAt, lists hide it unless includeDeleted=true, writes are 409 user_deleted', async () => {
      const enterprise = await h.createEnterprise();
      const user = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: email(),
        name: 'D',
      });
      const issued = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'invitation' },
      });
      expect(issued.status).toBe(201);
      const before = await h.snapshot();
      expectProblem(
        await h.request('DELETE', `/v1/users/${user.id}`, { headers: { 'if-match': '"9"' } }),
        412,
        'precondition_failed',
      );
      await h.expectUnchanged(before);
      const deleted = await h.request('DELETE', `/v1/users/${user.id}`, {
        headers: { 'if-match': '"1"' },
      });
      expect(deleted.status, deleted.text).toBe(200);
      expect(deleted.body).toMatchObject({
        deletedAt: ISO_DATE_TIME,
        version: 2,
        status: 'invited',
      });
      const [event] = await h.expectEvents(before, [
        { type: 'UserDeleted', aggregateId: user.id, version: 2 },
      ]);
      expect(event?.data.deletedAt).toBe(deleted.body.deletedAt);

      expect((await h.request('GET', `/v1/users/${user.id}`)).body).toEqual(deleted.body);
      const hidden = await h.request('GET', `/v1/users?enterpriseId=${enterprise.id}`);
      expect(hidden.body.items).toEqual([]);
      const shown = await h.request(
        'GET',
        `/v1/users?enterpriseId=${enterprise.id}&includeDeleted=true`,
      );
      expect(shown.body.items).toEqual([deleted.body]);

      const after = await h.snapshot();
      for (const [method, path, body] of [
        ['PATCH', `/v1/users/${user.id}`, { name: 'again' }],
        ['POST', `/v1/users/${user.id}/disable`, undefined],
        ['POST', `/v1/users/${user.id}/enable`, undefined],
        ['DELETE', `/v1/users/${user.id}`, undefined],
        ['POST', `/v1/users/${user.id}/password-tokens`, { purpose: 'reset' }],
      ] as const) {
        expectProblem(await h.request(method, path, { body }), 409, 'user_deleted');
      }
      // The invitation issued before the deletion no longer works.
      expectProblem(
        await h.request('POST', '/v1/password-tokens/redeem', {
          token: null,
          body: { token: issued.body.token, password: PASSWORD },
        }),
        400,
        'invalid_password_token',
      );
      await h.expectUnchanged(after);
    });
  });

  describe('password tokens', () => {
    it('issues a one-time invitation (72 h) shown once and stored as a keyed hash; redeeming it sets the password and activates the user', async () => {
      const user = await h.created('/v1/users', {
        kind: 'enterprise',
        enterpriseId,
        email: email(),
        name: 'P',
      });
      const before = await h.snapshot();
      const issued = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'invitation' },
      });
      expect(issued.status, issued.text).toBe(201);
      expect(issued.headers.get('cache-control')).toBe('no-store');
      const token = issued.body.token as string;
      expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
      expect(issued.body).toEqual({
        id: UUID,
        userId: user.id,
        purpose: 'invitation',
        createdAt: ISO_DATE_TIME,
        expiresAt: ISO_DATE_TIME,
        token,
      });
      expect(Date.parse(issued.body.expiresAt) - Date.parse(issued.body.createdAt)).toBe(
        72 * 3600 * 1000,
      );
      const rows = await h.query('SELECT * FROM accounts.password_tokens WHERE user_id = $1', [
        user.id,
      ]);
      expect(rows).toEqual([
        expect.objectContaining({ hash: hmac(token), used_at: null, voided_at: null }),
      ]);
      // No user change, so no event; the audit log records the issue without the token.
      await h.expectEvents(before, []);
      const audit = await h.auditRows(user.id);
      expect(audit.at(-1)).toMatchObject({
        action: 'UserPasswordTokenIssued',
        after: { purpose: 'invitation' },
      });
      expect(JSON.stringify(audit)).not.toContain(token);
      expect(JSON.stringify(audit)).not.toContain(hmac(token));

      const beforeRedeem = await h.snapshot();
      const redeemed = await h.request('POST', '/v1/password-tokens/redeem', {
        token: null,
        body: { token, password: PASSWORD },
      });
      expect(redeemed.status, redeemed.text).toBe(204);
      const [event] = await h.expectEvents(beforeRedeem, [
        { type: 'UserPasswordChanged', aggregateId: user.id, version: 2 },
      ]);
      expect(event).toMatchObject({
        subject: 'accounts.user.password-changed',
        actor: { type: 'user', id: user.id },
        data: {
          status: 'active',
          passwordHash: expect.stringMatching(/^\$argon2id\$/),
          passwordChangedAt: ISO_DATE_TIME,
        },
      });
      expect(await verify(String(event?.data.passwordHash), PASSWORD)).toBe(true);
      expect((await h.request('GET', `/v1/users/${user.id}`)).body).toMatchObject({
        status: 'active',
        hasPassword: true,
        version: 2,
      });
      const listed = await h.request('GET', `/v1/audit-events?entityType=user&entityId=${user.id}`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: { action: string }) => item.action)).toEqual([
        'UserPasswordChanged',
        'UserPasswordTokenIssued',
        'UserCreated',
      ]);
      expect(listed.text).not.toContain(token);
      expect(listed.text).not.toContain('$argon2id$');
      const changeAudit = (await h.auditRows(user.id)).at(-1);
      expect(changeAudit).toMatchObject({
        action: 'UserPasswordChanged',
        actor_type: 'user',
        after: { passwordHash: '[redacted]' },
      });

      // Single use.
      const used = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/password-tokens/redeem', {
          token: null,
          body: { token, password: `${PASSWORD}2` },
        }),
        400,
        'invalid_password_token',
      );
      await h.expectUnchanged(used);
    });

    it('a reset token lasts 1 hour; a new token voids the older ones', async () => {
      const user = await h.created('/v1/users', {
        kind: 'individual',
        email: email(),
        name: 'R',
        password: PASSWORD,
      });
      const older = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'reset' },
      });
      expect(Date.parse(older.body.expiresAt) - Date.parse(older.body.createdAt)).toBe(3600 * 1000);
      const newer = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'reset' },
      });
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/password-tokens/redeem', {
          token: null,
          body: { token: older.body.token, password: 'another long password' },
        }),
        400,
        'invalid_password_token',
      );
      await h.expectUnchanged(before);
      const ok = await h.request('POST', '/v1/password-tokens/redeem', {
        token: null,
        body: { token: newer.body.token, password: 'another long password' },
      });
      expect(ok.status).toBe(204);
      await h.expectEvents(before, [
        { type: 'UserPasswordChanged', aggregateId: user.id, version: 2 },
      ]);
    });

    it('refuses an expired token with the same 400', async () => {
      const user = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'E' });
      const issued = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'reset' },
      });
      await h.query(
        "UPDATE accounts.password_tokens SET expires_at = now() - interval '1 second' WHERE id = $1",
        [issued.body.id],
      );
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/password-tokens/redeem', {
        token: null,
        body: { token: issued.body.token, password: PASSWORD },
      });
      expectProblem(result, 400, 'invalid_password_token');
      const unknown = await h.request('POST', '/v1/password-tokens/redeem', {
        token: null,
        body: { token: 'pt_unknown', password: PASSWORD },
      });
      expectProblem(unknown, 400, 'invalid_password_token');
      // The same answer whatever the reason: nothing tells the two apart.
      expect({ ...result.body, requestId: '', instance: '' }).toEqual({
        ...unknown.body,
        requestId: '',
        instance: '',
      });
      await h.expectUnchanged(before);
    });

    it('refuses a weak password without using the token up; refuses bad bodies', async () => {
      const address = email();
      const user = await h.created('/v1/users', { kind: 'individual', email: address, name: 'W' });
      const issued = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'invitation' },
      });
      const before = await h.snapshot();
      for (const password of ['short', address.toUpperCase(), 'x'.repeat(257)]) {
        const result = await h.request('POST', '/v1/password-tokens/redeem', {
          token: null,
          body: { token: issued.body.token, password },
        });
        expectProblem(result, 400, 'validation_failed');
        expect(result.body.errors).toEqual([{ pointer: '/password', detail: expect.any(String) }]);
      }
      for (const body of [
        { token: issued.body.token },
        { password: PASSWORD },
        { token: issued.body.token, password: PASSWORD, extra: 1 },
      ]) {
        expectProblem(
          await h.request('POST', '/v1/password-tokens/redeem', { token: null, body }),
          400,
          'validation_failed',
        );
      }
      await h.expectUnchanged(before);
      expect(
        (
          await h.request('POST', '/v1/password-tokens/redeem', {
            token: null,
            body: { token: issued.body.token, password: PASSWORD },
          })
        ).status,
      ).toBe(204);
    });

    it('refuses a bad purpose (400), an unknown user (404), and replays an Idempotency-Key without the token', async () => {
      const user = await h.created('/v1/users', { kind: 'individual', email: email(), name: 'K' });
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
          body: { purpose: 'login' },
        }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.request('POST', `/v1/users/${randomUUID()}/password-tokens`, {
          body: { purpose: 'reset' },
        }),
        404,
        'user_not_found',
      );
      await h.expectUnchanged(before);
      const key = randomUUID();
      const first = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'reset' },
        headers: { 'idempotency-key': key },
      });
      const replay = await h.request('POST', `/v1/users/${user.id}/password-tokens`, {
        body: { purpose: 'reset' },
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      const { token: _token, ...withoutToken } = first.body;
      expect(replay.body).toEqual(withoutToken);
      expect(
        (
          await h.query(
            'SELECT count(*)::int AS n FROM accounts.password_tokens WHERE user_id = $1',
            [user.id],
          )
        )[0]?.n,
      ).toBe(1);
    });

    it('needs no access token to redeem, but the admin routes do', async () => {
      expect((await h.request('POST', '/v1/users', { token: null, body: {} })).status).toBe(401);
      expect(
        (
          await h.request('POST', '/v1/password-tokens/redeem', {
            token: null,
            body: { token: 'pt_x', password: PASSWORD },
          })
        ).status,
      ).toBe(400);
    });
  });
});
