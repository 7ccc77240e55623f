import { describe, expect, it } from 'vitest';
import {
  type Caller,
  canSee,
  type ClientFacts,
  decideCaller,
  isPlatformAdminClient,
  listEnterpriseFilter,
  mayCallRoute,
  mayCreateSystemAccount,
  mayCreateUser,
  type UserFacts,
} from './access-policy.js';

const ACME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';

const admin = (overrides: Partial<UserFacts> = {}): UserFacts => ({
  id: USER,
  kind: 'enterprise',
  email: 'admin@acme.example',
  enterpriseId: ACME,
  roles: ['enterprise-admin'],
  status: 'active',
  deletedAt: null,
  ...overrides,
});
const userToken = {
  subject: USER,
  clientId: 'portal-acme',
  scopes: ['accounts:self'],
  enterpriseId: ACME,
};
/** The portal of Acme (the client of the user tokens), and the platform's admin client. */
const PORTAL: ClientFacts = { enterpriseId: ACME, platformAccess: null };
const PLATFORM_CLIENT: ClientFacts = {
  enterpriseId: null,
  platformAccess: { scopes: ['accounts:admin'] },
};
const adminToken = {
  subject: 'charter-admin',
  clientId: 'charter-admin',
  scopes: ['accounts:admin'],
};
const PLATFORM: Caller = { kind: 'platform-admin', person: null };
const ENTERPRISE_ADMIN = {
  kind: 'enterprise-admin',
  person: { userId: USER, email: 'admin@acme.example' },
  enterpriseId: ACME,
} as const satisfies Caller;
const OPS = '44444444-4444-4444-8444-444444444444';
/** A platform user (no enterprise) and the token the console got for them. */
const platformUser = (roles: readonly string[], overrides: Partial<UserFacts> = {}): UserFacts => ({
  id: OPS,
  kind: 'platform',
  email: 'ops@charter.example',
  enterpriseId: null,
  roles,
  status: 'active',
  deletedAt: null,
  ...overrides,
});
const CONSOLE: ClientFacts = { enterpriseId: null, platformAccess: null };
const consoleToken = { subject: OPS, clientId: 'charter-admin-cli', scopes: ['accounts:self'] };
const OPS_PERSON = { userId: OPS, email: 'ops@charter.example' };
const AUDITOR: Caller = { kind: 'platform-auditor', person: OPS_PERSON };

describe('decideCaller', () => {
  it("a platform client's token with accounts:admin is a platform admin; without it, insufficient_scope", () => {
    expect(decideCaller(adminToken, null, PLATFORM_CLIENT)).toEqual({ caller: PLATFORM });
    expect(
      decideCaller({ subject: 'sa_x', clientId: 'sa_x', scopes: ['articles:read'] }, null, PORTAL),
    ).toEqual({ refused: 'insufficient_scope', scopes: ['accounts:admin'] });
  });

  it('a platform admin is a platform client and nothing else', () => {
    // An enterprise's client whose token somehow carries accounts:admin.
    expect(
      decideCaller({ ...adminToken, subject: 'sa_x', clientId: 'sa_x' }, null, PORTAL),
    ).toEqual({
      refused: 'forbidden',
      reason: 'only platform clients are platform admins',
    });
    // A client of no enterprise without platform access, or whose platform access is not the admin's.
    expect(
      decideCaller(adminToken, null, { enterpriseId: null, platformAccess: null }),
    ).toMatchObject({
      refused: 'forbidden',
    });
    expect(
      decideCaller(adminToken, null, {
        enterpriseId: null,
        platformAccess: { scopes: ['articles:read'] },
      }),
    ).toMatchObject({ refused: 'forbidden' });
    // An enterprise's client even with platform access set.
    expect(
      decideCaller(adminToken, null, {
        enterpriseId: ACME,
        platformAccess: { scopes: ['accounts:admin'] },
      }),
    ).toMatchObject({ refused: 'forbidden' });
    // A client the service does not know.
    expect(decideCaller(adminToken, null, null)).toMatchObject({ refused: 'forbidden' });
    // A user token whose user is not here is no client's token.
    expect(decideCaller({ ...adminToken, subject: USER }, null, PLATFORM_CLIENT)).toEqual({
      refused: 'invalid_token',
      reason: 'user is unknown',
    });
    expect(isPlatformAdminClient(PLATFORM_CLIENT)).toBe(true);
    expect(isPlatformAdminClient(PORTAL)).toBe(false);
  });

  it('an active enterprise admin of the token enterprise with accounts:self is an enterprise admin', () => {
    expect(decideCaller(userToken, admin(), PORTAL)).toEqual({ caller: ENTERPRISE_ADMIN });
  });

  it('a user token is decided by the row, never by accounts:admin', () => {
    expect(decideCaller({ ...userToken, scopes: ['accounts:admin'] }, admin(), PORTAL)).toEqual({
      refused: 'insufficient_scope',
      scopes: ['accounts:self'],
    });
    expect(
      decideCaller(
        { ...userToken, scopes: ['accounts:admin', 'accounts:self'] },
        admin({ roles: ['member'] }),
        PORTAL,
      ),
    ).toMatchObject({
      refused: 'forbidden',
    });
  });

  it.each([
    [admin({ status: 'disabled' }), 'invalid_token'],
    [admin({ status: 'invited' }), 'invalid_token'],
    [admin({ deletedAt: new Date(0) }), 'invalid_token'],
    [admin({ roles: ['member'] }), 'forbidden'],
    [admin({ roles: [] }), 'forbidden'],
    [admin({ enterpriseId: OTHER }), 'forbidden'],
    [admin({ enterpriseId: null, roles: [] }), 'forbidden'],
  ])('refuses %j with %s', (user, refused) => {
    expect(decideCaller(userToken, user, PORTAL)).toMatchObject({ refused });
  });

  it('refuses a user token without enterprise_id', () => {
    expect(
      decideCaller(
        { subject: USER, clientId: 'portal-acme', scopes: ['accounts:self'] },
        admin(),
        PORTAL,
      ),
    ).toMatchObject({
      refused: 'forbidden',
    });
  });
});

