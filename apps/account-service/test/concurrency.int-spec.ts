import { randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/account-service.config.js';
import {
  idempotentRequest,
  withSecretDigest,
} from '../src/idempotency/domain/idempotent-request.js';
import { hashClientSecret } from '../src/system-accounts/domain/client-credentials.js';
import { ACCOUNTS_AUDIENCE, ADMIN_CLIENT_ID, expectProblem, Harness } from './support/harness.js';

/** ETag / If-Match (RFC 9110 §8.8.3, §13.1.1) and Idempotency-Key on creates. */
describe('optimistic concurrency and idempotency', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('ETag', () => {
    it('is the strong tag of the version on every single-resource read and write, not on lists', async () => {
      const enterprise = await h.request('POST', '/v1/enterprises', {
        body: { name: 'Tagged Oy', businessId: `T-${randomUUID().slice(0, 8)}` },
      });
      expect(enterprise.headers.get('etag')).toBe('"1"');
      const id = enterprise.body.id as string;
      expect((await h.request('GET', `/v1/enterprises/${id}`)).headers.get('etag')).toBe('"1"');
      const patched = await h.request('PATCH', `/v1/enterprises/${id}`, { body: { name: 'New' } });
      expect(patched.headers.get('etag')).toBe('"2"');
      const suspended = await h.request('POST', `/v1/enterprises/${id}/suspend`);
      expect(suspended.headers.get('etag')).toBe('"3"');
      expect((await h.request('GET', '/v1/enterprises')).headers.get('etag')).toBeNull();

      const api = await h.createContentApi();
      expect((await h.request('GET', `/v1/content-apis/${api.id}`)).headers.get('etag')).toBe(
        '"1"',
      );
      const contract = await h.createContract({ contentApiId: api.id });
      expect((await h.request('GET', `/v1/contracts/${contract.id}`)).headers.get('etag')).toBe(
        '"1"',
      );
      const account = await h.createSystemAccount();
      expect(
        (await h.request('GET', `/v1/system-accounts/${account.id}`)).headers.get('etag'),
      ).toBe('"1"');
      expect(
        (await h.request('GET', `/v1/system-accounts/${account.id}/credentials`)).headers.get(
          'etag',
        ),
      ).toBe('"1"');
      const rotated = await h.request(
        'POST',
        `/v1/system-accounts/${account.id}/credentials/rotate`,
      );
      expect(rotated.headers.get('etag')).toBe('"2"');
    });

    it('is not sent on problems', async () => {
      const result = await h.request('GET', `/v1/enterprises/${randomUUID()}`);
      expect(result.status).toBe(404);
      expect(result.headers.get('etag')).toBeNull();
    });
  });

  describe('If-None-Match', () => {
    it('answers 304 without a body while the tag is current, 200 once the resource changed', async () => {
      const enterprise = await h.createEnterprise();
      const path = `/v1/enterprises/${enterprise.id}`;
      const etag = (await h.request('GET', path)).headers.get('etag')!;
      const unchanged = await h.request('GET', path, { headers: { 'if-none-match': etag } });
      expect(unchanged.status).toBe(304);
      expect(unchanged.text).toBe('');
      expect(unchanged.headers.get('etag')).toBe(etag);
      expect(
        (await h.request('GET', path, { headers: { 'if-none-match': `W/${etag}` } })).status,
      ).toBe(304);

      await h.request('PATCH', path, { body: { name: 'Renamed' } });
      const changed = await h.request('GET', path, { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.body.name).toBe('Renamed');
      expect(changed.headers.get('etag')).toBe('"2"');
    });
  });

  describe('If-Match', () => {
    it('two updates with the same ETag: one 200, one 412 precondition_failed', async () => {
      const enterprise = await h.createEnterprise();
      const etag = (await h.request('GET', `/v1/enterprises/${enterprise.id}`)).headers.get(
        'etag',
      )!;
      const before = await h.snapshot();
      const results = await Promise.all(
        ['First', 'Second'].map((name) =>
          h.request('PATCH', `/v1/enterprises/${enterprise.id}`, {
            body: { name },
            headers: { 'if-match': etag },
          }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 412]);
      const lost = results.find((result) => result.status === 412)!;
      expectProblem(lost, 412, 'precondition_failed');
      expect(lost.body.detail).toContain('"2"');
      const won = results.find((result) => result.status === 200)!;
      await h.expectEvents(before, [
        { type: 'EnterpriseUpdated', aggregateId: enterprise.id, version: 2 },
      ]);
      expect((await h.request('GET', `/v1/enterprises/${enterprise.id}`)).body.name).toBe(
        won.body.name,
      );
    });

    it('applies with the current tag, with *, or without the header', async () => {
      const enterprise = await h.createEnterprise();
      const path = `/v1/enterprises/${enterprise.id}`;
      expect(
        (await h.request('PATCH', path, { body: { name: 'A' }, headers: { 'if-match': '"1"' } }))
          .status,
      ).toBe(200);
      expect(
        (
          await h.request('PATCH', path, {
            body: { name: 'B' },
            headers: { 'if-match': '"7", "2"' },
          })
        ).status,
      ).toBe(200);
      expect(
        (await h.request('PATCH', path, { body: { name: 'C' }, headers: { 'if-match': '*' } }))
          .status,
      ).toBe(200);
      expect((await h.request('PATCH', path, { body: { name: 'D' } })).body.version).toBe(5);
    });

    it.each([['"1"'], ['W/"5"'], ['5'], ['garbage']])(
      'refuses If-Match %s on a resource at version 5 with 412 and writes nothing',
      async (ifMatch) => {
        const enterprise = await h.createEnterprise();
        for (const name of ['a', 'b', 'c', 'd']) {
          await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { body: { name } });
        }
        const before = await h.snapshot();
        expectProblem(
          await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, {
            body: { name: 'x' },
            headers: { 'if-match': ifMatch },
          }),
          412,
          'precondition_failed',
        );
        await h.expectUnchanged(before);
      },
    );

    it('guards every transition: enterprise, contract, credential rotation and revocation', async () => {
      const enterprise = await h.createEnterprise();
      const contract = await h.createContract({ enterpriseId: enterprise.id });
      const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
      const stale = { headers: { 'if-match': '"9"' } };
      const fresh = { headers: { 'if-match': '"1"' } };
      const routes = [
        `/v1/enterprises/${enterprise.id}/suspend`,
        `/v1/contracts/${contract.id}/suspend`,
        `/v1/system-accounts/${account.id}/credentials/rotate`,
      ];
      const before = await h.snapshot();
      for (const route of routes) {
        expectProblem(await h.request('POST', route, stale), 412, 'precondition_failed');
      }
      const revoke = `/v1/system-accounts/${account.id}/credentials/${account.credentials[0].id}/revoke`;
      expectProblem(await h.request('POST', revoke, stale), 412, 'precondition_failed');
      await h.expectUnchanged(before);
      for (const route of routes) {
        const result = await h.request('POST', route, fresh);
        expect(result.status, result.text).toBeLessThan(300);
      }
      expect((await h.request('POST', revoke, { headers: { 'if-match': '"2"' } })).status).toBe(
        200,
      );
    });

    it('answers 404 before 412 for a missing resource', async () => {
      expectProblem(
        await h.request('POST', `/v1/contracts/${randomUUID()}/suspend`, {
          headers: { 'if-match': '"1"' },
        }),
        404,
        'contract_not_found',
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('the same POST twice creates once: one row, one event, the same answer replayed', async () => {
      const key = randomUUID();
      const body = { name: 'Once Oy', businessId: `O-${randomUUID().slice(0, 8)}` };
      const before = await h.snapshot();
      const first = await h.request('POST', '/v1/enterprises', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotency-replayed')).toBeNull();
      const second = await h.request('POST', '/v1/enterprises', {
        // The same request with members in another order.
        body: { businessId: body.businessId, name: body.name },
        headers: { 'idempotency-key': key },
      });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotency-replayed')).toBe('true');
      expect(second.headers.get('etag')).toBe('"1"');
      expect(second.body).toEqual(first.body);
      const rows = await h.query('SELECT id FROM accounts.enterprises WHERE business_id = $1', [
        body.businessId,
      ]);
      expect(rows).toHaveLength(1);
      await h.expectEvents(before, [
        { type: 'EnterpriseCreated', aggregateId: first.body.id, version: 1 },
      ]);
    });

    it('concurrent retries with the same key create once', async () => {
      const key = randomUUID();
      const api = await h.createContentApi();
      const enterprise = await h.createEnterprise();
      const body = {
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        scopes: ['articles:read'],
        validFrom: '2025-01-01T00:00:00Z',
      };
      const before = await h.snapshot();
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          h.request('POST', '/v1/contracts', { body, headers: { 'idempotency-key': key } }),
        ),
      );
      expect(results.map((result) => result.status)).toEqual([201, 201, 201]);
      expect(new Set(results.map((result) => String(result.body.id))).size).toBe(1);
      expect(results.filter((result) => result.headers.get('idempotency-replayed'))).toHaveLength(
        2,
      );
      await h.expectEvents(before, [
        { type: 'ContractCreated', aggregateId: results[0]!.body.id, version: 1 },
      ]);
    });

    it('the same key with another body: 422 idempotency_key_reused, nothing written', async () => {
      const key = randomUUID();
      await h.request('POST', '/v1/enterprises', {
        body: { name: 'A', businessId: `A-${randomUUID().slice(0, 8)}` },
        headers: { 'idempotency-key': key },
      });
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/enterprises', {
          body: { name: 'B', businessId: `B-${randomUUID().slice(0, 8)}` },
          headers: { 'idempotency-key': key },
        }),
        422,
        'idempotency_key_reused',
      );
      expectProblem(
        await h.request('POST', '/v1/content-apis', {
          body: {
            name: 'x',
            resourceIndicator: 'https://x.example.com',
            scopes: [{ name: 'a', description: '' }],
          },
          headers: { 'idempotency-key': key },
        }),
        422,
        'idempotency_key_reused',
      );
      await h.expectUnchanged(before);
    });

    it('the same key and body on another resource is another request: 422, not the first answer', async () => {
      // The nearest neighbour: two system accounts of one enterprise, rotated with one key and
      // the same (empty) body. Only the path tells them apart; replaying the first rotation would
      // tell the caller that B has new credentials while B still has its old ones.
      const enterprise = await h.createEnterprise();
      const a = await h.createSystemAccount({ enterpriseId: enterprise.id });
      const b = await h.createSystemAccount({ enterpriseId: enterprise.id });
      const key = randomUUID();
      const rotate = (id: string, query = '') =>
        h.request('POST', `/v1/system-accounts/${id}/credentials/rotate${query}`, {
          body: {},
          headers: { 'idempotency-key': key },
        });
      const first = await rotate(a.id);
      expect(first.status, first.text).toBe(201);
      // The query string is no part of the request: the same rotation with one is a replay.
      const replay = await rotate(a.id, '?again=1');
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      const before = await h.snapshot();
      expectProblem(await rotate(b.id), 422, 'idempotency_key_reused');
      await h.expectUnchanged(before);
    });

    it('stores no unkeyed hash of a password: the fingerprint binds it by its keyed digest only', async () => {
      const enterprise = await h.createEnterprise();
      const key = randomUUID();
      const password = `pw-${randomUUID()}`;
      const body = {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: `${randomUUID()}@example.test`,
        name: 'Keyed',
        password,
      };
      const created = await h.request('POST', '/v1/users', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(created.status, created.text).toBe(201);
      const [row] = await h.query(
        'SELECT fingerprint FROM accounts.idempotency_keys WHERE key = $1',
        [key],
      );
      // The request without its password, then the password's keyed digest bound in.
      const withoutPassword = idempotentRequest(key, ADMIN_CLIENT_ID, 'POST', '/v1/users', body, [
        'password',
      ])!;
      const digest = hashClientSecret(LOCAL_CREDENTIALS_HASH_KEY, password);
      expect(row?.fingerprint).toBe(withSecretDigest(withoutPassword, digest).fingerprint);
    });

    it('a create that failed keeps no key: a corrected retry with it succeeds', async () => {
      const key = randomUUID();
      const taken = await h.createEnterprise();
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/enterprises', {
          body: { name: 'Dup', businessId: taken.businessId },
          headers: { 'idempotency-key': key },
        }),
        409,
        'enterprise_exists',
      );
      await h.expectUnchanged(before);
      const retried = await h.request('POST', '/v1/enterprises', {
        body: { name: 'Dup', businessId: `D-${randomUUID().slice(0, 8)}` },
        headers: { 'idempotency-key': key },
      });
      expect(retried.status).toBe(201);
    });

    it('a replayed system account creation shows no secret (it is stored nowhere)', async () => {
      const enterprise = await h.createEnterprise();
      const key = randomUUID();
      const body = { enterpriseId: enterprise.id, name: 'Portal' };
      const first = await h.request('POST', '/v1/system-accounts', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      const secret = first.body.clientSecret as string;
      const [stored] = await h.query(
        'SELECT response FROM accounts.idempotency_keys WHERE key = $1',
        [key],
      );
      expect(JSON.stringify(stored)).not.toContain(secret);
      const second = await h.request('POST', '/v1/system-accounts', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotency-replayed')).toBe('true');
      expect(second.headers.get('cache-control')).toBe('no-store');
      const { clientSecret: _secret, ...rest } = first.body;
      expect(second.body).toEqual(rest);
      expect(
        await h.query('SELECT id FROM accounts.system_accounts WHERE enterprise_id = $1', [
          enterprise.id,
        ]),
      ).toHaveLength(1);
    });

    // Keys are per caller (the token's subject): a key another caller chose, by chance or by
    // guessing, must neither hand out that caller's stored answer nor swallow this caller's
    // create. The nearest neighbours: two enterprise admins logged in through the same portal
    // (one client_id, two subjects), and the platform admin; the same path and body each time.
    it('the same key from another caller is its own request: its own effect, never the stored answer', async () => {
      const enterprise = await h.createEnterprise();
      const portal = await h.createSystemAccount({
        enterpriseId: enterprise.id,
        name: 'Portal',
        grantTypes: ['client_credentials', 'password'],
      });
      const target = await h.createSystemAccount({ enterpriseId: enterprise.id, name: 'Batch' });
      const password = 'idempotency admin password 1';
      const admins = await Promise.all(
        ['first', 'second'].map((name) =>
          h.created('/v1/users', {
            kind: 'enterprise',
            enterpriseId: enterprise.id,
            email: `${name}-${randomUUID()}@idempotency.example`,
            name: `Admin ${name}`,
            roles: ['enterprise-admin'],
            password,
          }),
        ),
      );
      const userToken = (email: string) =>
        waitFor(`a user token for ${email}`, async () => {
          const result = await h.token(String(portal.clientId), String(portal.clientSecret), {
            grant_type: 'password',
            username: email,
            password,
            resource: ACCOUNTS_AUDIENCE,
            scope: 'accounts:self',
          });
          return result.status === 200 ? String(result.body.access_token) : undefined;
        });
      const callers = [
        await userToken(String(admins[0]!.email)),
        await userToken(String(admins[1]!.email)),
        await h.adminToken(),
      ];
      const key = randomUUID();
      const rotate = (token: string) =>
        h.request('POST', `/v1/system-accounts/${target.id}/credentials/rotate`, {
          token,
          body: { overlapSeconds: 600 },
          headers: { 'idempotency-key': key },
        });
      const before = await h.snapshot();
      const answers = [];
      for (const token of callers) {
        const answer = await rotate(token);
        expect(answer.status, answer.text).toBe(201);
        expect(answer.headers.get('idempotency-replayed')).toBeNull();
        expect(answer.body.clientSecret).toMatch(/^cs_/);
        answers.push(answer);
      }
      // Three rotations: three secrets, three credentials, three events, each by its own actor.
      expect(new Set(answers.map((answer) => String(answer.body.clientSecret))).size).toBe(3);
      expect(new Set(answers.map((answer) => String(answer.body.credential.id))).size).toBe(3);
      const events = await h.expectEvents(
        before,
        [2, 3, 4].map((version) => ({
          type: 'SystemAccountSecretRotated',
          aggregateId: target.id,
          version,
        })),
      );
      expect(events.map((event): unknown => event.actor)).toEqual([
        { type: 'user', id: admins[0]!.id },
        { type: 'user', id: admins[1]!.id },
        { type: 'client', id: 'charter-admin' },
      ]);
      // Each caller's own retry replays its own answer (without the secret), nobody else's.
      for (const [index, token] of callers.entries()) {
        const retry = await rotate(token);
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotency-replayed')).toBe('true');
        expect(retry.body.credential.id).toBe(answers[index]!.body.credential.id);
        expect(retry.body).not.toHaveProperty('clientSecret');
      }
    });

    it.each([[''], ['a b'], ['x'.repeat(256)]])(
      'refuses the key %j with 400 invalid_idempotency_key',
      async (key) => {
        const before = await h.snapshot();
        expectProblem(
          await h.request('POST', '/v1/enterprises', {
            body: { name: 'K', businessId: `K-${randomUUID().slice(0, 8)}` },
            headers: { 'idempotency-key': key },
          }),
          400,
          'invalid_idempotency_key',
        );
        await h.expectUnchanged(before);
      },
    );
  });
});
