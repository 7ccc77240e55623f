import { randomUUID } from 'node:crypto';
import {
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  EVENT_CATALOGUE,
  EventSecurity,
  localEventSecurity,
  NatsConnection,
  requestSnapshot,
  SIGNATURE_HEADER,
} from '@charter/events';
import { waitFor } from '@charter/testing';
import { connect, headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, openAsAuthServer } from './support/harness.js';

const PASSWORD = 'correct horse battery staple';
const JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The bus as a trust boundary (issue 11 item 1), from the producer's side. */
describe('what the account service puts on the bus', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('no password hash or secret hash is readable in the raw stream; only the auth-server can open them', async () => {
    const enterprise = await h.createEnterprise();
    const user = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: enterprise.id,
      email: `user-${randomUUID()}@acme.example`,
      name: 'Maija',
      roles: ['member'],
      password: PASSWORD,
    });
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const [row] = await h.query<{ password_hash: string }>(
      'SELECT password_hash FROM accounts.users WHERE id = $1',
      [user.id],
    );
    const [secretRow] = await h.query<{ hash: string }>(
      `SELECT envelope->'data'->'secrets'->0->>'hash' AS hash FROM accounts.outbox
        WHERE aggregate_id = $1 ORDER BY position LIMIT 1`,
      [account.id],
    );
    const passwordHash = String(row?.password_hash);
    const secretHash = String(secretRow?.hash);
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);

    const published = await waitFor('both events on the stream', async () => {
      const events = await h.streamEvents();
      const there = [user.id, account.id].every((id) =>
        events.some((event) => (event.payload.aggregate as { id: string }).id === id),
      );
      return there ? events : undefined;
    });
    // Whatever reads the stream (any NATS client allowed to, a backup of its files) sees neither.
    const raw = JSON.stringify(published);
    expect(raw).not.toContain(passwordHash);
    expect(raw).not.toContain('$argon2id$');
    expect(raw).not.toContain(secretHash);

    const userEvent = published.find(
      (event) => (event.payload.aggregate as { id: string }).id === user.id,
    )!;
    expect(userEvent.payload.data).toMatchObject({ passwordHash: null });
    expect(userEvent.payload.sealed).toEqual({ passwordHash: expect.stringMatching(JWE) });
    const accountEvent = published.find(
      (event) => (event.payload.aggregate as { id: string }).id === account.id,
    )!;
    expect(accountEvent.payload.data).toMatchObject({ secrets: [] });
    expect(accountEvent.payload.sealed).toEqual({ secrets: expect.stringMatching(JWE) });

    // The content API (not the reader) cannot open them; the auth-server can.
    const contentApi = new EventSecurity(localEventSecurity('content-api'));
    const definition = EVENT_CATALOGUE.get(String(userEvent.payload.type))!;
    expect(await contentApi.open(userEvent.payload as never, definition)).toMatchObject({
      passwordHash: null,
    });
    expect(
      ((await openAsAuthServer(userEvent)).data as { passwordHash: string }).passwordHash,
    ).toBe(passwordHash);
    expect(
      ((await openAsAuthServer(accountEvent)).data as { secrets: Array<{ hash: string }> })
        .secrets[0]?.hash,
    ).toBe(secretHash);
  });

  it('signs every event it publishes with its event key', async () => {
    await h.createEnterprise();
    const published = await h.streamEvents();
    expect(published.length).toBeGreaterThan(0);
    for (const event of published) {
      expect(event.headers[SIGNATURE_HEADER]).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
      await openAsAuthServer(event); // throws unless the account service's key verifies it
    }
  });

  describe('snapshot requests', () => {
    const outboxCount = async (): Promise<number> =>
      Number(
        (await h.query<{ n: string }>('SELECT count(*)::text AS n FROM accounts.outbox'))[0]?.n,
      );

    it('answers a request signed by a consumer with a reply it signs for that request', async () => {
      const nats = new NatsConnection({
        url: h.ctx.natsUrl,
        name: 'snapshot-requester',
        namespace: h.ctx.namespace,
        security: localEventSecurity('content-api'),
      });
      await nats.connect();
      try {
        const reply = await requestSnapshot(
          nats,
          ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
          'test-consumer',
          'operator',
        );
        expect(reply).toEqual({ snapshotId: expect.any(String), events: expect.any(Number) });
        expect(reply.events).toBeGreaterThan(0);
      } finally {
        await nats.onApplicationShutdown();
      }
    });

    it.each([
      [
        'unsigned',
        (body: Uint8Array) => Promise.resolve({ body, signature: undefined as string | undefined }),
      ],
      [
        'signed by the account service itself (not a consumer allowed to ask)',
        async (body: Uint8Array) => ({
          body,
          signature: await new EventSecurity(localEventSecurity('account-service')).sign(body),
        }),
      ],
      [
        'tampered after signing',
        async (body: Uint8Array) => ({
          body: new TextEncoder().encode(
            new TextDecoder().decode(body).replace('operator', 'rebuild'),
          ),
          signature: await new EventSecurity(localEventSecurity('content-api')).sign(body),
        }),
      ],
    ])('refuses a request %s: an error answer, nothing written', async (_name, forge) => {
      const before = await outboxCount();
      const nc = await connect({ servers: h.ctx.natsUrl });
      try {
        const request = new TextEncoder().encode(
          JSON.stringify({ requestedBy: 'attacker', reason: 'operator', nonce: randomUUID() }),
        );
        const { body, signature } = await forge(request);
        const requestHeaders = headers();
        if (signature !== undefined) {
          requestHeaders.set(SIGNATURE_HEADER, signature);
        }
        const answer = await nc.request(
          `${h.ctx.namespace}.${ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT}`,
          body,
          {
            timeout: 10_000,
            headers: requestHeaders,
          },
        );
        expect(answer.json()).toMatchObject({ error: 'invalid_request' });
      } finally {
        await nc.close();
      }
      expect(await outboxCount()).toBe(before);
    });
  });
});
