import { describe, expect, it } from 'vitest';
import {
  ContractDeleted,
  IllegalStatusTransition,
  InvalidValidityPeriod,
  UnknownDataset,
  UnknownScope,
} from '../contract.errors.js';
import { createContract, type ContractTerms, updateContractTerms } from './contract.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const catalogue = {
  name: 'News API',
  scopes: [{ name: 'articles:read' }, { name: 'prices:read' }],
  datasets: [{ name: 'equities' }, { name: 'fx' }],
};

function terms(overrides: Partial<ContractTerms> = {}): ContractTerms {
  return {
    enterpriseId: '1c1f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
    contentApiId: '2d2f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
    scopes: ['articles:read'],
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('createContract', () => {
  it('makes an active contract at version 1', () => {
    const contract = createContract(
      '0b0f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
      terms({ scopes: ['prices:read', 'articles:read'] }),
      catalogue,
      NOW,
    );
    expect(contract).toEqual({
      id: '0b0f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d',
      ...terms({ scopes: ['prices:read', 'articles:read'] }),
      datasets: [],
      rateLimit: null,
      status: 'active',
      deletedAt: null,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('accepts an open-ended contract', () => {
    expect(createContract('x', terms({ validUntil: null }), catalogue, NOW).validUntil).toBeNull();
  });

  it('refuses scopes outside the catalogue and points at each', () => {
    let error: unknown;
    try {
      createContract(
        'x',
        terms({ scopes: ['articles:read', 'articles:write', 'admin'] }),
        catalogue,
        NOW,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownScope);
    expect((error as UnknownScope).code).toBe('unknown_scope');
    expect((error as UnknownScope).fieldErrors).toEqual([
      { pointer: '/scopes/1', detail: "is not in the content API's scope catalogue" },
      { pointer: '/scopes/2', detail: "is not in the content API's scope catalogue" },
    ]);
    expect((error as Error).message).toBe(
      'articles:write, admin are not in the scope catalogue of News API.',
    );
  });

  it('refuses an empty or inverted validity period', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    expect(() =>
      createContract('x', terms({ validFrom: from, validUntil: from }), catalogue, NOW),
    ).toThrow(InvalidValidityPeriod);
    expect(() =>
      createContract(
        'x',
        terms({ validFrom: from, validUntil: new Date(from.getTime() - 1) }),
        catalogue,
        NOW,
      ),
    ).toThrow(InvalidValidityPeriod);
  });
});

describe('datasets and rate limit on signing', () => {
  it('keeps the datasets and the rate limit; none named means all', () => {
    const contract = createContract(
      'x',
      terms({ datasets: ['fx'], rateLimit: { requestsPerMinute: 60 } }),
      catalogue,
      NOW,
    );
    expect(contract).toMatchObject({ datasets: ['fx'], rateLimit: { requestsPerMinute: 60 } });
    expect(createContract('x', terms(), catalogue, NOW)).toMatchObject({
      datasets: [],
      rateLimit: null,
    });
  });

  it('refuses datasets the content API does not declare and points at each', () => {
    let error: unknown;
    try {
      createContract('x', terms({ datasets: ['fx', 'rates'] }), catalogue, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownDataset);
    expect((error as UnknownDataset).fieldErrors).toEqual([
      { pointer: '/datasets/1', detail: "is not one of the content API's datasets" },
    ]);
  });
});

describe('updateContractTerms', () => {
  const LATER = new Date('2025-07-01T00:00:00.000Z');
  const signed = () => createContract('x', terms({ datasets: ['equities'] }), catalogue, NOW);

  it('replaces the members sent, bumps the version and keeps the rest', () => {
    const updated = updateContractTerms(
      signed(),
      { datasets: ['fx'], rateLimit: { requestsPerMinute: 10 }, validUntil: null },
      catalogue,
      LATER,
    );
    expect(updated).toMatchObject({
      datasets: ['fx'],
      rateLimit: { requestsPerMinute: 10 },
      validUntil: null,
      scopes: ['articles:read'],
      version: 2,
      updatedAt: LATER,
    });
  });

  it('returns null when nothing changes (same lists in another order too)', () => {
    const contract = createContract(
      'x',
      terms({ scopes: ['articles:read', 'prices:read'] }),
      catalogue,
      NOW,
    );
    expect(updateContractTerms(contract, {}, catalogue, LATER)).toBeNull();
    expect(
      updateContractTerms(
        contract,
        { scopes: ['prices:read', 'articles:read'], rateLimit: null, datasets: [] },
        catalogue,
        LATER,
      ),
    ).toBeNull();
  });

  it('applies the signing rules to the result', () => {
    expect(() => updateContractTerms(signed(), { scopes: ['admin'] }, catalogue, LATER)).toThrow(
      UnknownScope,
    );
    expect(() => updateContractTerms(signed(), { datasets: ['macro'] }, catalogue, LATER)).toThrow(
      UnknownDataset,
    );
    expect(() =>
      updateContractTerms(
        signed(),
        { validFrom: new Date('2026-06-01T00:00:00Z') },
        catalogue,
        LATER,
      ),
    ).toThrow(InvalidValidityPeriod);
  });

  it('refuses a deleted or terminated contract', () => {
    expect(() =>
      updateContractTerms({ ...signed(), deletedAt: NOW }, { datasets: [] }, catalogue, LATER),
    ).toThrow(ContractDeleted);
    expect(() =>
      updateContractTerms(
        { ...signed(), status: 'terminated' },
        { datasets: [] },
        catalogue,
        LATER,
      ),
    ).toThrow(IllegalStatusTransition);
  });
});
