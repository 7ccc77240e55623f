import { createHttpApp, httpLimitsFrom, setupOpenApi } from '@charter/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppOptions } from './app.module.js';
import type { CatalogApiConfig } from './config/catalog-api.config.js';
import { mapDomainError } from './problems/map-domain-error.js';

/** The catalog API, ready to listen: reference data and ratings for contract holders, OpenAPI at /docs. */
export async function createApp(
  config: CatalogApiConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), {
    limits: httpLimitsFrom(config),
    mapDomainError,
  });
  setupOpenApi(app, {
    title: 'Charter catalog API',
    description:
      'Sample instrument reference data and credit ratings, delivered as far as the caller’s contract covers and only while it is in force. ' +
      'Every route needs a Bearer access token (RFC 9068) from the Charter authorization server, for this API’s resource indicator.',
    version: '1',
  });
  return app;
}
