import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createTestContext,
  type Outcome,
  queryDatabase,
  type TestContext,
  Traffic,
  waitFor,
} from '@charter/testing';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/auth-server.config.js';
import { newSecret, publishScenario, type Scenario, secretHash } from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

const tokenOutcome = async (
  server: RunningAuthServer,
  scenario: Scenario,
  secret = scenario.secret,
): Promise<Outcome> => {
  const call = await postToken(
    server.url,
    { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
    { basic: { clientId: scenario.client.clientId, secret } },
  );
  return call.status === 200 ? null : `${call.status} ${JSON.stringify(call.body)}`;
};

/**
 * CREDENTIALS_HASH_KEY rotates as docs/operations.md says, as a rolling update under a steady
 * loop of token requests: instances on the old key give way to instances with the new key first
 * and the old one as previous (secrets re-keyed on use), then to instances with the new key
 * alone. Not one token request fails.
 */
describe('rotating CREDENTIALS_HASH_KEY under traffic', () => {
  const NEW_KEY = 'the-new-credentials-hash-key-0123456789abcdef';
  let ctx: TestContext;
  const servers: RunningAuthServer[] = [];

  const start = async (env: Record<string, string>): Promise<RunningAuthServer> => {
    const server = await startAuthServer(ctx, env);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
    await ctx?.cleanup();
  });

  it('re-keys every secret in use, serves every request, and then runs on the new key alone', async () => {
    const old = await start({ CREDENTIALS_HASH_KEY: LOCAL_CREDENTIALS_HASH_KEY });
    // A portal in use through the rotation, and its neighbour of the same shape that is not.
    const inUse = await publishScenario(ctx);
    const idle = await publishScenario(ctx);
    await waitFor('the old instance to serve both portals', async () =>
      (await tokenOutcome(old, inUse)) === null && (await tokenOutcome(old, idle)) === null
        ? true
        : undefined,
    );
    const traffic = new Traffic<RunningAuthServer>((server) => tokenOutcome(server, inUse));
    traffic.start([old]);
    await traffic.passes(20);

    // Step 1: roll to the new key with the old one as previous.
    const both = await start({
      CREDENTIALS_HASH_KEY: NEW_KEY,
      CREDENTIALS_HASH_KEY_PREVIOUS: LOCAL_CREDENTIALS_HASH_KEY,
    });
    traffic.add(both);
    await traffic.retire(old);
    await old.close();
    await traffic.passes(20);
    const rekeyed = await waitFor('the portal secret to be re-keyed', async () => {
      const rows = await queryDatabase<{
        credential_id: string;
        source_hash: string;
        hash: string;
      }>(ctx.databaseUrl, 'SELECT credential_id, source_hash, hash FROM auth.client_secret_rekeys');
      return rows.length > 0 ? rows : undefined;
    });
    expect(rekeyed).toEqual([
      {
        credential_id: inUse.client.secrets[0]!.id,
        source_hash: secretHash(inUse.secret),
        hash: secretHash(inUse.secret, NEW_KEY),
      },
    ]);
    // The account service, switched too, hashes new secrets under the new key.
    const fresh = newSecret();
    const created = await publishScenario(ctx, {
      client: {
        secrets: [
          {
            id: randomUUID(),
            hash: secretHash(fresh, NEW_KEY),
            createdAt: new Date().toISOString(),
            expiresAt: null,
          },
        ],
      },
    });
    await waitFor('the new portal to be served', async () =>
      (await tokenOutcome(both, created, fresh)) === null ? true : undefined,
    );

    // Step 2: the previous key removed.
    const fresh2 = await start({ CREDENTIALS_HASH_KEY: NEW_KEY });
    traffic.add(fresh2);
    await traffic.retire(both);
    await both.close();
    await traffic.passes(20);
    await traffic.stop();

    expect(traffic.failures).toEqual([]);
    expect(await tokenOutcome(fresh2, inUse)).toBeNull();
    expect(await tokenOutcome(fresh2, created, fresh)).toBeNull();
    // What the runbook warns of: a secret never presented during the overlap was never re-keyed.
    expect(await tokenOutcome(fresh2, idle)).toMatch(/^401 .*invalid_client/);
  }, 180_000); // several instances start and stop in turn: a generous deadline on a loaded machine
});

/**
 * KEYS_ENCRYPTION_KEY rotates with `keys:rewrap` between two rolling updates, under a steady
 * loop of token requests: the signing keys themselves do not change (same kid before and after),
 * only what they are encrypted under.
 */
describe('rotating KEYS_ENCRYPTION_KEY under traffic', () => {
  const OLD_KEY = 'the-old-keys-encryption-key-0123456789abcdef';
  const NEW_KEY = 'the-new-keys-encryption-key-0123456789abcdef';
  let ctx: TestContext;
  const servers: RunningAuthServer[] = [];
  const kids = new Set<string>();

  const start = async (env: Record<string, string>): Promise<RunningAuthServer> => {
    const server = await startAuthServer(ctx, env);
    servers.push(server);
    return server;
  };
  const rewrap = async (env: Record<string, string>): Promise<Record<string, string[]>> => {
    const { stdout } = await run(process.execPath, [MAIN, 'keys:rewrap'], {
      env: { ...process.env, ...ctx.env, ...env },
      timeout: 30_000,
    });
    return JSON.parse(stdout) as Record<string, string[]>;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
    await ctx?.cleanup();
  });

  it('re-wraps every stored key, serves every request, and then starts on the new key alone', async () => {
    const old = await start({ KEYS_ENCRYPTION_KEY: OLD_KEY });
    const scenario = await publishScenario(ctx);
    await waitFor('the portal to be served', async () =>
      (await tokenOutcome(old, scenario)) === null ? true : undefined,
    );
    const traffic = new Traffic<RunningAuthServer>(async (server) => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
        { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
      );
      if (call.status !== 200) {
        return `${call.status} ${JSON.stringify(call.body)}`;
      }
      kids.add(decodeProtectedHeader(call.body.access_token as string).kid ?? '');
      return null;
    });
    traffic.start([old]);
    await traffic.passes(20);

    const both = await start({
      KEYS_ENCRYPTION_KEY: NEW_KEY,
      KEYS_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
    });
    traffic.add(both);
    await traffic.retire(old);
    await old.close();
    await traffic.passes(20);

    const first = await rewrap({
      KEYS_ENCRYPTION_KEY: NEW_KEY,
      KEYS_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
    });
    expect(first.rewrapped).toHaveLength(3); // ES256, RS256, PS256
    expect(first.undecryptable).toEqual([]);
    await traffic.passes(20);

    const alone = await start({ KEYS_ENCRYPTION_KEY: NEW_KEY });
    traffic.add(alone);
    await traffic.retire(both);
    await both.close();
    await traffic.passes(20);
    await traffic.stop();

    expect(traffic.failures).toEqual([]);
    expect(kids.size).toBe(1);
    const again = await rewrap({ KEYS_ENCRYPTION_KEY: NEW_KEY });
    expect(again).toEqual({ rewrapped: [], alreadyCurrent: first.rewrapped, undecryptable: [] });
    // The old key alone no longer opens them: the rewrap really replaced what was stored.
    await expect(startAuthServer(ctx, { KEYS_ENCRYPTION_KEY: OLD_KEY })).rejects.toThrow(
      /cannot be decrypted: KEYS_ENCRYPTION_KEY/,
    );
  }, 180_000); // several instances start and stop in turn: a generous deadline on a loaded machine
});
