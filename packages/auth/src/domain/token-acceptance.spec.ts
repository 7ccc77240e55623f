import { describe, expect, it } from 'vitest';
import {
  type AccessFacts,
  type AcceptancePolicy,
  type ClientFacts,
  type ContractFacts,
  clientRefusal,
  describeRefusal,
  type EnterpriseFacts,
  factsNeeded,
  isInForceAt,
  isUserToken,
  type TokenFacts,
  tokenRefusal,
  type UserFacts,
  userRefusal,
} from './token-acceptance.js';

const AUDIENCE = 'http://localhost:3002';
const ENTERPRISE_ID = '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f';
const OTHER_ENTERPRISE_ID = 'a2c1e6f0-0000-4000-8000-000000000002';
const CONTRACT_ID = '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c';
const NOW = new Date('2025-06-15T12:00:00Z');
const USER_ID = '3e9b1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const SECRET_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const OTHER_SECRET_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function buildContract(overrides: Partial<ContractFacts> = {}): ContractFacts {
  return {
    id: CONTRACT_ID,
    enterpriseId: ENTERPRISE_ID,
    resourceIndicator: AUDIENCE,
    scopes: ['articles:read', 'prices:read'],
    datasets: [],
    requestsPerMinute: null,
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: new Date('2026-01-01T00:00:00Z'),
    status: 'active',
    deletedAt: null,
    ...overrides,
  };
}

function buildUser(overrides: Partial<UserFacts> = {}): UserFacts {
  return {
    id: USER_ID,
    enterpriseId: ENTERPRISE_ID,
    status: 'active',
    deletedAt: null,
    ...overrides,
  };
}

function buildEnterprise(overrides: Partial<EnterpriseFacts> = {}): EnterpriseFacts {
  return { id: ENTERPRISE_ID, status: 'active', ...overrides };
}

/** The enterprise's portal, with two secrets (as after a rotation). */
function buildClient(overrides: Partial<ClientFacts> = {}): ClientFacts {
  return {
    clientId: 'portal-acme',
    enterpriseId: ENTERPRISE_ID,
    status: 'active',
    deletedAt: null,
    credentials: [
      { id: SECRET_ID, expiresAt: null },
      { id: OTHER_SECRET_ID, expiresAt: new Date('2025-06-16T00:00:00Z') },
    ],
    ...overrides,
  };
}

/** A platform client (no enterprise), as an individual user's reading app. */
const READER_APP = buildClient({ clientId: 'reader-app', enterpriseId: null });

function buildToken(overrides: Partial<TokenFacts> = {}): TokenFacts {
  return {
    subject: 'portal-acme',
    clientId: 'portal-acme',
    contractId: CONTRACT_ID,
    enterpriseId: ENTERPRISE_ID,
    scopes: ['articles:read'],
    tokenId: 'jti-1',
    ...overrides,
  };
}

interface Question {
  readonly token: TokenFacts;
  readonly revoked: boolean;
  /** Undefined: the service knows none (of any id asked). */
  readonly client: ClientFacts | undefined;
  readonly contract: ContractFacts | undefined;
  readonly enterprise: EnterpriseFacts | undefined;
  readonly user: UserFacts | undefined;
  readonly now: Date;
  readonly contracts: AcceptancePolicy['contracts'];
}

/** The port over fixed facts: each lookup answers its fact whatever id it is asked for. */
function factsOf(question: Question): AccessFacts {
  return {
    isRevoked: () => question.revoked,
    client: (clientId) =>
      clientId === READER_APP.clientId && question.client?.clientId !== clientId
        ? READER_APP
        : question.client,
    user: () => question.user,
    enterprise: () => question.enterprise,
    contract: () => question.contract,
  };
}

function ask(overrides: Partial<Question> = {}): ReturnType<typeof tokenRefusal> {
  const question: Question = {
    token: buildToken(),
    client: buildClient(),
    contract: buildContract(),
    enterprise: buildEnterprise(),
    user: undefined,
    now: NOW,
    revoked: false,
    contracts: 'required',
    ...overrides,
  };
  return tokenRefusal(question.token, factsOf(question), {
    audience: AUDIENCE,
    now: question.now,
    contracts: question.contracts,
  });
}

