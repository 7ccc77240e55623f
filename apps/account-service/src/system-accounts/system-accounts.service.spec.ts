import type { Clock, TransactionRunner } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import type { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import type { IdempotencyStore } from '../idempotency/idempotency.store.js';
import type { Enterprise } from '../enterprises/domain/enterprise.js';
import { EnterpriseNotFound } from '../enterprises/enterprise.errors.js';
import type { ContentApisRepository } from '../content-apis/content-apis.repository.js';
import type { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import { hashClientSecret } from './domain/client-credentials.js';
import type { SystemAccount } from './domain/system-account.js';
import { SecretHasher } from './secret-hasher.js';
import type { SystemAccountsRepository } from './system-accounts.repository.js';
import { SystemAccountsService } from './system-accounts.service.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const KEY = 'unit-test-credentials-hash-key-0123456789';
const CONTEXT: RequestContext = {
  actor: { type: 'client', id: 'charter-admin' },
  requestId: 'req-1',
  correlationId: 'corr-1',
};
const BOOT: RequestContext = {
  actor: { type: 'system', id: 'bootstrap' },
  requestId: null,
  correlationId: 'boot-1',
};
const ENTERPRISE: Enterprise = {
  id: '1c1f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
  name: 'Acme',
  businessId: '1',
  status: 'active',
  contacts: [],
  metadata: {},
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
};
const ADMIN_SECRET = 'admin-secret-for-unit-tests-0123456789';
const ADMIN = {
  clientId: 'charter-admin',
  clientSecrets: [ADMIN_SECRET],
  audience: 'http://localhost:3001',
  scopes: ['accounts:admin'],
};

function setup(keys: string | readonly string[] = KEY) {
  const accounts = new Map<string, SystemAccount>();
  const recorded: Array<{
    type: string;
    version: number;
    state: Record<string, unknown>;
    before: unknown;
  }> = [];
  const tx = {
    run: <T>(work: (em: never) => Promise<T>) => work(undefined as never),
  } as unknown as TransactionRunner;
  const repository = {
    insert: (_em: unknown, account: SystemAccount) =>
      Promise.resolve(void accounts.set(account.id, account)),
    update: (_em: unknown, account: SystemAccount) =>
      Promise.resolve(void accounts.set(account.id, account)),
    findByClientIdForUpdate: (_em: unknown, clientId: string) =>
      Promise.resolve(
        [...accounts.values()].find((account) => account.clientId === clientId) ?? null,
      ),
    lockAdminBootstrap: () => Promise.resolve(),
  } as unknown as SystemAccountsRepository;
  const enterprises = {
    getForShare: (_em: unknown, id: string, pointer?: string) =>
      id === ENTERPRISE.id
        ? Promise.resolve(ENTERPRISE)
        : Promise.reject(new EnterpriseNotFound(id, pointer)),
  } as unknown as EnterprisesRepository;
  const changes = {
    record: (_em: unknown, definition: { type: string }, change: (typeof recorded)[number]) =>
      Promise.resolve(void recorded.push({ ...change, type: definition.type })),
  } as unknown as ChangeRecorder;
  const clock: Clock = { now: () => NOW };
  const idempotency = {
    once: (_em: unknown, _request: unknown, _status: number, work: () => Promise<unknown>) =>
      work(),
  } as unknown as IdempotencyStore;
  const service = new SystemAccountsService(
    tx,
    repository,
    enterprises,
    {} as unknown as ContentApisRepository,
    new SecretHasher(keys),
    changes,
    idempotency,
    clock,
  );
  return { service, accounts, recorded };
}

describe('SystemAccountsService.create', () => {
  it('returns the generated secret once and keeps only its keyed hash', async () => {
    const { service, accounts, recorded } = setup();
    const response = await service.create(
      { enterpriseId: ENTERPRISE.id, name: 'Portal' },
      null,
      CONTEXT,
    );

    expect(response.clientId).toMatch(/^sa_[A-Za-z0-9_-]{22}$/);
    expect(response.clientSecret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(response.grantTypes).toEqual(['client_credentials']);
    const stored = accounts.get(response.id)!;
    expect(stored.secrets).toEqual([
      {
        id: response.credentials[0]!.id,
        hash: hashClientSecret(KEY, response.clientSecret!),
        createdAt: NOW,
        expiresAt: null,
        label: null,
      },
    ]);
    expect(JSON.stringify(stored)).not.toContain(response.clientSecret);

    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ type: 'SystemAccountCreated', version: 1, before: null });
    expect(JSON.stringify(recorded)).not.toContain(response.clientSecret);
    expect(recorded[0]!.state.secrets).toEqual([
      {
        id: response.credentials[0]!.id,
        hash: hashClientSecret(KEY, response.clientSecret!),
        createdAt: NOW.toISOString(),
        expiresAt: null,
      },
    ]);
  });

  it('gives each account its own client id and secret', async () => {
    const { service } = setup();
    const a = await service.create({ enterpriseId: ENTERPRISE.id, name: 'A' }, null, CONTEXT);
    const b = await service.create({ enterpriseId: ENTERPRISE.id, name: 'B' }, null, CONTEXT);
    expect(a.clientId).not.toBe(b.clientId);
    expect(a.clientSecret).not.toBe(b.clientSecret);
  });

  it('refuses an unknown enterprise and records nothing', async () => {
    const { service, recorded } = setup();
    await expect(
      service.create(
        { enterpriseId: '6f6f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d', name: 'x' },
        null,
        CONTEXT,
      ),
    ).rejects.toBeInstanceOf(EnterpriseNotFound);
    expect(recorded).toEqual([]);
  });
});

describe('SystemAccountsService.ensurePlatformAdmin', () => {
  it('creates the platform admin with platform access and the configured secret', async () => {
    const { service, accounts, recorded } = setup();
    expect(await service.ensurePlatformAdmin(ADMIN, BOOT)).toBe('created');
    const [admin] = [...accounts.values()];
    expect(admin).toMatchObject({
      clientId: 'charter-admin',
      enterpriseId: null,
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
      platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
      version: 1,
    });
    expect(admin!.secrets.map((secret) => secret.hash)).toEqual([
      hashClientSecret(KEY, ADMIN_SECRET),
    ]);
    expect(recorded.map((change) => change.type)).toEqual(['SystemAccountCreated']);
  });

  it('changes nothing when the secret is already the configured one', async () => {
    const { service, recorded } = setup();
    await service.ensurePlatformAdmin(ADMIN, BOOT);
    expect(await service.ensurePlatformAdmin(ADMIN, BOOT)).toBe('unchanged');
    expect(recorded).toHaveLength(1);
  });

  it('replaces the secret when the configured one changed, and records SystemAccountUpdated', async () => {
    const { service, accounts, recorded } = setup();
    await service.ensurePlatformAdmin(ADMIN, BOOT);
    const next = 'another-admin-secret-for-unit-tests-0123';
    const rotated = { ...ADMIN, clientSecrets: [next] };
    expect(await service.ensurePlatformAdmin(rotated, BOOT)).toBe('secret_replaced');
    const [admin] = [...accounts.values()];
    expect(admin!.version).toBe(2);
    expect(admin!.secrets.map((secret) => secret.hash)).toEqual([hashClientSecret(KEY, next)]);
    expect(recorded.map((change) => [change.type, change.version])).toEqual([
      ['SystemAccountCreated', 1],
      ['SystemAccountUpdated', 2],
    ]);
    expect(JSON.stringify(recorded)).not.toContain(next);
  });

  it('keeps the previous secret, with its credential id, beside the new one until it is removed', async () => {
    const { service, accounts } = setup();
    await service.ensurePlatformAdmin(ADMIN, BOOT);
    const [first] = [...accounts.values()];
    const next = 'the-next-admin-secret-for-unit-tests-0123';
    const overlap = { ...ADMIN, clientSecrets: [next, ADMIN_SECRET] };
    expect(await service.ensurePlatformAdmin(overlap, BOOT)).toBe('secret_replaced');
    expect(await service.ensurePlatformAdmin(overlap, BOOT)).toBe('unchanged');
    const [during] = [...accounts.values()];
    expect(during!.secrets.map((secret) => secret.hash)).toEqual([
      hashClientSecret(KEY, next),
      hashClientSecret(KEY, ADMIN_SECRET),
    ]);
    // Tokens obtained with the previous secret name its credential: it keeps its id.
    expect(during!.secrets[1]!.id).toBe(first!.secrets[0]!.id);
    expect(await service.ensurePlatformAdmin({ ...ADMIN, clientSecrets: [next] }, BOOT)).toBe(
      'secret_replaced',
    );
    const [after] = [...accounts.values()];
    expect(after!.secrets.map((secret) => secret.id)).toEqual([during!.secrets[0]!.id]);
  });

  it('keeps a secret hashed under a previous CREDENTIALS_HASH_KEY as it is (no new credential)', async () => {
    const before = setup();
    await before.service.ensurePlatformAdmin(ADMIN, BOOT);
    const [admin] = [...before.accounts.values()];
    const rotatedKey = setup(['the-new-credentials-hash-key-for-unit-tests', KEY]);
    rotatedKey.accounts.set(admin!.id, admin!);
    expect(await rotatedKey.service.ensurePlatformAdmin(ADMIN, BOOT)).toBe('unchanged');
    expect(rotatedKey.recorded).toEqual([]);
  });
});
