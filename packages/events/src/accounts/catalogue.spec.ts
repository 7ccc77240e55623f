import { describe, expect, it } from 'vitest';
import { EnvelopeSchema } from '../envelope.js';
import {
  ACCOUNT_EVENTS,
  type ContractState,
  ContractSuspended,
  SystemAccountCreated,
} from './index.js';

const meta = {
  actor: { type: 'client' as const, id: 'charter-admin' },
  correlationId: 'corr-1',
  occurredAt: new Date('2026-01-02T03:04:05.000Z'),
};

const contract: ContractState = {
  id: '3f1c2a64-5f1d-4a43-9c55-0d2f3f1b2a10',
  enterpriseId: '7b7c1f4e-2f6b-4c7e-8f3e-0a1b2c3d4e5f',
  contentApiId: '0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c5b',
  resourceIndicator: 'https://api.example.com',
  scopes: ['articles:read'],
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: null,
  status: 'suspended',
  datasets: [],
  rateLimit: null,
  deletedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
};

describe('account event catalogue', () => {
  it('builds an envelope with the whole state, version, actor and subject', () => {
    const event = ContractSuspended.create(contract, 3, meta);
    expect(EnvelopeSchema.parse(event)).toBeTruthy();
    expect(event).toMatchObject({
      type: 'ContractSuspended',
      schemaVersion: 1,
      subject: 'accounts.contract.suspended',
      occurredAt: '2026-01-02T03:04:05.000Z',
      actor: meta.actor,
      correlationId: 'corr-1',
      aggregate: { type: 'contract', id: contract.id, version: 3 },
      data: contract,
    });
  });

  it('gives every event a distinct id', () => {
    expect(ContractSuspended.create(contract, 3, meta).id).not.toBe(
      ContractSuspended.create(contract, 3, meta).id,
    );
  });

  it('lists every event once, with subjects named <service>.<aggregate>.<past tense>', () => {
    const subjects = [...ACCOUNT_EVENTS.values()].map((definition) => definition.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const subject of subjects) {
      expect(subject).toMatch(/^accounts\.[a-z-]+\.[a-z]+(-[a-z]+)*$/);
    }
  });

  it('refuses a system account state carrying anything but a hex hash as its secret', () => {
    const state = {
      id: '3f1c2a64-5f1d-4a43-9c55-0d2f3f1b2a10',
      clientId: 'sa_x',
      name: 'Portal',
      enterpriseId: null,
      status: 'active',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethods: ['client_secret_basic'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      secrets: [
        {
          id: '0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c5b',
          hash: 'cs_plain-text-secret',
          createdAt: '2026-01-01T00:00:00.000Z',
          expiresAt: null,
        },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(SystemAccountCreated.data.safeParse(state).success).toBe(false);
    state.secrets[0]!.hash = 'a'.repeat(64);
    expect(SystemAccountCreated.data.safeParse(state).success).toBe(true);
  });
  it('reads an older system account event without idTokenSignedResponseAlg as null (RS256), and refuses an unknown one', () => {
    const state = {
      id: '3f1c2a64-5f1d-4a43-9c55-0d2f3f1b2a10',
      clientId: 'sa_x',
      name: 'Portal',
      enterpriseId: null,
      status: 'active',
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      secrets: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(SystemAccountCreated.data.parse(state).idTokenSignedResponseAlg).toBeNull();
    expect(
      SystemAccountCreated.data.parse({ ...state, idTokenSignedResponseAlg: 'PS256' })
        .idTokenSignedResponseAlg,
    ).toBe('PS256');
    expect(
      SystemAccountCreated.data.safeParse({ ...state, idTokenSignedResponseAlg: 'HS256' }).success,
    ).toBe(false);
    expect(
      SystemAccountCreated.data.safeParse({ ...state, idTokenSignedResponseAlg: 'none' }).success,
    ).toBe(false);
  });
});
