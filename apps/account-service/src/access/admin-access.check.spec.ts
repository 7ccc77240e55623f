import type { Principal } from '@charter/auth';
import { describe, expect, it } from 'vitest';
import type { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';
import { AdminAccessCheck } from './admin-access.check.js';

const principal = (clientId: string): Principal => ({
  subject: clientId,
  clientId,
  scopes: ['accounts:admin'],
  audience: ['http://localhost:3001'],
  tokenId: 'jti',
  issuedAt: new Date(0),
  expiresAt: new Date(60_000),
});

describe('AdminAccessCheck', () => {
  const statuses = new Map([
    ['charter-admin', 'active'],
    ['sa_disabled', 'disabled'],
    ['sa_deleted', 'deleted'],
  ]);
  const check = new AdminAccessCheck({
    statusOfClient: (clientId: string) => Promise.resolve(statuses.get(clientId) ?? null),
  } as unknown as SystemAccountsRepository);

  it('lets an active client through', async () => {
    expect(await check.check(principal('charter-admin'))).toBeNull();
  });

  it('refuses a disabled client', async () => {
    expect(await check.check(principal('sa_disabled'))).toBe('client is disabled');
  });

  it('refuses a deleted client', async () => {
    expect(await check.check(principal('sa_deleted'))).toBe('client is deleted');
  });

  it('refuses a client it does not know', async () => {
    expect(await check.check(principal('sa_gone'))).toBe('client is unknown');
  });
});
