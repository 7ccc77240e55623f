import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACCESS_STATUS_CHECK } from '@charter/auth';
import { ContentApisModule } from '../content-apis/content-apis.module.js';
import { ContractsModule } from '../contracts/contracts.module.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { SystemAccountsModule } from '../system-accounts/system-accounts.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountAccessFacts } from './account-access-facts.js';
import { AccountsAccessGuard } from './accounts-access.guard.js';
import { AdminAccessCheck } from './admin-access.check.js';
import { RevocationListPruner } from './revocation/revocation-list.pruner.js';
import { RevocationListRepository } from './revocation/revocation-list.repository.js';
import { TokenRevocationsConsumer } from './revocation/token-revocations.consumer.js';

/**
 * Gives @charter/auth's token guard this service's own view of the caller
 * (ACCESS_STATUS_CHECK: the one acceptance rule, from this service's tables and the
 * revocation list it keeps from the auth-server's events), then decides who the caller
 * is and what it may touch (AccountsAccessGuard: platform admins, enterprise admins).
 */
@Global()
@Module({
  imports: [
    SystemAccountsModule,
    UsersModule,
    ContractsModule,
    EnterprisesModule,
    ContentApisModule,
  ],
  providers: [
    RevocationListRepository,
    TokenRevocationsConsumer,
    RevocationListPruner,
    AccountAccessFacts,
    { provide: ACCESS_STATUS_CHECK, useClass: AdminAccessCheck },
    { provide: APP_GUARD, useClass: AccountsAccessGuard },
  ],
  exports: [ACCESS_STATUS_CHECK, RevocationListPruner],
})
export class AccessModule {}
