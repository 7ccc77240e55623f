import type { Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { ContentApiConfig } from '../config/content-api.config.js';
import type { AccountProjectionRepository } from '../projection/account-projection.repository.js';
import type { ContractEntity } from '../projection/contract.entity.js';
import type { EnterpriseEntity } from '../projection/enterprise.entity.js';
import type { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import { ContractAccessCheck } from './contract-access.check.js';

const CONTRACT_ID = '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c';
const ENTERPRISE_ID = '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

/** The projection in memory; counts reads so the test can see none happens for a bad id. */
class FakeProjection {
  reads = 0;
  constructor(
    private readonly contracts: ContractEntity[],
    private readonly enterprises: EnterpriseEntity[],
  ) {}
  findContract(id: string): Promise<ContractEntity | null> {
    this.reads += 1;
    return Promise.resolve(this.contracts.find((contract) => contract.id === id) ?? null);
  }
  findEnterprise(id: string): Promise<EnterpriseEntity | null> {
    this.reads += 1;
    return Promise.resolve(this.enterprises.find((enterprise) => enterprise.id === id) ?? null);
  }
}

function buildContract(overrides: Partial<ContractEntity> = {}): ContractEntity {
  return {
    id: CONTRACT_ID,
    enterpriseId: ENTERPRISE_ID,
    resourceIndicator: 'http://localhost:3002',
    scopes: ['articles:read', 'prices:read'],
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    version: 1,
    ...overrides,
  };
}

function buildPrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    subject: 'portal-acme',
    clientId: 'portal-acme',
    scopes: ['articles:read'],
    audience: ['http://localhost:3002'],
    tokenId: 'jti-1',
    issuedAt: new Date('2025-06-15T11:55:00Z'),
    expiresAt: new Date('2025-06-15T12:05:00Z'),
    contractId: CONTRACT_ID,
    enterpriseId: ENTERPRISE_ID,
    ...overrides,
  };
}

function checkWith(
  contract: ContractEntity | undefined,
  now = new Date('2025-06-15T12:00:00Z'),
  revokedIds: readonly string[] = [],
) {
  const projection = new FakeProjection(contract ? [contract] : [], [
    { id: ENTERPRISE_ID, status: 'active', version: 1 },
  ]);
  const check = new ContractAccessCheck(
    projection as unknown as AccountProjectionRepository,
    new ContentApiConfig(),
    new FixedClock(now),
    {
      isRevoked: (jti: string) => Promise.resolve(revokedIds.includes(jti)),
    } as unknown as RevocationListRepository,
  );
  return { check, projection };
}

describe('ContractAccessCheck', () => {
  it('lets a token of a contract in force through', async () => {
    await expect(checkWith(buildContract()).check.check(buildPrincipal())).resolves.toBeNull();
  });

  it('refuses a revoked token, whatever its contract', async () => {
    const { check } = checkWith(buildContract(), undefined, ['jti-1']);
    await expect(check.check(buildPrincipal())).resolves.toBe('token revoked');
    await expect(check.check(buildPrincipal({ tokenId: 'jti-2' }))).resolves.toBeNull();
  });

  it('refuses with a reason the caller can read', async () => {
    await expect(
      checkWith(buildContract({ status: 'suspended' })).check.check(buildPrincipal()),
    ).resolves.toBe('contract is suspended');
    await expect(checkWith(undefined).check.check(buildPrincipal())).resolves.toBe(
      'contract is unknown',
    );
  });

  it('judges the validity window on the clock', async () => {
    const contract = buildContract({ validUntil: new Date('2025-06-15T12:00:00Z') });
    await expect(
      checkWith(contract, new Date('2025-06-15T11:59:59Z')).check.check(buildPrincipal()),
    ).resolves.toBeNull();
    await expect(
      checkWith(contract, new Date('2025-06-15T12:00:00Z')).check.check(buildPrincipal()),
    ).resolves.toBe('contract has ended');
  });

  it('refuses a token for a contract of another API, with the configured audience', async () => {
    const contract = buildContract({ resourceIndicator: 'http://localhost:3009' });
    await expect(checkWith(contract).check.check(buildPrincipal())).resolves.toBe(
      'contract does not cover this API',
    );
  });

  it('refuses a token without contract, and a contract id that is not a UUID, without a query', async () => {
    const { check, projection } = checkWith(buildContract());
    const { contractId: _omitted, ...withoutContract } = buildPrincipal();
    await expect(check.check(withoutContract)).resolves.toMatch(/no contract/);
    await expect(check.check(buildPrincipal({ contractId: "x' OR 1=1" }))).resolves.toBe(
      'contract is unknown',
    );
    expect(projection.reads).toBe(0);
  });
});
