import { describe, expect, it } from 'vitest';
import {
  clientSigningAlgorithms,
  type Fapi2TokenRequest,
  fapi2TokenRefusal,
  requiresPushedRequest,
} from './fapi2.js';

const request = (overrides: Partial<Fapi2TokenRequest> = {}): Fapi2TokenRequest => ({
  securityProfile: 'fapi2',
  authMethod: 'private_key_jwt',
  grantType: 'authorization_code',
  dpopJkt: 'thumbprint',
  ...overrides,
});

describe('fapi2TokenRefusal', () => {
  it('lets a DPoP-bound private_key_jwt request through', () => {
    expect(fapi2TokenRefusal(request())).toBeNull();
    expect(fapi2TokenRefusal(request({ grantType: 'client_credentials' }))).toBeNull();
  });

  it('applies nothing to a client without the profile', () => {
    expect(
      fapi2TokenRefusal(
        request({
          securityProfile: null,
          authMethod: 'client_secret_basic',
          grantType: 'password',
          dpopJkt: undefined,
        }),
      ),
    ).toBeNull();
  });

  it.each([
    [{ authMethod: 'client_secret_basic' }, 'invalid_client'],
    [{ authMethod: 'none' }, 'invalid_client'],
    [{ grantType: 'password' }, 'unauthorized_client'],
    [{ dpopJkt: undefined }, 'invalid_dpop_proof'],
    [{ grantType: 'refresh_token', dpopJkt: undefined }, 'invalid_dpop_proof'],
  ] as const)('refuses %j with %s, citing its section', (overrides, error) => {
    expect(fapi2TokenRefusal(request(overrides))).toEqual({
      error,
      description: expect.stringContaining('FAPI 2.0 section 5.3.2.1'),
    });
  });
});

describe('requiresPushedRequest', () => {
  it('is the server-wide setting, or true for fapi2', () => {
    expect(requiresPushedRequest(null, false)).toBe(false);
    expect(requiresPushedRequest(null, true)).toBe(true);
    expect(requiresPushedRequest('fapi2', false)).toBe(true);
  });
});

describe('clientSigningAlgorithms', () => {
  it('narrows a fapi2 client to ES256 and PS256, keeping the server order', () => {
    expect(clientSigningAlgorithms('fapi2', ['ES256', 'RS256', 'PS256', 'EdDSA'])).toEqual([
      'ES256',
      'PS256',
    ]);
    expect(clientSigningAlgorithms(null, ['ES256', 'RS256'])).toEqual(['ES256', 'RS256']);
  });
});
