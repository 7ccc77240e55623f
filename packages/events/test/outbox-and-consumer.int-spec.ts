import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DatabaseModule, TransactionRunner } from '@charter/service-kit';
import {
  createTestContext,
  publishToStream,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import {
  Column,
  Entity,
  type EntityManager,
  type MigrationInterface,
  PrimaryColumn,
  type QueryRunner,
} from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';
import {
  ACCOUNTS_STREAM,
  type ConsumerSpec,
  defineEvent,
  DurableConsumer,
  type EventEnvelope,
  EventSecurity,
  EventsModule,
  localEventSecurity,
  NatsConnection,
  OutboxMessage,
  OutboxModule,
  OutboxRelay,
  OutboxWriter,
  SIGNATURE_HEADER,
  upsertIfNewer,
} from '../src/index.js';

const SCHEMA = 'events_test';

const WidgetChanged = defineEvent({
  type: 'WidgetChanged',
  subject: 'accounts.widget.changed',
  schemaVersion: 1,
  aggregateType: 'widget',
  data: z.object({ id: z.uuid(), name: z.string().min(1) }),
});

@Entity({ name: 'widgets' })
class WidgetView {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;
}

class CreateTables1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."outbox" ("position" BIGSERIAL PRIMARY KEY, "id" uuid NOT NULL UNIQUE, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "published_at" timestamptz)`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "${SCHEMA}"."outbox" ("position") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."widgets" ("id" uuid PRIMARY KEY, "version" int NOT NULL, "name" text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."widgets"`);
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."outbox"`);
  }
}

@Injectable()
class WidgetConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: 'widget-view',
    stream: ACCOUNTS_STREAM,
    filterSubject: 'accounts.>',
    events: new Map([[WidgetChanged.type, WidgetChanged]]),
    maxDeliver: 3,
  };

  constructor(nats: NatsConnection, tx: TransactionRunner) {
    super(nats, tx);
  }

  /** Attempts at the 'outage' widget, which fails as if the database were down for a while. */
  outageAttempts = 0;

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    const data = event.data as { id: string; name: string };
    if (data.name === 'explode') {
      throw new Error('cannot apply this one');
    }
    if (data.name === 'outage' && ++this.outageAttempts <= 6) {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
    }
    await upsertIfNewer(em, WidgetView, {
      id: data.id,
      name: data.name,
      version: event.aggregate.version,
    });
  }
}

const meta = {
  actor: { type: 'system' as const, id: 'test' },
  correlationId: 'c-1',
  occurredAt: new Date(),
};
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
/** Signs as the account service's relay does (its local key). */
const accountService = new EventSecurity(localEventSecurity('account-service'));

describe('outbox relay and durable consumer on real PostgreSQL and NATS', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let tx: TransactionRunner;
  let outbox: OutboxWriter;
  let consumer: WidgetConsumer;

  beforeAll(async () => {
    ctx = await createTestContext();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: ctx.databaseUrl,
          schema: SCHEMA,
          entities: [OutboxMessage, WidgetView],
          migrations: [CreateTables1700000000000],
        }),
        EventsModule.forRoot({
          url: ctx.natsUrl,
          name: 'events-test',
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
      providers: [WidgetConsumer],
    })
    class TestModule {}
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    tx = app.get(TransactionRunner);
    outbox = app.get(OutboxWriter);
    consumer = app.get(WidgetConsumer);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** Publishes as the account service would: signed with its event key. */
  const publishSigned = async (subject: string, envelope: EventEnvelope): Promise<void> => {
    const { body, signature } = await accountService.encode(envelope);
    await publishToStream(ctx.natsUrl, subject, body, envelope.id, {
      [SIGNATURE_HEADER]: signature,
    });
  };

  const widget = (id: string): Promise<Array<{ name: string; version: number }>> =>
    queryDatabase(ctx.databaseUrl, `SELECT name, version FROM ${SCHEMA}.widgets WHERE id = $1`, [
      id,
    ]);

  it('publishes committed events in order and the projection ends at the last version', async () => {
    const id = uuid(1);
    for (let version = 1; version <= 25; version += 1) {
      await tx.run((em) =>
        outbox.add(
          em,
          WidgetChanged,
          WidgetChanged.create({ id, name: `v${version}` }, version, meta),
        ),
      );
    }
    await waitFor(
      'the projection to reach version 25',
      async () => (await widget(id))[0]?.version === 25,
    );
    expect(await widget(id)).toEqual([{ name: 'v25', version: 25 }]);
    const stored = (await readStream(ctx.natsUrl, ctx.namespace, 'ACCOUNTS')).filter(
      (event) => (event.payload.aggregate as { id: string }).id === id,
    );
    expect(stored.map((event) => (event.payload.aggregate as { version: number }).version)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    const unpublished = await queryDatabase(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`,
    );
    expect(unpublished[0]!.n).toBe(0);
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const id = uuid(2);
    await expect(
      tx.run(async (em) => {
        await outbox.add(em, WidgetChanged, WidgetChanged.create({ id, name: 'never' }, 1, meta));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const rows = await queryDatabase(
      ctx.databaseUrl,
      `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE aggregate_id = $1`,
      [id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('stores a publish repeated after a crash once (Nats-Msg-Id de-duplication)', async () => {
    const id = uuid(3);
    await tx.run((em) =>
      outbox.add(em, WidgetChanged, WidgetChanged.create({ id, name: 'once' }, 1, meta)),
    );
    await waitFor('the event to be applied', async () => (await widget(id))[0]?.version === 1);
    const count = async (): Promise<number> =>
      (await readStream(ctx.natsUrl, ctx.namespace, 'ACCOUNTS')).filter(
        (event) => (event.payload.aggregate as { id: string }).id === id,
      ).length;
    expect(await count()).toBe(1);
    // As if the relay died after publishing and before marking the row sent.
    await queryDatabase(
      ctx.databaseUrl,
      `UPDATE ${SCHEMA}.outbox SET published_at = NULL WHERE aggregate_id = $1`,
      [id],
    );
    app.get(OutboxRelay).kick();
    await waitFor(
      'the row to be marked sent again',
      async () =>
        (
          await queryDatabase(
            ctx.databaseUrl,
            `SELECT published_at FROM ${SCHEMA}.outbox WHERE aggregate_id = $1`,
            [id],
          )
        )[0]?.published_at !== null,
    );
    expect(await count()).toBe(1);
  });

  it('skips a stale event and applies a redelivered one once', async () => {
    const id = uuid(4);
    const v2 = WidgetChanged.create({ id, name: 'second' }, 2, meta);
    const v1 = WidgetChanged.create({ id, name: 'first' }, 1, meta);
    const subject = `${ctx.namespace}.${v2.subject}`;
    await publishSigned(subject, v2);
    await waitFor('version 2', async () => (await widget(id))[0]?.version === 2);
    await publishSigned(subject, v1);
    const marker = WidgetChanged.create({ id: uuid(5), name: 'marker' }, 1, meta);
    await publishSigned(subject, marker);
    await waitFor(
      'the marker after the stale event',
      async () => (await widget(uuid(5)))[0]?.version === 1,
    );
    expect(await widget(id)).toEqual([{ name: 'second', version: 2 }]);
  });

  it('dead-letters invalid and failing events with the reason, and goes on', async () => {
    const before = consumer.counts.deadLettered;
    const subject = `${ctx.namespace}.accounts.widget.changed`;
    await publishToStream(ctx.natsUrl, subject, { not: 'an envelope' });
    const bad = WidgetChanged.create({ id: uuid(6), name: '' }, 1, meta);
    await publishSigned(subject, bad);
    const failing = WidgetChanged.create({ id: uuid(7), name: 'explode' }, 1, meta);
    await publishSigned(subject, failing);
    const good = WidgetChanged.create({ id: uuid(8), name: 'after' }, 1, meta);
    await publishSigned(subject, good);
    await waitFor('the good event', async () => (await widget(uuid(8)))[0]?.version === 1);
    await waitFor('three dead letters', () => consumer.counts.deadLettered - before === 3, {
      timeoutMs: 30_000,
    });
    const dead = await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER');
    expect(dead.length).toBeGreaterThanOrEqual(3);
    expect(await widget(uuid(7))).toEqual([]);
  });

  it('holds an event through a database outage instead of dead-lettering it', async () => {
    const before = consumer.counts.deadLettered;
    const event = WidgetChanged.create({ id: uuid(9), name: 'outage' }, 1, meta);
    await publishSigned(`${ctx.namespace}.${event.subject}`, event);
    await waitFor(
      'the event after the outage',
      async () => (await widget(uuid(9)))[0]?.version === 1,
      { timeoutMs: 30_000 },
    );
    // More failed attempts than maxDeliver (3), yet applied once and never dead-lettered.
    expect(consumer.outageAttempts).toBe(7);
    expect(consumer.counts.deadLettered).toBe(before);
  });

  describe('a consumer applies nothing it cannot verify', () => {
    const forgeries: Array<
      [
        string,
        (
          envelope: EventEnvelope,
        ) => Promise<{ body: Uint8Array | object; headers: Record<string, string> }>,
        RegExp,
      ]
    > = [
      [
        'unsigned',
        (envelope) => Promise.resolve({ body: envelope, headers: {} }),
        /^not verified: unsigned$/,
      ],
      [
        "signed with an attacker's key under the account service's kid",
        async (envelope) => {
          const { privateKey } = await generateKeyPair('ES256', { extractable: true });
          const jwk = { ...(await exportJWK(privateKey)), kid: 'local-account-service-events-1' };
          const attacker = new EventSecurity({
            ...localEventSecurity('account-service'),
            signingKey: jwk,
          });
          const { body, signature } = await attacker.encode(envelope);
          return { body, headers: { [SIGNATURE_HEADER]: signature } };
        },
        /^not verified: signature does not verify/,
      ],
      [
        'tampered after signing',
        async (envelope) => {
          const { body, signature } = await accountService.encode({
            ...envelope,
            data: { ...(envelope.data as object), name: 'honest' },
          });
          const tampered = new TextEncoder().encode(
            new TextDecoder().decode(body).replace('"honest"', '"forged"'),
          );
          return { body: tampered, headers: { [SIGNATURE_HEADER]: signature } };
        },
        /^not verified: signature does not verify/,
      ],
      [
        'signed by another service of the platform (the content API may not publish accounts.*)',
        async (envelope) => {
          const { body, signature } = await new EventSecurity(
            localEventSecurity('content-api'),
          ).encode(envelope);
          return { body, headers: { [SIGNATURE_HEADER]: signature } };
        },
        /^not verified: signed as "content-api", which may not publish this/,
      ],
    ];

    it.each(forgeries.map(([name, forge, reason], index) => ({ name, forge, reason, index })))(
      'dead-letters an event $name with its reason, never applies it, and a later real event still applies',
      async ({ forge, reason, index }) => {
        const id = uuid(100 + index);
        const subject = `${ctx.namespace}.accounts.widget.changed`;
        const appliedBefore = consumer.counts.applied;
        await publishSigned(subject, WidgetChanged.create({ id, name: 'real' }, 1, meta));
        // The row commits before the counter moves: wait for both, so `before` is settled.
        await waitFor(
          'the real event',
          async () =>
            (await widget(id))[0]?.version === 1 && consumer.counts.applied === appliedBefore + 1,
        );
        const before = { ...consumer.counts };

        const forged = WidgetChanged.create({ id, name: 'forged' }, 99, meta);
        const { body, headers } = await forge(forged);
        await publishToStream(ctx.natsUrl, subject, body, forged.id, headers);
        // Counted as unverified first, as dead-lettered once the dead letter is stored.
        await waitFor(
          'the forgery to be dead-lettered',
          () =>
            consumer.counts.unverified === before.unverified + 1 &&
            consumer.counts.deadLettered === before.deadLettered + 1,
        );

        expect(consumer.counts.applied).toBe(before.applied);
        expect(await widget(id)).toEqual([{ name: 'real', version: 1 }]);
        const dead = (await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER')).filter(
          (message) => message.payload.id === forged.id,
        );
        expect(dead).toHaveLength(1);
        expect(dead[0]!.headers['Charter-Dead-Letter-Reason']).toMatch(reason);

        // The forged version 99 moved nothing: the account service's next version applies.
        await publishSigned(subject, WidgetChanged.create({ id, name: 'real-2' }, 2, meta));
        await waitFor('the next real event', async () => (await widget(id))[0]?.version === 2);
        expect(await widget(id)).toEqual([{ name: 'real-2', version: 2 }]);
      },
    );
  });
});
