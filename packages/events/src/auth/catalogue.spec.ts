import { describe, expect, it } from 'vitest';
import { EnvelopeSchema } from '../envelope.js';
import { AUTH_EVENTS, AUTH_STREAM, type RevokedTokenState, TokenRevoked } from './index.js';

const revoked: RevokedTokenState = {
  id: 'Jx3Qf0o7dH0yq1bQ2m3n4A',
  clientId: 'sa-portal',
  expiresAt: '2026-01-02T03:14:05.000Z',
  revokedAt: '2026-01-02T03:04:05.000Z',
};

describe('auth event catalogue', () => {
  it('builds a TokenRevoked envelope keyed by the jti, without the token', () => {
    const event = TokenRevoked.create(revoked, 1, {
      actor: { type: 'client', id: 'sa-portal' },
      correlationId: 'req-1',
      occurredAt: new Date('2026-01-02T03:04:05.000Z'),
    });
    expect(EnvelopeSchema.parse(event)).toBeTruthy();
    expect(event).toMatchObject({
      type: 'TokenRevoked',
      schemaVersion: 1,
      subject: 'auth.token.revoked',
      aggregate: { type: 'token', id: revoked.id, version: 1 },
      data: revoked,
    });
  });

  it('lists every event under the AUTH stream subjects', () => {
    expect([...AUTH_EVENTS.keys()]).toEqual(['TokenRevoked']);
    for (const definition of AUTH_EVENTS.values()) {
      expect(definition.subject.startsWith('auth.')).toBe(true);
    }
    expect(AUTH_STREAM).toEqual({ name: 'AUTH', subjects: ['auth.>'] });
  });

  it('refuses a payload without expiry or client', () => {
    expect(TokenRevoked.data.safeParse({ ...revoked, expiresAt: 'tomorrow' }).success).toBe(false);
    expect(TokenRevoked.data.safeParse({ ...revoked, clientId: '' }).success).toBe(false);
  });
});
