import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, setupOpenApi } from '@charter/service-kit';
import { AppModule, type AppOptions } from './app.module.js';
import type { AccountServiceConfig } from './config/account-service.config.js';
import { mapDomainError } from './errors/map-domain-error.js';

/** The account service, ready to listen: the admin REST API under /v1, OpenAPI at /docs. */
export async function createApp(
  config: AccountServiceConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), { mapDomainError });
  acceptOnlyJsonBodies(app);
  setupOpenApi(app, {
    title: 'Charter account service',
    description:
      'The system of record for content APIs, enterprises, system accounts (OAuth clients) and contracts. ' +
      'Every route needs a Bearer access token (RFC 9068) from the Charter authorization server for this API, with the scope `accounts:admin`. ' +
      'Failures are RFC 9457 problem documents (`application/problem+json`).',
    version: '1',
  });
  return app;
}

/**
 * The admin API takes JSON only. Fastify parses text/plain by default and Nest adds a
 * form parser at init; either would hand a string or a flat object to validation (a
 * misleading 400). With JSON as the only parser, any other type is a 415.
 */
function acceptOnlyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Registering a parser through Nest also stops it from adding its own (form) parser at init.
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) =>
      parseJson(request as Parameters<typeof parseJson>[0], body.toString('utf8'), done),
  );
}
