import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('replaces secrets and hashes at any depth and keeps the rest', () => {
    const state = {
      id: 'a',
      clientId: 'sa_x',
      secrets: [
        { id: 's1', hash: 'f'.repeat(64), createdAt: '2025-01-01T00:00:00.000Z', expiresAt: null },
      ],
      nested: { clientSecret: 'cs_x', password: 'p', token: 't', keep: 1 },
    };
    expect(redactSecrets(state)).toEqual({
      id: 'a',
      clientId: 'sa_x',
      secrets: [
        { id: 's1', hash: REDACTED, createdAt: '2025-01-01T00:00:00.000Z', expiresAt: null },
      ],
      nested: { clientSecret: REDACTED, password: REDACTED, token: REDACTED, keep: 1 },
    });
  });

  it('does not change its input', () => {
    const state = { secrets: [{ hash: 'h' }] };
    redactSecrets(state);
    expect(state.secrets[0]!.hash).toBe('h');
  });

  it('passes primitives and null through', () => {
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets('x')).toBe('x');
  });
});
