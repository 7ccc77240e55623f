import { Clock } from '@charter/service-kit';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AuthServerConfig } from '../../config/auth-server.config.js';
import { ClientsRepository } from '../../projection/clients.repository.js';
import { EnterprisesRepository } from '../../projection/enterprises.repository.js';
import type { ProjectedClient } from '../../projection/entities/projected-client.entity.js';
import type { ProjectedEnterprise } from '../../projection/entities/projected-enterprise.entity.js';
import { InvalidClient, InvalidRequest } from '../oauth.errors.js';
import { parseTokenRequest } from '../token/token-request.js';
import { ClientAuthenticator } from './client-authenticator.js';
import { JWT_BEARER_ASSERTION_TYPE, PrivateKeyJwtVerifier } from './private-key-jwt.js';
import { SecretHasher } from './secret-hasher.js';
import { InMemorySecretRekeys } from './secret-rekeys.js';
import type { UsedClientAssertion } from './used-client-assertion.entity.js';
import { UsedClientAssertionsRepository } from './used-client-assertions.repository.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ISSUER = 'http://auth.example.test';
const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const hasher = new SecretHasher('a-credentials-hash-key-of-at-least-32-chars');

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

class InMemoryClients extends ClientsRepository {
  constructor(private readonly rows: ProjectedClient[]) {
    super();
  }
  findByClientId(clientId: string): Promise<ProjectedClient | null> {
    return Promise.resolve(this.rows.find((row) => row.clientId === clientId) ?? null);
  }
}

class InMemoryEnterprises extends EnterprisesRepository {
  constructor(private readonly rows: ProjectedEnterprise[]) {
    super();
  }
  findById(id: string): Promise<ProjectedEnterprise | null> {
    return Promise.resolve(this.rows.find((row) => row.id === id) ?? null);
  }
}

class InMemoryUsedAssertions extends UsedClientAssertionsRepository {
  private readonly used = new Map<string, Date>();
  recordIfUnused(row: UsedClientAssertion, now: Date): Promise<boolean> {
    const key = `${row.clientId} ${row.jti}`;
    const seen = this.used.get(key);
    if (seen !== undefined && seen > now) {
      return Promise.resolve(false);
    }
    this.used.set(key, row.expiresAt);
    return Promise.resolve(true);
  }
  pruneExpired(): Promise<number> {
    return Promise.resolve(0);
  }
}

function buildClient(overrides: Partial<ProjectedClient> = {}): ProjectedClient {
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    clientId: 'portal',
    name: 'Portal',
    enterpriseId: ENTERPRISE,
    status: 'active',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
    accessTokenTtlSeconds: null,
    platformAccess: null,
    secrets: [{ id: 's1', hash: hasher.hash('right'), expiresAt: null }],
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
    updatedAt: NOW,
    ...overrides,
  };
}

const enterprise = (status: ProjectedEnterprise['status'] = 'active'): ProjectedEnterprise => ({
  id: ENTERPRISE,
  name: 'Acme',
  status,
  version: 1,
  updatedAt: NOW,
});

function authenticatorWith(
  clients: ProjectedClient[] = [buildClient()],
  enterprises: ProjectedEnterprise[] = [enterprise()],
): ClientAuthenticator {
  return new ClientAuthenticator(
    new InMemoryClients(clients),
    new InMemoryEnterprises(enterprises),
    hasher,
    new FixedClock(),
    new PrivateKeyJwtVerifier({ AUTH_ISSUER: ISSUER } as AuthServerConfig),
    new InMemoryUsedAssertions(),
    new InMemorySecretRekeys(),
  );
}

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = (body: string) => parseTokenRequest('application/x-www-form-urlencoded', body);

