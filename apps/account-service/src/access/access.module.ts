import { Global, Module } from '@nestjs/common';
import { ACCESS_STATUS_CHECK } from '@charter/auth';
import { SystemAccountsModule } from '../system-accounts/system-accounts.module.js';
import { AdminAccessCheck } from './admin-access.check.js';

/** Gives @charter/auth's guard this service's own view of the caller (ACCESS_STATUS_CHECK). */
@Global()
@Module({
  imports: [SystemAccountsModule],
  providers: [{ provide: ACCESS_STATUS_CHECK, useClass: AdminAccessCheck }],
  exports: [ACCESS_STATUS_CHECK],
})
export class AccessModule {}
