import { describe, expect, it } from 'vitest';
import type { ContractTerms } from './access-selection.js';
import {
  selectUserAccess,
  type UserAccessRequest,
  userMayUseClient,
} from './user-access-selection.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const OTHER_ENTERPRISE = 'e0000000-0000-4000-8000-000000000002';
const ARTICLES = 'https://articles.example.test';
const ACCOUNTS = 'http://localhost:3001';
const PLATFORM_API = 'https://platform.example.test';
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
    deletedAt: null,
    ...overrides,
  };
}

function enterpriseRequest(overrides: Partial<UserAccessRequest> = {}): UserAccessRequest {
  return {
    client: { clientId: 'portal', enterpriseId: ENTERPRISE, platformAccess: null },
    user: { id: 'u1', kind: 'enterprise', enterpriseId: ENTERPRISE, roles: [] },
    enterpriseStatus: 'active',
    contracts: [buildContract()],
    accountServiceAudience: ACCOUNTS,
    now: NOW,
    ...overrides,
  };
}

function individualRequest(overrides: Partial<UserAccessRequest> = {}): UserAccessRequest {
  return {
    client: {
      clientId: 'app',
      enterpriseId: null,
      platformAccess: { audience: PLATFORM_API, scopes: ['platform:read', 'accounts:admin'] },
    },
    user: { id: 'u2', kind: 'individual', enterpriseId: null, roles: [] },
    enterpriseStatus: null,
    contracts: [],
    accountServiceAudience: ACCOUNTS,
    now: NOW,
    ...overrides,
  };
}

describe('userMayUseClient', () => {
  it('an enterprise client serves its own enterprise only; a platform client serves anyone', () => {
    const user = { id: 'u', kind: 'enterprise' as const, enterpriseId: ENTERPRISE, roles: [] };
    const individual = { id: 'i', kind: 'individual' as const, enterpriseId: null, roles: [] };
    expect(
      userMayUseClient({ clientId: 'c', enterpriseId: ENTERPRISE, platformAccess: null }, user),
    ).toBe(true);
    expect(
      userMayUseClient(
        { clientId: 'c', enterpriseId: OTHER_ENTERPRISE, platformAccess: null },
        user,
      ),
    ).toBe(false);
    expect(
      userMayUseClient(
        { clientId: 'c', enterpriseId: ENTERPRISE, platformAccess: null },
        individual,
      ),
    ).toBe(false);
    expect(
      userMayUseClient({ clientId: 'c', enterpriseId: null, platformAccess: null }, individual),
    ).toBe(true);
  });
});

