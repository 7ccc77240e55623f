import {
  createHash,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import {
  createTestContext,
  freePort,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpAnswer } from './support/catalog-api.js';
import {
  buildCatalogApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CATALOG_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
  startAuthServer,
} from './support/fixtures.js';

/** Both instances sit behind one public URL, as behind a load balancer: a proof fits either. */
const PUBLIC_URL = 'https://catalog.example.test';

interface ProofKey {
  readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
}

function proofKey(): ProofKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { privateKey, jwk: { kty, crv, x, y } };
}

const segment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RFC 9449 §4.2 proof (ES256) for `htm` `htu`, with `ath` when it goes with a token. */
function proof(key: ProofKey, htm: string, htu: string, accessToken?: string): Promise<string> {
  const input = `${segment({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })}.${segment({
    jti: randomUUID(),
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...(accessToken === undefined
      ? {}
      : { ath: createHash('sha256').update(accessToken).digest('base64url') }),
  })}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return Promise.resolve(`${input}.${signature.toString('base64url')}`);
}

async function read(url: string, path: string, token: string, dpop: string): Promise<HttpAnswer> {
  const response = await fetch(`${url}${path}`, {
    headers: { authorization: `DPoP ${token}`, dpop },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/**
 * RFC 9449 §11.1 across instances: a proof spent at one instance of an API is refused at every
 * other (DPOP_REPLAY_STORE=database, the default, in the API's PostgreSQL schema), where a
 * per-instance memory lets the replay through.
 */
describe('catalog API: a DPoP proof is spent once across every instance', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let shared: RunningService[];
  let perInstance: RunningService[];
  let caller: Caller;
  let key: ProofKey;
  let token: string;

  const path = '/v1/ratings?limit=1';
  const htu = `${PUBLIC_URL}/v1/ratings`;

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    // Separate processes: instances in one process would share passport's strategy registry.
    const env = { ...ctx.env, AUTH_ISSUER: authServer.url, DPOP_PUBLIC_URL: PUBLIC_URL };
    const start = async (extra: Record<string, string> = {}): Promise<RunningService> =>
      startService('catalog-api', await freePort(), { ...env, ...extra });
    shared = [await start(), await start()];
    perInstance = [
      await start({ DPOP_REPLAY_STORE: 'memory' }),
      await start({ DPOP_REPLAY_STORE: 'memory' }),
    ];
    const catalogApi = buildCatalogApi();
    await publishEvent(ctx, ContentApiRegistered, catalogApi, 1);
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({ enterpriseId: enterprise.id, contentApiId: catalogApi.id }),
      1,
    );
    caller = await publishSystemAccount(ctx, enterprise.id);
    key = proofKey();
    token = await waitFor('a DPoP-bound token', async () => {
      const response = await fetch(`${authServer.url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${caller.clientId}:${caller.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          dpop: await proof(key, 'POST', `${authServer.url}/token`),
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          resource: CATALOG_API_AUDIENCE,
        }).toString(),
      });
      const body = (await response.json()) as { access_token?: string; token_type?: string };
      return response.status === 200 && body.token_type === 'DPoP' ? body.access_token : undefined;
    });
    for (const api of [...shared, ...perInstance]) {
      await waitFor('the instance to know the contract', async () => {
        const answer = await read(api.url, path, token, await proof(key, 'GET', htu, token));
        return answer.status === 200;
      });
    }
  });

  afterAll(async () => {
    for (const api of [...(shared ?? []), ...(perInstance ?? [])]) {
      await api.stop();
    }
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('refuses at the second instance a proof the first accepted, with the §7.1 challenge', async () => {
    const once = await proof(key, 'GET', htu, token);
    expect((await read(shared[0]!.url, path, token, once)).status).toBe(200);
    const replayed = await read(shared[1]!.url, path, token, once);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    expect(replayed.body).not.toHaveProperty('items');
    // And at the first instance again.
    expect((await read(shared[0]!.url, path, token, once)).status).toBe(401);
  });

  it('of 20 parallel uses of one proof spread over both instances, exactly one is served', async () => {
    const once = await proof(key, 'GET', htu, token);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => read(shared[index % 2]!.url, path, token, once)),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(19);
  });

  it('with DPOP_REPLAY_STORE=memory, each instance remembers only its own (why database is the default)', async () => {
    const once = await proof(key, 'GET', htu, token);
    expect((await read(perInstance[0]!.url, path, token, once)).status).toBe(200);
    expect((await read(perInstance[1]!.url, path, token, once)).status).toBe(200);
    expect((await read(perInstance[0]!.url, path, token, once)).status).toBe(401);
  });

  it('a fresh proof of the same key is served at either instance', async () => {
    for (const api of shared) {
      expect((await read(api.url, path, token, await proof(key, 'GET', htu, token))).status).toBe(
        200,
      );
    }
  });
});
