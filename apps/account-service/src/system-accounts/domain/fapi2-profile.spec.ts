import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Fapi2Settings, fapi2Problems } from './fapi2-profile.js';

const jwk = (key: ReturnType<typeof generateKeyPairSync>['publicKey']): Record<string, unknown> =>
  key.export({ format: 'jwk' });
const P256 = jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
const P384 = jwk(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey);
const RSA_2048 = jwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
const RSA_1024 = jwk(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey);

/** A client that keeps every rule; each test breaks one. */
const fapi2Client = (overrides: Partial<Fapi2Settings> = {}): Fapi2Settings => ({
  grantTypes: ['authorization_code', 'refresh_token'],
  tokenEndpointAuthMethods: ['private_key_jwt'],
  requirePkce: true,
  jwks: { keys: [P256, RSA_2048] },
  idTokenSignedResponseAlg: 'ES256',
  resourceServerFor: null,
  ...overrides,
});

const pointers = (overrides: Partial<Fapi2Settings>): string[] =>
  fapi2Problems(fapi2Client(overrides)).map((error) => error.pointer);

describe('fapi2Problems (FAPI 2.0 Security Profile)', () => {
  it('accepts a private_key_jwt client with PKCE, ES256 or PS256 ID tokens and strong keys', () => {
    expect(fapi2Problems(fapi2Client())).toEqual([]);
    expect(fapi2Problems(fapi2Client({ idTokenSignedResponseAlg: 'PS256' }))).toEqual([]);
    expect(fapi2Problems(fapi2Client({ grantTypes: ['client_credentials'] }))).toEqual([]);
  });

  it.each([
    [['client_secret_basic']],
    [['none']],
    [['private_key_jwt', 'client_secret_post']],
  ] as const)('refuses tokenEndpointAuthMethods %j (§5.3.2.1)', (methods) => {
    expect(pointers({ tokenEndpointAuthMethods: methods })).toEqual(['/tokenEndpointAuthMethods']);
  });

  it('refuses the password grant (§5.3.2.1), naming the rule and its section', () => {
    const [error] = fapi2Problems(fapi2Client({ grantTypes: ['client_credentials', 'password'] }));
    expect(error).toEqual({
      pointer: '/grantTypes',
      detail: expect.stringContaining('§5.3.2.1'),
    });
  });

  it('refuses requirePkce false (§5.3.2.2)', () => {
    expect(pointers({ requirePkce: false })).toEqual(['/requirePkce']);
  });

  it.each([null, 'RS256'] as const)('refuses ID tokens signed %s (RS256; §5.4.1)', (alg) => {
    expect(pointers({ idTokenSignedResponseAlg: alg })).toEqual(['/idTokenSignedResponseAlg']);
  });

  it('refuses a P-384 or a 1024-bit RSA key, each by its index (§5.4.1)', () => {
    expect(pointers({ jwks: { keys: [P256, P384, RSA_1024] } })).toEqual([
      '/jwks/keys/1',
      '/jwks/keys/2',
    ]);
  });

  it('refuses the profile on a resource server', () => {
    expect(pointers({ resourceServerFor: 'https://content.example' })).toEqual([
      '/securityProfile',
    ]);
  });

  it('reports every broken rule at once', () => {
    expect(
      pointers({
        tokenEndpointAuthMethods: ['client_secret_basic'],
        grantTypes: ['password'],
        requirePkce: false,
        idTokenSignedResponseAlg: null,
      }),
    ).toEqual([
      '/tokenEndpointAuthMethods',
      '/grantTypes',
      '/requirePkce',
      '/idTokenSignedResponseAlg',
    ]);
  });
});
