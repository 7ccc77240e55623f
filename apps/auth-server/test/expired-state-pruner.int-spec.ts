import { randomUUID } from 'node:crypto';
import { SystemAccountDeleted, UserDeleted } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpiredStatePruner } from '../src/oauth/pruning/expired-state.pruner.js';
import { publishEvent, publishScenario, publishUser } from './support/account-events.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';

/** What the login page and the user grants keep is forgotten once it can no longer be used. */
describe('expired login and grant state', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  const sql = <T extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = []) =>
    queryDatabase<T>(ctx.databaseUrl, text, values);
  const ids = async (text: string): Promise<string[]> =>
    (await sql<{ id: string }>(text)).map((row) => row.id).sort();

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('prunes expired and ended sessions, old codes, expired refresh tokens and empty families', async () => {
    const user = randomUUID();
    const session = (id: string, expires: string, ended: string | null) =>
      sql(
        `INSERT INTO auth.login_sessions (id, token_hash, user_id, auth_time, created_at, expires_at, ended_at)
         VALUES ($1, $2, $3, now() - interval '9 hours', now() - interval '9 hours', now() + $4::interval, now() + $5::interval)`,
        [id, randomUUID(), user, expires, ended],
      );
    const [liveSession, expiredSession, endedSession] = [randomUUID(), randomUUID(), randomUUID()];
    await session(liveSession, '1 hour', null);
    await session(expiredSession, '-1 second', null);
    await session(endedSession, '1 hour', '-1 minute');

    const code = (hash: string, expires: string) =>
      sql(
        `INSERT INTO auth.authorization_codes
           (code_hash, client_id, user_id, redirect_uri, scopes, auth_time, expires_at)
         VALUES ($1, 'c', $2, 'https://app.example.test/cb', '{openid}', now(), now() + $3::interval)`,
        [hash, user, expires],
      );
    await code('fresh', '1 minute');
    // Expired, but kept a day so that a late reuse still revokes what it issued.
    await code('expired-lately', '-1 hour');
    await code('expired-long-ago', '-25 hours');

    const family = async (): Promise<string> => {
      const id = randomUUID();
      await sql(
        `INSERT INTO auth.token_families (id, client_id, user_id, scopes, auth_time, created_at)
         VALUES ($1, 'c', $2, '{openid}', now() - interval '40 days', now() - interval '40 days')`,
        [id, user],
      );
      return id;
    };
    const refresh = (familyId: string, expires: string) =>
      sql(
        `INSERT INTO auth.refresh_tokens (token_hash, family_id, created_at, expires_at)
         VALUES ($1, $2, now() - interval '31 days', now() + $3::interval)`,
        [randomUUID(), familyId, expires],
      );
    const accessToken = (familyId: string, expires: string) =>
      sql(
        `INSERT INTO auth.family_access_tokens (jti, family_id, expires_at) VALUES ($1, $2, now() + $3::interval)`,
        [randomUUID(), familyId, expires],
      );
    // Rotated: one spent token long expired, the current one live.
    const rotating = await family();
    await refresh(rotating, '-1 day');
    await refresh(rotating, '10 days');
    // Nothing left to use or to revoke.
    const spent = await family();
    await refresh(spent, '-1 second');
    await accessToken(spent, '-1 second');
    // Its refresh token expired, but an access token of it is live: kept so it can be revoked.
    const revocable = await family();
    await refresh(revocable, '-1 second');
    await accessToken(revocable, '5 minutes');

    const pruned = await server.app.get(ExpiredStatePruner).prune();
    expect(pruned).toMatchObject({ sessions: 2, codes: 1, refreshTokens: 3, families: 1 });

    expect(await ids(`SELECT id::text FROM auth.login_sessions`)).toEqual([liveSession]);
    expect(
      (await sql<{ code_hash: string }>(`SELECT code_hash FROM auth.authorization_codes`))
        .map((row) => row.code_hash)
        .sort(),
    ).toEqual(['expired-lately', 'fresh']);
    expect(await ids(`SELECT id::text FROM auth.token_families`)).toEqual(
      [rotating, revocable].sort(),
    );
    const refreshLeft = await sql<{ family_id: string }>(
      `SELECT family_id FROM auth.refresh_tokens`,
    );
    expect(refreshLeft.map((row) => row.family_id)).toEqual([rotating]);
    const accessLeft = await sql<{ family_id: string }>(
      `SELECT family_id FROM auth.family_access_tokens`,
    );
    expect(accessLeft.map((row) => row.family_id)).toEqual([revocable]);

    // Nothing more to do: a second run (or another instance) deletes nothing.
    expect(await server.app.get(ExpiredStatePruner).prune()).toMatchObject({
      sessions: 0,
      codes: 0,
      refreshTokens: 0,
      families: 0,
    });
  });

  it('prunes lock-out rows once quiet for as long as the longest lock, counting from the lock', async () => {
    const memory = Math.max(
      server.config.LOGIN_LOCK_MAX_SECONDS,
      server.config.LOGIN_IP_LOCK_MAX_SECONDS,
    );
    const throttle = (key: string, lastAgo: number, lockedFor: number | null) =>
      sql(
        `INSERT INTO auth.login_throttles (key, failures, last_failure_at, locked_until)
         VALUES ($1, 3, now() - make_interval(secs => $2),
                 CASE WHEN $3::int IS NULL THEN NULL ELSE now() + make_interval(secs => $3) END)`,
        [key, lastAgo, lockedFor],
      );
    await throttle('account:current@example.test', 10, null);
    await throttle('account:past@example.test', memory + 60, null);
    await throttle('ip:192.0.2.1', memory + 120, -(memory + 30));
    await throttle('ip:192.0.2.2', memory + 120, -30);
    await throttle('account:locked@example.test', memory + 60, 120);

    const pruned = await server.app.get(ExpiredStatePruner).prune();
    expect(pruned?.throttles).toBe(2);
    const left = await sql<{ key: string }>(`SELECT key FROM auth.login_throttles ORDER BY key`);
    expect(left.map((row) => row.key)).toEqual([
      'account:current@example.test',
      'account:locked@example.test',
      'ip:192.0.2.2',
    ]);
  });

  it('keeps consents (they do not expire) except those of deleted users and clients', async () => {
    const scenario = await publishScenario(ctx);
    const { state: kept } = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    const { state: deleted } = await publishUser(ctx, { enterpriseId: scenario.enterprise.id });
    const other = await publishScenario(ctx);
    await publishEvent(ctx, UserDeleted, { ...deleted, deletedAt: new Date().toISOString() }, 2);
    await publishEvent(
      ctx,
      SystemAccountDeleted,
      { ...other.client, deletedAt: new Date().toISOString() },
      2,
    );
    await waitFor('the deletions in the projection tables', async () => {
      const [row] = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM auth.users WHERE id = $1 AND deleted_at IS NOT NULL)
              + (SELECT count(*) FROM auth.clients WHERE client_id = $2 AND deleted_at IS NOT NULL) AS n`,
        [deleted.id, other.client.clientId],
      );
      return Number(row?.n) === 2;
    });
    const unknownUser = randomUUID();
    const consent = (userId: string, clientId: string) =>
      sql(
        `INSERT INTO auth.consents (user_id, client_id, scopes, resource, granted_at)
         VALUES ($1, $2, '{openid}', '', now() - interval '400 days')`,
        [userId, clientId],
      );
    await consent(kept.id, scenario.client.clientId);
    await consent(deleted.id, scenario.client.clientId);
    await consent(kept.id, other.client.clientId);
    // Not (yet) in the projection: nothing says it is gone.
    await consent(unknownUser, scenario.client.clientId);

    const pruned = await server.app.get(ExpiredStatePruner).prune();
    expect(pruned?.consents).toBe(2);
    const left = await sql<{ user_id: string; client_id: string }>(
      `SELECT user_id::text, client_id FROM auth.consents`,
    );
    expect(left).toHaveLength(2);
    expect(left).toEqual(
      expect.arrayContaining([
        { user_id: kept.id, client_id: scenario.client.clientId },
        { user_id: unknownUser, client_id: scenario.client.clientId },
      ]),
    );
  });
});
