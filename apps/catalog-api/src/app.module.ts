import { ResourceServerModule } from '@charter/resource-server';
import {
  type Clock,
  createLoggingModule,
  HealthModule,
  MetricsModule,
  metricsOptionsFrom,
} from '@charter/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { CATALOG_SCHEMA, type CatalogApiConfig } from './config/catalog-api.config.js';
import { InstrumentsModule } from './instruments/instruments.module.js';
import { RatingsModule } from './ratings/ratings.module.js';

export interface AppOptions {
  /** Tests move time; the service runs on the system clock. */
  readonly clock?: Clock;
}

/** What @charter/resource-server needs to know of this API beyond its environment. */
export const CATALOG_API = { name: 'catalog-api', schema: CATALOG_SCHEMA } as const;

@Module({})
export class AppModule {
  static forRoot(config: CatalogApiConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MetricsModule.forRoot(metricsOptionsFrom(config, 'catalog-api')),
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
        }),
        ResourceServerModule.forRoot(config, { ...CATALOG_API, clock: options.clock }),
        HealthModule,
        InstrumentsModule,
        RatingsModule,
      ],
    };
  }
}
