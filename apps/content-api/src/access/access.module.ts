import { ACCESS_STATUS_CHECK } from '@charter/auth';
import { Global, Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module.js';
import { RevocationModule } from '../revocation/revocation.module.js';
import { ContractAccessCheck } from './contract-access.check.js';

/** Global so that @charter/auth's token strategy finds the app's ACCESS_STATUS_CHECK. */
@Global()
@Module({
  imports: [ProjectionModule, RevocationModule],
  providers: [{ provide: ACCESS_STATUS_CHECK, useClass: ContractAccessCheck }],
  exports: [ACCESS_STATUS_CHECK],
})
export class AccessModule {}
