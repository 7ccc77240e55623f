import { type Clock, loadConfig, type TransactionRunner } from '@charter/service-kit';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { describe, expect, it } from 'vitest';
import type { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import { NO_PRECONDITION } from '../common/domain/version-precondition.js';
import type { IdempotencyStore } from '../idempotency/idempotency.store.js';
import type { ContentApisRepository } from '../content-apis/content-apis.repository.js';
import { ContentApiNotFound } from '../content-apis/content-api.errors.js';
import type { ContentApi } from '../content-apis/domain/content-api.js';
import type { Enterprise } from '../enterprises/domain/enterprise.js';
import { EnterpriseNotActive, EnterpriseNotFound } from '../enterprises/enterprise.errors.js';
import type { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import { ContractNotFound, IllegalStatusTransition, UnknownScope } from './contract.errors.js';
import type { ContractsRepository } from './contracts.repository.js';
import { ContractsService } from './contracts.service.js';
import type { Contract } from './domain/contract.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const CONTEXT: RequestContext = {
  actor: { type: 'client', id: 'charter-admin' },
  requestId: 'req-1',
  correlationId: 'corr-1',
};
const ENTERPRISE_ID = '1c1f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d';
const API_ID = '2d2f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d';

function buildEnterprise(overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    id: ENTERPRISE_ID,
    name: 'Acme',
    businessId: '1',
    status: 'active',
    contacts: [],
    metadata: {},
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

function buildContentApi(overrides: Partial<ContentApi> = {}): ContentApi {
  return {
    id: API_ID,
    name: 'News',
    resourceIndicator: 'https://news.example.com',
    scopes: [{ name: 'articles:read', description: '' }],
    datasets: [{ name: 'equities', description: '' }],
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** In-memory stand-ins for the repositories and ports; the recorder keeps what would be audited and emitted. */
function setup(
  seed: { enterprise?: Enterprise; contentApi?: ContentApi; contracts?: Contract[] } = {},
) {
  const enterprise = seed.enterprise ?? buildEnterprise();
  const contentApi = seed.contentApi ?? buildContentApi();
  const contracts = new Map((seed.contracts ?? []).map((contract) => [contract.id, contract]));
  const recorded: Array<{
    type: string;
    version: number;
    state: Record<string, unknown>;
    before: unknown;
    context: RequestContext;
  }> = [];

  const tx = {
    run: <T>(work: (em: never) => Promise<T>) => work(undefined as never),
  } as unknown as TransactionRunner;
  const contractsRepository = {
    getForUpdate: (_em: unknown, id: string) => {
      const found = contracts.get(id);
      return found ? Promise.resolve(found) : Promise.reject(new ContractNotFound(id));
    },
    insert: (_em: unknown, contract: Contract) =>
      Promise.resolve(void contracts.set(contract.id, contract)),
    update: (_em: unknown, contract: Contract) =>
      Promise.resolve(void contracts.set(contract.id, contract)),
    findById: (id: string) => Promise.resolve(contracts.get(id) ?? null),
  } as unknown as ContractsRepository;
  const enterprises = {
    getForShare: (_em: unknown, id: string, pointer?: string) =>
      id === enterprise.id
        ? Promise.resolve(enterprise)
        : Promise.reject(new EnterpriseNotFound(id, pointer)),
  } as unknown as EnterprisesRepository;
  const contentApis = {
    getForShare: (_em: unknown, id: string, pointer?: string) =>
      id === contentApi.id
        ? Promise.resolve(contentApi)
        : Promise.reject(new ContentApiNotFound(id, pointer)),
  } as unknown as ContentApisRepository;
  const changes = {
    record: (_em: unknown, definition: { type: string }, change: (typeof recorded)[number]) =>
      Promise.resolve(void recorded.push({ ...change, type: definition.type })),
  } as unknown as ChangeRecorder;
  const clock: Clock = { now: () => NOW };
  const idempotency = {
    once: (_em: unknown, _request: unknown, _status: number, work: () => Promise<unknown>) =>
      work(),
  } as unknown as IdempotencyStore;
  const service = new ContractsService(
    tx,
    contractsRepository,
    enterprises,
    contentApis,
    changes,
    idempotency,
    clock,
    loadConfig(AccountServiceConfig, {}),
  );
  return { service, contracts, recorded };
}

const input = {
  enterpriseId: ENTERPRISE_ID,
  contentApiId: API_ID,
  scopes: ['articles:read'],
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2026-01-01T00:00:00+02:00',
};

describe('ContractsService', () => {
  it('creates an active contract and records ContractCreated with the resource indicator', async () => {
    const { service, contracts, recorded } = setup();
    const response = await service.create(input, null, CONTEXT);

    expect(response).toMatchObject({
      status: 'active',
      version: 1,
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2025-12-31T22:00:00.000Z',
    });
    expect(contracts.get(response.id)).toMatchObject({ status: 'active', version: 1 });
    expect(recorded).toEqual([
      {
        type: 'ContractCreated',
        version: 1,
        before: null,
        context: CONTEXT,
        at: NOW,
        state: expect.objectContaining({
          id: response.id,
          resourceIndicator: 'https://news.example.com',
          status: 'active',
          scopes: ['articles:read'],
        }),
      },
    ]);
  });

  it('refuses an unknown enterprise or content API, pointing at the field', async () => {
    const { service, recorded } = setup();
    await expect(
      service.create({ ...input, enterpriseId: API_ID }, null, CONTEXT),
    ).rejects.toMatchObject({
      code: 'enterprise_not_found',
      fieldErrors: [{ pointer: '/enterpriseId', detail: 'no such enterprise' }],
    });
    await expect(
      service.create({ ...input, contentApiId: ENTERPRISE_ID }, null, CONTEXT),
    ).rejects.toMatchObject({
      code: 'content_api_not_found',
      fieldErrors: [{ pointer: '/contentApiId', detail: 'no such content API' }],
    });
    expect(recorded).toEqual([]);
  });

  it('refuses a contract for an enterprise that is not active', async () => {
    const { service, recorded } = setup({ enterprise: buildEnterprise({ status: 'suspended' }) });
    await expect(service.create(input, null, CONTEXT)).rejects.toBeInstanceOf(EnterpriseNotActive);
    expect(recorded).toEqual([]);
  });

  it('refuses scopes outside the catalogue', async () => {
    const { service, recorded } = setup();
    await expect(
      service.create({ ...input, scopes: ['articles:read', 'prices:read'] }, null, CONTEXT),
    ).rejects.toBeInstanceOf(UnknownScope);
    expect(recorded).toEqual([]);
  });

  it('suspends, reactivates and terminates, recording each change with the state before it', async () => {
    const { service, recorded } = setup();
    const { id } = await service.create(input, null, CONTEXT);

    expect(await service.suspend(id, NO_PRECONDITION, CONTEXT)).toMatchObject({
      status: 'suspended',
      version: 2,
    });
    expect(await service.reactivate(id, NO_PRECONDITION, CONTEXT)).toMatchObject({
      status: 'active',
      version: 3,
    });
    expect(await service.terminate(id, NO_PRECONDITION, CONTEXT)).toMatchObject({
      status: 'terminated',
      version: 4,
    });

    expect(
      recorded.map((change) => [
        change.type,
        change.version,
        (change.before as { status: string } | null)?.status,
        change.state.status,
      ]),
    ).toEqual([
      ['ContractCreated', 1, undefined, 'active'],
      ['ContractSuspended', 2, 'active', 'suspended'],
      ['ContractReactivated', 3, 'suspended', 'active'],
      ['ContractTerminated', 4, 'active', 'terminated'],
    ]);
  });

  it('records nothing for an illegal transition or an unknown contract', async () => {
    const { service, recorded } = setup();
    const { id } = await service.create(input, null, CONTEXT);
    recorded.length = 0;

    await expect(service.reactivate(id, NO_PRECONDITION, CONTEXT)).rejects.toBeInstanceOf(
      IllegalStatusTransition,
    );
    await expect(
      service.suspend('6f6f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d', NO_PRECONDITION, CONTEXT),
    ).rejects.toBeInstanceOf(ContractNotFound);
    expect(recorded).toEqual([]);
  });
});
