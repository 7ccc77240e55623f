import { describe, expect, it } from 'vitest';
import {
  assertKeepsAPlatformAdmin,
  createUser,
  deleteUser,
  isActivePlatformAdmin,
  setPassword,
  updateUser,
  type User,
  type UserRole,
} from './user.js';
import { transitionUser } from './user-status.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-01-03T00:00:00Z');
const T1 = new Date('2025-01-02T00:00:00Z');
const ENTERPRISE = '00000000-0000-4000-8000-000000000001';

const buildUser = (overrides: Partial<User> = {}): User => ({
  ...createUser(
    '00000000-0000-4000-8000-0000000000aa',
    { kind: 'enterprise', enterpriseId: ENTERPRISE, email: 'A@Acme.Example', name: 'A' },
    null,
    T0,
  ),
  ...overrides,
});

describe('createUser', () => {
  it('lower-cases the email, defaults enterprise roles to member, starts invited without a password', () => {
    expect(buildUser()).toMatchObject({
      email: 'a@acme.example',
      roles: ['member'],
      status: 'invited',
      passwordHash: null,
      passwordChangedAt: null,
      version: 1,
    });
  });

  it('starts active with an initial password', () => {
    const user = createUser(
      'id',
      { kind: 'individual', email: 'i@x.example', name: 'I' },
      '$argon2id$x',
      T0,
    );
    expect(user).toMatchObject({
      status: 'active',
      enterpriseId: null,
      roles: [],
      passwordChangedAt: T0,
    });
  });

  it.each([
    [{ kind: 'enterprise' as const }, '/enterpriseId'],
    [{ kind: 'individual' as const, enterpriseId: ENTERPRISE }, '/enterpriseId'],
    [{ kind: 'individual' as const, roles: ['member' as const] }, '/roles'],
  ])('refuses %j', (details, pointer) => {
    expect(() =>
      createUser('id', { email: 'e@x.example', name: 'x', ...details }, null, T0),
    ).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        fieldErrors: [expect.objectContaining({ pointer })],
      }),
    );
  });
});

describe('updateUser', () => {
  it('returns null when nothing changes (roles compared as a set)', () => {
    const user = buildUser({ roles: ['member', 'enterprise-admin'] });
    expect(
      updateUser(
        user,
        { name: 'A', email: 'A@ACME.EXAMPLE', roles: ['enterprise-admin', 'member'] },
        T1,
      ),
    ).toBeNull();
  });

  it('unverifies a new email and bumps the version', () => {
    const user = buildUser({ emailVerified: true });
    expect(updateUser(user, { email: 'B@acme.example' }, T1)).toMatchObject({
      email: 'b@acme.example',
      emailVerified: false,
      version: 2,
      updatedAt: T1,
    });
  });

  it('refuses roles for an individual user and any change to a deleted user', () => {
    const individual = createUser(
      'id',
      { kind: 'individual', email: 'i@x.example', name: 'I' },
      null,
      T0,
    );
    expect(() => updateUser(individual, { roles: ['member'] }, T1)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => updateUser(buildUser({ deletedAt: T0 }), { name: 'B' }, T1)).toThrow(
      expect.objectContaining({ code: 'user_deleted' }),
    );
  });
});

