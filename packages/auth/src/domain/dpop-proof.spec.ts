import { randomUUID } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DpopNonces } from './dpop-nonce.js';
import {
  accessTokenHash,
  type DpopExpectation,
  normalizeHtu,
  verifyDpopProof,
} from './dpop-proof.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const URL_ = 'https://api.example.test/v1/articles';

let privateKey: webcrypto.CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
});

interface ProofOptions {
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
  readonly key?: webcrypto.CryptoKey;
  readonly alg?: string;
}

async function proof(options: ProofOptions = {}): Promise<string> {
  return new SignJWT({
    jti: randomUUID(),
    htm: 'GET',
    htu: URL_,
    iat: NOW_S,
    ...options.claims,
  })
    .setProtectedHeader({
      alg: options.alg ?? 'ES256',
      typ: 'dpop+jwt',
      jwk: publicJwk,
      ...options.header,
    })
    .sign(options.key ?? privateKey);
}

const expectation = (overrides: Partial<DpopExpectation> = {}): DpopExpectation => ({
  method: 'GET',
  url: URL_,
  now: NOW,
  maxAgeSeconds: 60,
  clockToleranceSeconds: 5,
  ...overrides,
});

async function reasonFor(
  jwt: string,
  overrides: Partial<DpopExpectation> = {},
): Promise<string | undefined> {
  const result = await verifyDpopProof(jwt, expectation(overrides));
  return result.ok ? undefined : result.reason;
}

