import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceEnv } from '../config/service-env.js';
import { Metrics, type MetricsOptions } from './metrics.js';
import { MetricsServer } from './metrics-server.js';

/** The metrics options a service's validated environment sets. */
export function metricsOptionsFrom(config: ServiceEnv, service: string): MetricsOptions {
  return {
    service,
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    idLabels: config.METRICS_ID_LABELS,
  };
}

/**
 * The app's Metrics registry, global so any component can count, and its `/metrics` listener.
 * createHttpApp adds the per-route HTTP histogram when the app has it.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [{ provide: Metrics, useFactory: () => new Metrics(options) }, MetricsServer],
      exports: [Metrics, MetricsServer],
    };
  }
}
