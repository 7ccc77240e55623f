import { describe, expect, it } from 'vitest';
import { revocationDecision } from './revocation.js';

const NOW = new Date('2026-01-02T03:04:05.000Z');
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

describe('revocationDecision (RFC 7009 §2.1, §2.2)', () => {
  const token = { clientId: 'portal', expiresAt: seconds(NOW) + 600 };

  it("revokes the caller's own live token", () => {
    expect(revocationDecision(token, 'portal', NOW)).toBe('revoke');
  });

  it("ignores another client's token, a token that is not ours, and an expired one", () => {
    expect(revocationDecision(token, 'other', NOW)).toBe('ignore');
    expect(revocationDecision(null, 'portal', NOW)).toBe('ignore');
    expect(revocationDecision({ ...token, expiresAt: seconds(NOW) }, 'portal', NOW)).toBe('ignore');
  });
});
