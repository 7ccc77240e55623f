import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable, Logger, Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection as CoreConnection } from '@nats-io/transport-node';
import { DatabaseModule, TransactionRunner } from '@charter/service-kit';
import {
  createTestContext,
  freePort,
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
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  ACCOUNTS_STREAM,
  type ConsumerSpec,
  defineEvent,
  DurableConsumer,
  type EventEnvelope,
  EventSecurity,
  EventsModule,
  InstanceSubscription,
  localEventSecurity,
  NatsConnection,
  OutboxMessage,
  OutboxModule,
  OutboxWriter,
  readSnapshotRequest,
  requestSnapshot,
  SIGNATURE_HEADER,
  signSnapshotReply,
  upsertIfNewer,
  USAGE_STREAM,
  UsageRecorded,
} from '../src/index.js';

/** The permissions as shipped: this very file is copied next to the test server's config. */
const SHIPPED_PERMISSIONS = fileURLToPath(
  new URL('../../../infra/nats/permissions.conf', import.meta.url),
);
const NATS_SERVER = process.env.NATS_SERVER_BINARY ?? '/usr/sbin/nats-server';
const PASSWORDS = {
  'account-service': 'account-service-test-password',
  'auth-server': 'auth-server-test-password',
  'content-api': 'content-api-test-password',
  'catalog-api': 'catalog-api-test-password',
  operator: 'operator-test-password',
} as const;
const SCHEMA = 'events_permissions_test';

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

class CreateTables1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${SCHEMA}"."outbox" ("position" BIGSERIAL PRIMARY KEY, "id" uuid NOT NULL UNIQUE, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "published_at" timestamptz)`,
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

/** A consumer of the content API: reads ACCOUNTS with the content API's NATS user. */
@Injectable()
class WidgetConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: 'content-api-widgets',
    stream: ACCOUNTS_STREAM,
    filterSubject: 'accounts.>',
    events: new Map([[WidgetChanged.type, WidgetChanged]]),
  };

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    const data = event.data as { id: string; name: string };
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

