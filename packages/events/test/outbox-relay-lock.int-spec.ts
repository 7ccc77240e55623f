import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DatabaseModule, TransactionRunner } from '@charter/service-kit';
import { createTestContext, readStream, type TestContext, waitFor } from '@charter/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACCOUNTS_STREAM,
  defineEvent,
  EventsModule,
  OutboxMessage,
  OutboxModule,
  OutboxWriter,
  localEventSecurity,
} from '../src/index.js';

const SCHEMA = 'relay_lock_test';

const GadgetChanged = defineEvent({
  type: 'GadgetChanged',
  subject: 'accounts.gadget.changed',
  schemaVersion: 1,
  aggregateType: 'gadget',
  data: z.object({ id: z.uuid() }),
});

class CreateOutbox1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."outbox" ("position" BIGSERIAL PRIMARY KEY, "id" uuid NOT NULL UNIQUE, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "published_at" timestamptz)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."outbox"`);
  }
}

/**
 * Services share one database: each relay's lock is keyed by its own outbox table, so
 * another service relaying at the same moment never makes this one wait for its next poll.
 */
describe('outbox relay lock', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  const meta = {
    actor: { type: 'system' as const, id: 'test' },
    correlationId: 'c-1',
    occurredAt: new Date(),
  };
  const add = async (): Promise<string> => {
    const id = randomUUID();
    await app
      .get(TransactionRunner)
      .run((em) =>
        app.get(OutboxWriter).add(em, GadgetChanged, GadgetChanged.create({ id }, 1, meta)),
      );
    return id;
  };
  const published = async (id: string): Promise<boolean> =>
    (await readStream(ctx.natsUrl, ctx.namespace, 'ACCOUNTS')).some(
      (event) => (event.payload.aggregate as { id: string }).id === id,
    );
  /** Holds an advisory lock the way a relay does, in an open transaction, until released. */
  const holdLock = async (name: string): Promise<() => Promise<void>> => {
    const runner = app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    return async () => {
      await runner.commitTransaction();
      await runner.release();
    };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: ctx.databaseUrl,
          schema: SCHEMA,
          entities: [OutboxMessage],
          migrations: [CreateOutbox1700000000001],
        }),
        EventsModule.forRoot({
          url: ctx.natsUrl,
          name: 'relay-lock-test',
          namespace: ctx.namespace,
          security: localEventSecurity('account-service'),
        }),
        // A long poll: only commits wake the relay, so a publication that waited for the lock would show.
        OutboxModule.forRoot({
          streams: [ACCOUNTS_STREAM],
          pollIntervalMs: 60_000,
          batchSize: 10,
          retentionMs: 60_000,
        }),
      ],
    })
    class TestModule {}
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it("publishes at once while another service's relay holds its own lock", async () => {
    const release = await holdLock('charter:outbox-relay:accounts.outbox');
    try {
      const id = await add();
      await waitFor('the event to be published', () => published(id), { timeoutMs: 5_000 });
    } finally {
      await release();
    }
  });

  it('waits while another instance of the same service holds the lock for this table', async () => {
    const release = await holdLock(`charter:outbox-relay:${SCHEMA}.outbox`);
    let id: string;
    try {
      id = await add();
      // A negative check needs a moment: the commit woke the relay, which must find the lock taken.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await published(id)).toBe(false);
    } finally {
      await release();
    }
    // The next commit wakes the relay, which publishes both in order.
    const next = await add();
    await waitFor('both events', async () => (await published(id)) && published(next), {
      timeoutMs: 5_000,
    });
  });
});