describe('verifyDpopProof (RFC 9449 §4.3)', () => {
  it('accepts a well-formed proof and answers the key thumbprint and when to forget the jti', async () => {
    const result = await verifyDpopProof(await proof(), expectation());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.proof.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(result.proof.rememberUntil.getTime()).toBeGreaterThan(NOW.getTime() + 60_000);
    }
  });

  it('refuses a typ other than dpop+jwt', async () => {
    expect(await reasonFor(await proof({ header: { typ: 'JWT' } }))).toMatch(/typ/);
  });

  it('refuses an HMAC proof even with a jwk', async () => {
    const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const jwt = await new SignJWT({ jti: randomUUID(), htm: 'GET', htu: URL_, iat: NOW_S })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: publicJwk })
      .sign(secret);
    expect(await reasonFor(jwt)).toMatch(/alg/);
  });

  it('refuses alg none', async () => {
    const header = Buffer.from(
      JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: publicJwk }),
    ).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ jti: randomUUID(), htm: 'GET', htu: URL_, iat: NOW_S }),
    ).toString('base64url');
    expect(await reasonFor(`${header}.${body}.c2ln`)).toMatch(/alg/);
  });

  it('refuses an algorithm outside a narrower profile list', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const jwt = await proof({
      alg: 'RS256',
      key: rsa.privateKey,
      header: { jwk: await exportJWK(rsa.publicKey) },
    });
    expect(await reasonFor(jwt)).toBeUndefined();
    expect(await reasonFor(jwt, { algorithms: ['ES256', 'PS256'] })).toMatch(/alg/);
  });

  it('refuses a jwk that carries the private key', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwt = await proof({
      key: pair.privateKey,
      header: { jwk: await exportJWK(pair.privateKey) },
    });
    expect(await reasonFor(jwt)).toMatch(/public key/);
  });

  it('refuses a proof signed by another key than its jwk', async () => {
    const other = await generateKeyPair('ES256');
    expect(await reasonFor(await proof({ key: other.privateKey }))).toMatch(/signature/);
  });

  it('refuses a proof without jti, or with a too short one', async () => {
    expect(await reasonFor(await proof({ claims: { jti: undefined } }))).toMatch(/jti/);
    expect(await reasonFor(await proof({ claims: { jti: 'abc' } }))).toMatch(/jti/);
  });

  it('refuses another method (htm)', async () => {
    expect(await reasonFor(await proof({ claims: { htm: 'POST' } }))).toMatch(/htm/);
    expect(await reasonFor(await proof({ claims: { htm: 'get' } }))).toMatch(/htm/);
  });

  it('refuses another URL (htu): a longer path, another host, another scheme', async () => {
    for (const htu of [
      `${URL_}/extra`,
      'https://api.example.test/v1/articles2',
      'https://other.example.test/v1/articles',
      'http://api.example.test/v1/articles',
      'not a url',
    ]) {
      expect(await reasonFor(await proof({ claims: { htu } }))).toMatch(/htu/);
    }
  });

  it('ignores query and fragment and normalises htu per RFC 3986 §6', async () => {
    for (const htu of [
      `${URL_}?page=2`,
      `${URL_}#frag`,
      'HTTPS://API.example.test:443/v1/articles',
      'https://api.example.test/v1/%61rticles',
    ]) {
      expect(await reasonFor(await proof({ claims: { htu } }))).toBeUndefined();
    }
    expect(await reasonFor(await proof(), { url: `${URL_}?limit=5` })).toBeUndefined();
  });

  it('refuses a stale iat and one from the future, beyond the tolerance', async () => {
    expect(await reasonFor(await proof({ claims: { iat: NOW_S - 66 } }))).toMatch(/too old/);
    expect(await reasonFor(await proof({ claims: { iat: NOW_S - 64 } }))).toBeUndefined();
    expect(await reasonFor(await proof({ claims: { iat: NOW_S + 6 } }))).toMatch(/future/);
    expect(await reasonFor(await proof({ claims: { iat: NOW_S + 4 } }))).toBeUndefined();
  });

  it('checks ath against the access token it is presented with', async () => {
    const token = 'header.payload.signature';
    expect(await reasonFor(await proof(), { accessToken: token })).toMatch(/ath/);
    expect(
      await reasonFor(await proof({ claims: { ath: accessTokenHash('another.token.here') } }), {
        accessToken: token,
      }),
    ).toMatch(/ath/);
    expect(
      await reasonFor(await proof({ claims: { ath: accessTokenHash(token) } }), {
        accessToken: token,
      }),
    ).toBeUndefined();
  });

  it('answers use_dpop_nonce when a nonce is required and missing or stale', async () => {
    const nonces = new DpopNonces('a secret shared by the instances, 32+ chars', 300);
    const missing = await verifyDpopProof(await proof(), expectation({ nonce: nonces }));
    expect(missing).toMatchObject({ ok: false, error: 'use_dpop_nonce' });
    const stale = nonces.current(new Date(NOW.getTime() - 3_600_000));
    const old = await verifyDpopProof(
      await proof({ claims: { nonce: stale } }),
      expectation({ nonce: nonces }),
    );
    expect(old).toMatchObject({ ok: false, error: 'use_dpop_nonce' });
    const fresh = await verifyDpopProof(
      await proof({ claims: { nonce: nonces.current(NOW) } }),
      expectation({ nonce: nonces }),
    );
    expect(fresh.ok).toBe(true);
  });

  it('refuses garbage without throwing', async () => {
    for (const garbage of ['', 'a.b', 'a.b.c', '!!.??.**', 'x'.repeat(9000)]) {
      expect(await reasonFor(garbage)).toMatch(/not a JWT|typ/);
    }
  });
});

describe('DpopNonces', () => {
  it('accepts a nonce of another instance with the same secret, for one to two periods', () => {
    const a = new DpopNonces('the shared secret of all instances', 300);
    const b = new DpopNonces('the shared secret of all instances', 300);
    const nonce = a.current(NOW);
    expect(b.isValid(nonce, NOW)).toBe(true);
    expect(b.isValid(nonce, new Date(NOW.getTime() + 300_000))).toBe(true);
    expect(b.isValid(nonce, new Date(NOW.getTime() + 900_000))).toBe(false);
    expect(new DpopNonces('another secret altogether, long', 300).isValid(nonce, NOW)).toBe(false);
  });
});

describe('normalizeHtu', () => {
  it('drops the default port and the query', () => {
    expect(normalizeHtu('https://A.test:443/x?y=1')).toBe('https://a.test/x');
    expect(normalizeHtu('ftp://a.test/x')).toBeUndefined();
  });
});
