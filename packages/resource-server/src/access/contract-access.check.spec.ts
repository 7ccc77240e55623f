import type { Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import type { ContractEntity } from '../projection/contract.entity.js';
import type { AccessStateSync } from './access-state.sync.js';
import { ContractAccessCheck } from './contract-access.check.js';
import { EnforcementOutcomes } from './enforcement-outcomes.js';
import { AccessState } from './domain/access-state.js';

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

function buildContract(overrides: Partial<ContractEntity> = {}): ContractEntity {
  return {
    id: CONTRACT_ID,
    enterpriseId: ENTERPRISE_ID,
    resourceIndicator: 'http://localhost:3002',
    scopes: ['articles:read', 'prices:read'],
    datasets: [],
    requestsPerMinute: null,
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    deletedAt: null,
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

/** Stands in for the sync: the state is current unless told otherwise. */
class FakeSync {
  current = true;
  assertCurrent(): void {
    if (!this.current) {
      throw new Error('stale');
    }
  }
}

function checkWith(
  contract: ContractEntity | undefined,
  now = new Date('2025-06-15T12:00:00Z'),
  revokedIds: readonly string[] = [],
) {
  const state = new AccessState();
  if (contract !== undefined) {
    state.putContract(contract);
  }
  state.putEnterprise({ id: ENTERPRISE_ID, status: 'active', version: 1 });
  state.putClient({
    id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    clientId: 'portal-acme',
    enterpriseId: ENTERPRISE_ID,
    status: 'active',
    deletedAt: null,
    credentials: [],
    version: 1,
  });
  revokedIds.forEach((jti) => state.revoke(jti, new Date('2025-06-15T13:00:00Z'), now));
  const sync = new FakeSync();
  const check = new ContractAccessCheck(
    state,
    sync as unknown as AccessStateSync,
    {
      name: 'content-api',
      audience: 'http://localhost:3002',
      maxStalenessMs: 1_000,
      usageFlushIntervalMs: 5_000,
      accountsDurable: 'content-api-accounts',
      revocationsDurable: 'content-api-revocations',
    },
    new FixedClock(now),
    new EnforcementOutcomes(),
  );
  return { check, sync };
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

  it('refuses a token without contract, and a contract id that names none', async () => {
    const { check } = checkWith(buildContract());
    const { contractId: _omitted, ...withoutContract } = buildPrincipal();
    await expect(check.check(withoutContract)).resolves.toMatch(/no contract/);
    await expect(check.check(buildPrincipal({ contractId: "x' OR 1=1" }))).resolves.toBe(
      'contract is unknown',
    );
  });

  it('decides nothing from a state it cannot vouch for', () => {
    const { check, sync } = checkWith(buildContract());
    sync.current = false;
    expect(() => check.check(buildPrincipal())).toThrow('stale');
  });
});
