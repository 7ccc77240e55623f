import { createHttpApp, httpLimitsFrom, setupOpenApi } from '@charter/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppOptions } from './app.module.js';
import type { ContentApiConfig } from './config/content-api.config.js';
import { mapDomainError } from './problems/map-domain-error.js';

/** The content API, ready to listen: sample data for contract holders, OpenAPI at /docs. */
export async function createApp(
  config: ContentApiConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), {
    limits: httpLimitsFrom(config),
    mapDomainError,
  });
  setupOpenApi(app, {
    title: 'Charter content API',
    description:
      'Sample market data, delivered exactly as far as the caller’s contract covers and only while it is in force. ' +
      'Every route needs a Bearer access token (RFC 9068) from the Charter authorization server, for this API’s resource indicator.',
    version: '1',
  });
  return app;
}
