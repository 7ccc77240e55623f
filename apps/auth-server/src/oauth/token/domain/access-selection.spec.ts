import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  type ContractTerms,
  contractInForce,
  selectAccess,
} from './access-selection.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';
const ACCOUNTS = 'http://accounts.example.test';
let sequence = 0;

function buildContract(overrides: Partial<ContractTerms> = {}): ContractTerms {
  sequence += 1;
  return {
    id: `c0000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    enterpriseId: ENTERPRISE,
    resourceIndicator: ARTICLES,
    scopes: ['articles:read', 'articles:search'],
    validFrom: new Date('2026-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    ...overrides,
  };
}

function buildRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    enterpriseId: ENTERPRISE,
    accountServiceAudience: ACCOUNTS,
    enterpriseStatus: 'active',
    platformAccess: null,
    contracts: [buildContract()],
    now: NOW,
    ...overrides,
  };
}

describe('contractInForce', () => {
  it('holds for an active contract inside its window of an active enterprise', () => {
    expect(contractInForce(buildContract(), 'active', NOW)).toBe(true);
  });

  it.each([
    ['suspended', buildContract({ status: 'suspended' }), 'active'],
    ['terminated', buildContract({ status: 'terminated' }), 'active'],
    ['not yet valid', buildContract({ validFrom: new Date(NOW.getTime() + 1) }), 'active'],
    ['ended (validUntil is exclusive)', buildContract({ validUntil: NOW }), 'active'],
    ['enterprise suspended', buildContract(), 'suspended'],
    ['enterprise unknown', buildContract(), null],
  ])('fails when %s', (_case, contract, enterpriseStatus) => {
    expect(contractInForce(contract, enterpriseStatus, NOW)).toBe(false);
  });

  it('starts exactly at validFrom', () => {
    expect(contractInForce(buildContract({ validFrom: NOW }), 'active', NOW)).toBe(true);
  });
});

describe('selectAccess', () => {
  it('grants the only contract in force, with all its scopes, its ids and its end', () => {
    const validUntil = new Date('2026-12-31T00:00:00Z');
    const contract = buildContract({ validUntil });
    expect(selectAccess(buildRequest({ contracts: [contract] }))).toEqual({
      granted: true,
      access: {
        audience: ARTICLES,
        scopes: ['articles:read', 'articles:search'],
        contractId: contract.id,
        enterpriseId: ENTERPRISE,
        notAfter: validUntil,
      },
    });
  });

  it('narrows to the requested scopes the contract grants', () => {
    const decision = selectAccess(
      buildRequest({ requestedScopes: ['articles:search', 'other:scope'] }),
    );
    expect(decision).toMatchObject({ granted: true, access: { scopes: ['articles:search'] } });
  });

  it('refuses scopes nothing grants with invalid_scope', () => {
    expect(selectAccess(buildRequest({ requestedScopes: ['reports:read'] }))).toEqual({
      granted: false,
      error: 'invalid_scope',
      description: 'none of the requested scopes can be granted',
    });
  });

  it('selects by resource', () => {
    const reports = buildContract({ resourceIndicator: REPORTS, scopes: ['reports:read'] });
    const decision = selectAccess(
      buildRequest({ contracts: [buildContract(), reports], resource: REPORTS }),
    );
    expect(decision).toMatchObject({
      granted: true,
      access: { audience: REPORTS, contractId: reports.id },
    });
  });

  it('refuses an unknown resource with invalid_target', () => {
    expect(selectAccess(buildRequest({ resource: REPORTS }))).toMatchObject({
      granted: false,
      error: 'invalid_target',
    });
  });

  it('refuses a resource whose contract is not in force with unauthorized_client', () => {
    const decision = selectAccess(
      buildRequest({ contracts: [buildContract({ status: 'suspended' })], resource: ARTICLES }),
    );
    expect(decision).toEqual({
      granted: false,
      error: 'unauthorized_client',
      description: 'no contract in force for this resource',
    });
  });

  it('refuses when no contract is in force at all with unauthorized_client', () => {
    const decision = selectAccess(
      buildRequest({
        contracts: [buildContract({ validUntil: new Date('2026-02-01T00:00:00Z') })],
      }),
    );
    expect(decision).toEqual({
      granted: false,
      error: 'unauthorized_client',
      description: 'no contract in force',
    });
  });

  it('asks for resource when contracts for several resources match', () => {
    const decision = selectAccess(
      buildRequest({ contracts: [buildContract(), buildContract({ resourceIndicator: REPORTS })] }),
    );
    expect(decision).toEqual({
      granted: false,
      error: 'invalid_request',
      description: 'several resources match; pass resource',
    });
  });

  it('lets the scope pick the resource when only one resource grants it', () => {
    const reports = buildContract({ resourceIndicator: REPORTS, scopes: ['reports:read'] });
    const decision = selectAccess(
      buildRequest({ contracts: [buildContract(), reports], requestedScopes: ['reports:read'] }),
    );
    expect(decision).toMatchObject({ granted: true, access: { audience: REPORTS } });
  });

  it('ignores contracts of other enterprises', () => {
    const foreign = buildContract({
      enterpriseId: 'e0000000-0000-4000-8000-000000000999',
      resourceIndicator: REPORTS,
    });
    expect(
      selectAccess(buildRequest({ contracts: [buildContract(), foreign], resource: REPORTS })),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
  });

  it('refuses everything while the enterprise is not active', () => {
    expect(selectAccess(buildRequest({ enterpriseStatus: 'suspended' }))).toMatchObject({
      granted: false,
      error: 'unauthorized_client',
    });
  });

  it('grants platform access without a contract', () => {
    const decision = selectAccess(
      buildRequest({
        enterpriseId: null,
        enterpriseStatus: null,
        contracts: [],
        platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
      }),
    );
    expect(decision).toEqual({
      granted: true,
      access: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
    });
  });

  it('for one resource covered by several contracts, takes the one granting most of the request, then the longest', () => {
    const narrow = buildContract({ scopes: ['articles:read'] });
    const short = buildContract({ validUntil: new Date('2026-07-01T00:00:00Z') });
    const open = buildContract();
    expect(selectAccess(buildRequest({ contracts: [narrow, short, open] }))).toMatchObject({
      granted: true,
      access: { contractId: open.id },
    });
    expect(selectAccess(buildRequest({ contracts: [narrow, short] }))).toMatchObject({
      granted: true,
      access: { contractId: short.id },
    });
    expect(
      selectAccess(
        buildRequest({ contracts: [narrow, short], requestedScopes: ['articles:read'] }),
      ),
    ).toMatchObject({ granted: true, access: { scopes: ['articles:read'] } });
  });

  it('prefers a contract over platform access for the same audience', () => {
    const contract = buildContract();
    const decision = selectAccess(
      buildRequest({
        contracts: [contract],
        platformAccess: { audience: ARTICLES, scopes: ['articles:read', 'articles:search'] },
      }),
    );
    expect(decision).toMatchObject({ granted: true, access: { contractId: contract.id } });
  });
});

describe('selectAccess: the account service is reserved (defence in depth)', () => {
  it('never grants a contract for the account service audience, spelt any way', () => {
    for (const resourceIndicator of [ACCOUNTS, `${ACCOUNTS}/`, ACCOUNTS.toUpperCase()]) {
      const contracts = [buildContract({ resourceIndicator, scopes: ['accounts:admin'] })];
      expect(selectAccess(buildRequest({ contracts, resource: ACCOUNTS }))).toMatchObject({
        granted: false,
        error: 'invalid_target',
      });
      expect(selectAccess(buildRequest({ contracts }))).toMatchObject({ granted: false });
    }
  });

  it('drops accounts:* scopes from a contract for a content API', () => {
    const contracts = [
      buildContract({ scopes: ['articles:read', 'accounts:admin', 'ACCOUNTS:self'] }),
    ];
    expect(selectAccess(buildRequest({ contracts }))).toMatchObject({
      granted: true,
      access: { audience: ARTICLES, scopes: ['articles:read'] },
    });
    expect(
      selectAccess(buildRequest({ contracts, requestedScopes: ['accounts:admin'] })),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });

  it("keeps the platform admin's own platform access", () => {
    const decision = selectAccess(
      buildRequest({
        enterpriseId: null,
        enterpriseStatus: null,
        contracts: [],
        platformAccess: { audience: ACCOUNTS, scopes: ['accounts:admin'] },
      }),
    );
    expect(decision).toMatchObject({
      granted: true,
      access: { audience: ACCOUNTS, scopes: ['accounts:admin'] },
    });
  });
});
