import { createHash } from 'node:crypto';
import {
  SystemAccountCreated,
  UserDeleted,
  UserDisabled,
  UserPasswordChanged,
  type UserState,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSystemAccount, publishEvent, settle } from '../support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from '../support/auth-server.js';
import {
  Browser,
  type InteractiveScenario,
  obtainCode,
  obtainTokens,
  publishInteractiveScenario,
  REDIRECT_URI,
} from '../support/authorization-flow.js';

describe('refresh_token grant (RFC 6749 §6, rotation and reuse detection)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  const refresh = (token: string, extra: Record<string, string> = {}) =>
    postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: scenario.client.clientId,
      refresh_token: token,
      ...extra,
    });
  const start = async (scope = 'openid email offline_access') => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario, { scope });
    const response = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('rotates: each use returns a new refresh token and a new access token; only hashes are stored', async () => {
    const first = await start();
    const next = await refresh(first.refresh_token as string);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(first.refresh_token);
    expect(next.body.scope).toBe('openid email offline_access');
    expect(decodeJwt(next.body.access_token as string)).toMatchObject({
      sub: scenario.user.id,
      aud: scenario.client.clientId,
    });
    const rows = await queryDatabase(ctx.databaseUrl, 'SELECT token_hash FROM auth.refresh_tokens');
    expect(JSON.stringify(rows)).not.toContain(first.refresh_token as string);
    const third = await refresh(next.body.refresh_token as string);
    expect(third.status).toBe(200);
  });

  it('a reused refresh token revokes the whole family, and its access tokens', async () => {
    const first = await start();
    const second = await refresh(first.refresh_token as string);
    const reused = await refresh(first.refresh_token as string);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh token was already used',
    });
    // The newest token of the family is dead too.
    expect((await refresh(second.body.refresh_token as string)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh token was revoked',
    });
    const jtis = [first, second.body].map((body) => decodeJwt(body.access_token as string).jti);
    const revoked = await queryDatabase(
      ctx.databaseUrl,
      'SELECT jti FROM auth.revoked_tokens WHERE jti = ANY($1)',
      [jtis],
    );
    expect(revoked).toHaveLength(2);
  });

  it('narrows the scope (RFC 6749 §6) but never widens it', async () => {
    const first = await start();
    const narrow = await refresh(first.refresh_token as string, { scope: 'openid' });
    expect(narrow.status).toBe(200);
    expect(narrow.body.scope).toBe('openid');
    const wider = await refresh(narrow.body.refresh_token as string, { scope: 'openid profile' });
    expect(wider.body).toMatchObject({ error: 'invalid_scope' });
    expect(
      (await refresh(narrow.body.refresh_token as string, { scope: 'bad"scope' })).body,
    ).toMatchObject({
      error: 'invalid_scope',
    });
  });

  it('invalid_scope names a scope nothing defines (a typo) as unknown, and spends nothing', async () => {
    const first = await start();
    const typo = await refresh(first.refresh_token as string, { scope: 'openid opneid' });
    expect(typo.body).toEqual({
      error: 'invalid_scope',
      error_description: 'unknown scope: opneid',
    });
    // The refresh token was not used up: it still rotates.
    expect((await refresh(first.refresh_token as string)).status).toBe(200);
  });

  it("refuses an unknown, missing, expired or another client's refresh token", async () => {
    expect((await refresh('unknown')).body).toMatchObject({ error: 'invalid_grant' });
    expect(
      (
        await postToken(server.url, {
          grant_type: 'refresh_token',
          client_id: scenario.client.clientId,
        })
      ).body,
    ).toMatchObject({ error: 'invalid_request' });
    const other = await publishInteractiveScenario(ctx, server.url);
    const first = await start();
    const foreign = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: other.client.clientId,
      refresh_token: first.refresh_token as string,
    });
    expect(foreign.body).toMatchObject({ error: 'invalid_grant' });
    await queryDatabase(
      ctx.databaseUrl,
      `UPDATE auth.refresh_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
    );
    expect((await refresh(first.refresh_token as string)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh token has expired',
    });
  });

  // RFC 6749 §6 / §10.4: the refresh token is bound to the client it was issued to. The
  // neighbour: a registered public client of the same enterprise with the refresh_token grant,
  // which the same user may use: only the client differs.
  it('refuses a refresh token presented by another client of the same enterprise, and spends nothing', async () => {
    const { state: sibling } = buildSystemAccount({
      enterpriseId: scenario.enterprise.id,
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    await publishEvent(ctx, SystemAccountCreated, sibling, 1);
    await settle(ctx, server.url);
    // The sibling refreshes its own tokens for this user.
    const own = await obtainTokens(
      server.url,
      { ...scenario, client: sibling },
      {
        scope: 'openid offline_access',
      },
    );
    const ownRefresh = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: sibling.clientId,
      refresh_token: own.refresh_token as string,
    });
    expect(ownRefresh.status).toBe(200);

    const first = await start();
    const presented = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: sibling.clientId,
      refresh_token: first.refresh_token as string,
    });
    expect(presented.status).toBe(400);
    expect(presented.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token is invalid',
    });
    // Neither rotated nor revoked: the rightful client's next refresh is no reuse, and its token
    // names it.
    const rightful = await refresh(first.refresh_token as string);
    expect(rightful.status).toBe(200);
    expect(decodeJwt(rightful.body.access_token as string).client_id).toBe(
      scenario.client.clientId,
    );
    const family = await queryDatabase(
      ctx.databaseUrl,
      'SELECT f.revoked_at FROM auth.token_families f JOIN auth.refresh_tokens t ON t.family_id = f.id WHERE t.token_hash = $1',
      [
        createHash('sha256')
          .update(first.refresh_token as string)
          .digest('hex'),
      ],
    );
    expect(family).toEqual([{ revoked_at: null }]);
  });

  it.each([
    [
      'whose password changed after the login',
      UserPasswordChanged,
      // Two seconds on: the rule allows the login's own second (auth_time has whole seconds).
      (): Partial<UserState> => ({ passwordChangedAt: new Date(Date.now() + 2_000).toISOString() }),
    ],
    ['disabled', UserDisabled, (): Partial<UserState> => ({ status: 'disabled' })],
    ['deleted', UserDeleted, (): Partial<UserState> => ({ deletedAt: new Date().toISOString() })],
  ])('refuses to refresh for a user %s (invalid_grant)', async (_case, event, change) => {
    const own = await publishInteractiveScenario(ctx, server.url);
    const first = await obtainTokens(server.url, own, { scope: 'openid offline_access' });
    const token = first.refresh_token as string;
    await publishEvent(
      ctx,
      event,
      { ...own.user, ...change(), updatedAt: new Date().toISOString() },
      2,
    );
    // Once applied (a refresh before that would rotate the token, and the next one be a reuse).
    await settle(ctx, server.url);
    const refused = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: own.client.clientId,
      refresh_token: token,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the user can no longer sign in',
    });
  });

  it('a client without the refresh_token grant gets no refresh token', async () => {
    const codeOnly = await publishInteractiveScenario(ctx, server.url, {
      grantTypes: ['authorization_code'],
    });
    const { code, verifier } = await obtainCode(new Browser(), server.url, codeOnly);
    const response = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: codeOnly.client.clientId,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(response.status).toBe(200);
    expect(response.body.refresh_token).toBeUndefined();
  });
});
