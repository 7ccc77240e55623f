import {
  ContractDeleted,
  SystemAccountDeleted,
  UserDeleted,
  UserPasswordChanged,
  UserUpdated,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectedUser } from '../src/projection/entities/projected-user.entity.js';
import { UsersRepository } from '../src/projection/users.repository.js';
import { PasswordVerifier } from '../src/users/password-verifier.js';
import { publishEvent, publishScenario, publishUser, settle } from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

describe('users projection, deleted clients and contracts', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('projects each user at its version, lower-cased email, the argon2id hash only', async () => {
    const user = await publishUser(ctx, { email: 'Mixed.Case@Example.test' });
    await settle(ctx, server.url);
    const [row] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT email, name, status, version, password_hash FROM auth.users WHERE id = $1',
      [user.state.id],
    );
    expect(row).toMatchObject({
      email: 'mixed.case@example.test',
      name: 'Ada Lovelace',
      status: 'active',
      version: 1,
    });
    expect(String(row!.password_hash)).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(user.password);

    const users = server.app.get(UsersRepository);
    expect((await users.findByEmail('MIXED.case@example.test'))?.id).toBe(user.state.id);
    expect((await users.findById(user.state.id))?.email).toBe('mixed.case@example.test');
    expect(await users.findById('not-a-uuid')).toBeNull();
    expect(await users.findByEmail('nobody@example.test')).toBeNull();
  });

  it('applies newer versions, skips stale ones, keeps deletion', async () => {
    const user = await publishUser(ctx);
    const renamed = { ...user.state, name: 'Renamed' };
    await publishEvent(ctx, UserUpdated, renamed, 2);
    const withNewPassword = { ...renamed, passwordHash: await hash('a new password') };
    await publishEvent(ctx, UserPasswordChanged, withNewPassword, 3);
    await publishEvent(ctx, UserUpdated, { ...user.state, name: 'Stale' }, 2);
    await publishEvent(
      ctx,
      UserDeleted,
      { ...withNewPassword, deletedAt: new Date().toISOString() },
      4,
    );
    await settle(ctx, server.url);
    const row = await server.app.get(UsersRepository).findById(user.state.id);
    expect(row).toMatchObject({ name: 'Renamed', version: 4 } satisfies Partial<ProjectedUser>);
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const verifier = server.app.get(PasswordVerifier);
    expect(await verifier.verify(row!.passwordHash, 'a new password')).toBe(true);
    expect(await verifier.verify(row!.passwordHash, user.password)).toBe(false);
  });

  it('keeps the interactive-client settings of a system account', async () => {
    const scenario = await publishScenario(ctx, {
      client: {
        redirectUris: ['https://portal.example.test/callback'],
        postLogoutRedirectUris: ['https://portal.example.test/bye'],
        requirePkce: false,
        jwksUri: 'https://portal.example.test/jwks.json',
      },
    });
    await settle(ctx, server.url);
    const [row] = await queryDatabase(
      ctx.databaseUrl,
      `SELECT redirect_uris, post_logout_redirect_uris, require_pkce, jwks, jwks_uri, deleted_at
         FROM auth.clients WHERE id = $1`,
      [scenario.client.id],
    );
    expect(row).toEqual({
      redirect_uris: ['https://portal.example.test/callback'],
      post_logout_redirect_uris: ['https://portal.example.test/bye'],
      require_pkce: false,
      jwks: null,
      jwks_uri: 'https://portal.example.test/jwks.json',
      deleted_at: null,
    });
  });

  it('a deleted client gets no token (invalid_client)', async () => {
    const scenario = await publishScenario(ctx);
    const basic = { basic: { clientId: scenario.client.clientId, secret: scenario.secret } };
    await waitFor(
      'the scenario',
      async () =>
        (await postToken(server.url, { grant_type: 'client_credentials' }, basic)).status === 200,
    );
    await publishEvent(
      ctx,
      SystemAccountDeleted,
      { ...scenario.client, deletedAt: new Date().toISOString() },
      2,
    );
    await waitFor(
      'the deletion',
      async () =>
        (await postToken(server.url, { grant_type: 'client_credentials' }, basic)).status === 401,
    );
    const refused = await postToken(server.url, { grant_type: 'client_credentials' }, basic);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
  });

  it('a deleted contract covers nothing', async () => {
    const scenario = await publishScenario(ctx);
    const basic = { basic: { clientId: scenario.client.clientId, secret: scenario.secret } };
    const form = {
      grant_type: 'client_credentials',
      resource: scenario.contract.resourceIndicator,
    };
    await waitFor(
      'the scenario',
      async () => (await postToken(server.url, form, basic)).status === 200,
    );
    await publishEvent(
      ctx,
      ContractDeleted,
      { ...scenario.contract, deletedAt: new Date().toISOString() },
      2,
    );
    await waitFor(
      'the deletion',
      async () => (await postToken(server.url, form, basic)).status === 400,
    );
    expect((await postToken(server.url, form, basic)).body).toMatchObject({
      error: 'invalid_target',
    });
  });
});
