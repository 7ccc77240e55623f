import { describe, expect, it } from 'vitest';
import { scopesWithinConsent } from './exchange-consent.js';

describe('scopesWithinConsent', () => {
  it('no consent for the audience: invalid_target', () => {
    expect(scopesWithinConsent([], undefined, ['articles:read'])).toMatchObject({
      granted: false,
      error: 'invalid_target',
    });
    expect(scopesWithinConsent([], ['articles:read'], ['articles:read'])).toMatchObject({
      granted: false,
      error: 'invalid_target',
    });
  });

  it('a scope asked beyond the consent: invalid_scope, not narrowed', () => {
    expect(
      scopesWithinConsent(
        ['articles:read'],
        ['articles:read', 'articles:search'],
        ['articles:read'],
      ),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });

  it('none asked: what is available and consented', () => {
    expect(
      scopesWithinConsent(['articles:read'], undefined, ['articles:read', 'articles:search']),
    ).toEqual({ granted: true, scopes: ['articles:read'] });
  });

  it('consented but no longer available (the contract narrowed): invalid_scope', () => {
    expect(scopesWithinConsent(['articles:read'], undefined, ['articles:search'])).toMatchObject({
      granted: false,
      error: 'invalid_scope',
    });
  });
});