describe('isInForceAt', () => {
  const contract = buildContract();

  it('starts at validFrom, inclusive', () => {
    expect(isInForceAt(contract, new Date('2024-12-31T23:59:59.999Z'))).toBe(false);
    expect(isInForceAt(contract, new Date('2025-01-01T00:00:00Z'))).toBe(true);
  });

  it('ends at validUntil, exclusive', () => {
    expect(isInForceAt(contract, new Date('2025-12-31T23:59:59.999Z'))).toBe(true);
    expect(isInForceAt(contract, new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('has no end when validUntil is null', () => {
    expect(isInForceAt(buildContract({ validUntil: null }), new Date('2099-01-01T00:00:00Z'))).toBe(
      true,
    );
  });
});

describe('tokenRefusal: contracts', () => {
  it('accepts a token of an active contract for this API, in force, of an active enterprise', () => {
    expect(ask()).toBeNull();
  });

  it('accepts a token carrying every scope of the contract', () => {
    expect(ask({ token: buildToken({ scopes: ['articles:read', 'prices:read'] }) })).toBeNull();
  });

  it('refuses a revoked token first, even with a contract in force', () => {
    expect(ask({ revoked: true })).toBe('token_revoked');
    expect(describeRefusal('token_revoked')).toBe('token revoked');
  });

  it('refuses a token without a contract', () => {
    const { contractId: _omitted, ...withoutContract } = buildToken();
    expect(ask({ token: withoutContract })).toBe('contract_required');
  });

  it('refuses a contract the projection does not know', () => {
    expect(ask({ contract: undefined })).toBe('contract_unknown');
  });

  it('refuses when the projection row is another contract than the token names', () => {
    expect(ask({ contract: buildContract({ id: 'a2c1e6f0-0000-4000-8000-000000000001' }) })).toBe(
      'contract_unknown',
    );
  });

  it('refuses a contract for another API (audience)', () => {
    expect(ask({ contract: buildContract({ resourceIndicator: 'http://localhost:3009' }) })).toBe(
      'contract_for_other_api',
    );
  });

  it('refuses a token whose enterprise is not the contract one', () => {
    expect(ask({ contract: buildContract({ enterpriseId: OTHER_ENTERPRISE_ID }) })).toBe(
      'contract_enterprise_mismatch',
    );
    // A token naming another enterprise than its client's is refused on the client already.
    expect(ask({ token: buildToken({ enterpriseId: OTHER_ENTERPRISE_ID }) })).toBe(
      'client_enterprise_mismatch',
    );
    const { enterpriseId: _omitted, ...withoutEnterprise } = buildToken();
    expect(ask({ token: withoutEnterprise })).toBe('client_enterprise_mismatch');
  });

  it.each([
    ['suspended', 'contract_suspended'],
    ['terminated', 'contract_terminated'],
  ] as const)('refuses a %s contract', (status, refusal) => {
    expect(ask({ contract: buildContract({ status }) })).toBe(refusal);
  });

  it('refuses before the contract starts and after it ends', () => {
    expect(ask({ now: new Date('2024-12-31T23:59:59Z') })).toBe('contract_not_yet_in_force');
    expect(ask({ now: new Date('2026-01-01T00:00:00Z') })).toBe('contract_ended');
  });

  it('judges the validity window at the time passed in', () => {
    const contract = buildContract({ validUntil: new Date('2025-06-15T12:00:01Z') });
    expect(ask({ contract, now: new Date('2025-06-15T12:00:00Z') })).toBeNull();
    expect(ask({ contract, now: new Date('2025-06-15T12:00:01Z') })).toBe('contract_ended');
  });

  it('refuses a token with a scope the contract does not cover', () => {
    expect(ask({ token: buildToken({ scopes: ['articles:read', 'reports:read'] }) })).toBe(
      'scope_not_covered',
    );
  });

  it('refuses when the enterprise is unknown', () => {
    expect(ask({ enterprise: undefined })).toBe('enterprise_unknown');
    expect(
      ask({ enterprise: buildEnterprise({ id: 'a2c1e6f0-0000-4000-8000-000000000003' }) }),
    ).toBe('enterprise_unknown');
  });

  it.each(['suspended', 'closed'] as const)('refuses when the enterprise is %s', (status) => {
    expect(ask({ enterprise: buildEnterprise({ status }) })).toBe('enterprise_not_active');
  });

  it('reports the contract state before the enterprise state', () => {
    expect(
      ask({
        contract: buildContract({ status: 'suspended' }),
        enterprise: buildEnterprise({ status: 'closed' }),
      }),
    ).toBe('contract_suspended');
  });

  it('describes every refusal without naming ids', () => {
    expect(describeRefusal('contract_suspended')).toBe('contract is suspended');
    expect(describeRefusal('contract_unknown')).not.toContain(CONTRACT_ID);
  });

  it('refuses a deleted contract, whatever its status', () => {
    expect(ask({ contract: buildContract({ deletedAt: new Date('2025-06-01T00:00:00Z') }) })).toBe(
      'contract_deleted',
    );
    expect(describeRefusal('contract_deleted')).toBe('contract is deleted');
  });
});

describe('user tokens', () => {
  /** After token exchange: sub = the user, client_id = the exchanging client, act = the portal. */
  const userToken = (overrides: Partial<TokenFacts> = {}): TokenFacts =>
    buildToken({ subject: USER_ID, clientId: 'portal-acme', ...overrides });
  /** From a platform client for an individual user: no enterprise, no contract. */
  const individualToken = (): TokenFacts => ({
    subject: USER_ID,
    clientId: 'reader-app',
    tokenId: 'jti-2',
    scopes: ['articles:read', 'prices:read'],
  });
  const individual = (overrides: Partial<UserFacts> = {}): UserFacts =>
    buildUser({ enterpriseId: null, ...overrides });

  it('tells a user token from a client token by its subject', () => {
    expect(isUserToken(buildToken())).toBe(false);
    expect(isUserToken(userToken())).toBe(true);
  });

  it('accepts an active user of the token enterprise, under a contract in force', () => {
    expect(ask({ token: userToken(), user: buildUser() })).toBeNull();
  });

  it('refuses the token of an unknown, deleted, disabled or invited user', () => {
    expect(ask({ token: userToken(), user: undefined })).toBe('user_unknown');
    expect(ask({ token: userToken(), user: buildUser({ id: ENTERPRISE_ID }) })).toBe(
      'user_unknown',
    );
    expect(ask({ token: userToken(), user: buildUser({ deletedAt: NOW }) })).toBe('user_deleted');
    expect(ask({ token: userToken(), user: buildUser({ status: 'disabled' }) })).toBe(
      'user_not_active',
    );
    expect(ask({ token: userToken(), user: buildUser({ status: 'invited' }) })).toBe(
      'user_not_active',
    );
  });

  it('refuses a user of another enterprise than the token names', () => {
    const other = '7d2e1b4f-2e3c-4d5e-9f6a-7b8c9d0e1f2a';
    expect(ask({ token: userToken(), user: buildUser({ enterpriseId: other }) })).toBe(
      'user_enterprise_mismatch',
    );
    // An enterprise user's token always names the enterprise; one without it is not theirs.
    expect(ask({ token: individualToken(), user: buildUser() })).toBe('user_enterprise_mismatch');
    expect(ask({ token: userToken(), user: individual() })).toBe('user_enterprise_mismatch');
  });

  it('still holds an enterprise user to the contract', () => {
    expect(
      ask({
        token: userToken(),
        user: buildUser(),
        contract: buildContract({ status: 'suspended' }),
      }),
    ).toBe('contract_suspended');
    const { contractId: _omitted, ...withoutContract } = userToken();
    expect(ask({ token: withoutContract, user: buildUser() })).toBe('contract_required');
  });

  it('accepts an active individual user without contract or enterprise', () => {
    expect(
      ask({
        token: individualToken(),
        user: individual(),
        contract: undefined,
        enterprise: undefined,
      }),
    ).toBeNull();
  });

  it('refuses an individual user who is disabled or deleted, and a revoked token first', () => {
    expect(ask({ token: individualToken(), user: individual({ status: 'disabled' }) })).toBe(
      'user_not_active',
    );
    expect(ask({ token: individualToken(), user: individual({ deletedAt: NOW }) })).toBe(
      'user_deleted',
    );
    expect(ask({ token: individualToken(), user: individual(), revoked: true })).toBe(
      'token_revoked',
    );
  });

  it('does not let a client token without contract through as an individual', () => {
    expect(
      ask({
        token: { subject: 'reader-app', clientId: 'reader-app', scopes: [], tokenId: 'jti-3' },
      }),
    ).toBe('contract_required');
  });

  it('checks the user rule alone', () => {
    expect(userRefusal(individualToken(), individual())).toBeNull();
    expect(describeRefusal('user_not_active')).toBe('user is not active');
  });
});

describe('tokenRefusal: clients and credentials', () => {
  const minted = (credentialId: string): TokenFacts => buildToken({ credentialId });

  it('refuses the token of a client that is unknown, deleted or disabled, before its contract', () => {
    expect(ask({ client: undefined })).toBe('client_unknown');
    expect(ask({ client: buildClient({ clientId: 'portal-other' }) })).toBe('client_unknown');
    expect(ask({ client: buildClient({ deletedAt: NOW }), contract: undefined })).toBe(
      'client_deleted',
    );
    expect(ask({ client: buildClient({ status: 'disabled' }) })).toBe('client_disabled');
    expect(describeRefusal('client_disabled')).toBe('client is disabled');
  });

  it("refuses a token minted with a revoked secret, and keeps the other secret's tokens", () => {
    const revoked = buildClient({
      credentials: [
        { id: SECRET_ID, expiresAt: NOW },
        { id: OTHER_SECRET_ID, expiresAt: null },
      ],
    });
    expect(ask({ client: revoked, token: minted(SECRET_ID) })).toBe('credential_revoked');
    expect(ask({ client: revoked, token: minted(OTHER_SECRET_ID) })).toBeNull();
    // A secret dropped from the client (replaced) is as dead as a revoked one.
    expect(ask({ token: minted('5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c') })).toBe(
      'credential_revoked',
    );
    // A token that names no secret (private_key_jwt, a public client) is judged on the client alone.
    expect(ask({ client: revoked })).toBeNull();
  });

  it("lets a rotated-out secret's tokens work until the secret's own end, not after", () => {
    const token = minted(OTHER_SECRET_ID);
    expect(ask({ token, now: new Date('2025-06-15T23:59:59Z') })).toBeNull();
    expect(ask({ token, now: new Date('2025-06-16T00:00:00Z') })).toBe('credential_revoked');
  });

  it("refuses a client token that names another enterprise than its client, or a platform client's that names one", () => {
    expect(
      clientRefusal(buildToken({ enterpriseId: OTHER_ENTERPRISE_ID }), buildClient(), NOW),
    ).toBe('client_enterprise_mismatch');
    expect(
      clientRefusal(buildToken({ clientId: 'reader-app', subject: 'reader-app' }), READER_APP, NOW),
    ).toBe('client_enterprise_mismatch');
  });
});

describe('tokenRefusal: contracts optional (the account service)', () => {
  const adminToken = (overrides: Partial<TokenFacts> = {}): TokenFacts => {
    const { contractId: _omitted, ...token } = buildToken({
      subject: USER_ID,
      scopes: ['accounts:self'],
      ...overrides,
    });
    return token;
  };
  const optional = (overrides: Partial<Question> = {}) =>
    ask({ contracts: 'optional', contract: undefined, user: buildUser(), ...overrides });

  it("accepts an enterprise admin's token without contract while everything it names is in force", () => {
    expect(optional({ token: adminToken() })).toBeNull();
  });

  it('refuses it once its enterprise is suspended or closed, or its user disabled or deleted', () => {
    expect(
      optional({ token: adminToken(), enterprise: buildEnterprise({ status: 'suspended' }) }),
    ).toBe('enterprise_not_active');
    expect(optional({ token: adminToken(), enterprise: undefined })).toBe('enterprise_unknown');
    expect(optional({ token: adminToken(), user: buildUser({ status: 'disabled' }) })).toBe(
      'user_not_active',
    );
    expect(optional({ token: adminToken(), user: buildUser({ deletedAt: NOW }) })).toBe(
      'user_deleted',
    );
    expect(optional({ token: adminToken(), revoked: true })).toBe('token_revoked');
  });

  it("accepts a platform client's own token, and still judges a contract a token carries", () => {
    const platform = buildToken({ clientId: 'reader-app', subject: 'reader-app' });
    const { contractId: _c, enterpriseId: _e, ...own } = platform;
    expect(optional({ token: own, user: undefined })).toBeNull();
    expect(optional({ token: { ...adminToken(), contractId: CONTRACT_ID } })).toBe(
      'contract_unknown',
    );
  });

  it('names the facts a database-backed service must gather', () => {
    expect(factsNeeded(adminToken({ credentialId: SECRET_ID }))).toEqual({
      tokenId: 'jti-1',
      clientId: 'portal-acme',
      userId: USER_ID,
      enterpriseId: ENTERPRISE_ID,
    });
    expect(factsNeeded(buildToken())).toEqual({
      tokenId: 'jti-1',
      clientId: 'portal-acme',
      contractId: CONTRACT_ID,
      enterpriseId: ENTERPRISE_ID,
    });
    expect(isUserToken(adminToken())).toBe(true);
  });
});
