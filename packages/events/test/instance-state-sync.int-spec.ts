import { Injectable, Logger, Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule, TransactionRunner } from '@charter/service-kit';
import {
  createTestContext,
  publishToStream,
  queryDatabase,
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
import { z } from 'zod';
import {
  ACCOUNTS_STREAM,
  type ConsumerSpec,
  defineEvent,
  DurableConsumer,
  type EventEnvelope,
  EventSecurity,
  EventsModule,
  InstanceStateSync,
  type InstanceSubscriptionSpec,
  localEventSecurity,
  NatsConnection,
  SIGNATURE_HEADER,
  upsertIfNewer,
} from '../src/index.js';

const SCHEMA = 'events_sync_test';
const DURABLE = 'gadget-view';

const GadgetChanged = defineEvent({
  type: 'GadgetChanged',
  subject: 'accounts.gadget.changed',
  schemaVersion: 1,
  aggregateType: 'gadget',
  data: z.object({ id: z.uuid(), name: z.string().min(1) }),
});

@Entity({ name: 'gadgets' })
class GadgetView {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;
}

class CreateGadgets1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."gadgets" ("id" uuid PRIMARY KEY, "version" int NOT NULL, "name" text NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."gadgets"`);
  }
}

const SPEC: InstanceSubscriptionSpec = {
  stream: ACCOUNTS_STREAM,
  filterSubject: 'accounts.>',
  events: new Map([[GadgetChanged.type, GadgetChanged]]),
  durableName: DURABLE,
};

/** The service-wide durable consumer: writes each event once to PostgreSQL. */
@Injectable()
class GadgetConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = SPEC;

  constructor(nats: NatsConnection, tx: TransactionRunner) {
    super(nats, tx);
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    const data = event.data as { id: string; name: string };
    await upsertIfNewer(em, GadgetView, {
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

/** One instance's memory: gadgets by id, newer versions win; its PostgreSQL reads can be made to fail. */
class Instance {
  readonly gadgets = new Map<string, { name: string; version: number }>();
  databaseDown = false;
  readonly sync: InstanceStateSync;

  constructor(nats: NatsConnection, databaseUrl: string, maxStalenessMs: number) {
    this.sync = new InstanceStateSync(nats, {
      label: 'gadget state',
      subscriptions: [{ source: 'accounts', spec: SPEC }],
      maxStalenessMs,
      apply: (event) => {
        const data = event.data as { id: string; name: string };
        this.put(data.id, data.name, event.aggregate.version);
      },
      load: async () => {
        if (this.databaseDown) {
          throw new Error('connect ECONNREFUSED');
        }
        const rows = await queryDatabase<{ id: string; name: string; version: number }>(
          databaseUrl,
          `SELECT id, name, version FROM ${SCHEMA}.gadgets`,
        );
        rows.forEach((row) => this.put(row.id, row.name, row.version));
      },
      logger: new Logger('GadgetState'),
    });
  }

  private put(id: string, name: string, version: number): void {
    if ((this.gadgets.get(id)?.version ?? 0) < version) {
      this.gadgets.set(id, { name, version });
    }
  }
}

describe('InstanceStateSync: one in-memory copy per instance, kept by its own subscription', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let nats: NatsConnection;
  let consumer: GadgetConsumer;
  const instances: Instance[] = [];

  const accountService = new EventSecurity(localEventSecurity('account-service'));
  /** Publishes as the account service would: signed with its event key. */
  const publish = async (id: string, name: string, version: number): Promise<void> => {
    const event = GadgetChanged.create({ id, name }, version, meta);
    const { body, signature } = await accountService.encode(event);
    await publishToStream(ctx.natsUrl, `${ctx.namespace}.${event.subject}`, body, event.id, {
      [SIGNATURE_HEADER]: signature,
    });
  };
  const row = async (id: string): Promise<{ name: string; version: number } | undefined> =>
    (
      await queryDatabase<{ name: string; version: number }>(
        ctx.databaseUrl,
        `SELECT name, version FROM ${SCHEMA}.gadgets WHERE id = $1`,
        [id],
      )
    )[0];
  const startInstance = async (maxStalenessMs = 1_000): Promise<Instance> => {
    const instance = new Instance(nats, ctx.databaseUrl, maxStalenessMs);
    instances.push(instance);
    await instance.sync.start();
    return instance;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: ctx.databaseUrl,
          schema: SCHEMA,
          entities: [GadgetView],
          migrations: [CreateGadgets1700000000000],
        }),
        EventsModule.forRoot({
          url: ctx.natsUrl,
          name: 'events-sync-test',
          namespace: ctx.namespace,
          security: localEventSecurity('account-service'),
        }),
      ],
      providers: [GadgetConsumer],
    })
    class TestModule {}
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    nats = app.get(NatsConnection);
    consumer = app.get(GadgetConsumer);
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.sync.stop()));
    await app?.close();
    await ctx?.cleanup();
  });

  it('loads what the durable consumer acknowledged from PostgreSQL, then gets every later event from the stream', async () => {
    for (let version = 1; version <= 3; version += 1) {
      await publish(uuid(1), `v${version}`, version);
    }
    await waitFor(
      'the durable consumer to write version 3',
      async () => (await row(uuid(1)))?.version === 3,
    );
    await waitFor('the durable consumer to acknowledge it', async () => {
      const info = await nats.jetstreamManager.consumers.info(
        nats.namespace.stream(ACCOUNTS_STREAM.name),
        DURABLE,
      );
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });

    const first = await startInstance();
    const second = await startInstance();
    // Acknowledged events come from the load, not again from the stream.
    expect(first.gadgets.get(uuid(1))).toEqual({ name: 'v3', version: 3 });
    expect(first.sync.counts).toEqual({ events: 0, loads: 1 });

    const writesBefore = consumer.counts.applied;
    await publish(uuid(2), 'new', 1);
    await publish(uuid(1), 'v4', 4);
    for (const instance of [first, second]) {
      await waitFor(
        'each instance to apply both events',
        () => instance.gadgets.get(uuid(1))?.version === 4 && instance.gadgets.has(uuid(2)),
      );
      expect(instance.sync.counts.events).toBe(2);
      expect(instance.sync.isCurrent()).toBe(true);
    }
    // PostgreSQL: still one write per event, by the shared durable consumer.
    await waitFor(
      'the projection to have both',
      async () => (await row(uuid(1)))?.version === 4 && (await row(uuid(2)))?.version === 1,
    );
    expect(consumer.counts.applied - writesBefore).toBe(2);
  });

  it('an instance started while events are unacknowledged misses none of them', async () => {
    // Published and started at once: whatever the durable consumer has not acknowledged when
    // the start is marked comes through the subscription.
    const publishing = Promise.all(
      Array.from({ length: 20 }, (_, n) => publish(uuid(100 + n), 'burst', 1)),
    );
    const instance = await startInstance();
    await publishing;
    await waitFor('all twenty in memory', () =>
      Array.from({ length: 20 }, (_, n) => uuid(100 + n)).every((id) => instance.gadgets.has(id)),
    );
  });

  it('fails closed after the staleness limit when events stop and PostgreSQL cannot be read, and recovers after a read', async () => {
    const instance = await startInstance(300);
    instance.databaseDown = true;
    instance.sync.markBroken('connection', new Error('NATS disconnected'));
    // Within the limit it still vouches for what it has.
    expect(instance.sync.isCurrent()).toBe(true);
    await waitFor('the state to be refused as stale', () => !instance.sync.isCurrent(), {
      timeoutMs: 5_000,
    });

    // Re-reads every half of the limit keep it usable while events are away.
    instance.databaseDown = false;
    await waitFor('a successful re-read', () => instance.sync.isCurrent(), { timeoutMs: 5_000 });
    const loads = instance.sync.counts.loads;
    await waitFor(
      'further re-reads while events are away',
      () => instance.sync.counts.loads >= loads + 2,
      { timeoutMs: 5_000 },
    );

    // Attached again: one more read, then current whatever the database does.
    instance.sync.markAttached('connection');
    await waitFor('one more read', () => instance.sync.counts.loads >= loads + 3, {
      timeoutMs: 5_000,
    });
    instance.databaseDown = true;
    await publish(uuid(3), 'after', 1);
    await waitFor('the event after recovery', () => instance.gadgets.has(uuid(3)));
    expect(instance.sync.isCurrent()).toBe(true);
  });

  it('applies to memory no event it cannot verify: an unsigned one, or one signed by another service', async () => {
    const instance = await startInstance();
    await publish(uuid(40), 'real', 1);
    await waitFor('the real event in memory', () => instance.gadgets.get(uuid(40))?.version === 1);
    const unsigned = GadgetChanged.create({ id: uuid(40), name: 'forged' }, 50, meta);
    await publishToStream(
      ctx.natsUrl,
      `${ctx.namespace}.${unsigned.subject}`,
      unsigned,
      unsigned.id,
    );
    const otherService = GadgetChanged.create({ id: uuid(40), name: 'forged' }, 51, meta);
    const { body, signature } = await new EventSecurity(localEventSecurity('auth-server')).encode(
      otherService,
    );
    await publishToStream(
      ctx.natsUrl,
      `${ctx.namespace}.${otherService.subject}`,
      body,
      otherService.id,
      {
        [SIGNATURE_HEADER]: signature,
      },
    );
    await publish(uuid(41), 'marker', 1);
    await waitFor('the marker after the forgeries', () => instance.gadgets.has(uuid(41)));
    expect(instance.gadgets.get(uuid(40))).toEqual({ name: 'real', version: 1 });
    await waitFor(
      'the durable consumer to dead-letter both',
      () => consumer.counts.unverified >= 2,
    );
    expect((await row(uuid(40)))?.version).toBe(1);
  });
});
