import { ResourceServerModule } from '@charter/resource-server';
import {
  type Clock,
  createLoggingModule,
  HealthModule,
  MetricsModule,
  metricsOptionsFrom,
} from '@charter/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module.js';
import { ContentApiConfig } from './config/content-api.config.js';
import { CONTENT_API } from './database/database-options.js';
import { MeModule } from './me/me.module.js';
import { PricesModule } from './prices/prices.module.js';
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
      // The config is read across feature modules.
      global: true,
      imports: [
        MetricsModule.forRoot(metricsOptionsFrom(config, 'content-api')),
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
        }),
        ResourceServerModule.forRoot(config, { ...CONTENT_API, clock: options.clock }),
        HealthModule,
        ArticlesModule,
        PricesModule,
        ReportsModule,
        MeModule,
      ],
      providers: [{ provide: ContentApiConfig, useValue: config }],
      exports: [ContentApiConfig],
    };
  }
}
