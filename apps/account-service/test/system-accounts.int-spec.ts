import { createHmac, randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/account-service.config.js';
import {
  ACCOUNTS_AUDIENCE,
  expectProblem,
  Harness,
  ISO_DATE_TIME,
  UUID,
} from './support/harness.js';

const hmac = (secret: string) =>
  createHmac('sha256', LOCAL_CREDENTIALS_HASH_KEY).update(secret).digest('hex');

describe('system accounts', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('creates an account: the secret in this response only, its keyed hash in the row and the event, redacted in the audit', async () => {
    const enterprise = await h.createEnterprise();
    const before = await h.snapshot();
    const created = await h.request('POST', '/v1/system-accounts', {
      body: { enterpriseId: enterprise.id, name: 'Acme portal' },
    });

    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = created.body.clientSecret as string;
    expect(secret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toEqual({
      id: UUID,
      clientId: expect.stringMatching(/^sa_[A-Za-z0-9_-]{22}$/),
      clientSecret: secret,
      name: 'Acme portal',
      enterpriseId: enterprise.id,
      status: 'active',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      credentials: [{ id: UUID, createdAt: ISO_DATE_TIME, expiresAt: null, label: null }],
      redirectUris: [],
      postLogoutRedirectUris: [],
      requirePkce: true,
      jwks: null,
      jwksUri: null,
      idTokenSignedResponseAlg: null,
      resourceServerFor: null,
      securityProfile: null,
      deletedAt: null,
      version: 1,
      createdAt: ISO_DATE_TIME,
      updatedAt: created.body.createdAt,
    });
    const id = created.body.id as string;

    const [row] = await h.query('SELECT * FROM accounts.system_accounts WHERE id = $1', [id]);
    expect(row).toMatchObject({
      client_id: created.body.clientId,
      enterprise_id: enterprise.id,
      grant_types: ['client_credentials'],
      version: 1,
    });
    const secrets = await h.query(
      'SELECT * FROM accounts.system_account_secrets WHERE system_account_id = $1',
      [id],
    );
    expect(secrets).toEqual([
      expect.objectContaining({
        id: created.body.credentials[0].id,
        hash: hmac(secret),
        expires_at: null,
      }),
    ]);

    const [event] = await h.expectEvents(before, [
      { type: 'SystemAccountCreated', aggregateId: id, version: 1 },
    ]);
    expect(event).toMatchObject({
      subject: 'accounts.system-account.created',
      actor: { type: 'client', id: 'charter-admin' },
      data: {
        id,
        clientId: created.body.clientId,
        enterpriseId: enterprise.id,
        platformAccess: null,
        secrets: [{ id: created.body.credentials[0].id, hash: hmac(secret), expiresAt: null }],
      },
    });
    expect(JSON.stringify(event)).not.toContain(secret);

    const audit = await h.auditRows(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'SystemAccountCreated',
      entity_type: 'system-account',
      after: { secrets: [{ hash: '[redacted]' }] },
    });
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(hmac(secret));

    // Neither reads nor any stored row shows the secret again.
    const one = await h.request('GET', `/v1/system-accounts/${id}`);
    const { clientSecret: _secret, ...withoutSecret } = created.body;
    expect(one.body).toEqual(withoutSecret);
    const list = await h.request('GET', '/v1/system-accounts?sort=-createdAt');
    expect(list.body.items).toContainEqual(withoutSecret);
    for (const text of [one.text, list.text]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    }
    const everything = await h.query(
      "SELECT string_agg(t::text, '') AS dump FROM (SELECT * FROM accounts.system_accounts) t UNION ALL SELECT string_agg(o.envelope::text, '') FROM accounts.outbox o UNION ALL SELECT string_agg(a.after::text, '') FROM accounts.audit_log a",
    );
    expect(JSON.stringify(everything)).not.toContain(secret);
  });

  it('takes grant types, auth methods and a token lifetime when given; password only when asked', async () => {
    const enterprise = await h.createEnterprise();
    const created = await h.createSystemAccount({
      enterpriseId: enterprise.id,
      grantTypes: ['client_credentials', 'password'],
      tokenEndpointAuthMethods: ['client_secret_post'],
      accessTokenTtlSeconds: 300,
    });
    expect(created).toMatchObject({
      grantTypes: ['client_credentials', 'password'],
      tokenEndpointAuthMethods: ['client_secret_post'],
      accessTokenTtlSeconds: 300,
    });
  });

  it('gives a client that can authenticate at the auth-server with its secret', async () => {
    // A contract makes the client eligible; the secret is checked against the hash the event carried.
    const enterprise = await h.createEnterprise();
    const api = await h.createContentApi();
    await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const token = await waitForToken(
      h,
      account.clientId,
      account.clientSecret,
      api.resourceIndicator,
    );
    expect(token).toMatchObject({
      token_type: expect.stringMatching(/^bearer$/i),
      scope: 'articles:read',
    });
    const wrong = await h.token(account.clientId, `${account.clientSecret}x`, {
      resource: api.resourceIndicator,
    });
    expect(wrong.status).toBe(401);
  });

  it('gives a high-risk client tokens of five seconds', async () => {
    const enterprise = await h.createEnterprise();
    const api = await h.createContentApi();
    await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });
    const account = await h.createSystemAccount({
      enterpriseId: enterprise.id,
      accessTokenTtlSeconds: 5,
    });
    expect(account.accessTokenTtlSeconds).toBe(5);
    const token = await waitForToken(
      h,
      account.clientId,
      account.clientSecret,
      api.resourceIndicator,
    );
    expect(token.expires_in).toBe(5);
    const claims = JSON.parse(
      Buffer.from(String(token.access_token).split('.')[1] ?? '', 'base64url').toString(),
    ) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(5);
  });

  it('lists the bootstrap admin as a platform account', async () => {
    const list = await h.request('GET', '/v1/system-accounts');
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        clientId: 'charter-admin',
        enterpriseId: null,
        platformAccess: { audience: ACCOUNTS_AUDIENCE, scopes: ['accounts:admin'] },
      }),
    );
  });

  it('answers 404 enterprise_not_found for an unknown enterprise, pointing at enterpriseId, and writes nothing', async () => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/system-accounts', {
      body: { enterpriseId: randomUUID(), name: 'x' },
    });
    expectProblem(result, 404, 'enterprise_not_found');
    expect(result.body.errors).toEqual([
      { pointer: '/enterpriseId', detail: 'no such enterprise' },
    ]);
    await h.expectUnchanged(before);
  });

  it('answers 404 system_account_not_found for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'charter-admin', '%20']) {
      expectProblem(
        await h.request('GET', `/v1/system-accounts/${id}`),
        404,
        'system_account_not_found',
      );
    }
  });

  describe('refuses bad input with a problem and writes nothing', () => {
    let enterpriseId: string;

    beforeAll(async () => {
      enterpriseId = (await h.createEnterprise()).id as string;
    });

    const cases: Array<[string, (enterpriseId: string) => unknown, string[]]> = [
      ['a missing enterpriseId', () => ({ name: 'x' }), ['/enterpriseId']],
      ['a non-UUID enterpriseId', () => ({ enterpriseId: 'acme', name: 'x' }), ['/enterpriseId']],
      ['a missing name', (id) => ({ enterpriseId: id }), ['/name']],
      [
        'an unknown grant type',
        (id) => ({ enterpriseId: id, name: 'x', grantTypes: ['implicit'] }),
        ['/grantTypes'],
      ],
      [
        'no grant types',
        (id) => ({ enterpriseId: id, name: 'x', grantTypes: [] }),
        ['/grantTypes'],
      ],
      [
        'a repeated grant type',
        (id) => ({ enterpriseId: id, name: 'x', grantTypes: ['password', 'password'] }),
        ['/grantTypes'],
      ],
      [
        'an unknown auth method',
        (id) => ({ enterpriseId: id, name: 'x', tokenEndpointAuthMethods: ['tls_client_auth'] }),
        ['/tokenEndpointAuthMethods'],
      ],
      [
        'a lifetime under 5 s',
        (id) => ({ enterpriseId: id, name: 'x', accessTokenTtlSeconds: 4 }),
        ['/accessTokenTtlSeconds'],
      ],
      [
        'a lifetime over a day',
        (id) => ({ enterpriseId: id, name: 'x', accessTokenTtlSeconds: 86_401 }),
        ['/accessTokenTtlSeconds'],
      ],
      [
        'a lifetime as a string',
        (id) => ({ enterpriseId: id, name: 'x', accessTokenTtlSeconds: '300' }),
        ['/accessTokenTtlSeconds'],
      ],
      [
        'a fractional lifetime',
        (id) => ({ enterpriseId: id, name: 'x', accessTokenTtlSeconds: 60.5 }),
        ['/accessTokenTtlSeconds'],
      ],
      [
        'a client-chosen secret',
        (id) => ({ enterpriseId: id, name: 'x', clientSecret: 'mine' }),
        ['/clientSecret'],
      ],
      [
        'a client-chosen client id',
        (id) => ({ enterpriseId: id, name: 'x', clientId: 'mine' }),
        ['/clientId'],
      ],
      [
        'platform access',
        (id) => ({
          enterpriseId: id,
          name: 'x',
          platformAccess: { audience: ACCOUNTS_AUDIENCE, scopes: ['accounts:admin'] },
        }),
        ['/platformAccess'],
      ],
    ];

    it.each(cases)('%s → 400 validation_failed', async (_name, body, pointers) => {
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/system-accounts', { body: body(enterpriseId) });
      expectProblem(result, 400, 'validation_failed');
      expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
        expect.arrayContaining(pointers),
      );
      await h.expectUnchanged(before);
    });

    it('malformed JSON → 400, wrong content type → 415, oversized → 413', async () => {
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/system-accounts', { rawBody: '{' }),
        400,
        'malformed_json',
      );
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          rawBody: JSON.stringify({ enterpriseId, name: 'x' }),
          contentType: 'text/plain',
        }),
        415,
        'unsupported_media_type',
      );
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          body: { enterpriseId, name: 'x'.repeat(70_000) },
        }),
        413,
        'payload_too_large',
      );
      await h.expectUnchanged(before);
    });
  });
});

function waitForToken(
  h: Harness,
  clientId: string,
  clientSecret: string,
  resource: string,
): Promise<Record<string, unknown>> {
  return waitFor('the new client to get a token', async () => {
    const result = await h.token(clientId, clientSecret, { resource });
    return result.status === 200 ? result.body : undefined;
  });
}
