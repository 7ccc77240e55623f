import { describe, expect, it } from 'vitest';
import { InvalidValidityPeriod, UnknownScope } from '../contract.errors.js';
import { createContract, type ContractTerms } from './contract.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const catalogue = {
  name: 'News API',
  scopes: [{ name: 'articles:read' }, { name: 'prices:read' }],
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
