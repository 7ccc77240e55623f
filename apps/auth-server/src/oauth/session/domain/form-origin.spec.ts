import { describe, expect, it } from 'vitest';
import { formOriginRefusal } from './form-origin.js';

const ISSUER_ORIGIN = 'https://auth.example.test';

describe('formOriginRefusal (Fetch Metadata, RFC 6454 Origin)', () => {
  it.each([
    ['no header at all', {}],
    ['Sec-Fetch-Site: same-origin', { secFetchSite: 'same-origin' }],
    ['Sec-Fetch-Site: none (user-initiated)', { secFetchSite: 'none' }],
    ['Origin: null (Referrer-Policy: no-referrer)', { origin: 'null' }],
    ['the issuer origin', { origin: ISSUER_ORIGIN, secFetchSite: 'same-origin' }],
  ])('lets through %s', (_case, headers) => {
    expect(formOriginRefusal(headers, ISSUER_ORIGIN)).toBeNull();
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { secFetchSite: 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling host)', { secFetchSite: 'same-site' }],
    ['an undefined Sec-Fetch-Site value', { secFetchSite: 'elsewhere' }],
    ['an empty Sec-Fetch-Site', { secFetchSite: '' }],
    ['another origin', { origin: 'https://attacker.example.test' }],
    ['a sibling origin', { origin: 'https://portal.auth.example.test' }],
    ['our host over http', { origin: 'http://auth.example.test' }],
    [
      'a cross-site Origin even when Sec-Fetch-Site says same-origin',
      { origin: 'https://x.test', secFetchSite: 'same-origin' },
    ],
  ])('refuses %s', (_case, headers) => {
    expect(formOriginRefusal(headers, ISSUER_ORIGIN)).not.toBeNull();
  });
});
