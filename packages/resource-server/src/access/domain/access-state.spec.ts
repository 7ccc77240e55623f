import { describe, expect, it } from 'vitest';
import type { ContractFacts } from '@charter/auth';
import { AccessState, type Versioned } from './access-state.js';

const NOW = new Date('2025-06-15T12:00:00Z');

function contract(overrides: Partial<Versioned<ContractFacts>> = {}): Versioned<ContractFacts> {
  return {
    id: '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c',
    enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
    resourceIndicator: 'http://localhost:3002',
    scopes: ['articles:read'],
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

describe('AccessState', () => {
  it('keeps the newest version of a contract, whatever the order facts arrive in', () => {
    const state = new AccessState();
    expect(state.putContract(contract({ status: 'suspended', version: 2 }))).toBe(true);
    // A stale event (or the older row of a load that raced an event) changes nothing.
    expect(state.putContract(contract({ status: 'active', version: 1 }))).toBe(false);
    // The same version again (a redelivery) changes nothing either.
    expect(state.putContract(contract({ status: 'terminated', version: 2 }))).toBe(false);
    expect(state.contract(contract().id)?.status).toBe('suspended');
    expect(state.putContract(contract({ status: 'active', version: 3 }))).toBe(true);
    expect(state.contract(contract().id)?.status).toBe('active');
  });

  it('keeps the newest version of an enterprise', () => {
    const state = new AccessState();
    state.putEnterprise({ id: 'e1', status: 'suspended', version: 4 });
    expect(state.putEnterprise({ id: 'e1', status: 'active', version: 3 })).toBe(false);
    expect(state.enterprise('e1')?.status).toBe('suspended');
    expect(state.enterprise('e2')).toBeUndefined();
  });

  it('remembers a revocation until the token expires, then forgets it', () => {
    const state = new AccessState();
    expect(state.revoke('jti-1', new Date('2025-06-15T12:10:00Z'), NOW)).toBe(true);
    expect(state.revoke('jti-1', new Date('2025-06-15T12:10:00Z'), NOW)).toBe(false);
    // Already expired: refused as expired anyway, nothing to keep.
    expect(state.revoke('jti-2', NOW, NOW)).toBe(false);
    expect(state.isRevoked('jti-1')).toBe(true);
    expect(state.isRevoked('jti-2')).toBe(false);

    expect(state.pruneRevocations(new Date('2025-06-15T12:09:59Z'))).toBe(0);
    expect(state.pruneRevocations(new Date('2025-06-15T12:10:00Z'))).toBe(1);
    expect(state.isRevoked('jti-1')).toBe(false);
    expect(state.sizes.revocations).toBe(0);
  });

  it('keeps the newest version of a system account, by client id', () => {
    const state = new AccessState();
    const client = {
      id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
      clientId: 'portal-acme',
      enterpriseId: null,
      status: 'active' as const,
      deletedAt: null,
      credentials: [{ id: 's1', expiresAt: null }],
      version: 2,
    };
    expect(state.putClient({ ...client, status: 'disabled' })).toBe(true);
    // Older or the same version again (a stale event, a redelivery, a load racing an event): no change.
    expect(state.putClient({ ...client, version: 1 })).toBe(false);
    expect(state.putClient(client)).toBe(false);
    expect(state.client('portal-acme')?.status).toBe('disabled');
    expect(state.putClient({ ...client, deletedAt: NOW, version: 3 })).toBe(true);
    expect(state.client('portal-acme')?.deletedAt).toEqual(NOW);
    expect(state.client('portal-other')).toBeUndefined();
    expect(state.sizes.clients).toBe(1);
  });
});
