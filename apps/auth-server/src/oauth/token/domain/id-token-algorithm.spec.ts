import { describe, expect, it } from 'vitest';
import { ID_TOKEN_SIGNING_ALGORITHMS, idTokenSigningAlgorithm } from './id-token-algorithm.js';

describe('ID token signing algorithm', () => {
  it('is RS256 for a client that registered none (OIDC Dynamic Client Registration §2)', () => {
    expect(idTokenSigningAlgorithm(null)).toBe('RS256');
    expect(idTokenSigningAlgorithm(undefined)).toBe('RS256');
  });

  it("is the client's choice otherwise", () => {
    expect(idTokenSigningAlgorithm('ES256')).toBe('ES256');
    expect(idTokenSigningAlgorithm('PS256')).toBe('PS256');
  });

  it('offers only asymmetric algorithms, RS256 first', () => {
    expect(ID_TOKEN_SIGNING_ALGORITHMS).toEqual(['RS256', 'ES256', 'PS256']);
  });
});