/** A nats-server of this test's own, configured with the shipped permissions (production subject names). */
async function startPrivateNats(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'charter-nats-permissions-'));
  const [port, monitorPort] = [await freePort(), await freePort()];
  copyFileSync(SHIPPED_PERMISSIONS, join(dir, 'permissions.conf'));
  writeFileSync(
    join(dir, 'nats.conf'),
    [
      `listen: 127.0.0.1:${port}`,
      `http: 127.0.0.1:${monitorPort}`,
      `jetstream { store_dir: "${join(dir, 'store')}" }`,
      'include ./permissions.conf',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(NATS_SERVER, ['-c', join(dir, 'nats.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NATS_ACCOUNT_SERVICE_PASSWORD: PASSWORDS['account-service'],
      NATS_AUTH_SERVER_PASSWORD: PASSWORDS['auth-server'],
      NATS_CONTENT_API_PASSWORD: PASSWORDS['content-api'],
      NATS_CATALOG_API_PASSWORD: PASSWORDS['catalog-api'],
      NATS_OPERATOR_PASSWORD: PASSWORDS.operator,
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5_000)));
  await waitFor(
    'the private NATS to be ready',
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`nats-server exited with ${child.exitCode}: ${output}`);
      }
      return (
        (
          await fetch(`http://127.0.0.1:${monitorPort}/healthz?js-enabled-only=true`).catch(
            () => undefined,
          )
        )?.status === 200
      );
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('NATS permissions as shipped (infra/nats/permissions.conf)', () => {
  let nats: { url: string; stop: () => Promise<void> };
  let ctx: TestContext;
  let app: INestApplicationContext;
  let consumerNats: NatsConnection;
  let consumer: WidgetConsumer;
  const clients: CoreConnection[] = [];

  const as = async (user: keyof typeof PASSWORDS): Promise<CoreConnection> => {
    const client = await connect({ servers: nats.url, user, pass: PASSWORDS[user] });
    clients.push(client);
    return client;
  };
  const storedMessages = async (): Promise<number> =>
    (await (await jetstreamManager(await as('operator'))).streams.info('ACCOUNTS')).state.messages;
  const widget = async (id: string): Promise<unknown[]> =>
    queryDatabase(ctx.databaseUrl, `SELECT name, version FROM ${SCHEMA}.widgets WHERE id = $1`, [
      id,
    ]);

  beforeAll(async () => {
    nats = await startPrivateNats();
    ctx = await createTestContext();
    // The account service: its own user, its own key; the relay publishes its outbox.
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: ctx.databaseUrl,
          schema: SCHEMA,
          entities: [OutboxMessage, WidgetView],
          migrations: [CreateTables1700000000002],
        }),
        EventsModule.forRoot({
          url: nats.url,
          name: 'account-service',
          namespace: '',
          user: 'account-service',
          password: PASSWORDS['account-service'],
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
    class AccountServiceModule {}
    app = await NestFactory.createApplicationContext(AccountServiceModule, { logger: false });
    await app.init();

    // The content API's durable consumer: its own user and key.
    consumerNats = new NatsConnection({
      url: nats.url,
      name: 'content-api',
      namespace: '',
      user: 'content-api',
      password: PASSWORDS['content-api'],
      security: localEventSecurity('content-api'),
    });
    await consumerNats.connect();
    consumer = new WidgetConsumer(consumerNats, app.get(TransactionRunner));
    await consumer.onApplicationBootstrap();
  });

  afterAll(async () => {
    await consumer?.beforeApplicationShutdown();
    await consumerNats?.onApplicationShutdown();
    await app?.close();
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await ctx?.cleanup();
    await nats?.stop();
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(
      /Authorization Violation/i,
    );
    await expect(
      connect({ servers: nats.url, reconnect: false, user: 'account-service', pass: 'guess' }),
    ).rejects.toThrow(/Authorization Violation/i);
  });

  it('the services work with their own credentials: the account service publishes, the content API consumes', async () => {
    // An instance's own ordered consumer too (the in-memory state every instance keeps).
    const seen: EventEnvelope[] = [];
    const instance = new InstanceSubscription(
      consumerNats,
      {
        stream: ACCOUNTS_STREAM,
        filterSubject: 'accounts.>',
        events: new Map([[WidgetChanged.type, WidgetChanged]]),
        durableName: 'content-api-widgets',
      },
      { event: (event) => seen.push(event), broken: () => undefined, attached: () => undefined },
      new Logger('WidgetState'),
    );
    await instance.markStart();
    instance.start();
    try {
      const tx = app.get(TransactionRunner);
      const outbox = app.get(OutboxWriter);
      await tx.run((em) =>
        outbox.add(
          em,
          WidgetChanged,
          WidgetChanged.create({ id: uuid(1), name: 'published' }, 1, meta),
        ),
      );
      await waitFor(
        'the content API to apply it',
        async () => (await widget(uuid(1))).length === 1,
      );
      expect(await widget(uuid(1))).toEqual([{ name: 'published', version: 1 }]);
      expect(consumer.counts).toMatchObject({ applied: 1, unverified: 0 });
      await waitFor('the instance to see it', () =>
        seen.some((event) => event.aggregate.id === uuid(1)),
      );
    } finally {
      await instance.stop();
    }
  });

  it('the content API asks for a snapshot and only the account service may answer it', async () => {
    const accountService = app.get(NatsConnection);
    const subscription = accountService.core.subscribe(ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT, {
      callback: (error, message) => {
        if (error !== null) {
          return;
        }
        void (async () => {
          const request = await readSnapshotRequest(
            accountService.security,
            message.data,
            message.headers?.get(SIGNATURE_HEADER),
          );
          const { data, headers } = await signSnapshotReply(
            accountService.security,
            { snapshotId: 's-1', events: 0 },
            request.nonce,
          );
          message.respond(data, { headers });
        })();
      },
    });
    await accountService.core.flush();
    try {
      expect(
        await requestSnapshot(
          consumerNats,
          ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
          'content-api-widgets',
          'operator',
        ),
      ).toEqual({
        snapshotId: 's-1',
        events: 0,
      });
    } finally {
      subscription.unsubscribe();
    }
  });

  it.each([
    ['content-api', 'accounts.widget.changed'],
    ['auth-server', 'accounts.widget.changed'],
    ['content-api', 'auth.token.revoked'],
  ] as const)('%s may not publish %s: refused, nothing stored', async (user, subject) => {
    const before = await storedMessages();
    const client = await as(user);
    const event = WidgetChanged.create({ id: uuid(2), name: 'forged' }, 9, meta);
    // Even with a valid signature of its own: the server refuses the publish itself.
    const { body, signature } = await new EventSecurity(localEventSecurity(user)).encode(event);
    const signed = headers();
    signed.set(SIGNATURE_HEADER, signature);
    await expect(
      jetstream(client).publish(subject, body, { headers: signed, timeout: 2_000 }),
    ).rejects.toThrow();
    expect(await storedMessages()).toBe(before);
    expect(await widget(uuid(2))).toEqual([]);
  });

  it("a consumer's credentials may not purge, reconfigure or delete the ACCOUNTS stream", async () => {
    const before = await storedMessages();
    const jsm = await jetstreamManager(await as('content-api'));
    await expect(jsm.streams.purge('ACCOUNTS')).rejects.toThrow();
    await expect(jsm.streams.update('ACCOUNTS', { max_msgs: 1 })).rejects.toThrow();
    await expect(jsm.streams.delete('ACCOUNTS')).rejects.toThrow();
    expect(await storedMessages()).toBe(before);
  });

  describe('usage batches (USAGE stream)', () => {
    const usageMessages = async (): Promise<number> =>
      (await (await jetstreamManager(await as('operator'))).streams.info('USAGE')).state.messages;
    const signedBatch = async (
      signer: 'content-api' | 'account-service' | 'auth-server',
    ): Promise<{ body: Uint8Array; signed: ReturnType<typeof headers> }> => {
      const id = crypto.randomUUID();
      const event = UsageRecorded.create(
        {
          id,
          api: 'catalog-api',
          instanceId: 'i-1',
          counts: [
            {
              contractId: uuid(7),
              clientId: 'portal',
              dataset: '',
              outcome: 'served',
              minute: '2026-12-07T10:00:00.000Z',
              count: 1,
            },
          ],
        },
        1,
        meta,
      );
      const { body, signature } = await new EventSecurity(localEventSecurity(signer)).encode(event);
      const signed = headers();
      signed.set(SIGNATURE_HEADER, signature);
      return { body, signed };
    };

    beforeAll(async () => {
      // A content API creates and manages the stream it publishes to.
      const api = new NatsConnection({
        url: nats.url,
        name: 'catalog-api',
        namespace: '',
        user: 'catalog-api',
        password: PASSWORDS['catalog-api'],
        security: localEventSecurity('content-api'),
      });
      await api.connect();
      await api.ensureStream(USAGE_STREAM);
      await api.onApplicationShutdown();
    });

    it.each(['content-api', 'catalog-api'] as const)(
      '%s publishes usage.batch.recorded and it is stored',
      async (user) => {
        const before = await usageMessages();
        const { body, signed } = await signedBatch('content-api');
        await jetstream(await as(user)).publish('usage.batch.recorded', body, { headers: signed });
        expect(await usageMessages()).toBe(before + 1);
      },
    );

    it.each([
      ['account-service', 'usage.batch.recorded'],
      ['auth-server', 'usage.batch.recorded'],
      ['content-api', 'usage.batch.forged'],
      ['catalog-api', 'usage.other.recorded'],
    ] as const)('%s may not publish %s: refused, nothing stored', async (user, subject) => {
      const before = await usageMessages();
      const { body, signed } = await signedBatch(user === 'catalog-api' ? 'content-api' : user);
      await expect(
        jetstream(await as(user)).publish(subject, body, { headers: signed, timeout: 2_000 }),
      ).rejects.toThrow();
      expect(await usageMessages()).toBe(before);
    });

    it('only the account service reads USAGE: a content API may not create a consumer on it', async () => {
      const jsmApi = await jetstreamManager(await as('content-api'));
      await expect(
        jsmApi.consumers.add('USAGE', { durable_name: 'spy', ack_policy: AckPolicy.Explicit }),
      ).rejects.toThrow();
      const jsmAccounts = await jetstreamManager(await as('account-service'));
      await jsmAccounts.consumers.add('USAGE', {
        durable_name: 'account-service-usage',
        ack_policy: AckPolicy.Explicit,
      });
      const fetched = await (
        await jetstream(await as('account-service')).consumers.get('USAGE', 'account-service-usage')
      ).next({ expires: 2_000 });
      expect(fetched?.subject).toBe('usage.batch.recorded');
      fetched?.ack();
    });

    it("a content API's credentials may not purge or delete the USAGE stream", async () => {
      const before = await usageMessages();
      const jsm = await jetstreamManager(await as('catalog-api'));
      await expect(jsm.streams.purge('USAGE')).rejects.toThrow();
      await expect(jsm.streams.delete('USAGE')).rejects.toThrow();
      expect(await usageMessages()).toBe(before);
    });
  });
});
