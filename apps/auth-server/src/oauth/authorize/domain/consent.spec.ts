import { describe, expect, it } from 'vitest';
import type { ContractTerms } from '../../token/domain/access-selection.js';
import { type ConsentRequestInput, consentCovers, requestedConsent } from './consent.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';
const ACCOUNTS = 'http://localhost:3001';

function buildContract(overrides: Partial<ContractTerms> = {}): ContractTerms {
  return {
    id: 'c0000000-0000-4000-8000-000000000001',
    enterpriseId: ENTERPRISE,
    resourceIndicator: ARTICLES,
    scopes: ['articles:read', 'articles:search'],
    validFrom: new Date('2026-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    deletedAt: null,
    ...overrides,
  };
}

function input(overrides: Partial<ConsentRequestInput> = {}): ConsentRequestInput {
  return {
    access: {
      client: { clientId: 'portal', enterpriseId: ENTERPRISE, platformAccess: null },
      user: { id: 'u1', kind: 'enterprise', enterpriseId: ENTERPRISE, roles: [] },
      enterpriseStatus: 'active',
      contracts: [
        buildContract(),
        buildContract({
          id: 'c0000000-0000-4000-8000-000000000002',
          resourceIndicator: REPORTS,
          scopes: ['reports:read'],
        }),
      ],
      accountServiceAudience: ACCOUNTS,
      now: NOW,
    },
    resources: [],
    scopes: ['openid'],
    delegating: true,
    ...overrides,
  };
}

describe('requestedConsent', () => {
  it("a portal's code is for itself; each named API is an item with its asked scopes", () => {
    const decision = requestedConsent(
      input({
        resources: [ARTICLES, REPORTS],
        scopes: ['openid', 'articles:read', 'reports:read'],
      }),
    );
    expect(decision).toEqual({
      granted: true,
      consent: {
        items: [
          { resource: '', scopes: ['openid'] },
          { resource: ARTICLES, scopes: ['articles:read'] },
          { resource: REPORTS, scopes: ['reports:read'] },
        ],
        code: { resource: null, scopes: ['openid'] },
      },
    });
  });

  it('openid only: nothing downstream', () => {
    expect(requestedConsent(input())).toMatchObject({
      granted: true,
      consent: { items: [{ resource: '', scopes: ['openid'] }] },
    });
  });

  it('the account service: accounts:self only, and only when named', () => {
    expect(
      requestedConsent(input({ resources: [ACCOUNTS], scopes: ['openid', 'accounts:admin'] })),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
    expect(
      requestedConsent(input({ resources: [ACCOUNTS], scopes: ['accounts:self'] })),
    ).toMatchObject({
      granted: true,
      consent: {
        items: [
          { resource: '', scopes: [] },
          { resource: ACCOUNTS, scopes: ['accounts:self'] },
        ],
      },
    });
  });

  it('refuses an API no contract covers (invalid_target)', () => {
    expect(requestedConsent(input({ resources: ['https://prices.example.test'] }))).toMatchObject({
      granted: false,
      error: 'invalid_target',
    });
  });

  it('a client without token exchange: one resource, and its code is for it', () => {
    expect(
      requestedConsent(input({ delegating: false, resources: [ARTICLES, REPORTS] })),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
    expect(
      requestedConsent(
        input({ delegating: false, resources: [ARTICLES], scopes: ['openid', 'articles:read'] }),
      ),
    ).toEqual({
      granted: true,
      consent: {
        items: [{ resource: ARTICLES, scopes: ['openid', 'articles:read'] }],
        code: { resource: ARTICLES, scopes: ['openid', 'articles:read'] },
      },
    });
  });
});

describe('consentCovers', () => {
  const stored = new Map([
    ['', ['openid']],
    [ARTICLES, ['articles:read']],
  ]);

  it('covers what is within each target', () => {
    expect(
      consentCovers(stored, [
        { resource: '', scopes: ['openid'] },
        { resource: ARTICLES, scopes: ['articles:read'] },
      ]),
    ).toBe(true);
  });

  it('a new API, or a new scope at a known one, is not covered', () => {
    expect(consentCovers(stored, [{ resource: REPORTS, scopes: ['reports:read'] }])).toBe(false);
    expect(consentCovers(stored, [{ resource: ARTICLES, scopes: ['articles:search'] }])).toBe(
      false,
    );
    // A scope consented for one target says nothing about another.
    expect(consentCovers(stored, [{ resource: REPORTS, scopes: ['articles:read'] }])).toBe(false);
  });
});