describe('ClientAuthenticator', () => {
  it('authenticates with client_secret_basic', async () => {
    const client = await authenticatorWith().authenticate(
      basic('portal', 'right'),
      form('grant_type=client_credentials'),
    );
    expect(client).toEqual({
      clientId: 'portal',
      enterpriseId: ENTERPRISE,
      enterpriseStatus: 'active',
      grantTypes: ['client_credentials'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      authMethod: 'client_secret_basic',
      // The secret that matched: access tokens name it (credential_id).
      credentialId: 's1',
      resourceServerFor: null,
      securityProfile: null,
    });
  });

  it('authenticates with client_secret_post', async () => {
    const client = await authenticatorWith().authenticate(
      undefined,
      form('client_id=portal&client_secret=right'),
    );
    expect(client.authMethod).toBe('client_secret_post');
  });

  describe('while CREDENTIALS_HASH_KEY rotates', () => {
    const previousKey = 'a-credentials-hash-key-of-at-least-32-chars';
    const rotating = new SecretHasher(['the-new-credentials-hash-key-of-32-chars!', previousKey]);
    const oldHash = hasher.hash('right'); // the fixture's hasher holds the previous key
    const authenticator = (rekeys: InMemorySecretRekeys, keys = rotating): ClientAuthenticator =>
      new ClientAuthenticator(
        new InMemoryClients([buildClient()]),
        new InMemoryEnterprises([enterprise()]),
        keys,
        new FixedClock(),
        new PrivateKeyJwtVerifier({ AUTH_ISSUER: ISSUER } as AuthServerConfig),
        new InMemoryUsedAssertions(),
        rekeys,
      );

    it('accepts a secret hashed under the previous key and re-keys it under the current one', async () => {
      const rekeys = new InMemorySecretRekeys();
      const client = await authenticator(rekeys).authenticate(basic('portal', 'right'), form(''));
      expect(client.credentialId).toBe('s1');
      expect([...rekeys.rows.values()]).toEqual([
        { credentialId: 's1', sourceHash: oldHash, hash: rotating.hash('right') },
      ]);
    });

    it('after the previous key is removed, accepts a re-keyed secret and refuses one never re-keyed', async () => {
      const currentOnly = new SecretHasher('the-new-credentials-hash-key-of-32-chars!');
      const rekeys = new InMemorySecretRekeys();
      await expect(
        authenticator(rekeys, currentOnly).authenticate(basic('portal', 'right'), form('')),
      ).rejects.toEqual(new InvalidClient('client authentication failed'));
      await authenticator(rekeys).authenticate(basic('portal', 'right'), form(''));
      const client = await authenticator(rekeys, currentOnly).authenticate(
        basic('portal', 'right'),
        form(''),
      );
      expect(client.credentialId).toBe('s1');
    });

    it('does not apply a re-keyed hash to a credential whose published hash changed since', async () => {
      const rekeys = new InMemorySecretRekeys();
      await rekeys.record({
        credentialId: 's1',
        sourceHash: 'f'.repeat(64),
        hash: rotating.hash('right'),
      });
      const currentOnly = new SecretHasher('the-new-credentials-hash-key-of-32-chars!');
      await expect(
        authenticator(rekeys, currentOnly).authenticate(basic('portal', 'right'), form('')),
      ).rejects.toEqual(new InvalidClient('client authentication failed'));
    });

    it('refuses a wrong secret under every key and re-keys nothing', async () => {
      const rekeys = new InMemorySecretRekeys();
      await expect(
        authenticator(rekeys).authenticate(basic('portal', 'wrong'), form('')),
      ).rejects.toEqual(new InvalidClient('client authentication failed'));
      expect(rekeys.rows.size).toBe(0);
    });
  });

  it('answers a wrong secret and an unknown client alike', async () => {
    await expect(
      authenticatorWith().authenticate(basic('portal', 'wrong'), form('')),
    ).rejects.toEqual(new InvalidClient('client authentication failed'));
    await expect(
      authenticatorWith().authenticate(basic('nobody', 'right'), form('')),
    ).rejects.toEqual(new InvalidClient('client authentication failed'));
  });

  it('refuses an expired secret but accepts an unexpired one', async () => {
    const client = buildClient({
      secrets: [
        { id: 'old', hash: hasher.hash('old'), expiresAt: '2026-06-01T11:59:59Z' },
        { id: 'new', hash: hasher.hash('new'), expiresAt: '2026-07-01T00:00:00Z' },
      ],
    });
    await expect(
      authenticatorWith([client]).authenticate(basic('portal', 'old'), form('')),
    ).rejects.toBeInstanceOf(InvalidClient);
    await expect(
      authenticatorWith([client]).authenticate(basic('portal', 'new'), form('')),
    ).resolves.toMatchObject({ clientId: 'portal', credentialId: 'new' });
  });

  it('refuses two methods with invalid_request, and none with invalid_client', async () => {
    await expect(
      authenticatorWith().authenticate(basic('portal', 'right'), form('client_secret=right')),
    ).rejects.toBeInstanceOf(InvalidRequest);
    await expect(
      authenticatorWith().authenticate(undefined, form('client_id=portal')),
    ).rejects.toEqual(new InvalidClient('client authentication is required'));
    await expect(authenticatorWith().authenticate('  ', form(''))).rejects.toEqual(
      new InvalidClient('client authentication is required'),
    );
  });

  it('refuses client_secret without client_id with invalid_request', async () => {
    await expect(
      authenticatorWith().authenticate(undefined, form('client_secret=right')),
    ).rejects.toBeInstanceOf(InvalidRequest);
  });

  it('refuses a method the client is not registered for', async () => {
    const authenticator = authenticatorWith([
      buildClient({ tokenEndpointAuthMethods: ['client_secret_basic'] }),
    ]);
    await expect(
      authenticator.authenticate(undefined, form('client_id=portal&client_secret=right')),
    ).rejects.toEqual(new InvalidClient('the client is not registered for client_secret_post'));
  });

  it.each([
    [
      'a disabled client',
      [buildClient({ status: 'disabled' })],
      [enterprise()],
      'the client is disabled',
    ],
    [
      'a deleted client',
      [buildClient({ deletedAt: NOW })],
      [enterprise()],
      'the client is deleted',
    ],
    [
      'a suspended enterprise',
      [buildClient()],
      [enterprise('suspended')],
      "the client's enterprise is not active",
    ],
    [
      'an enterprise not projected yet',
      [buildClient()],
      [],
      "the client's enterprise is not active",
    ],
  ])(
    'refuses %s with invalid_client once the secret matched',
    async (_case, clients, enterprises, description) => {
      await expect(
        authenticatorWith(clients, enterprises).authenticate(basic('portal', 'right'), form('')),
      ).rejects.toEqual(new InvalidClient(description));
      await expect(
        authenticatorWith(clients, enterprises).authenticate(basic('portal', 'wrong'), form('')),
      ).rejects.toEqual(new InvalidClient('client authentication failed'));
    },
  );

  it('authenticates a platform client without an enterprise', async () => {
    const client = buildClient({
      enterpriseId: null,
      platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
    });
    await expect(
      authenticatorWith([client], []).authenticate(basic('portal', 'right'), form('')),
    ).resolves.toMatchObject({ enterpriseId: null, enterpriseStatus: null });
  });

  describe('private_key_jwt', () => {
    const keys = generateKeyPair('ES256');
    const registered = async (overrides: Partial<ProjectedClient> = {}): Promise<ProjectedClient> =>
      buildClient({
        tokenEndpointAuthMethods: ['private_key_jwt'],
        jwks: { keys: [{ ...(await exportJWK((await keys).publicKey)), kid: 'k1' }] },
        ...overrides,
      });
    const assertion = async (claims: Record<string, unknown> = {}): Promise<string> =>
      new SignJWT({ jti: 'j1', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('portal')
        .setSubject('portal')
        .setAudience(ISSUER)
        .setIssuedAt(NOW)
        .setExpirationTime(new Date(NOW.getTime() + 60_000))
        .sign((await keys).privateKey);
    const body = (jwt: string, extra = ''): string =>
      `client_assertion_type=${encodeURIComponent(JWT_BEARER_ASSERTION_TYPE)}&client_assertion=${jwt}${extra}`;

    it('authenticates once per jti', async () => {
      const authenticator = authenticatorWith([await registered()]);
      const jwt = await assertion();
      await expect(authenticator.authenticate(undefined, form(body(jwt)))).resolves.toMatchObject({
        clientId: 'portal',
        authMethod: 'private_key_jwt',
        resourceServerFor: null,
      });
      await expect(authenticator.authenticate(undefined, form(body(jwt)))).rejects.toEqual(
        new InvalidClient('the client assertion was already used'),
      );
    });

    it('refuses an assertion beside a secret with invalid_request', async () => {
      await expect(
        authenticatorWith([await registered()]).authenticate(
          basic('portal', 'right'),
          form(body(await assertion())),
        ),
      ).rejects.toBeInstanceOf(InvalidRequest);
    });

    it('refuses a client not registered for private_key_jwt', async () => {
      const client = await registered({ tokenEndpointAuthMethods: ['client_secret_basic'] });
      await expect(
        authenticatorWith([client]).authenticate(undefined, form(body(await assertion()))),
      ).rejects.toEqual(new InvalidClient('the client is not registered for private_key_jwt'));
    });

    it('refuses a client without keys, and an unknown client', async () => {
      await expect(
        authenticatorWith([await registered({ jwks: null })]).authenticate(
          undefined,
          form(body(await assertion())),
        ),
      ).rejects.toEqual(new InvalidClient());
      await expect(
        authenticatorWith([]).authenticate(undefined, form(body(await assertion()))),
      ).rejects.toEqual(new InvalidClient());
    });
  });
});
