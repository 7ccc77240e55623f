import { generateKeyPairSync } from 'node:crypto';
import { loadConfig, openDataSource, TransactionRunner } from '@charter/service-kit';
import { createTestContext, type TestContext, waitFor } from '@charter/testing';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthServerConfig, MAX_ACCESS_TOKEN_TTL } from '../src/config/auth-server.config.js';
import { authDatabaseOptions } from '../src/database/database-options.js';
import { KeyEncryption } from '../src/keys/key-encryption.js';
import { KeyRotation } from '../src/keys/key-rotation.js';
import { SigningKeysRepository } from '../src/keys/signing-keys.repository.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';
import {
  Browser,
  type InteractiveScenario,
  obtainTokens,
  POST_LOGOUT_URI,
  publishInteractiveScenario,
} from './support/authorization-flow.js';

const ISSUER = 'http://auth.example.test';

interface Tokens {
  readonly access_token: string;
  readonly id_token: string;
}

/**
 * ID tokens signed as OpenID Connect requires (OIDC Core §15.1, Dynamic Client Registration §2):
 * RS256 for a client that registered no `id_token_signed_response_alg`, ES256 or PS256 when it
 * asked; access tokens stay on KEYS_ALGORITHM (ES256).
 */
describe('ID token signing algorithms', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let byDefault: InteractiveScenario;
  let es256: InteractiveScenario;
  let ps256: InteractiveScenario;

  const jwks = async (): Promise<JSONWebKeySet> =>
    (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  const login = async (scenario: InteractiveScenario, browser = new Browser()): Promise<Tokens> =>
    (await obtainTokens(server.url, scenario, {}, browser)) as unknown as Tokens;
  const verifyIdToken = async (token: string, scenario: InteractiveScenario, alg: string) =>
    jwtVerify(token, createLocalJWKSet(await jwks()), {
      issuer: ISSUER,
      audience: scenario.client.clientId,
      algorithms: [alg],
      typ: 'JWT',
    });
  const logoutWithHint = (browser: Browser, hint: string) =>
    browser.request(
      `${server.url}/logout?${new URLSearchParams({
        id_token_hint: hint,
        post_logout_redirect_uri: POST_LOGOUT_URI,
        state: 'bye',
      }).toString()}`,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    // Keys reloaded every second, so the rotation below is seen without a long wait.
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER, KEYS_REFRESH_INTERVAL: '1' });
    byDefault = await publishInteractiveScenario(ctx, server.url);
    es256 = await publishInteractiveScenario(ctx, server.url, {
      idTokenSignedResponseAlg: 'ES256',
    });
    ps256 = await publishInteractiveScenario(ctx, server.url, {
      idTokenSignedResponseAlg: 'PS256',
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('a client with no setting gets an RS256 ID token that verifies against the JWKS with a 2048-bit key', async () => {
    const tokens = await login(byDefault);
    const { payload, protectedHeader } = await verifyIdToken(tokens.id_token, byDefault, 'RS256');
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: byDefault.user.id, nonce: 'n-0S6' });
    const key = (await jwks()).keys.find((candidate) => candidate.kid === protectedHeader.kid);
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    // RFC 7518 §3.3: a key of 2048 bits or larger MUST be used.
    expect(Buffer.from(key!.n!, 'base64url').length * 8).toBeGreaterThanOrEqual(2048);
  });

  it('a client that asked for ES256 gets an ES256 ID token', async () => {
    const tokens = await login(es256);
    const { protectedHeader } = await verifyIdToken(tokens.id_token, es256, 'ES256');
    expect(protectedHeader.alg).toBe('ES256');
    await expect(verifyIdToken(tokens.id_token, es256, 'RS256')).rejects.toThrow();
  });

  it('a client that asked for PS256 gets a PS256 ID token from its own key (not the RS256 one)', async () => {
    const tokens = await login(ps256);
    const { protectedHeader } = await verifyIdToken(tokens.id_token, ps256, 'PS256');
    expect(protectedHeader.alg).toBe('PS256');
    const keys = (await jwks()).keys;
    const rs256Kids = keys.filter((key) => key.alg === 'RS256').map((key) => key.kid);
    expect(keys.find((key) => key.kid === protectedHeader.kid)).toMatchObject({
      kty: 'RSA',
      alg: 'PS256',
    });
    expect(rs256Kids).not.toContain(protectedHeader.kid);
  });

  it('the access token of the same response stays ES256 (KEYS_ALGORITHM), whatever the ID token uses', async () => {
    for (const scenario of [byDefault, es256, ps256]) {
      const tokens = await login(scenario);
      const { protectedHeader } = await jwtVerify(
        tokens.access_token,
        createLocalJWKSet(await jwks()),
        { issuer: ISSUER, typ: 'at+jwt', algorithms: ['ES256'] },
      );
      expect(protectedHeader.alg).toBe('ES256');
    }
  });

  it('logout takes an id_token_hint of any of the three algorithms', async () => {
    for (const [scenario, alg] of [
      [byDefault, 'RS256'],
      [es256, 'ES256'],
      [ps256, 'PS256'],
    ] as const) {
      const browser = new Browser();
      const tokens = await login(scenario, browser);
      expect(decodeProtectedHeader(tokens.id_token).alg).toBe(alg);
      const page = await logoutWithHint(browser, tokens.id_token);
      expect(page.status, `${decodeProtectedHeader(tokens.id_token).alg}: ${page.html}`).toBe(200);
      expect(page.html).not.toContain('was not issued by this server');
    }
  });

  it('logout refuses an RS256 id_token_hint naming our RS256 kid but signed with another RSA key', async () => {
    const browser = new Browser();
    const tokens = await login(byDefault, browser);
    const header = decodeProtectedHeader(tokens.id_token);
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT(decodeJwt(tokens.id_token))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: header.kid! })
      .sign(await importJWK(foreign.privateKey.export({ format: 'jwk' }), 'RS256'));
    const page = await logoutWithHint(browser, forged);
    expect(page.status).toBe(400);
    expect(page.html).toContain('The id_token_hint was not issued by this server.');
  });

  it('after a rotation the old RS256 key stays in the JWKS until its last token has expired, then goes', async () => {
    const before = await login(byDefault);
    const oldKid = decodeProtectedHeader(before.id_token).kid;

    const dataSource = await openDataSource(
      authDatabaseOptions(loadConfig(AuthServerConfig, { ...ctx.env, AUTH_ISSUER: ISSUER })),
    );
    let rotated: Awaited<ReturnType<KeyRotation['rotate']>>;
    try {
      rotated = await new KeyRotation(
        server.config,
        new SigningKeysRepository(),
        new TransactionRunner(dataSource),
        new KeyEncryption(server.config.KEYS_ENCRYPTION_KEY),
      ).rotate(new Date());
    } finally {
      await dataSource.destroy();
    }
    expect(rotated.created.map((key) => key.algorithm).sort()).toEqual(['ES256', 'PS256', 'RS256']);
    const retired = rotated.retired.find((key) => key.kid === oldKid);
    expect(retired).toMatchObject({ algorithm: 'RS256', state: 'retired' });
    const newKid = rotated.created.find((key) => key.algorithm === 'RS256')!.kid;

    // The instance signs with the new key from its next refresh.
    const after = await waitFor(
      'ID tokens signed with the new RS256 key',
      async () => {
        const tokens = await login(byDefault);
        return decodeProtectedHeader(tokens.id_token).kid === newKid ? tokens : undefined;
      },
      { intervalMs: 200 },
    );
    const published = (await jwks()).keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));
    await verifyIdToken(before.id_token, byDefault, 'RS256');
    await verifyIdToken(after.id_token, byDefault, 'RS256');

    // The last token the old key can have signed (at the end of its signing window, with the
    // longest lifetime) expires MAX_ACCESS_TOKEN_TTL later: published until then, not after.
    const lastExpiry = Date.parse(retired!.activeUntil) + MAX_ACCESS_TOKEN_TTL * 1000;
    expect(Date.parse(retired!.expiresAt)).toBeGreaterThanOrEqual(lastExpiry);
    expect(lastExpiry).toBeGreaterThanOrEqual((decodeJwt(before.id_token).exp ?? 0) * 1000);
    try {
      server.clock.freezeAt(new Date(lastExpiry - 1000));
      expect((await jwks()).keys.map((key) => key.kid)).toContain(oldKid);
      server.clock.freezeAt(new Date(Date.parse(retired!.expiresAt) + 1000));
      const later = (await jwks()).keys.map((key) => key.kid);
      expect(later).not.toContain(oldKid);
      expect(later).toContain(newKid);
    } finally {
      server.clock.reset();
    }
  });
});
