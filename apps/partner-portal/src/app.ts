import fastifyCookie from '@fastify/cookie';
import { createHttpApp, httpLimitsFrom } from '@charter/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { PartnerPortalConfig } from './config/partner-portal.config.js';

/** The sample partner portal, ready to listen. */
export async function createApp(config: PartnerPortalConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config), { limits: httpLimitsFrom(config) });
  await app.register(fastifyCookie, { secret: config.PORTAL_COOKIE_SECRET });
  // The logout button is a plain HTML form; its body carries nothing the portal reads.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, _body, done) => {
        done(null, {});
      },
    );
  return app;
}
