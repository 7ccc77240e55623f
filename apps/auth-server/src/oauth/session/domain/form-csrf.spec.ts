import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csrfTokenFor, csrfTokenMatches, isBrowserSessionId } from './form-csrf.js';

const KEY = randomBytes(32);
const SESSION = randomBytes(32).toString('base64url');

describe('form CSRF token bound to the browser session', () => {
  it('matches the token made for the session', () => {
    expect(csrfTokenMatches(KEY, SESSION, csrfTokenFor(KEY, SESSION))).toBe(true);
  });

  it.each<[string, string | undefined, string | undefined]>([
    ['no cookie and an empty token', undefined, ''],
    ['no cookie and no token', undefined, undefined],
    ['an empty cookie and an empty token', '', ''],
    ['a good cookie and an empty token', SESSION, ''],
    ['a good cookie and no token', SESSION, undefined],
    ['the cookie value itself as the token (plain double submit)', SESSION, SESSION],
    [
      'the token of another session',
      SESSION,
      csrfTokenFor(KEY, randomBytes(32).toString('base64url')),
    ],
    ['a token made under another key', SESSION, csrfTokenFor(randomBytes(32), SESSION)],
    ['a malformed cookie with its own token', 'short', csrfTokenFor(KEY, 'short')],
  ])('never matches %s', (_case, cookie, token) => {
    expect(csrfTokenMatches(KEY, cookie, token)).toBe(false);
  });

  it('takes only 256-bit canonical base64url ids as sessions', () => {
    expect(isBrowserSessionId(SESSION)).toBe(true);
    expect(isBrowserSessionId(undefined)).toBe(false);
    expect(isBrowserSessionId('')).toBe(false);
    expect(isBrowserSessionId(`${SESSION}x`)).toBe(false);
    expect(isBrowserSessionId(`${SESSION.slice(0, 42)}B`)).toBe(false); // non-zero trailing bits
  });
});
