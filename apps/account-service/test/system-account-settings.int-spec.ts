import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness } from './support/harness.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_PUBLIC = {
  ...(ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
  kid: 'k1',
};
const EC_PRIVATE = ec.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;

/** Interactive clients: redirect URIs, PKCE, public clients and private_key_jwt keys (issue 3). */
describe('system account settings', () => {
  let h: Harness;
  let enterpriseId: string;

  beforeAll(async () => {
    h = await Harness.start();
    enterpriseId = (await h.createEnterprise()).id as string;
  });

  afterAll(async () => {
    await h?.close();
  });

  const create = (body: Record<string, unknown>) =>
    h.request('POST', '/v1/system-accounts', { body: { enterpriseId, name: 'Portal', ...body } });

  describe('create', () => {
    it('takes an interactive confidential client: redirect URIs and PKCE in the row, the response and the event', async () => {
      const before = await h.snapshot();
      const created = await create({
        grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
        redirectUris: ['https://portal.acme.example/callback', 'http://localhost:8080/cb'],
        postLogoutRedirectUris: ['https://portal.acme.example/'],
        requirePkce: false,
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
        tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
        redirectUris: ['https://portal.acme.example/callback', 'http://localhost:8080/cb'],
        postLogoutRedirectUris: ['https://portal.acme.example/'],
        requirePkce: false,
        jwks: null,
        jwksUri: null,
        clientSecret: expect.stringMatching(/^cs_/),
      });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountCreated', aggregateId: created.body.id, version: 1 },
      ]);
      expect(event?.data).toMatchObject({
        grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
        redirectUris: ['https://portal.acme.example/callback', 'http://localhost:8080/cb'],
        postLogoutRedirectUris: ['https://portal.acme.example/'],
        requirePkce: false,
        jwks: null,
        jwksUri: null,
      });
      const [row] = await h.query('SELECT * FROM accounts.system_accounts WHERE id = $1', [
        created.body.id,
      ]);
      expect(row).toMatchObject({
        redirect_uris: ['https://portal.acme.example/callback', 'http://localhost:8080/cb'],
        require_pkce: false,
      });
    });

    it('a public client (none) gets no secret, PKCE, and refuses rotation with 409 client_uses_no_secret', async () => {
      const before = await h.snapshot();
      const created = await create({
        grantTypes: ['authorization_code', 'refresh_token'],
        tokenEndpointAuthMethods: ['none'],
        redirectUris: ['http://127.0.0.1:4000/cb'],
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).not.toHaveProperty('clientSecret');
      expect(created.body).toMatchObject({
        credentials: [],
        requirePkce: true,
        tokenEndpointAuthMethods: ['none'],
      });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountCreated', aggregateId: created.body.id, version: 1 },
      ]);
      expect(event?.data).toMatchObject({
        secrets: [],
        requirePkce: true,
        tokenEndpointAuthMethods: ['none'],
      });
      expect(
        await h.query(
          'SELECT * FROM accounts.system_account_secrets WHERE system_account_id = $1',
          [created.body.id],
        ),
      ).toEqual([]);

      const after = await h.snapshot();
      expectProblem(
        await h.request('POST', `/v1/system-accounts/${created.body.id}/credentials/rotate`),
        409,
        'client_uses_no_secret',
      );
      await h.expectUnchanged(after);
    });

    it('a private_key_jwt client takes jwks (public EC key) or a jwksUri, and gets no secret', async () => {
      const withKeys = await create({
        tokenEndpointAuthMethods: ['private_key_jwt'],
        jwks: { keys: [EC_PUBLIC] },
      });
      expect(withKeys.status, withKeys.text).toBe(201);
      expect(withKeys.body).toMatchObject({
        jwks: { keys: [EC_PUBLIC] },
        jwksUri: null,
        credentials: [],
      });
      expect(withKeys.body).not.toHaveProperty('clientSecret');
      const withUri = await create({
        tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
        jwksUri: 'https://portal.acme.example/jwks.json',
      });
      expect(withUri.status, withUri.text).toBe(201);
      expect(withUri.body).toMatchObject({
        jwksUri: 'https://portal.acme.example/jwks.json',
        clientSecret: expect.stringMatching(/^cs_/),
      });
    });

    it('replays an idempotent create of a public client', async () => {
      const key = randomUUID();
      const body = {
        enterpriseId,
        name: 'SPA',
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethods: ['none'],
        redirectUris: ['https://spa.acme.example/cb'],
      };
      const first = await h.request('POST', '/v1/system-accounts', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      const before = await h.snapshot();
      const replay = await h.request('POST', '/v1/system-accounts', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      await h.expectUnchanged(before);
    });

    const invalid: Array<[string, Record<string, unknown>, string[]]> = [
      [
        'authorization_code without redirect URIs',
        { grantTypes: ['authorization_code'] },
        ['/redirectUris'],
      ],
      ['a relative redirect URI', { redirectUris: ['/cb'] }, ['/redirectUris/0']],
      [
        'a redirect URI with a fragment',
        { redirectUris: ['https://a.example/cb#x'] },
        ['/redirectUris/0'],
      ],
      [
        'an http redirect URI off loopback',
        { redirectUris: ['http://a.example/cb'] },
        ['/redirectUris/0'],
      ],
      [
        'a bad post-logout URI',
        { postLogoutRedirectUris: ['ftp://a.example/'] },
        ['/postLogoutRedirectUris/0'],
      ],
      ['a non-string redirect URI', { redirectUris: [42] }, ['/redirectUris']],
      [
        'repeated redirect URIs',
        { redirectUris: ['https://a.example/', 'https://a.example/'] },
        ['/redirectUris'],
      ],
      [
        '21 redirect URIs',
        { redirectUris: Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`) },
        ['/redirectUris'],
      ],
      [
        'none combined with a secret method',
        {
          grantTypes: ['authorization_code'],
          tokenEndpointAuthMethods: ['none', 'client_secret_basic'],
          redirectUris: ['https://a.example/'],
        },
        ['/tokenEndpointAuthMethods'],
      ],
      [
        'none with client_credentials',
        {
          grantTypes: ['authorization_code', 'client_credentials'],
          tokenEndpointAuthMethods: ['none'],
          redirectUris: ['https://a.example/'],
        },
        ['/grantTypes'],
      ],
      [
        'none with password',
        { grantTypes: ['password'], tokenEndpointAuthMethods: ['none'] },
        ['/grantTypes'],
      ],
      [
        'none without PKCE',
        {
          grantTypes: ['authorization_code'],
          tokenEndpointAuthMethods: ['none'],
          redirectUris: ['https://a.example/'],
          requirePkce: false,
        },
        ['/requirePkce'],
      ],
      [
        'private_key_jwt without keys',
        { tokenEndpointAuthMethods: ['private_key_jwt'] },
        ['/jwks'],
      ],
      [
        'private_key_jwt with both jwks and jwksUri',
        {
          tokenEndpointAuthMethods: ['private_key_jwt'],
          jwks: { keys: [EC_PUBLIC] },
          jwksUri: 'https://a.example/jwks',
        },
        ['/jwksUri'],
      ],
      [
        'a private key in jwks',
        { tokenEndpointAuthMethods: ['private_key_jwt'], jwks: { keys: [EC_PRIVATE] } },
        ['/jwks/keys/0'],
      ],
      [
        'a symmetric key in jwks',
        {
          tokenEndpointAuthMethods: ['private_key_jwt'],
          jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] },
        },
        ['/jwks/keys/0'],
      ],
      [
        'an empty jwks',
        { tokenEndpointAuthMethods: ['private_key_jwt'], jwks: { keys: [] } },
        ['/jwks/keys'],
      ],
      [
        'a jwks that is not an object',
        { tokenEndpointAuthMethods: ['private_key_jwt'], jwks: 'keys' },
        ['/jwks'],
      ],
      [
        'an http jwksUri off loopback',
        { tokenEndpointAuthMethods: ['private_key_jwt'], jwksUri: 'http://a.example/jwks' },
        ['/jwksUri'],
      ],
      ['jwks without private_key_jwt', { jwks: { keys: [EC_PUBLIC] } }, ['/jwks']],
      ['a non-boolean requirePkce', { requirePkce: 'yes' }, ['/requirePkce']],
      ['an unknown grant type', { grantTypes: ['implicit'] }, ['/grantTypes']],
    ];

    it.each(invalid)(
      'refuses %s with 400 validation_failed and writes nothing',
      async (_name, body, pointers) => {
        const before = await h.snapshot();
        const result = await create(body);
        expectProblem(result, 400, 'validation_failed');
        expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
          pointers,
        );
        expect(result.text).not.toContain(String(EC_PRIVATE.d));
        await h.expectUnchanged(before);
      },
    );
  });

  /** A protected-resource client (RFC 7662 §2.1): the content API's own account, for introspection. */
  describe('resource server (resourceServerFor)', () => {
    const resourceServer = (body: Record<string, unknown>) =>
      h.request('POST', '/v1/system-accounts', { body: { name: 'Articles API', ...body } });

    it('a platform account linked to an existing content API: in the row, the response and the event', async () => {
      const api = await h.createContentApi();
      const before = await h.snapshot();
      const created = await resourceServer({ resourceServerFor: api.resourceIndicator });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        enterpriseId: null,
        resourceServerFor: api.resourceIndicator,
        grantTypes: ['client_credentials'],
        clientSecret: expect.stringMatching(/^cs_/),
      });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountCreated', aggregateId: created.body.id, version: 1 },
      ]);
      expect(event?.data).toMatchObject({
        enterpriseId: null,
        resourceServerFor: api.resourceIndicator,
      });
      const [row] = await h.query('SELECT * FROM accounts.system_accounts WHERE id = $1', [
        created.body.id,
      ]);
      expect(row).toMatchObject({
        resource_server_for: api.resourceIndicator,
        enterprise_id: null,
      });
      // Other accounts carry null.
      expect((await create({})).body.resourceServerFor).toBeNull();
    });

    it('refuses an unknown content API (404 pointing at resourceServerFor), writing nothing', async () => {
      const before = await h.snapshot();
      const result = await resourceServer({ resourceServerFor: 'https://nowhere.example.test' });
      expectProblem(result, 404, 'content_api_not_found');
      expect(result.body.errors).toEqual([
        { pointer: '/resourceServerFor', detail: 'no such content API' },
      ]);
      await h.expectUnchanged(before);
    });

    it('refuses an enterprise, an interactive or public client, and a change by PATCH (400), writing nothing', async () => {
      const api = await h.createContentApi();
      const before = await h.snapshot();
      for (const [body, pointer] of [
        [{ enterpriseId }, '/enterpriseId'],
        [{ grantTypes: ['client_credentials', 'password'] }, '/grantTypes'],
        [
          { grantTypes: ['authorization_code'], redirectUris: ['https://a.example/cb'] },
          '/grantTypes',
        ],
        [
          {
            grantTypes: ['authorization_code'],
            tokenEndpointAuthMethods: ['none'],
            redirectUris: ['https://a.example/cb'],
          },
          '/tokenEndpointAuthMethods',
        ],
        [{ resourceServerFor: '' }, '/resourceServerFor'],
        [{ resourceServerFor: null }, '/resourceServerFor'],
      ] as const) {
        const result = await resourceServer({ resourceServerFor: api.resourceIndicator, ...body });
        expectProblem(result, 400, 'validation_failed');
        expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
          pointer,
        );
      }
      await h.expectUnchanged(before);
      const account = (await create({})).body;
      const patched = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { resourceServerFor: api.resourceIndicator },
      });
      expectProblem(patched, 400, 'validation_failed');
      expect(
        (await h.request('GET', `/v1/system-accounts/${account.id}`)).body.resourceServerFor,
      ).toBeNull();
    });
  });

  describe('PATCH', () => {
    it('changes settings with one SystemAccountUpdated carrying them; the same values change nothing', async () => {
      const account = (await create({})).body;
      const before = await h.snapshot();
      const patched = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: {
          name: 'Portal v2',
          grantTypes: ['client_credentials', 'authorization_code'],
          redirectUris: ['https://portal.acme.example/cb'],
          postLogoutRedirectUris: ['https://portal.acme.example/'],
          accessTokenTtlSeconds: 600,
        },
        headers: { 'if-match': '"1"' },
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.headers.get('etag')).toBe('"2"');
      expect(patched.body).toMatchObject({
        name: 'Portal v2',
        grantTypes: ['client_credentials', 'authorization_code'],
        redirectUris: ['https://portal.acme.example/cb'],
        accessTokenTtlSeconds: 600,
        credentials: account.credentials,
        version: 2,
      });
      expect(patched.body).not.toHaveProperty('clientSecret');
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountUpdated', aggregateId: account.id, version: 2 },
      ]);
      expect(event?.data).toMatchObject({
        name: 'Portal v2',
        redirectUris: ['https://portal.acme.example/cb'],
        postLogoutRedirectUris: ['https://portal.acme.example/'],
        accessTokenTtlSeconds: 600,
      });
      expect((await h.auditRows(account.id)).at(-1)).toMatchObject({
        action: 'SystemAccountUpdated',
      });

      const same = await h.snapshot();
      const unchanged = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { name: 'Portal v2', redirectUris: ['https://portal.acme.example/cb'] },
      });
      expect(unchanged.body.version).toBe(2);
      await h.expectUnchanged(same);

      const reset = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { accessTokenTtlSeconds: null },
      });
      expect(reset.body).toMatchObject({ accessTokenTtlSeconds: null, version: 3 });
    });

    it('turning into a public client drops its secrets (in the event too)', async () => {
      const account = (await create({})).body;
      const before = await h.snapshot();
      const patched = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: {
          grantTypes: ['authorization_code', 'refresh_token'],
          tokenEndpointAuthMethods: ['none'],
          redirectUris: ['https://spa.acme.example/cb'],
        },
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({
        credentials: [],
        tokenEndpointAuthMethods: ['none'],
        version: 2,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountUpdated', aggregateId: account.id, version: 2 },
      ]);
      expect(event?.data.secrets).toEqual([]);
      expect(
        await h.query(
          'SELECT * FROM accounts.system_account_secrets WHERE system_account_id = $1',
          [account.id],
        ),
      ).toEqual([]);
    });

    it('takes keys for private_key_jwt and unsets them with null', async () => {
      const account = (await create({})).body;
      const keyed = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { tokenEndpointAuthMethods: ['private_key_jwt'], jwks: { keys: [EC_PUBLIC] } },
      });
      expect(keyed.body).toMatchObject({
        jwks: { keys: [EC_PUBLIC] },
        credentials: [],
        version: 2,
      });
      const moved = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { jwks: null, jwksUri: 'https://portal.acme.example/jwks.json' },
      });
      expect(moved.body).toMatchObject({
        jwks: null,
        jwksUri: 'https://portal.acme.example/jwks.json',
        version: 3,
      });
      // Back to secrets: none until a rotation makes one.
      const back = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { tokenEndpointAuthMethods: ['client_secret_basic'], jwksUri: null },
      });
      expect(back.body).toMatchObject({ credentials: [], version: 4 });
      const rotated = await h.request(
        'POST',
        `/v1/system-accounts/${account.id}/credentials/rotate`,
      );
      expect(rotated.status, rotated.text).toBe(201);
      expect(rotated.body.items).toHaveLength(1);
    });

    it('refuses bad changes (400), a stale If-Match (412) and unknown ids (404), writing nothing', async () => {
      const account = (await create({})).body;
      const before = await h.snapshot();
      const path = `/v1/system-accounts/${account.id}`;
      for (const [body, pointer] of [
        [{ grantTypes: ['authorization_code'] }, '/redirectUris'],
        [{ tokenEndpointAuthMethods: ['none'] }, '/grantTypes'],
        [{ tokenEndpointAuthMethods: ['private_key_jwt'] }, '/jwks'],
        [{ redirectUris: ['http://portal.acme.example/cb'] }, '/redirectUris/0'],
        [{ name: null }, '/name'],
        [{ name: ' ' }, '/name'],
        [{ grantTypes: [] }, '/grantTypes'],
        [{ requirePkce: null }, '/requirePkce'],
        [{ clientId: 'mine' }, '/clientId'],
        [{ enterpriseId: randomUUID() }, '/enterpriseId'],
        [{ accessTokenTtlSeconds: 4 }, '/accessTokenTtlSeconds'],
      ] as const) {
        const result = await h.request('PATCH', path, { body });
        expectProblem(result, 400, 'validation_failed');
        expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
          pointer,
        );
      }
      expectProblem(
        await h.request('PATCH', path, { body: { name: 'x' }, headers: { 'if-match': '"5"' } }),
        412,
        'precondition_failed',
      );
      expectProblem(
        await h.request('PATCH', `/v1/system-accounts/${randomUUID()}`, { body: { name: 'x' } }),
        404,
        'system_account_not_found',
      );
      await h.expectUnchanged(before);
    });
  });

  describe('idTokenSignedResponseAlg (OpenID Connect Dynamic Client Registration §2)', () => {
    it('is null (RS256) unless set; a value is stored, published and can be unset with null', async () => {
      const plain = await create({});
      expect(plain.status, plain.text).toBe(201);
      expect(plain.body.idTokenSignedResponseAlg).toBeNull();
      const explicitNull = await create({ idTokenSignedResponseAlg: null });
      expect(explicitNull.status, explicitNull.text).toBe(201);
      expect(explicitNull.body.idTokenSignedResponseAlg).toBeNull();

      const before = await h.snapshot();
      const created = await create({ idTokenSignedResponseAlg: 'PS256' });
      expect(created.status, created.text).toBe(201);
      expect(created.body.idTokenSignedResponseAlg).toBe('PS256');
      const [row] = await h.query(
        'SELECT id_token_signed_response_alg FROM accounts.system_accounts WHERE id = $1',
        [created.body.id],
      );
      expect(row).toEqual({ id_token_signed_response_alg: 'PS256' });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountCreated', aggregateId: created.body.id, version: 1 },
      ]);
      expect(event?.data).toMatchObject({ idTokenSignedResponseAlg: 'PS256' });

      const path = `/v1/system-accounts/${created.body.id}`;
      const patched = await h.request('PATCH', path, {
        body: { idTokenSignedResponseAlg: 'ES256' },
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({ idTokenSignedResponseAlg: 'ES256', version: 2 });
      const unset = await h.request('PATCH', path, { body: { idTokenSignedResponseAlg: null } });
      expect(unset.body).toMatchObject({ idTokenSignedResponseAlg: null, version: 3 });
      const [afterUnset] = await h.query(
        'SELECT id_token_signed_response_alg FROM accounts.system_accounts WHERE id = $1',
        [created.body.id],
      );
      expect(afterUnset).toEqual({ id_token_signed_response_alg: null });
    });

    // A symmetric or unsigned algorithm would let anyone holding the client secret (or nobody) sign ID tokens.
    for (const value of ['HS256', 'none', 'rs256', 'RS512', '', 42, ['RS256']]) {
      it(`refuses ${JSON.stringify(value)} on create and on PATCH with a 400 problem, storing nothing`, async () => {
        const account = (await create({ idTokenSignedResponseAlg: 'ES256' })).body;
        const before = await h.snapshot();
        const created = await create({ idTokenSignedResponseAlg: value });
        expectProblem(created, 400, 'validation_failed');
        expect(created.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual([
          '/idTokenSignedResponseAlg',
        ]);
        const patched = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
          body: { idTokenSignedResponseAlg: value },
        });
        expectProblem(patched, 400, 'validation_failed');
        expect(patched.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual([
          '/idTokenSignedResponseAlg',
        ]);
        await h.expectUnchanged(before);
      });
    }
  });

  describe('securityProfile fapi2 (FAPI 2.0 Security Profile)', () => {
    const fapi2 = {
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['private_key_jwt'],
      redirectUris: ['https://portal.acme.example/callback'],
      jwks: { keys: [EC_PUBLIC] },
      idTokenSignedResponseAlg: 'ES256',
      securityProfile: 'fapi2',
    };

    it('takes a client that keeps the profile: stored, returned and published', async () => {
      const before = await h.snapshot();
      const created = await create(fapi2);
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ securityProfile: 'fapi2' });
      expect(created.body).not.toHaveProperty('clientSecret');
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountCreated', aggregateId: created.body.id, version: 1 },
      ]);
      expect(event?.data).toMatchObject({ securityProfile: 'fapi2' });
      const [row] = await h.query(
        'SELECT security_profile FROM accounts.system_accounts WHERE id = $1',
        [created.body.id],
      );
      expect(row).toEqual({ security_profile: 'fapi2' });
    });

    it('refuses a contradicting create with one 400 problem naming each field and its rule, storing nothing', async () => {
      const before = await h.snapshot();
      const refused = await create({
        ...fapi2,
        grantTypes: ['authorization_code', 'password'],
        tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
        requirePkce: false,
        idTokenSignedResponseAlg: 'RS256',
      });
      expectProblem(refused, 400, 'validation_failed');
      const errors = refused.body.errors as Array<{ pointer: string; detail: string }>;
      expect(errors.map((error) => error.pointer).sort()).toEqual([
        '/grantTypes',
        '/idTokenSignedResponseAlg',
        '/requirePkce',
        '/tokenEndpointAuthMethods',
      ]);
      for (const error of errors) {
        expect(error.detail).toMatch(/FAPI 2\.0 Security Profile §5\.\d/);
      }
      await h.expectUnchanged(before);
    });

    it('refuses a PATCH that would break the profile, and one that turns it on for a secret client', async () => {
      const account = (await create(fapi2)).body;
      const secretClient = (await create({})).body;
      const before = await h.snapshot();
      const weakened = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { grantTypes: ['password'] },
      });
      expectProblem(weakened, 400, 'validation_failed');
      expect(weakened.body.errors[0].pointer).toBe('/grantTypes');
      const turnedOn = await h.request('PATCH', `/v1/system-accounts/${secretClient.id}`, {
        body: { securityProfile: 'fapi2' },
      });
      expectProblem(turnedOn, 400, 'validation_failed');
      expect(turnedOn.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
        '/tokenEndpointAuthMethods',
        '/idTokenSignedResponseAlg',
      ]);
      await h.expectUnchanged(before);
    });

    it('is unset with null, and refuses an unknown profile', async () => {
      const account = (await create(fapi2)).body;
      const unset = await h.request('PATCH', `/v1/system-accounts/${account.id}`, {
        body: { securityProfile: null },
      });
      expect(unset.status, unset.text).toBe(200);
      expect(unset.body).toMatchObject({ securityProfile: null, version: 2 });
      for (const value of ['FAPI2', 'fapi1', 42]) {
        const refused = await create({ ...fapi2, securityProfile: value });
        expectProblem(refused, 400, 'validation_failed');
      }
    });
  });
});
