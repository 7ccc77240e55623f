import { AuthModule } from '@charter/auth';
import { createLoggingModule, MetricsModule, metricsOptionsFrom } from '@charter/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { PartnerPortalConfig } from './config/partner-portal.config.js';
import { ContentModule } from './content/content.module.js';
import { PortalHealthController } from './health/portal-health.controller.js';
import { LoginModule } from './login/login.module.js';
import { PagesModule } from './pages/pages.module.js';

@Module({})
export class AppModule {
  static forRoot(config: PartnerPortalConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        MetricsModule.forRoot(metricsOptionsFrom(config, 'partner-portal')),
        createLoggingModule(config.LOG_LEVEL, {
          development: config.NODE_ENV !== 'production',
          file: config.LOG_FILE,
        }),
        AuthModule.forRoot(config.authOptions()),
        LoginModule,
        ContentModule,
        PagesModule,
      ],
      controllers: [PortalHealthController],
      providers: [{ provide: PartnerPortalConfig, useValue: config }],
      exports: [PartnerPortalConfig],
    };
  }
}
