import { Module } from '@nestjs/common';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { ContentApisModule } from '../content-apis/content-apis.module.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap.js';
import { SecretHasher } from './secret-hasher.js';
import { SystemAccountsController } from './system-accounts.controller.js';
import { SystemAccountsRepository } from './system-accounts.repository.js';
import { SystemAccountsService } from './system-accounts.service.js';

@Module({
  imports: [EnterprisesModule, ContentApisModule],
  controllers: [SystemAccountsController],
  providers: [
    SystemAccountsService,
    SystemAccountsRepository,
    PlatformAdminBootstrap,
    {
      provide: SecretHasher,
      useFactory: (config: AccountServiceConfig) => new SecretHasher(config.credentialsHashKeys()),
      inject: [AccountServiceConfig],
    },
  ],
  exports: [SystemAccountsRepository, SecretHasher],
})
export class SystemAccountsModule {}
