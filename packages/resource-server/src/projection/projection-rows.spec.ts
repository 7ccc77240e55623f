import type { ContractState, SystemAccountState, UserState } from '@charter/events';
import { describe, expect, it } from 'vitest';
import {
  clientFacts,
  contractRow,
  enterpriseRow,
  systemAccountRow,
  userRow,
} from './projection-rows.js';

function buildContractState(overrides: Partial<ContractState> = {}): ContractState {
  return {
    id: '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c',
    enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
    contentApiId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    resourceIndicator: 'http://localhost:3002',
    scopes: ['articles:read'],
    validFrom: '2025-01-01T00:00:00.000Z',
    validUntil: '2026-01-01T00:00:00+01:00',
    status: 'active',
    datasets: [],
    rateLimit: null,
    deletedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('contractRow', () => {
  it('keeps the datasets and the rate limit', () => {
    expect(
      contractRow(buildContractState({ datasets: ['fx'], rateLimit: { requestsPerMinute: 5 } }), 1),
    ).toMatchObject({ datasets: ['fx'], requestsPerMinute: 5 });
  });

  it('keeps what access decisions need, at the event version', () => {
    expect(contractRow(buildContractState(), 3)).toEqual({
      id: '0b7d9f2a-3c4e-4f5a-9b6c-7d8e9f0a1b2c',
      enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      resourceIndicator: 'http://localhost:3002',
      scopes: ['articles:read'],
      datasets: [],
      requestsPerMinute: null,
      validFrom: new Date('2025-01-01T00:00:00Z'),
      validUntil: new Date('2025-12-31T23:00:00Z'),
      status: 'active',
      deletedAt: null,
      version: 3,
    });
  });

  it('keeps the deletion', () => {
    expect(
      contractRow(buildContractState({ deletedAt: '2025-06-01T00:00:00+02:00' }), 4).deletedAt,
    ).toEqual(new Date('2025-05-31T22:00:00Z'));
  });

  it('keeps an open end open', () => {
    expect(contractRow(buildContractState({ validUntil: null }), 1).validUntil).toBeNull();
  });
});

describe('enterpriseRow', () => {
  it('keeps id, status and version', () => {
    const row = enterpriseRow(
      {
        id: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
        name: 'Acme',
        businessId: 'FI1234567-8',
        status: 'suspended',
        createdAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-01T00:00:00Z',
      },
      2,
    );
    expect(row).toEqual({
      id: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      status: 'suspended',
      version: 2,
    });
  });
});

describe('userRow', () => {
  it('keeps who the user belongs to and whether they may act, never the login data', () => {
    const state: UserState = {
      id: '3e9b1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      kind: 'enterprise',
      enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      email: 'ann@acme.example',
      name: 'Ann',
      roles: ['member'],
      status: 'disabled',
      emailVerified: true,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      passwordChangedAt: null,
      deletedAt: '2025-06-01T00:00:00Z',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-06-01T00:00:00Z',
    };
    expect(userRow(state, 5)).toEqual({
      id: '3e9b1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      status: 'disabled',
      deletedAt: new Date('2025-06-01T00:00:00Z'),
      version: 5,
    });
  });
});

describe('systemAccountRow', () => {
  const state: SystemAccountState = {
    id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    clientId: 'portal-acme',
    name: 'Acme portal',
    enterpriseId: '6c1f0a3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
    status: 'active',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethods: ['client_secret_basic'],
    accessTokenTtlSeconds: null,
    idTokenSignedResponseAlg: null,
    resourceServerFor: null,
    securityProfile: null,
    platformAccess: null,
    secrets: [
      {
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        hash: 'a'.repeat(64),
        createdAt: '2025-01-01T00:00:00.000Z',
        expiresAt: '2025-06-15T12:00:00.000Z',
      },
    ],
    // What the content API receives: the hashes withheld (sealed to the auth-server), the standing public.
    credentials: [
      { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', expiresAt: '2025-06-15T12:00:00.000Z' },
    ],
    redirectUris: [],
    postLogoutRedirectUris: [],
    requirePkce: true,
    jwks: null,
    jwksUri: null,
    deletedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };

  it("keeps the standing and the secrets' ids and ends, never their hashes", () => {
    const row = systemAccountRow(state, 4);
    expect(row).toEqual({
      id: state.id,
      clientId: 'portal-acme',
      enterpriseId: state.enterpriseId,
      status: 'active',
      deletedAt: null,
      credentials: [
        { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', expiresAt: '2025-06-15T12:00:00.000Z' },
      ],
      version: 4,
    });
    expect(JSON.stringify(row)).not.toContain('a'.repeat(64));
    expect(clientFacts(row).credentials).toEqual([
      { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', expiresAt: new Date('2025-06-15T12:00:00Z') },
    ]);
  });
});
