import { type DynamicModule, Module } from '@nestjs/common';
import { Metrics, TransactionRunner } from '@charter/service-kit';
import { DataSource } from 'typeorm';
import { NatsConnection } from '../nats/nats-connection.js';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';

/** The producer side: OutboxWriter for services, and the relay that publishes. Needs OutboxMessage in the entities. */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxRelayOptions): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        OutboxWriter,
        {
          provide: OutboxRelay,
          useFactory: (
            dataSource: DataSource,
            nats: NatsConnection,
            tx: TransactionRunner,
            metrics?: Metrics,
          ) => new OutboxRelay(dataSource, nats, tx, options, metrics),
          inject: [
            DataSource,
            NatsConnection,
            TransactionRunner,
            { token: Metrics, optional: true },
          ],
        },
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
