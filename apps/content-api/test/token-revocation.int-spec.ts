import { randomBytes, randomUUID } from 'node:crypto';
import { EventSecurity, localEventSecurity, SIGNATURE_HEADER, TokenRevoked } from '@charter/events';
import {
  createTestContext,
  publishToStream,
  queryDatabase,
  readStream,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RevocationListPruner } from '@charter/resource-server';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishRaw,
  publishSystemAccount,
} from './support/account-events.js';
import { revokeToken, startAuthServer, tokenFor } from './support/auth-server.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

/**
 * A token its client revokes at the real auth-server (RFC 7009) is refused here as
 * soon as the TokenRevoked event arrives on the second durable consumer.
 */
describe('revoked tokens', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let caller: Caller;

  const revokedRow = async (jti: string): Promise<boolean> =>
    (
      await queryDatabase(ctx.databaseUrl, 'SELECT 1 FROM content.revoked_tokens WHERE jti = $1', [
        jti,
      ])
    ).length === 1;
  const jtiOf = (token: string): string =>
    (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string })
      .jti;
  const revocation = (expiresAt: Date, id = randomBytes(16).toString('base64url')) => ({
    id,
    clientId: caller.clientId,
    expiresAt: expiresAt.toISOString(),
    revokedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    const enterprise = buildEnterprise();
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({ enterpriseId: enterprise.id, contentApiId: contentApi.id }),
      1,
    );
    caller = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
  });

  afterEach(() => {
    api.clock.reset();
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('refuses a token within moments of its revocation at the auth-server, and only that token', async () => {
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    const sibling = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );

    const revokedAt = Date.now();
    expect(await revokeToken(authServer, caller, token)).toBe(200);
    const refused = await waitFor(
      'the content API to refuse the revoked token',
      async () => {
        const answer = await api.get('/v1/articles', token);
        return answer.status === 401 ? answer : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    const refusedAfterMs = Date.now() - revokedAt;
    // Reported, not asserted: speed belongs in bench/.
    process.stdout.write(`revocation → content API refusal: ${refusedAfterMs} ms\n`);

    expect(refused.body).toMatchObject({ code: 'invalid_token', detail: 'token revoked' });
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(refused.headers.get('www-authenticate')).toContain('error_description="token revoked"');
    // The refusal comes from this instance's memory; the projection row follows through the
    // durable consumer, a moment later or sooner.
    await waitFor('the revocation in the projection', () => revokedRow(jtiOf(token)));
    // Every route is closed to it; the client's other token still works.
    expect((await api.get('/v1/me', token)).status).toBe(401);
    expect((await api.get('/v1/articles', sibling)).status).toBe(200);
  });

  it('keeps nothing for a token that has already expired, and applies a redelivery once', async () => {
    const expired = revocation(new Date(Date.now() - 1_000));
    await publishEvent(ctx, TokenRevoked, expired, 1);
    const live = revocation(new Date(Date.now() + 600_000));
    const envelope = await publishEvent(ctx, TokenRevoked, live, 1);
    // The same event again with another message id: a redelivery after a crash looks like this.
    await publishRaw(ctx, 'auth.token.revoked', { ...envelope, id: randomUUID() });
    await waitFor('the live revocation', () => revokedRow(live.id));
    expect(await revokedRow(expired.id)).toBe(false);
  });

  it('dead-letters an invalid TokenRevoked and goes on', async () => {
    const broken = TokenRevoked.create(revocation(new Date(Date.now() + 600_000)), 1, {
      actor: { type: 'system', id: 'test' },
      correlationId: 'test',
      occurredAt: new Date(),
    });
    await publishRaw(ctx, 'auth.token.revoked', {
      ...broken,
      data: { ...broken.data, expiresAt: 'soon' },
    });
    const next = revocation(new Date(Date.now() + 600_000));
    await publishEvent(ctx, TokenRevoked, next, 1);
    await waitFor('the next revocation', () => revokedRow(next.id));
    const dead = await waitFor('the dead letter', async () => {
      const events = await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER');
      return events.find((event) => event.subject.endsWith('deadletter.content-api-revocations'));
    });
    expect(dead.payload).toMatchObject({ id: broken.id });
  });

  it('a revocation the auth-server did not sign revokes nothing: dead-lettered, the token still works', async () => {
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );
    const meta = {
      actor: { type: 'client' as const, id: caller.clientId },
      correlationId: 'forged',
    };
    const forged = (reason: string) =>
      TokenRevoked.create(revocation(new Date(Date.now() + 600_000), jtiOf(token)), 1, {
        ...meta,
        correlationId: reason,
        occurredAt: new Date(),
      });
    const subject = `${ctx.namespace}.auth.token.revoked`;
    // Unsigned, and signed by another service of the platform (the account service may not publish auth.*).
    const unsigned = forged('unsigned');
    await publishToStream(ctx.natsUrl, subject, unsigned, unsigned.id);
    const wrongSigner = forged('wrong-signer');
    const { body, signature } = await new EventSecurity(
      localEventSecurity('account-service'),
    ).encode(wrongSigner);
    await publishToStream(ctx.natsUrl, subject, body, wrongSigner.id, {
      [SIGNATURE_HEADER]: signature,
    });
    // A real revocation after them: once it is in, both forgeries have been passed by.
    const marker = revocation(new Date(Date.now() + 600_000));
    await publishEvent(ctx, TokenRevoked, marker, 1);
    await waitFor('the real revocation', () => revokedRow(marker.id));

    expect(await revokedRow(jtiOf(token))).toBe(false);
    expect((await api.get('/v1/articles', token)).status).toBe(200);
    const dead = await waitFor('both forgeries dead-lettered', async () => {
      const events = (await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER')).filter((event) =>
        [unsigned.id, wrongSigner.id].includes(String(event.payload.id)),
      );
      return events.length === 2 ? events : undefined;
    });
    expect(dead.map((event) => event.headers['Charter-Dead-Letter-Reason']).sort()).toEqual([
      'not verified: signed as "account-service", which may not publish this (expected auth-server)',
      'not verified: unsigned',
    ]);
  });

  it('prunes entries once their token has expired', async () => {
    const soon = revocation(new Date(Date.now() + 60_000));
    const later = revocation(new Date(Date.now() + 3_600_000));
    await publishEvent(ctx, TokenRevoked, soon, 1);
    await publishEvent(ctx, TokenRevoked, later, 1);
    await waitFor(
      'both revocations',
      async () => (await revokedRow(soon.id)) && revokedRow(later.id),
    );
    api.clock.freezeAt(new Date(Date.now() + 120_000));
    expect(await api.app.get(RevocationListPruner).prune()).toBeGreaterThanOrEqual(1);
    expect(await revokedRow(soon.id)).toBe(false);
    expect(await revokedRow(later.id)).toBe(true);
  });
});
