import { type DynamicModule, Global, Module } from '@nestjs/common';
import { READINESS_CHECKS } from '@charter/service-kit';
import { NatsConnection, type NatsOptions } from './nats-connection.js';

/** The NATS connection, shared by the outbox relay and consumers; its state feeds readiness. */
@Global()
@Module({})
export class EventsModule {
  static forRoot(options: NatsOptions): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        {
          provide: NatsConnection,
          useFactory: async () => {
            const nats = new NatsConnection(options);
            await nats.connect();
            return nats;
          },
        },
        {
          provide: READINESS_CHECKS,
          useFactory: (nats: NatsConnection) => [nats],
          inject: [NatsConnection],
        },
      ],
      exports: [NatsConnection, READINESS_CHECKS],
    };
  }
}
