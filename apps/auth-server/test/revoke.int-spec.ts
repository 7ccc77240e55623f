import { decodeJwt } from 'jose';
import {
  createTestContext,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, type Scenario } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';
import { obtainTokens, publishInteractiveScenario } from './support/authorization-flow.js';
import { signWithServerKey } from './support/own-key.js';
import { RevokedTokensPruner } from '../src/oauth/revoke/revoked-tokens.pruner.js';

/** RFC 7009 token revocation: POST /revoke. */
describe('POST /revoke', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let mine: Scenario;
  let other: Scenario;

  const credentials = (scenario: Scenario) => ({
    basic: { clientId: scenario.client.clientId, secret: scenario.secret },
  });
  const tokenOf = async (scenario: Scenario): Promise<string> => {
    const call = await postToken(
      server.url,
      { grant_type: 'client_credentials' },
      credentials(scenario),
    );
    expect(call.status).toBe(200);
    return call.body.access_token as string;
  };
  const revoke = (
    form: Record<string, string | string[]> | string,
    options: Parameters<typeof postForm>[2] = credentials(mine),
  ): Promise<TokenCall> => postForm(`${server.url}/revoke`, form, options);
  const revokedRows = (jti: string) =>
    queryDatabase<{ client_id: string; expires_at: Date }>(
      ctx.databaseUrl,
      'SELECT client_id, expires_at FROM auth.revoked_tokens WHERE jti = $1',
      [jti],
    );
  const revokedEvents = async () =>
    (await readStream(ctx.natsUrl, ctx.namespace, 'AUTH')).filter((event) =>
      event.subject.endsWith('auth.token.revoked'),
    );

  const expectOk = (call: TokenCall): void => {
    expect(call.status).toBe(200);
    expect(call.body).toEqual({});
    expect(call.headers.get('cache-control')).toBe('no-store');
  };
  const expectError = (call: TokenCall, status: number, error: string): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(typeof call.body.error_description).toBe('string');
    expect(call.headers.get('cache-control')).toBe('no-store');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    mine = await publishScenario(ctx);
    other = await publishScenario(ctx);
    await waitFor('the projection to have both clients', async () => {
      const a = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        credentials(mine),
      );
      const b = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        credentials(other),
      );
      return a.status === 200 && b.status === 200;
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('revokes its own token: 200, a row until the token expires, one TokenRevoked event without the token', async () => {
    const token = await tokenOf(mine);
    const { jti, exp } = decodeJwt(token);
    expectOk(await revoke({ token }));
    const rows = await revokedRows(jti!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.client_id).toBe(mine.client.clientId);
    expect(new Date(rows[0]!.expires_at).getTime()).toBe(exp! * 1000);
    const events = await waitFor('TokenRevoked on the AUTH stream', async () => {
      const found = (await revokedEvents()).filter(
        (event) => (event.payload.data as { id: string }).id === jti,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events[0]!.payload).toMatchObject({
      type: 'TokenRevoked',
      subject: 'auth.token.revoked',
      actor: { type: 'client', id: mine.client.clientId },
      aggregate: { type: 'token', id: jti, version: 1 },
      data: {
        id: jti,
        clientId: mine.client.clientId,
        expiresAt: new Date(exp! * 1000).toISOString(),
      },
    });
    expect(JSON.stringify(events[0]!.payload)).not.toContain(token);

    // Revoking again answers the same and changes nothing: no second row, no second event.
    expectOk(await revoke({ token, token_type_hint: 'access_token' }));
    await waitFor('the relay to be idle', async () => {
      const [pending] = await queryDatabase<{ n: number }>(
        ctx.databaseUrl,
        'SELECT count(*)::int AS n FROM auth.outbox WHERE published_at IS NULL',
      );
      return pending!.n === 0;
    });
    expect(
      (await revokedEvents()).filter((event) => (event.payload.data as { id: string }).id === jti),
    ).toHaveLength(1);
  });

  it('a public client revokes its own token with its client_id only (RFC 7009 §2.1)', async () => {
    const app = await publishInteractiveScenario(ctx, server.url);
    const token = (await obtainTokens(server.url, app)).access_token as string;
    // Another public client cannot revoke it.
    const stranger = await publishInteractiveScenario(ctx, server.url);
    expectOk(await revoke({ client_id: stranger.client.clientId, token }, {}));
    expect(await revokedRows(decodeJwt(token).jti!)).toHaveLength(0);

    expectOk(await revoke({ client_id: app.client.clientId, token }, {}));
    const rows = await revokedRows(decodeJwt(token).jti!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.client_id).toBe(app.client.clientId);
  });

  it('accepts client_secret_post and ignores token_type_hint, known or not (RFC 7009 §2.1)', async () => {
    const first = await tokenOf(mine);
    expectOk(
      await revoke(
        {
          token: first,
          token_type_hint: 'refresh_token',
          client_id: mine.client.clientId,
          client_secret: mine.secret,
        },
        {},
      ),
    );
    expect(await revokedRows(decodeJwt(first).jti!)).toHaveLength(1);
    const second = await tokenOf(mine);
    expectOk(await revoke({ token: second, token_type_hint: 'something_else' }));
    expect(await revokedRows(decodeJwt(second).jti!)).toHaveLength(1);
  });

  it.each([undefined, 'refresh_token', 'access_token'])(
    'a client revokes its refresh token (hint %s): the token and its family stop working, its access token is revoked (RFC 7009 §2.1)',
    async (hint) => {
      const app = await publishInteractiveScenario(ctx, server.url);
      const tokens = await obtainTokens(server.url, app);
      const refreshToken = tokens.refresh_token as string;
      const jti = decodeJwt(tokens.access_token as string).jti!;
      expect(refreshToken).toEqual(expect.any(String));

      expectOk(
        await revoke(
          {
            client_id: app.client.clientId,
            token: refreshToken,
            ...(hint === undefined ? {} : { token_type_hint: hint }),
          },
          {},
        ),
      );

      const refreshed = await postToken(server.url, {
        grant_type: 'refresh_token',
        client_id: app.client.clientId,
        refresh_token: refreshToken,
      });
      expect({ status: refreshed.status, error: refreshed.body.error }).toEqual({
        status: 400,
        error: 'invalid_grant',
      });
      expect(await revokedRows(jti)).toHaveLength(1);
      await waitFor('the TokenRevoked event of the family access token', async () =>
        (await revokedEvents()).some((event) => (event.payload.data as { id: string }).id === jti),
      );
    },
  );

  it("leaves another client's refresh token alone, even one of the same enterprise (RFC 7009 §2.1)", async () => {
    const app = await publishInteractiveScenario(ctx, server.url);
    const tokens = await obtainTokens(server.url, app);
    const neighbour = await publishInteractiveScenario(ctx, server.url, {
      enterpriseId: app.enterprise.id,
    });

    expectOk(
      await revoke(
        { client_id: neighbour.client.clientId, token: tokens.refresh_token as string },
        {},
      ),
    );

    const refreshed = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: app.client.clientId,
      refresh_token: tokens.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(await revokedRows(decodeJwt(tokens.access_token as string).jti!)).toHaveLength(0);
  });

  it("answers 200 for another client's token and leaves it alone (RFC 7009 §2.1)", async () => {
    const theirs = await tokenOf(other);
    expectOk(await revoke({ token: theirs }));
    expect(await revokedRows(decodeJwt(theirs).jti!)).toHaveLength(0);
  });

  it('answers 200 for an expired, garbage, foreign-issuer or non-access token and records nothing', async () => {
    const claims = decodeJwt(await tokenOf(mine));
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithServerKey(ctx, {
      ...claims,
      jti: 'expired-jti',
      iat: now - 700,
      exp: now - 100,
    });
    const foreign = await signWithServerKey(ctx, {
      ...claims,
      jti: 'foreign-jti',
      iss: 'https://elsewhere.example',
    });
    const idToken = await signWithServerKey(ctx, { ...claims, jti: 'jwt-typ-jti' }, { typ: 'JWT' });
    for (const token of [expired, foreign, idToken, 'garbage', 'a.b.c', `${claims.jti}`]) {
      expectOk(await revoke({ token }));
    }
    const [count] = await queryDatabase<{ n: number }>(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM auth.revoked_tokens WHERE jti IN ('expired-jti', 'foreign-jti', 'jwt-typ-jti')`,
    );
    expect(count!.n).toBe(0);
  });

  it('leaves the token endpoint alone: the client still gets new tokens', async () => {
    expectOk(await revoke({ token: await tokenOf(mine) }));
    expect(await tokenOf(mine)).toBeTruthy();
  });

  it('prunes revocations of tokens that have expired, and keeps the others', async () => {
    const live = await tokenOf(mine);
    expectOk(await revoke({ token: live }));
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.revoked_tokens (jti, client_id, expires_at, revoked_at)
       VALUES ('long-expired', $1, now() - interval '1 minute', now() - interval '11 minutes')`,
      [mine.client.clientId],
    );
    expect(await server.app.get(RevokedTokensPruner).prune()).toBeGreaterThanOrEqual(1);
    expect(await revokedRows('long-expired')).toHaveLength(0);
    expect(await revokedRows(decodeJwt(live).jti!)).toHaveLength(1);
  });

  describe('errors (RFC 6749 §5.2)', () => {
    it('no client authentication: 401 invalid_client with a Basic challenge', async () => {
      const call = await revoke({ token: await tokenOf(mine) }, {});
      expectError(call, 401, 'invalid_client');
      expect(call.headers.get('www-authenticate')).toBe('Basic realm="charter"');
    });

    it('wrong secret, and an unknown client: 401 invalid_client, the token stays valid', async () => {
      const token = await tokenOf(mine);
      expectError(
        await revoke({ token }, { basic: { clientId: mine.client.clientId, secret: 'wrong' } }),
        401,
        'invalid_client',
      );
      expectError(
        await revoke({ token }, { basic: { clientId: 'nobody', secret: 'wrong' } }),
        401,
        'invalid_client',
      );
      expect(await revokedRows(decodeJwt(token).jti!)).toHaveLength(0);
    });

    it('missing token: 400 invalid_request', async () => {
      expectError(await revoke({ token_type_hint: 'access_token' }), 400, 'invalid_request');
      expectError(await revoke('token='), 400, 'invalid_request');
    });

    it('repeated parameter: 400 invalid_request, nothing revoked', async () => {
      const token = await tokenOf(mine);
      expectError(await revoke({ token: [token, token] }), 400, 'invalid_request');
      expect(await revokedRows(decodeJwt(token).jti!)).toHaveLength(0);
    });

    it('JSON, malformed JSON, other content types and no body: 400 invalid_request', async () => {
      const token = await tokenOf(mine);
      const headers = (type: string) => ({
        ...credentials(mine),
        headers: { 'content-type': type },
      });
      expectError(
        await revoke(JSON.stringify({ token }), headers('application/json')),
        400,
        'invalid_request',
      );
      expectError(await revoke('{"token": ', headers('application/json')), 400, 'invalid_request');
      expectError(await revoke(`token=${token}`, headers('text/plain')), 400, 'invalid_request');
      expectError(
        await revoke('', headers('application/x-www-form-urlencoded')),
        400,
        'invalid_request',
      );
      expect(await revokedRows(decodeJwt(token).jti!)).toHaveLength(0);
    });

    it('two client authentication methods: 400 invalid_request', async () => {
      expectError(
        await revoke({ token: 'x', client_secret: mine.secret }, credentials(mine)),
        400,
        'invalid_request',
      );
    });
  });
});
