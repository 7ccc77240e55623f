import { describe, expect, it } from 'vitest';
import { AccountState } from './account-state.js';
import type { ProjectedClient } from './entities/projected-client.entity.js';
import type { ProjectedContentApi } from './entities/projected-content-api.entity.js';
import type { ProjectedContract } from './entities/projected-contract.entity.js';
import type { ProjectedUser } from './entities/projected-user.entity.js';

const at = new Date('2026-11-29T10:00:00Z');

function client(overrides: Partial<ProjectedClient> = {}): ProjectedClient {
  return {
    id: 'c1',
    clientId: 'portal',
    name: 'Portal',
    enterpriseId: 'e1',
    status: 'active',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethods: ['client_secret_basic'],
    accessTokenTtlSeconds: null,
    platformAccess: null,
    secrets: [],
    redirectUris: [],
    postLogoutRedirectUris: [],
    requirePkce: true,
    jwks: null,
    jwksUri: null,
    idTokenSignedResponseAlg: null,
    resourceServerFor: null,
    securityProfile: null,
    deletedAt: null,
    version: 1,
    updatedAt: at,
    ...overrides,
  };
}

function contract(overrides: Partial<ProjectedContract> = {}): ProjectedContract {
  return {
    id: 'k1',
    enterpriseId: 'e1',
    contentApiId: 'api',
    resourceIndicator: 'https://articles.example.test',
    scopes: ['articles:read'],
    validFrom: at,
    validUntil: null,
    status: 'active',
    deletedAt: null,
    version: 1,
    updatedAt: at,
    ...overrides,
  };
}

function user(overrides: Partial<ProjectedUser> = {}): ProjectedUser {
  return {
    id: 'u1',
    kind: 'enterprise',
    enterpriseId: 'e1',
    email: 'ada@example.test',
    name: 'Ada',
    roles: ['member'],
    status: 'active',
    emailVerified: true,
    passwordHash: null,
    passwordChangedAt: null,
    deletedAt: null,
    version: 1,
    updatedAt: at,
    ...overrides,
  };
}

const api = (id: string, resourceIndicator: string, version = 1): ProjectedContentApi => ({
  id,
  name: id,
  resourceIndicator,
  scopes: [],
  version,
  updatedAt: at,
});

describe('AccountState', () => {
  it('keeps the newer version of each aggregate, whatever the order', () => {
    const state = new AccountState();
    state.putClient(client({ version: 3, status: 'disabled' }));
    state.putClient(client({ version: 2, status: 'active' }));
    state.putClient(client({ version: 3, status: 'active' }));
    expect(state.client('portal')?.status).toBe('disabled');
    state.putEnterprise({ id: 'e1', name: 'Acme', status: 'suspended', version: 2, updatedAt: at });
    state.putEnterprise({ id: 'e1', name: 'Acme', status: 'active', version: 1, updatedAt: at });
    expect(state.enterprise('e1')?.status).toBe('suspended');
  });

  it('finds a client by its client_id, also after the id changed', () => {
    const state = new AccountState();
    state.putClient(client());
    state.putClient(client({ clientId: 'portal-2', version: 2 }));
    expect(state.client('portal')).toBeUndefined();
    expect(state.client('portal-2')?.id).toBe('c1');
  });

  it('lists an enterprise’s contracts ordered by id, each at its latest version', () => {
    const state = new AccountState();
    state.putContract(contract({ id: 'k2' }));
    state.putContract(contract({ id: 'k1' }));
    state.putContract(contract({ id: 'k3', enterpriseId: 'e2' }));
    expect(state.contractsOf('e1').map((row) => row.id)).toEqual(['k1', 'k2']);
    state.putContract(contract({ id: 'k2', status: 'suspended', version: 2 }));
    expect(state.contractsOf('e1').map((row) => row.status)).toEqual(['active', 'suspended']);
    // Moved to another enterprise (not expected, but then it is listed only there).
    state.putContract(contract({ id: 'k1', enterpriseId: 'e2', version: 2 }));
    expect(state.contractsOf('e1').map((row) => row.id)).toEqual(['k2']);
    expect(state.contractsOf('e2').map((row) => row.id)).toEqual(['k1', 'k3']);
    expect(state.contractsOf('unknown')).toEqual([]);
  });

  it('finds users by id and by login name, lower-cased; a changed email frees the old one', () => {
    const state = new AccountState();
    state.putUser(user());
    expect(state.userByEmail(' Ada@Example.test ')?.id).toBe('u1');
    state.putUser(user({ email: 'lovelace@example.test', version: 2 }));
    expect(state.userByEmail('ada@example.test')).toBeUndefined();
    expect(state.userByEmail('lovelace@example.test')?.id).toBe('u1');
    expect(state.user('u1')?.version).toBe(2);
  });

  it('lists content APIs by resource indicator', () => {
    const state = new AccountState();
    state.putContentApi(api('b', 'https://b.example.test'));
    state.putContentApi(api('a', 'https://a.example.test'));
    expect(state.contentApis().map((row) => row.id)).toEqual(['a', 'b']);
    state.putContentApi(api('b', 'https://0.example.test', 2));
    expect(state.contentApis().map((row) => row.id)).toEqual(['b', 'a']);
  });
});
