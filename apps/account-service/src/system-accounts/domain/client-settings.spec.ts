import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertClientSettings,
  type ClientSettings,
  publicJwkProblem,
  redirectUriProblem,
} from './client-settings.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const EC_PUBLIC = ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
const EC_PRIVATE = ec.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
const RSA_PUBLIC = rsa.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
const RSA_PRIVATE = rsa.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;

const settings = (overrides: Partial<ClientSettings> = {}): ClientSettings => ({
  grantTypes: ['client_credentials'],
  tokenEndpointAuthMethods: ['client_secret_basic'],
  redirectUris: [],
  postLogoutRedirectUris: [],
  requirePkce: true,
  jwks: null,
  jwksUri: null,
  ...overrides,
});

const pointersOf = (overrides: Partial<ClientSettings>): string[] => {
  try {
    assertClientSettings(settings(overrides));
    return [];
  } catch (error) {
    return (error as { fieldErrors: Array<{ pointer: string }> }).fieldErrors.map((e) => e.pointer);
  }
};

describe('redirect URIs', () => {
  it.each([
    'https://portal.acme.example/callback',
    'https://portal.acme.example/cb?x=1',
    'http://localhost:8080/cb',
    'http://127.0.0.1/cb',
    'http://[::1]:3000/cb',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ['/callback', 'must be an absolute URI'],
    ['https://portal.acme.example/cb#frag', 'must not have a fragment'],
    [
      'http://portal.acme.example/cb',
      'must use https (http only for localhost, 127.0.0.1 or [::1])',
    ],
    [
      'http://localhost.evil.example/cb',
      'must use https (http only for localhost, 127.0.0.1 or [::1])',
    ],
    ['com.acme.app:/cb', 'must use https (http only for localhost, 127.0.0.1 or [::1])'],
    ['https://a b.example/cb', 'must be at most 2048 printable ASCII characters'],
  ])('refuses %s', (uri, problem) => {
    expect(redirectUriProblem(uri)).toBe(problem);
  });
});

describe('JWKs', () => {
  it('accepts EC and RSA public keys', () => {
    expect(publicJwkProblem(EC_PUBLIC)).toBeNull();
    expect(publicJwkProblem(RSA_PUBLIC)).toBeNull();
  });

  it('refuses private keys, symmetric keys, other types and broken keys', () => {
    expect(publicJwkProblem(EC_PRIVATE)).toBe('must be a public key: remove d');
    expect(publicJwkProblem(RSA_PRIVATE)).toMatch(
      /^must be a public key: remove d, p, q, dp, dq, qi/,
    );
    expect(publicJwkProblem({ kty: 'oct', k: 'c2VjcmV0' })).toBe('must be a public key: remove k');
    expect(publicJwkProblem({ kty: 'OKP', crv: 'Ed25519', x: 'x' })).toBe('kty must be EC or RSA');
    expect(publicJwkProblem({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' })).toMatch(/valid EC/);
    expect(publicJwkProblem('key')).toBe('must be a JWK object');
  });
});

describe('assertClientSettings', () => {
  it('accepts the machine-client defaults', () => {
    expect(pointersOf({})).toEqual([]);
  });

  it('a resource server (resourceServerFor) is a confidential platform account that takes no grant', () => {
    const api = 'https://articles.example';
    expect(pointersOf({ resourceServerFor: api, enterpriseId: null })).toEqual([]);
    expect(
      pointersOf({
        resourceServerFor: api,
        enterpriseId: '6f1c3c9e-8a43-4a8e-9a51-5d1a3f7d2b10',
        grantTypes: ['client_credentials', 'password'],
      }),
    ).toEqual(['/enterpriseId', '/grantTypes']);
    expect(
      pointersOf({
        resourceServerFor: api,
        grantTypes: ['authorization_code', 'refresh_token'],
        tokenEndpointAuthMethods: ['none'],
        redirectUris: ['https://a.example/cb'],
      }),
    ).toEqual(['/grantTypes', '/tokenEndpointAuthMethods', '/redirectUris']);
  });

  it('needs a redirect URI for authorization_code', () => {
    expect(pointersOf({ grantTypes: ['authorization_code'] })).toEqual(['/redirectUris']);
    expect(
      pointersOf({
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['https://a.example/cb'],
      }),
    ).toEqual([]);
  });

  it('points at each bad redirect and post-logout URI', () => {
    expect(
      pointersOf({
        redirectUris: ['https://ok.example/', 'http://bad.example/'],
        postLogoutRedirectUris: ['x'],
      }),
    ).toEqual(['/redirectUris/1', '/postLogoutRedirectUris/0']);
  });

  it('a public client (none) is alone, uses only authorization_code and refresh_token, and always PKCE', () => {
    const publicClient = {
      tokenEndpointAuthMethods: ['none'] as const,
      grantTypes: ['authorization_code', 'refresh_token'] as const,
      redirectUris: ['http://localhost/cb'],
    };
    expect(pointersOf(publicClient)).toEqual([]);
    expect(
      pointersOf({ ...publicClient, tokenEndpointAuthMethods: ['none', 'client_secret_basic'] }),
    ).toEqual(['/tokenEndpointAuthMethods']);
    expect(
      pointersOf({ ...publicClient, grantTypes: ['authorization_code', 'client_credentials'] }),
    ).toEqual(['/grantTypes']);
    expect(pointersOf({ ...publicClient, requirePkce: false })).toEqual(['/requirePkce']);
  });

  it('private_key_jwt needs exactly one of jwks and jwksUri; keys only with private_key_jwt', () => {
    const pkj = { tokenEndpointAuthMethods: ['private_key_jwt'] as const };
    expect(pointersOf(pkj)).toEqual(['/jwks']);
    expect(pointersOf({ ...pkj, jwks: { keys: [EC_PUBLIC, RSA_PUBLIC] } })).toEqual([]);
    expect(pointersOf({ ...pkj, jwksUri: 'https://acme.example/jwks.json' })).toEqual([]);
    expect(pointersOf({ ...pkj, jwksUri: 'http://localhost:9000/jwks.json' })).toEqual([]);
    expect(pointersOf({ ...pkj, jwksUri: 'http://acme.example/jwks.json' })).toEqual(['/jwksUri']);
    expect(
      pointersOf({
        ...pkj,
        jwks: { keys: [EC_PUBLIC] },
        jwksUri: 'https://acme.example/jwks.json',
      }),
    ).toEqual(['/jwksUri']);
    expect(pointersOf({ ...pkj, jwks: { keys: [EC_PUBLIC, EC_PRIVATE] } })).toEqual([
      '/jwks/keys/1',
    ]);
    expect(pointersOf({ ...pkj, jwks: { keys: [] } })).toEqual(['/jwks/keys']);
    expect(pointersOf({ jwks: { keys: [EC_PUBLIC] } })).toEqual(['/jwks']);
    expect(pointersOf({ jwksUri: 'https://acme.example/jwks.json' })).toEqual(['/jwksUri']);
  });
});
