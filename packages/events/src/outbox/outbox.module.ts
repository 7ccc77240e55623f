import { type DynamicModule, Module } from '@nestjs/common';
import { TransactionRunner } from '@charter/service-kit';
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
          useFactory: (dataSource: DataSource, nats: NatsConnection, tx: TransactionRunner) =>
            new OutboxRelay(dataSource, nats, tx, options),
          inject: [DataSource, NatsConnection, TransactionRunner],
        },
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
