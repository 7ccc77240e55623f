import { describe, expect, it } from 'vitest';
import { checkAssertionClaims } from './client-assertion.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const now = NOW.getTime() / 1000;
const ISSUER = 'https://auth.example.test';
const aud = ISSUER;

describe('checkAssertionClaims (RFC 7523 §3, OIDC Core §9)', () => {
  it('accepts a jti and an exp within five minutes, remembered until exp plus the clock tolerance', () => {
    expect(checkAssertionClaims({ jti: 'a', exp: now + 60, aud }, NOW, ISSUER)).toEqual({
      ok: true,
      jti: 'a',
      rememberUntil: new Date((now + 60 + 30) * 1000),
    });
    expect(checkAssertionClaims({ jti: 'a', exp: now + 300 + 30, aud }, NOW, ISSUER)).toMatchObject(
      {
        ok: true,
      },
    );
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
    expect(checkAssertionClaims({ aud, ...claims }, NOW, ISSUER)).toMatchObject({ ok: false });
  });

  describe('aud: the issuer identifier as the sole audience (draft-ietf-oauth-rfc7523bis)', () => {
    it.each([
      ['the issuer as a string', ISSUER],
      ['a one-element array holding the issuer', [ISSUER]],
    ])('accepts %s', (_case, audience) => {
      expect(
        checkAssertionClaims({ jti: 'a', exp: now + 60, aud: audience }, NOW, ISSUER),
      ).toMatchObject({
        ok: true,
      });
    });

    it.each([
      ['no aud', undefined],
      ['the token endpoint URL', `${ISSUER}/token`],
      ['the introspection endpoint URL', `${ISSUER}/introspect`],
      ['the revocation endpoint URL', `${ISSUER}/revoke`],
      ['the issuer next to another server', [ISSUER, 'https://other.example.test']],
      ['another server next to the issuer', ['https://other.example.test', ISSUER]],
      ['the issuer twice', [ISSUER, ISSUER]],
      ['an empty array', []],
      ['the issuer with a trailing slash', `${ISSUER}/`],
      ['the issuer in another case', ISSUER.toUpperCase()],
      ['a number', 7],
    ])('refuses %s', (_case, audience) => {
      expect(checkAssertionClaims({ jti: 'a', exp: now + 60, aud: audience }, NOW, ISSUER)).toEqual(
        {
          ok: false,
          reason: 'the client assertion aud must be the issuer identifier alone',
        },
      );
    });
  });
});
