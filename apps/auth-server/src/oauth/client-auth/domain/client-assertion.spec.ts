import { describe, expect, it } from 'vitest';
import { checkAssertionClaims } from './client-assertion.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const now = NOW.getTime() / 1000;

describe('checkAssertionClaims (RFC 7523 §3, OIDC Core §9)', () => {
  it('accepts a jti and an exp within five minutes, remembered until exp plus the clock tolerance', () => {
    expect(checkAssertionClaims({ jti: 'a', exp: now + 60 }, NOW)).toEqual({
      ok: true,
      jti: 'a',
      rememberUntil: new Date((now + 60 + 30) * 1000),
    });
    expect(checkAssertionClaims({ jti: 'a', exp: now + 300 + 30 }, NOW)).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['no jti', { exp: now + 60 }],
    ['an empty jti', { jti: '', exp: now + 60 }],
    ['a jti that is not a string', { jti: 7, exp: now + 60 }],
    ['a very long jti', { jti: 'x'.repeat(257), exp: now + 60 }],
    ['no exp', { jti: 'a' }],
    ['an exp that is not a number', { jti: 'a', exp: '1' }],
    ['an exp more than five minutes ahead', { jti: 'a', exp: now + 331 }],
  ])('refuses %s', (_case, claims) => {
    expect(checkAssertionClaims(claims, NOW)).toMatchObject({ ok: false });
  });
});
