import { loadConfig, openDataSource } from '@charter/service-kit';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthServerConfig } from '../src/config/auth-server.config.js';
import { authDatabaseOptions } from '../src/database/database-options.js';
import { publishScenario } from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

interface KeyRow {
  kid: string;
  algorithm: string;
  private_jwk_encrypted: string;
  public_jwk: Record<string, unknown>;
}

describe('signing keys', () => {
  let ctx: TestContext;
  const servers: RunningAuthServer[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    // Migrations first, as a deployment's migration:run does: TypeORM does not lock concurrent migration runs.
    await (
      await openDataSource(authDatabaseOptions(loadConfig(AuthServerConfig, ctx.env)))
    ).destroy();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await ctx?.cleanup();
  });

  it('two instances starting together on one database make one key per algorithm, and both serve and sign with them', async () => {
    const [first, second] = await Promise.all([startAuthServer(ctx), startAuthServer(ctx)]);
    servers.push(first, second);
    const rows = await queryDatabase<KeyRow>(
      ctx.databaseUrl,
      'SELECT kid, algorithm, private_jwk_encrypted, public_jwk FROM auth.signing_keys ORDER BY kid',
    );
    expect(rows.map((row) => row.algorithm).sort()).toEqual(['ES256', 'PS256', 'RS256']);
    const es256 = rows.find((row) => row.algorithm === 'ES256')!;

    const jwks = await Promise.all(
      servers.map(
        async (server) =>
          (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as {
            keys: Array<{ kid: string }>;
          },
      ),
    );
    expect(jwks.map((set) => set.keys.map((key) => key.kid).sort())).toEqual([
      rows.map((row) => row.kid),
      rows.map((row) => row.kid),
    ]);

    const scenario = await publishScenario(ctx);
    for (const server of servers) {
      const call = await waitFor('a token', async () => {
        const result = await postToken(
          server.url,
          { grant_type: 'client_credentials' },
          { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
        );
        return result.status === 200 ? result : undefined;
      });
      // Access tokens: KEYS_ALGORITHM (ES256).
      expect(decodeProtectedHeader(call.body.access_token as string).kid).toBe(es256.kid);
    }
  });

  it('stores every private key only encrypted', async () => {
    const rows = await queryDatabase<KeyRow>(
      ctx.databaseUrl,
      'SELECT kid, algorithm, private_jwk_encrypted, public_jwk FROM auth.signing_keys',
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.private_jwk_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(row.private_jwk_encrypted).not.toContain('"d"');
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        expect(row.public_jwk).not.toHaveProperty(member);
      }
    }
  });

  it('keeps using the stored key after a restart', async () => {
    const restarted = await startAuthServer(ctx);
    servers.push(restarted);
    const rows = await queryDatabase<KeyRow>(ctx.databaseUrl, 'SELECT kid FROM auth.signing_keys');
    expect(rows).toHaveLength(3);
  });

  it('refuses to start when the stored key cannot be decrypted with KEYS_ENCRYPTION_KEY', async () => {
    await expect(
      startAuthServer(ctx, { KEYS_ENCRYPTION_KEY: 'another-encryption-key-of-32-characters!' }),
    ).rejects.toThrow(/cannot be decrypted: KEYS_ENCRYPTION_KEY/);
  });

  it('signs access tokens with RS256 when KEYS_ALGORITHM=RS256, publishing every algorithm', async () => {
    const rsa = await startAuthServer(ctx, { KEYS_ALGORITHM: 'RS256' });
    servers.push(rsa);
    const { keys } = (await (await fetch(`${rsa.url}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ alg: string; kty: string }>;
    };
    expect(keys.map((key) => `${key.alg}/${key.kty}`).sort()).toEqual([
      'ES256/EC',
      'PS256/RSA',
      'RS256/RSA',
    ]);

    const scenario = await publishScenario(ctx);
    const call = await waitFor('a token', async () => {
      const result = await postToken(
        rsa.url,
        { grant_type: 'client_credentials' },
        { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
      );
      return result.status === 200 ? result : undefined;
    });
    const jwks = createRemoteJWKSet(new URL(`${rsa.url}/.well-known/jwks.json`));
    const { protectedHeader } = await jwtVerify(call.body.access_token as string, jwks, {
      typ: 'at+jwt',
      algorithms: ['RS256'],
    });
    expect(protectedHeader.alg).toBe('RS256');
  });
});