describe('selectUserAccess', () => {
  it('1. no resource: the client itself, identity scopes only, others left out', () => {
    const decision = selectUserAccess(
      enterpriseRequest({
        requestedScopes: ['openid', 'email', 'articles:read', 'offline_access'],
      }),
    );
    expect(decision).toEqual({
      granted: true,
      access: {
        audience: 'portal',
        scopes: ['openid', 'email', 'offline_access'],
        identityScopes: ['openid', 'email', 'offline_access'],
        enterpriseId: ENTERPRISE,
      },
    });
  });

  it('1. no resource and no scope: the client, no scope; individual users carry no enterprise', () => {
    const decision = selectUserAccess(individualRequest());
    expect(decision).toEqual({
      granted: true,
      access: { audience: 'app', scopes: [], identityScopes: [] },
    });
  });

  it('1. no resource and only API scopes: invalid_scope', () => {
    expect(
      selectUserAccess(enterpriseRequest({ requestedScopes: ['articles:read'] })),
    ).toMatchObject({
      granted: false,
      error: 'invalid_scope',
    });
  });

  it('2. a content API under a contract in force: scopes within the contract, contract and enterprise ids', () => {
    const contract = buildContract({ validUntil: new Date('2026-12-31T00:00:00Z') });
    const decision = selectUserAccess(
      enterpriseRequest({
        contracts: [contract],
        resource: ARTICLES,
        requestedScopes: ['openid', 'articles:read', 'articles:write'],
      }),
    );
    expect(decision).toEqual({
      granted: true,
      access: {
        audience: ARTICLES,
        scopes: ['articles:read'],
        identityScopes: ['openid'],
        enterpriseId: ENTERPRISE,
        contractId: contract.id,
        notAfter: contract.validUntil,
      },
    });
  });

  it('2. no API scope requested: every scope of the contract', () => {
    const decision = selectUserAccess(
      enterpriseRequest({ resource: ARTICLES, requestedScopes: ['openid'] }),
    );
    expect(decision).toMatchObject({
      granted: true,
      access: { scopes: ['articles:read', 'articles:search'] },
    });
  });

  it('2. a suspended, expired, deleted contract or an inactive enterprise covers nothing: invalid_target', () => {
    for (const overrides of [
      { contracts: [buildContract({ status: 'suspended' })] },
      { contracts: [buildContract({ validUntil: new Date('2026-05-01T00:00:00Z') })] },
      { contracts: [buildContract({ deletedAt: new Date('2026-05-01T00:00:00Z') })] },
      { enterpriseStatus: 'suspended' },
    ]) {
      expect(
        selectUserAccess(enterpriseRequest({ ...overrides, resource: ARTICLES })),
      ).toMatchObject({
        granted: false,
        error: 'invalid_target',
      });
    }
  });

  it('2. scopes outside the contract only: invalid_scope', () => {
    expect(
      selectUserAccess(
        enterpriseRequest({ resource: ARTICLES, requestedScopes: ['articles:write'] }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });

  it('2. a contract of another enterprise covers nothing', () => {
    expect(
      selectUserAccess(
        enterpriseRequest({
          contracts: [buildContract({ enterpriseId: OTHER_ENTERPRISE })],
          resource: ARTICLES,
        }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
  });

  it('3. a platform client audience: its scopes without accounts:admin', () => {
    expect(selectUserAccess(individualRequest({ resource: PLATFORM_API }))).toEqual({
      granted: true,
      access: { audience: PLATFORM_API, scopes: ['platform:read'], identityScopes: [] },
    });
    expect(
      selectUserAccess(
        individualRequest({ resource: PLATFORM_API, requestedScopes: ['accounts:admin'] }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });

  it('3. platform access of an enterprise client is not for users', () => {
    expect(
      selectUserAccess(
        enterpriseRequest({
          client: {
            clientId: 'portal',
            enterpriseId: ENTERPRISE,
            platformAccess: { audience: PLATFORM_API, scopes: ['platform:read'] },
          },
          resource: PLATFORM_API,
        }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
  });

  it('4. the account service: enterprise users get accounts:self only', () => {
    expect(
      selectUserAccess(
        enterpriseRequest({
          resource: ACCOUNTS,
          requestedScopes: ['accounts:self', 'accounts:admin'],
        }),
      ),
    ).toEqual({
      granted: true,
      access: {
        audience: ACCOUNTS,
        scopes: ['accounts:self'],
        identityScopes: [],
        enterpriseId: ENTERPRISE,
      },
    });
    expect(
      selectUserAccess(
        enterpriseRequest({ resource: ACCOUNTS, requestedScopes: ['accounts:admin'] }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });

  it('4. the account service is not for individual users, even through a platform client for it', () => {
    const request = individualRequest({
      client: {
        clientId: 'admin-ui',
        enterpriseId: null,
        platformAccess: { audience: ACCOUNTS, scopes: ['accounts:admin'] },
      },
      resource: ACCOUNTS,
    });
    expect(selectUserAccess(request)).toMatchObject({ granted: false, error: 'invalid_target' });
  });

  it('4. platform users with a platform role get accounts:self only, through a platform client', () => {
    const console = { clientId: 'charter-admin-cli', enterpriseId: null, platformAccess: null };
    const staff = (roles: string[]): UserAccessRequest =>
      individualRequest({
        client: console,
        user: { id: 'u3', kind: 'platform', enterpriseId: null, roles },
        resource: ACCOUNTS,
        requestedScopes: ['accounts:self', 'accounts:admin'],
      });
    for (const roles of [['platform-admin'], ['platform-auditor']]) {
      expect(selectUserAccess(staff(roles))).toEqual({
        granted: true,
        access: { audience: ACCOUNTS, scopes: ['accounts:self'], identityScopes: [] },
      });
    }
    // Without a platform role, or asking for accounts:admin alone: nothing.
    expect(selectUserAccess(staff([]))).toMatchObject({ granted: false, error: 'invalid_target' });
    expect(
      selectUserAccess({ ...staff(['platform-admin']), requestedScopes: ['accounts:admin'] }),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
    // An individual user given the role's name is still no platform user.
    expect(
      selectUserAccess(
        individualRequest({
          client: console,
          user: { id: 'u2', kind: 'individual', enterpriseId: null, roles: ['platform-admin'] },
          resource: ACCOUNTS,
        }),
      ),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
    // A platform user never uses an enterprise's client.
    expect(
      selectUserAccess(
        enterpriseRequest({
          user: { id: 'u3', kind: 'platform', enterpriseId: null, roles: ['platform-admin'] },
          resource: ACCOUNTS,
        }),
      ),
    ).toMatchObject({ granted: false, error: 'user_not_allowed' });
  });

  it('anything else: invalid_target', () => {
    expect(
      selectUserAccess(enterpriseRequest({ resource: 'https://unknown.example.test' })),
    ).toMatchObject({ granted: false, error: 'invalid_target' });
  });

  it('a user of another enterprise than the client is refused', () => {
    expect(
      selectUserAccess(
        enterpriseRequest({
          user: { id: 'x', kind: 'enterprise', enterpriseId: OTHER_ENTERPRISE, roles: [] },
        }),
      ),
    ).toMatchObject({ granted: false, error: 'user_not_allowed' });
  });
});
