import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACCESS_STATUS_CHECK } from '@charter/auth';
import { ContractsModule } from '../contracts/contracts.module.js';
import { SystemAccountsModule } from '../system-accounts/system-accounts.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsAccessGuard } from './accounts-access.guard.js';
import { AdminAccessCheck } from './admin-access.check.js';

/**
 * Gives @charter/auth's token guard this service's own view of the caller
 * (ACCESS_STATUS_CHECK: its client must be active here), then decides who the caller
 * is and what it may touch (AccountsAccessGuard: platform admins, enterprise admins).
 */
@Global()
@Module({
  imports: [SystemAccountsModule, UsersModule, ContractsModule],
  providers: [
    { provide: ACCESS_STATUS_CHECK, useClass: AdminAccessCheck },
    { provide: APP_GUARD, useClass: AccountsAccessGuard },
  ],
  exports: [ACCESS_STATUS_CHECK],
})
export class AccessModule {}