describe('status, password and deletion', () => {
  it('disables invited and active users; enables back to active, or invited without a password', () => {
    const disabled = transitionUser(buildUser(), 'disable', T1);
    expect(disabled).toMatchObject({ status: 'disabled', version: 2 });
    expect(transitionUser(disabled, 'enable', T1).status).toBe('invited');
    expect(transitionUser({ ...disabled, passwordHash: '$argon2id$x' }, 'enable', T1).status).toBe(
      'active',
    );
  });

  it.each([
    ['invited', 'enable'],
    ['active', 'enable'],
    ['disabled', 'disable'],
  ] as const)('refuses %s → %s', (status, action) => {
    expect(() => transitionUser(buildUser({ status }), action, T1)).toThrow(
      expect.objectContaining({ code: 'illegal_status_transition' }),
    );
  });

  it('a password activates an invited user and keeps a disabled one disabled', () => {
    expect(setPassword(buildUser(), '$argon2id$x', T1)).toMatchObject({
      status: 'active',
      passwordHash: '$argon2id$x',
      passwordChangedAt: T1,
      version: 2,
    });
    expect(setPassword(buildUser({ status: 'disabled' }), '$argon2id$x', T1).status).toBe(
      'disabled',
    );
  });

  it('deletes once; every later change is user_deleted', () => {
    const deleted = deleteUser(buildUser(), T1);
    expect(deleted).toMatchObject({ deletedAt: T1, version: 2 });
    for (const change of [
      () => deleteUser(deleted, T1),
      () => transitionUser(deleted, 'disable', T1),
      () => setPassword(deleted, '$argon2id$x', T1),
    ]) {
      expect(change).toThrow(expect.objectContaining({ code: 'user_deleted' }));
    }
  });
});

describe('platform users', () => {
  const platform = (roles?: UserRole[]) =>
    createUser(
      'p',
      { kind: 'platform', email: 'Ops@Charter.example', name: 'Ops', roles },
      'h',
      NOW,
    );

  it('have no enterprise and at least one platform role', () => {
    expect(platform(['platform-admin'])).toMatchObject({
      kind: 'platform',
      enterpriseId: null,
      roles: ['platform-admin'],
      status: 'active',
    });
    for (const roles of [
      undefined,
      [],
      ['member'],
      ['platform-admin', 'enterprise-admin'],
    ] as const) {
      expect(() => platform(roles as UserRole[] | undefined)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
    expect(() =>
      createUser(
        'p',
        {
          kind: 'platform',
          enterpriseId: 'e',
          email: 'o@x.example',
          name: 'O',
          roles: ['platform-admin'],
        },
        null,
        NOW,
      ),
    ).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('platform roles never go to an enterprise or individual user', () => {
    for (const kind of ['enterprise', 'individual'] as const) {
      expect(() =>
        createUser(
          'u',
          {
            kind,
            enterpriseId: kind === 'enterprise' ? 'e' : null,
            email: 'u@x.example',
            name: 'U',
            roles: ['platform-admin'],
          },
          null,
          NOW,
        ),
      ).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
    const member = createUser(
      'u',
      { kind: 'enterprise', enterpriseId: 'e', email: 'u@x.example', name: 'U' },
      null,
      NOW,
    );
    expect(() => updateUser(member, { roles: ['platform-admin'] }, NOW)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => updateUser(platform(['platform-admin']), { roles: [] }, NOW)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('the last active platform admin cannot lose the role, be disabled or deleted', () => {
    const admin = platform(['platform-admin']);
    const auditor = updateUser(admin, { roles: ['platform-auditor'] }, NOW)!;
    const disabled = transitionUser(admin, 'disable', NOW);
    const deleted = deleteUser(admin, NOW);
    for (const after of [auditor, disabled, deleted]) {
      expect(() => assertKeepsAPlatformAdmin(admin, after, 0)).toThrow(
        expect.objectContaining({ code: 'last_platform_admin' }),
      );
      expect(() => assertKeepsAPlatformAdmin(admin, after, 1)).not.toThrow();
    }
    // A change that keeps them an admin (a new name), or to one who is no admin, is no removal.
    expect(() => assertKeepsAPlatformAdmin(admin, { ...admin, name: 'New' }, 0)).not.toThrow();
    expect(() => assertKeepsAPlatformAdmin(auditor, deleteUser(auditor, NOW), 0)).not.toThrow();
    expect(isActivePlatformAdmin(admin)).toBe(true);
    expect(isActivePlatformAdmin(disabled)).toBe(false);
  });
});
