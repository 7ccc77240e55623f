import { type DynamicModule, Global, type InjectionToken, Module } from '@nestjs/common';
import { READINESS_CHECKS, type ReadinessCheck } from '@charter/service-kit';
import { NatsConnection, type NatsOptions } from './nats-connection.js';

/** The NATS connection, shared by the outbox relay and consumers; its state feeds readiness. */
@Global()
@Module({})
export class EventsModule {
  /**
   * `readiness`: further checks that readiness reports beside NATS (providers of a global module
   * that implement ReadinessCheck, e.g. @charter/resource-server's access state).
   */
  static forRoot(
    options: NatsOptions,
    readiness: readonly InjectionToken<ReadinessCheck>[] = [],
  ): DynamicModule {
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
          useFactory: (nats: NatsConnection, ...others: ReadinessCheck[]) => [nats, ...others],
          inject: [NatsConnection, ...readiness],
        },
      ],
      exports: [NatsConnection, READINESS_CHECKS],
    };
  }
}
