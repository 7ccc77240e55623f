import { describe, expect, it } from 'vitest';
import { IllegalStatusTransition } from '../contract.errors.js';
import type { Contract, ContractStatus } from './contract.js';
import {
  canTransition,
  isContractInForce,
  reactivateContract,
  suspendContract,
  terminateContract,
  transitionContract,
  type ContractStatusAction,
} from './contract-status.js';

const T0 = new Date('2025-01-01T00:00:00.000Z');
const NOW = new Date('2025-06-01T12:00:00.000Z');

function buildContract(overrides: Partial<Contract> = {}): Contract {
  return {
    id: '0b0f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
    enterpriseId: '1c1f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
    contentApiId: '2d2f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
    scopes: ['articles:read'],
    datasets: [],
    rateLimit: null,
    validFrom: T0,
    validUntil: null,
    status: 'active',
    deletedAt: null,
    version: 3,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

describe('contract status transitions', () => {
  const table: Array<[ContractStatus, ContractStatusAction, ContractStatus | 'illegal']> = [
    ['active', 'suspend', 'suspended'],
    ['active', 'reactivate', 'illegal'],
    ['active', 'terminate', 'terminated'],
    ['suspended', 'suspend', 'illegal'],
    ['suspended', 'reactivate', 'active'],
    ['suspended', 'terminate', 'terminated'],
    ['terminated', 'suspend', 'illegal'],
    ['terminated', 'reactivate', 'illegal'],
    ['terminated', 'terminate', 'illegal'],
  ];

  it.each(table)('%s --%s--> %s', (from, action, to) => {
    const contract = buildContract({ status: from });
    expect(canTransition(from, action)).toBe(to !== 'illegal');
    if (to === 'illegal') {
      expect(() => transitionContract(contract, action, NOW)).toThrow(IllegalStatusTransition);
      return;
    }
    const changed = transitionContract(contract, action, NOW);
    expect(changed).toEqual({ ...contract, status: to, version: 4, updatedAt: NOW });
  });

  it('names the code and the refused move in the error', () => {
    try {
      reactivateContract(buildContract({ status: 'terminated' }), NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalStatusTransition);
      expect((error as IllegalStatusTransition).code).toBe('illegal_status_transition');
      expect((error as Error).message).toBe('A terminated contract cannot be reactivated.');
    }
  });

  it('leaves the original contract untouched', () => {
    const contract = buildContract();
    suspendContract(contract, NOW);
    terminateContract(contract, NOW);
    expect(contract.status).toBe('active');
    expect(contract.version).toBe(3);
  });
});

describe('isContractInForce', () => {
  const from = new Date('2025-01-01T00:00:00Z');
  const until = new Date('2026-01-01T00:00:00Z');

  it('holds inside [validFrom, validUntil) while active', () => {
    const contract = buildContract({ validFrom: from, validUntil: until });
    expect(isContractInForce(contract, from)).toBe(true);
    expect(isContractInForce(contract, new Date(until.getTime() - 1))).toBe(true);
    expect(isContractInForce(contract, until)).toBe(false);
    expect(isContractInForce(contract, new Date(from.getTime() - 1))).toBe(false);
  });

  it('has no end when validUntil is null', () => {
    expect(
      isContractInForce(
        buildContract({ validFrom: from, validUntil: null }),
        new Date('2099-01-01T00:00:00Z'),
      ),
    ).toBe(true);
  });

  it.each<ContractStatus>(['suspended', 'terminated'])(
    'does not hold for a %s contract',
    (status) => {
      expect(isContractInForce(buildContract({ status, validFrom: from }), NOW)).toBe(false);
    },
  );
});

describe('deleted contracts', () => {
  it('are never in force and take no transition', () => {
    const deleted = buildContract({ deletedAt: T0 });
    expect(isContractInForce(deleted, NOW)).toBe(false);
    expect(() => transitionContract(deleted, 'suspend', NOW)).toThrow(
      expect.objectContaining({ code: 'contract_deleted' }),
    );
  });
});