describe('routes and targets', () => {
  it('platform-only routes are forbidden to enterprise admins', () => {
    expect(mayCallRoute(PLATFORM, undefined, true)).toBe(true);
    expect(mayCallRoute(ENTERPRISE_ADMIN, undefined, false)).toBe(false);
    expect(mayCallRoute(ENTERPRISE_ADMIN, { via: 'list' }, false)).toBe(true);
  });

  it('enterprise admins see their own enterprise only; missing and foreign look the same', () => {
    expect(canSee(ENTERPRISE_ADMIN, ACME)).toBe(true);
    expect(canSee(ENTERPRISE_ADMIN, OTHER)).toBe(false);
    expect(canSee(ENTERPRISE_ADMIN, null)).toBe(false);
    expect(canSee(ENTERPRISE_ADMIN, undefined)).toBe(false);
    expect(canSee(PLATFORM, OTHER)).toBe(true);
  });

  it('lists are limited to the own enterprise', () => {
    expect(listEnterpriseFilter(ENTERPRISE_ADMIN, undefined)).toEqual({ enterpriseId: ACME });
    expect(listEnterpriseFilter(ENTERPRISE_ADMIN, ACME.toUpperCase())).toEqual({
      enterpriseId: ACME,
    });
    expect(listEnterpriseFilter(ENTERPRISE_ADMIN, OTHER)).toBeNull();
    expect(listEnterpriseFilter(PLATFORM, undefined)).toEqual({ enterpriseId: undefined });
  });

  it('enterprise admins create enterprise users of their own enterprise only', () => {
    expect(mayCreateUser(ENTERPRISE_ADMIN, { kind: 'enterprise', enterpriseId: ACME })).toBe(
      'allowed',
    );
    expect(mayCreateUser(ENTERPRISE_ADMIN, { kind: 'enterprise', enterpriseId: OTHER })).toBe(
      'enterprise_not_found',
    );
    expect(mayCreateUser(ENTERPRISE_ADMIN, { kind: 'individual' })).toBe('forbidden');
    expect(mayCreateUser(PLATFORM, { kind: 'individual' })).toBe('allowed');
  });

  it('a platform admin sees what has no enterprise and what does not exist (a 404 then comes from the lookup)', () => {
    expect(canSee(PLATFORM, null)).toBe(true);
    expect(canSee(PLATFORM, undefined)).toBe(true);
    expect(canSee(PLATFORM, ACME)).toBe(true);
  });

  it("a platform admin's list runs with the enterprise it asked for", () => {
    expect(listEnterpriseFilter(PLATFORM, OTHER)).toEqual({ enterpriseId: OTHER });
  });

  it("an enterprise admin's list asked for its own enterprise in another case is its own", () => {
    expect(listEnterpriseFilter(ENTERPRISE_ADMIN, ACME)).toEqual({ enterpriseId: ACME });
    expect(
      listEnterpriseFilter({ ...ENTERPRISE_ADMIN, enterpriseId: ACME.toUpperCase() }, ACME),
    ).toEqual({ enterpriseId: ACME.toUpperCase() });
  });

  it('an enterprise admin names its own enterprise in any case; a body without one is left to validation', () => {
    expect(
      mayCreateUser(ENTERPRISE_ADMIN, { kind: 'enterprise', enterpriseId: ACME.toUpperCase() }),
    ).toBe('allowed');
    expect(
      mayCreateUser(
        { ...ENTERPRISE_ADMIN, enterpriseId: ACME.toUpperCase() },
        { kind: 'enterprise', enterpriseId: ACME },
      ),
    ).toBe('allowed');
    expect(mayCreateUser(ENTERPRISE_ADMIN, { kind: 'enterprise' })).toBe('allowed');
    expect(mayCreateUser(ENTERPRISE_ADMIN, { kind: 'enterprise', enterpriseId: 42 })).toBe(
      'allowed',
    );
    expect(mayCreateUser(ENTERPRISE_ADMIN, {})).toBe('forbidden');
    expect(mayCreateUser(PLATFORM, { kind: 'enterprise', enterpriseId: OTHER })).toBe('allowed');
  });

  it('an enterprise admin may call a route that names what it touches', () => {
    expect(mayCallRoute(ENTERPRISE_ADMIN, { resource: 'contract', via: 'path' }, false)).toBe(true);
    expect(mayCallRoute(ENTERPRISE_ADMIN, { via: 'create-user' }, true)).toBe(true);
  });
});

