import type { AccessFacts, ClientFacts, EnterpriseStatus, Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { AccountServiceConfig } from '../config/account-service.config.js';
import type { AccountAccessFacts, GatheredFacts } from './account-access-facts.js';
import { AdminAccessCheck } from './admin-access.check.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const ENTERPRISE = '11111111-1111-4111-8111-111111111111';
const USER = '33333333-3333-4333-8333-333333333333';

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

const principal = (clientId: string, overrides: Partial<Principal> = {}): Principal => ({
  subject: clientId,
  clientId,
  scopes: ['accounts:admin'],
  audience: ['http://localhost:3001'],
  tokenId: 'jti',
  issuedAt: new Date(0),
  expiresAt: new Date(60_000),
  ...overrides,
});

const client = (clientId: string, overrides: Partial<ClientFacts> = {}): ClientFacts => ({
  clientId,
  enterpriseId: null,
  status: 'active',
  deletedAt: null,
  credentials: [{ id: 'secret-1', expiresAt: null }],
  ...overrides,
});

/** The facts of a small world: a platform admin, a disabled and a deleted client, an enterprise admin. */
function world(
  revoked: readonly string[] = [],
  enterpriseStatus: EnterpriseStatus = 'active',
): AccessFacts {
  const clients = new Map([
    ['charter-admin', client('charter-admin')],
    ['sa_disabled', client('sa_disabled', { status: 'disabled' })],
    ['sa_deleted', client('sa_deleted', { deletedAt: new Date(0) })],
    ['sa_revoked', client('sa_revoked', { credentials: [{ id: 'secret-1', expiresAt: NOW }] })],
    ['portal', client('portal', { enterpriseId: ENTERPRISE })],
  ]);
  return {
    isRevoked: (jti) => revoked.includes(jti),
    client: (clientId) => clients.get(clientId),
    user: (id) =>
      id === USER ? { id, enterpriseId: ENTERPRISE, status: 'active', deletedAt: null } : undefined,
    enterprise: (id) => (id === ENTERPRISE ? { id, status: enterpriseStatus } : undefined),
    contract: () => undefined,
  };
}

function checkOver(facts: AccessFacts): AdminAccessCheck {
  const gatherer = {
    gather: () => Promise.resolve({ ...facts, account: null } as GatheredFacts),
  } as unknown as AccountAccessFacts;
  return new AdminAccessCheck(gatherer, new AccountServiceConfig(), new FixedClock());
}

describe('AdminAccessCheck', () => {
  const check = checkOver(world());

  it('lets an active client through', async () => {
    expect(await check.check(principal('charter-admin'))).toBeNull();
  });

  it('refuses a disabled, a deleted and an unknown client', async () => {
    expect(await check.check(principal('sa_disabled'))).toBe('client is disabled');
    expect(await check.check(principal('sa_deleted'))).toBe('client is deleted');
    expect(await check.check(principal('sa_gone'))).toBe('client is unknown');
  });

  it('refuses a revoked token, and a token of a revoked secret', async () => {
    expect(await checkOver(world(['jti'])).check(principal('charter-admin'))).toBe('token revoked');
    expect(await check.check(principal('sa_revoked', { credentialId: 'secret-1' }))).toBe(
      'the client credential that obtained this token is revoked',
    );
  });

  it("refuses an enterprise admin's token once the enterprise is suspended", async () => {
    const admin = principal('portal', {
      subject: USER,
      scopes: ['accounts:self'],
      enterpriseId: ENTERPRISE,
    });
    expect(await check.check(admin)).toBeNull();
    expect(await checkOver(world([], 'suspended')).check(admin)).toBe('enterprise is not active');
  });
});
