import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_KEYS_ENCRYPTION_KEY } from '../src/config/auth-server.config.js';
import { KeyEncryption } from '../src/keys/key-encryption.js';
import { generateSigningKey } from '../src/keys/signing-key-generator.js';
import { publishScenario, type Scenario } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
} from './support/auth-server.js';

const ISSUER = 'http://auth.example.test';
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

interface KeySummary {
  kid: string;
  algorithm: string;
  state: string;
  notBefore: string;
  activeUntil: string;
  expiresAt: string;
}

/** `keys:rotate` and `keys:list`, run as an operator would: the built main.js against the database. */
describe('keys:rotate and keys:list', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: Scenario;

  const command = async (
    name: string,
    env: Record<string, string> = {},
    args: string[] = [],
  ): Promise<unknown> => {
    const { stdout } = await run(process.execPath, [MAIN, name, ...args], {
      env: { ...process.env, ...ctx.env, AUTH_ISSUER: ISSUER, ...env },
      timeout: 30_000,
    });
    return JSON.parse(stdout) as unknown;
  };
  const token = async (): Promise<string> => {
    const call = await postToken(
      server.url,
      { grant_type: 'client_credentials' },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
    expect(call.status).toBe(200);
    return call.body.access_token as string;
  };
  const jwks = async (): Promise<JSONWebKeySet> =>
    (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

  beforeAll(async () => {
    ctx = await createTestContext();
    // Instances reload keys every second here, so the test sees the rotation without a long wait.
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER, KEYS_REFRESH_INTERVAL: '1' });
    scenario = await publishScenario(ctx);
    await waitFor('the projection to have the scenario', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
      );
      return call.status === 200;
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('rotates every algorithm: new tokens carry the new kid, old tokens still verify, the JWKS lists both', async () => {
    const before = (await command('keys:list')) as { keys: KeySummary[] };
    expect(before.keys.map((key) => [key.algorithm, key.state]).sort()).toEqual([
      ['ES256', 'signing'],
      ['PS256', 'signing'],
      ['RS256', 'signing'],
    ]);
    const oldKids = before.keys.map((key) => key.kid);
    const oldKid = before.keys.find((key) => key.algorithm === 'ES256')!.kid;
    const oldToken = await token();
    expect(decodeProtectedHeader(oldToken).kid).toBe(oldKid);

    const rotated = (await command('keys:rotate')) as {
      created: KeySummary[];
      retired: KeySummary[];
    };
    expect(rotated.created.map((key) => [key.algorithm, key.state]).sort()).toEqual([
      ['ES256', 'signing'],
      ['PS256', 'signing'],
      ['RS256', 'signing'],
    ]);
    for (const key of rotated.created) {
      expect(oldKids).not.toContain(key.kid);
    }
    expect(rotated.retired.map((key) => [key.kid, key.state]).sort()).toEqual(
      oldKids.map((kid) => [kid, 'retired']).sort(),
    );
    for (const retired of rotated.retired) {
      // Published until its last token can have expired: the longest lifetime (86400 s) and the
      // refresh grace (2 x KEYS_REFRESH_INTERVAL of the command's environment, 60 s by default).
      const publishedFor = (Date.parse(retired.expiresAt) - Date.parse(retired.activeUntil)) / 1000;
      expect(publishedFor).toBe(86_400 + 120);
    }
    expect(JSON.stringify(rotated)).not.toMatch(/"d"|private/i);
    const newKid = rotated.created.find((key) => key.algorithm === 'ES256')!.kid;

    // The running instance picks the new key up at its next refresh.
    const newToken = await waitFor(
      'tokens signed with the new key',
      async () => {
        const issued = await token();
        return decodeProtectedHeader(issued).kid === newKid ? issued : undefined;
      },
      { intervalMs: 200 },
    );

    const set = await jwks();
    expect(set.keys.map((key) => key.kid).sort()).toEqual(
      [...oldKids, ...rotated.created.map((key) => key.kid)].sort(),
    );
    const keys = createLocalJWKSet(set);
    for (const accessToken of [oldToken, newToken]) {
      await expect(
        jwtVerify(accessToken, keys, { issuer: ISSUER, typ: 'at+jwt', algorithms: ['ES256'] }),
      ).resolves.toBeTruthy();
    }
    // The server itself still accepts the old token (introspection verifies with its own keys).
    const introspected = await postForm(
      `${server.url}/introspect`,
      { token: oldToken },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
    expect(introspected.body).toMatchObject({ active: true });

    const after = (await command('keys:list')) as { keys: KeySummary[] };
    expect(after.keys.map((key) => [key.kid, key.state]).sort()).toEqual(
      [
        ...oldKids.map((kid) => [kid, 'retired']),
        ...rotated.created.map((key) => [key.kid, 'signing']),
      ].sort(),
    );
  });

  it('--algorithm ES256 rotates only ES256: drops a successor created ahead of time, keeps retired keys', async () => {
    const current = async (algorithm: string): Promise<string> => {
      const [{ kid } = { kid: '' }] = await queryDatabase<{ kid: string }>(
        ctx.databaseUrl,
        `SELECT kid FROM auth.signing_keys
          WHERE algorithm = $1 AND not_before <= now() AND active_until > now()`,
        [algorithm],
      );
      return kid;
    };
    const currentEs = await current('ES256');
    const currentRs = await current('RS256');
    // A successor as the schedule makes it ahead of time: signs from an hour on.
    const hour = 3_600_000;
    const now = Date.now();
    const successor = await generateSigningKey(
      {
        algorithm: 'ES256',
        notBefore: new Date(now + hour),
        activeUntil: new Date(now + 2 * hour),
        expiresAt: new Date(now + 3 * hour),
      },
      new Date(now),
      new KeyEncryption(LOCAL_KEYS_ENCRYPTION_KEY),
    );
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.signing_keys (kid, algorithm, public_jwk, private_jwk_encrypted, created_at, not_before, active_until, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        successor.kid,
        successor.algorithm,
        JSON.stringify(successor.publicJwk),
        successor.privateJwkEncrypted,
        successor.createdAt,
        successor.notBefore,
        successor.activeUntil,
        successor.expiresAt,
      ],
    );
    const rotated = (await command('keys:rotate', {}, ['--algorithm', 'ES256'])) as {
      created: KeySummary[];
      retired: KeySummary[];
    };
    expect(rotated.created).toEqual([
      expect.objectContaining({ algorithm: 'ES256', state: 'signing' }),
    ]);
    expect(rotated.retired.map((key) => [key.kid, key.state]).sort()).toEqual(
      [
        [currentEs, 'retired'],
        [successor.kid, 'expired'],
      ].sort(),
    );
    // The other algorithms' keys (the ID tokens' RS256 one) keep signing.
    expect(await current('RS256')).toBe(currentRs);
    const listed = (await command('keys:list')) as { keys: KeySummary[] };
    expect(listed.keys.map((key) => key.kid)).not.toContain(successor.kid);
    expect(
      listed.keys
        .filter((key) => key.state === 'signing')
        .map((key) => key.kid)
        .sort(),
    ).toEqual([rotated.created[0]!.kid, currentRs, await current('PS256')].sort());
    expect(listed.keys.filter((key) => key.state === 'retired').length).toBeGreaterThanOrEqual(2);
  });

  it('--algorithm=RS256 rotates only the RS256 key, a 2048-bit RSA one', async () => {
    const rotated = (await command('keys:rotate', {}, ['--algorithm=RS256'])) as {
      created: KeySummary[];
      retired: KeySummary[];
    };
    expect(rotated.created).toEqual([
      expect.objectContaining({ algorithm: 'RS256', state: 'signing' }),
    ]);
    expect(rotated.retired.map((key) => key.algorithm)).toEqual(['RS256']);
    const [row] = await queryDatabase<{ public_jwk: { kty: string; n: string } }>(
      ctx.databaseUrl,
      'SELECT public_jwk FROM auth.signing_keys WHERE kid = $1',
      [rotated.created[0]!.kid],
    );
    expect(row?.public_jwk.kty).toBe('RSA');
    expect(Buffer.from(row!.public_jwk.n, 'base64url').length * 8).toBe(2048);
  });

  it('refuses an unknown algorithm or argument, rotating nothing', async () => {
    const before = await queryDatabase(ctx.databaseUrl, 'SELECT * FROM auth.signing_keys');
    for (const args of [['--algorithm', 'HS256'], ['--algorithm'], ['--force']]) {
      await expect(command('keys:rotate', {}, args)).rejects.toMatchObject({ code: 2 });
    }
    await expect(command('keys:list', {}, ['--algorithm', 'RS256'])).rejects.toMatchObject({
      code: 2,
    });
    expect(await queryDatabase(ctx.databaseUrl, 'SELECT * FROM auth.signing_keys')).toEqual(before);
  });

  it('refuses an unknown command without starting the server', async () => {
    await expect(command('keys:rotat')).rejects.toMatchObject({ code: 2 });
  });
});