describe('platform users', () => {
  it('a platform admin user is a platform admin, named; an auditor is an auditor', () => {
    expect(decideCaller(consoleToken, platformUser(['platform-admin']), CONSOLE)).toEqual({
      caller: { kind: 'platform-admin', person: OPS_PERSON },
    });
    expect(
      decideCaller(consoleToken, platformUser(['platform-auditor', 'platform-admin']), CONSOLE),
    ).toMatchObject({ caller: { kind: 'platform-admin' } });
    expect(decideCaller(consoleToken, platformUser(['platform-auditor']), CONSOLE)).toEqual({
      caller: AUDITOR,
    });
  });

  it('is decided by the row: no role, no scope, an enterprise in the token, a disabled user are refused', () => {
    expect(decideCaller(consoleToken, platformUser([]), CONSOLE)).toMatchObject({
      refused: 'forbidden',
    });
    expect(
      decideCaller(
        { ...consoleToken, scopes: ['accounts:admin'] },
        platformUser(['platform-admin']),
        CONSOLE,
      ),
    ).toEqual({ refused: 'insufficient_scope', scopes: ['accounts:self'] });
    expect(
      decideCaller(
        { ...consoleToken, enterpriseId: ACME },
        platformUser(['platform-admin']),
        CONSOLE,
      ),
    ).toMatchObject({ refused: 'forbidden' });
    expect(
      decideCaller(consoleToken, platformUser(['platform-admin'], { status: 'disabled' }), CONSOLE),
    ).toMatchObject({ refused: 'invalid_token' });
    // An enterprise user never becomes a platform admin, whatever roles its row was given.
    expect(
      decideCaller(userToken, admin({ roles: ['platform-admin', 'enterprise-admin'] }), PORTAL),
    ).toMatchObject({ caller: { kind: 'enterprise-admin' } });
    expect(decideCaller(userToken, admin({ roles: ['platform-admin'] }), PORTAL)).toMatchObject({
      refused: 'forbidden',
    });
  });

  it('an auditor reads every route and writes none; sees every enterprise', () => {
    expect(mayCallRoute(AUDITOR, undefined, false)).toBe(true);
    expect(mayCallRoute(AUDITOR, { via: 'list' }, true)).toBe(false);
    expect(mayCallRoute(AUDITOR, undefined, true)).toBe(false);
    expect(canSee(AUDITOR, OTHER)).toBe(true);
    expect(listEnterpriseFilter(AUDITOR, undefined)).toEqual({ enterpriseId: undefined });
  });
});

describe('system accounts an enterprise admin may create', () => {
  it('of their own enterprise, while a contract is in force, never a resource server', () => {
    expect(mayCreateSystemAccount(ENTERPRISE_ADMIN, { enterpriseId: ACME }, true)).toBe('allowed');
    expect(
      mayCreateSystemAccount(ENTERPRISE_ADMIN, { enterpriseId: ACME.toUpperCase() }, true),
    ).toBe('allowed');
    expect(mayCreateSystemAccount(ENTERPRISE_ADMIN, { enterpriseId: OTHER }, true)).toBe(
      'enterprise_not_found',
    );
    expect(mayCreateSystemAccount(ENTERPRISE_ADMIN, { enterpriseId: 42 }, true)).toBe(
      'enterprise_not_found',
    );
    expect(
      mayCreateSystemAccount(
        ENTERPRISE_ADMIN,
        { enterpriseId: ACME, resourceServerFor: 'https://api.example' },
        true,
      ),
    ).toBe('beyond_contract');
    expect(mayCreateSystemAccount(ENTERPRISE_ADMIN, { enterpriseId: ACME }, false)).toBe(
      'no_contract_in_force',
    );
    expect(
      mayCreateSystemAccount(PLATFORM, { resourceServerFor: 'https://api.example' }, false),
    ).toBe('allowed');
  });
});
