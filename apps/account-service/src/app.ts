import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, httpLimitsFrom, setupOpenApi } from '@charter/service-kit';
import { AppModule, type AppOptions } from './app.module.js';
import type { AccountServiceConfig } from './config/account-service.config.js';
import { mapDomainError } from './errors/map-domain-error.js';

/** The account service, ready to listen: the admin REST API under /v1, OpenAPI at /docs. */
export async function createApp(
  config: AccountServiceConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), {
    limits: httpLimitsFrom(config),
    mapDomainError,
  });
  setupOpenApi(app, {
    title: 'Charter account service',
    description:
      'The system of record for content APIs, enterprises, system accounts (OAuth clients) and contracts. ' +
      "Every route but the password-token redemption needs a Bearer access token (RFC 9068) from the Charter authorization server for this API: a client token with the scope `accounts:admin` (platform admins), or an enterprise admin's user token with `accounts:self`, limited to their own enterprise. " +
      'Failures are RFC 9457 problem documents (`application/problem+json`).',
    version: '1',
  });
  return app;
}
