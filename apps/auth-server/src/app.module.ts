import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { AUTH_STREAM, EventsModule, OutboxModule } from '@charter/events';
import {
  Clock,
  createLoggingModule,
  DatabaseModule,
  HealthModule,
  MetricsModule,
  metricsOptionsFrom,
  SystemClock,
} from '@charter/service-kit';
import { AuthServerConfig } from './config/auth-server.config.js';
import { authDatabaseOptions } from './database/database-options.js';
import { KeysModule } from './keys/keys.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { ProjectionModule } from './projection/projection.module.js';
import { SecondFactorModule } from './second-factor/second-factor.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppOptions {
  /** Tests move time (an assertion's clock tolerance, a code's expiry); the service runs on the system clock. */
  readonly clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AuthServerConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        MetricsModule.forRoot(metricsOptionsFrom(config, 'auth-server')),
        // POST /token is the hot path: no per-request child logger (bench/README.md). Its audit
        // line records each token issued; its error filter logs failures with the request id.
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
          excludeRoutes: [{ path: 'token', method: RequestMethod.POST }],
        }),
        DatabaseModule.forRoot(authDatabaseOptions(config)),
        EventsModule.forRoot(config.natsOptions('auth-server')),
        // TokenRevoked leaves through the transactional outbox; a commit wakes the relay, the poll is a fallback.
        OutboxModule.forRoot({
          streams: [AUTH_STREAM],
          pollIntervalMs: 200,
          batchSize: 100,
          retentionMs: 7 * 86_400_000,
        }),
        HealthModule,
        ProjectionModule,
        UsersModule,
        SecondFactorModule,
        KeysModule,
        OAuthModule,
      ],
      providers: [
        { provide: AuthServerConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [AuthServerConfig, Clock],
    };
  }
}
