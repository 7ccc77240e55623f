import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, httpLimitsFrom } from '@charter/service-kit';
import { AppModule, type AppOptions } from './app.module.js';
import type { AuthServerConfig } from './config/auth-server.config.js';
import { renderOAuthEarlyError } from './oauth/oauth-early-error.js';

export async function createApp(
  config: AuthServerConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config, options), {
    limits: httpLimitsFrom(config),
    renderEarlyError: renderOAuthEarlyError,
  });
  // RFC 6749 §3.2 needs the raw form: the default parser folds repeated parameters and
  // decodes before we can check them, so the token endpoint gets the body as a string.
  // Registering it here also keeps Nest from adding its own parsers; Fastify's JSON parser stays.
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: config.HTTP_BODY_LIMIT },
    (_request, body, done) => {
      done(null, body.toString('utf8'));
    },
  );
  // The SSO session and CSRF cookies of the login, consent and logout pages.
  await app.register(fastifyCookie);
  return app;
}
