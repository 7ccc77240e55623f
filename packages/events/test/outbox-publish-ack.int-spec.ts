import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection as CoreConnection } from '@nats-io/transport-node';
import { DatabaseModule, TransactionRunner } from '@charter/service-kit';
import {
  createTestContext,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACCOUNTS_STREAM,
  defineEvent,
  EventsModule,
  localEventSecurity,
  NatsConnection,
  OutboxMessage,
  OutboxModule,
  OutboxRelay,
  OutboxWriter,
  SIGNATURE_HEADER,
} from '../src/index.js';

const SCHEMA = 'outbox_ack_test';

const GadgetChanged = defineEvent({
  type: 'GadgetChanged',
  subject: 'accounts.gadget.changed',
  schemaVersion: 1,
  aggregateType: 'gadget',
  data: z.object({ id: z.uuid(), name: z.string().min(1) }),
});

class CreateOutbox1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."outbox" ("position" BIGSERIAL PRIMARY KEY, "id" uuid NOT NULL UNIQUE, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "published_at" timestamptz)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."outbox"`);
  }
}

/** What JetStream answers a publish it cannot store (a negative acknowledgement). */
const NEGATIVE_ACK = JSON.stringify({
  type: 'io.nats.jetstream.api.v1.pub_ack_response',
  error: { code: 503, err_code: 10023, description: 'insufficient resources' },
});

/**
 * The relay marks an outbox row published only once JetStream has acknowledged storing it: a
 * publish that is answered with an error, or that nothing stores (the stream is gone), leaves the
 * row for the next attempt, and the event reaches the stream once the stream is back.
 */
describe('outbox relay: published only after the JetStream acknowledgement', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let tx: TransactionRunner;
  let outbox: OutboxWriter;
  let nats: NatsConnection;
  let observer: CoreConnection;

  beforeAll(async () => {
    ctx = await createTestContext();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: ctx.databaseUrl,
          schema: SCHEMA,
          entities: [OutboxMessage],
          migrations: [CreateOutbox1700000000000],
        }),
        EventsModule.forRoot({
          url: ctx.natsUrl,
          name: 'outbox-ack-test',
          namespace: ctx.namespace,
          security: localEventSecurity('account-service'),
        }),
        OutboxModule.forRoot({
          streams: [ACCOUNTS_STREAM],
          pollIntervalMs: 100,
          batchSize: 10,
          retentionMs: 60_000,
        }),
      ],
    })
    class TestModule {}
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    tx = app.get(TransactionRunner);
    outbox = app.get(OutboxWriter);
    nats = app.get(NatsConnection);
    observer = await connect({ servers: ctx.natsUrl });
  });

  afterAll(async () => {
    await observer?.close();
    await app?.close();
    await ctx?.cleanup();
  });

  const publishedAt = async (id: string): Promise<Date | null | undefined> =>
    (
      await queryDatabase<{ published_at: Date | null }>(
        ctx.databaseUrl,
        `SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`,
        [id],
      )
    )[0]?.published_at;

  it('leaves the row unpublished while JetStream refuses it, and publishes it once when the stream is back', async () => {
    const streamName = nats.namespace.stream(ACCOUNTS_STREAM.name);
    // The stream is gone, and what answers the publishes now is a negative acknowledgement: the
    // message reaches NATS (so the attempt is seen) but is not stored.
    await nats.jetstreamManager.streams.delete(streamName);
    const attempts: string[] = [];
    const refuser = observer.subscribe(nats.namespace.subject('accounts.>'), {
      callback: (_error, message) => {
        attempts.push(message.headers?.get('Nats-Msg-Id') ?? '');
        message.respond(NEGATIVE_ACK);
      },
    });
    await observer.flush();

    const event = GadgetChanged.create(
      { id: '00000000-0000-4000-8000-000000000001', name: 'first' },
      1,
      {
        actor: { type: 'system', id: 'test' },
        correlationId: 'c-ack',
        occurredAt: new Date(),
      },
    );
    await tx.run((em) => outbox.add(em, GadgetChanged, event));
    const attemptsOf = (): number => attempts.filter((id) => id === event.id).length;
    // A second attempt begins only after the first one's transaction has ended; a relay that
    // marked the row on the first attempt would make no second one.
    await waitFor(
      'a second publish attempt, or the row marked published',
      async () => attemptsOf() >= 2 || (await publishedAt(event.id)) !== null,
      { timeoutMs: 20_000 },
    );
    expect(await publishedAt(event.id)).toBeNull();
    expect(attemptsOf()).toBeGreaterThanOrEqual(2);
    expect(await readStream(ctx.natsUrl, ctx.namespace, ACCOUNTS_STREAM.name)).toEqual([]);

    // Nobody answers now either (no stream, no responder): still unpublished, until the stream is
    // created again.
    refuser.unsubscribe();
    await observer.flush();
    expect(await publishedAt(event.id)).toBeNull();
    await nats.ensureStream(ACCOUNTS_STREAM);
    app.get(OutboxRelay).kick();
    await waitFor(
      'the row to be published',
      async () => (await publishedAt(event.id)) instanceof Date,
      {
        timeoutMs: 20_000,
      },
    );
    const stored = (await readStream(ctx.natsUrl, ctx.namespace, ACCOUNTS_STREAM.name)).filter(
      (message) => message.payload.id === event.id,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.subject).toBe(nats.namespace.subject(event.subject));
    expect(stored[0]!.headers['Nats-Msg-Id']).toBe(event.id);
    expect(stored[0]!.headers[SIGNATURE_HEADER]).toBeTruthy();
  });
});
