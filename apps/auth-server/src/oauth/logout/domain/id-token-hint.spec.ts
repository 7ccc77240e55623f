import { describe, expect, it } from 'vitest';
import { idTokenHintAudience } from './id-token-hint.js';

const ISSUER = 'https://auth.example.test';
const idToken = { iss: ISSUER, sub: 'user-1', aud: 'client-1', iat: 1, exp: 2, auth_time: 1 };

describe('idTokenHintAudience (RP-Initiated Logout §2)', () => {
  it('answers the client of one of our ID tokens', () => {
    expect(idTokenHintAudience({ typ: 'JWT' }, idToken, ISSUER)).toBe('client-1');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['an access token (typ at+jwt)', { typ: 'at+jwt' }, idToken],
    ['an access token (typ application/at+jwt)', { typ: 'application/AT+JWT' }, idToken],
    ['no typ', {}, idToken],
    ['another typ', { typ: 'logout+jwt' }, idToken],
    [
      'access-token claims under typ JWT (client_id)',
      { typ: 'JWT' },
      { ...idToken, client_id: 'client-1' },
    ],
    ['access-token claims under typ JWT (scope)', { typ: 'JWT' }, { ...idToken, scope: 'openid' }],
    ['another issuer', { typ: 'JWT' }, { ...idToken, iss: 'https://other.example.test' }],
    ['no sub', { typ: 'JWT' }, { ...idToken, sub: undefined }],
    ['an audience list', { typ: 'JWT' }, { ...idToken, aud: ['client-1'] }],
    ['an empty audience', { typ: 'JWT' }, { ...idToken, aud: '' }],
  ])('refuses %s', (_case, header, claims) => {
    expect(idTokenHintAudience(header, claims, ISSUER)).toBeUndefined();
  });
});
