import { AuthModule } from '@charter/auth';
import { EventsModule } from '@charter/events';
import {
  Clock,
  createLoggingModule,
  DatabaseModule,
  HealthModule,
  SystemClock,
} from '@charter/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module.js';
import { ArticlesModule } from './articles/articles.module.js';
import { ContentApiConfig } from './config/content-api.config.js';
import { contentDatabaseOptions } from './database/database-options.js';
import { MeModule } from './me/me.module.js';
import { PricesModule } from './prices/prices.module.js';
import { ProjectionModule } from './projection/projection.module.js';
import { ReportsModule } from './reports/reports.module.js';

export interface AppOptions {
  /** Tests move time to see a contract's validity window end; the service runs on the system clock. */
  readonly clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: ContentApiConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // The config and the clock are read across feature modules.
      global: true,
      imports: [
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
        }),
        DatabaseModule.forRoot(contentDatabaseOptions(config)),
        EventsModule.forRoot(config.natsOptions('content-api')),
        AuthModule.forRoot(config.authOptions()),
        HealthModule,
        ProjectionModule,
        AccessModule,
        ArticlesModule,
        PricesModule,
        ReportsModule,
        MeModule,
      ],
      providers: [
        { provide: ContentApiConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [ContentApiConfig, Clock],
    };
  }
}
