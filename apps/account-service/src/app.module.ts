import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '@charter/auth';
import { ACCOUNTS_STREAM, EventsModule, OutboxModule } from '@charter/events';
import {
  Clock,
  createLoggingModule,
  DatabaseModule,
  HealthModule,
  MetricsModule,
  metricsOptionsFrom,
  SystemClock,
} from '@charter/service-kit';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ResponseHeadersInterceptor } from './common/response-headers.interceptor.js';
import { AccountServiceConfig } from './config/account-service.config.js';
import { ContentApisModule } from './content-apis/content-apis.module.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { accountDatabaseOptions } from './database/database-options.js';
import { EnterprisesModule } from './enterprises/enterprises.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { SnapshotModule } from './snapshot/snapshot.module.js';
import { SystemAccountsModule } from './system-accounts/system-accounts.module.js';
import { UsageModule } from './usage/usage.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppOptions {
  /** Tests may pin time; the service runs on the system clock. */
  readonly clock?: Clock;
}

/** Published outbox rows are kept this long (for inspection), then pruned. */
const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

@Module({})
export class AppModule {
  static forRoot(config: AccountServiceConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // The config and the clock are read across feature modules.
      global: true,
      imports: [
        MetricsModule.forRoot(metricsOptionsFrom(config, 'account-service')),
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
        }),
        DatabaseModule.forRoot(accountDatabaseOptions(config)),
        EventsModule.forRoot(config.natsOptions('account-service')),
        OutboxModule.forRoot({
          streams: [ACCOUNTS_STREAM],
          pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
          batchSize: 100,
          retentionMs: OUTBOX_RETENTION_MS,
        }),
        AuthModule.forRoot(config.authOptions()),
        HealthModule,
        AccessModule,
        AuditModule,
        IdempotencyModule,
        ContentApisModule,
        EnterprisesModule,
        SystemAccountsModule,
        ContractsModule,
        UsersModule,
        SnapshotModule,
        UsageModule,
      ],
      providers: [
        { provide: AccountServiceConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: APP_INTERCEPTOR, useClass: ResponseHeadersInterceptor },
      ],
      exports: [AccountServiceConfig, Clock],
    };
  }
}
