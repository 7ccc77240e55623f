import { ACCESS_STATUS_CHECK } from '@charter/auth';
import { Global, Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module.js';
import { RevocationModule } from '../revocation/revocation.module.js';
import { AccessStateSync } from './access-state.sync.js';
import { CallerCoverage } from './caller-coverage.js';
import { ContractRateLimiter } from './contract-rate-limiter.js';
import { ContractAccessCheck } from './contract-access.check.js';
import { AccessState } from './domain/access-state.js';

/** Global so that @charter/auth's token strategy finds the app's ACCESS_STATUS_CHECK. */
@Global()
@Module({
  imports: [ProjectionModule, RevocationModule],
  providers: [
    { provide: AccessState, useFactory: () => new AccessState() },
    AccessStateSync,
    { provide: ACCESS_STATUS_CHECK, useClass: ContractAccessCheck },
    CallerCoverage,
    ContractRateLimiter,
  ],
  exports: [ACCESS_STATUS_CHECK, AccessStateSync, CallerCoverage, ContractRateLimiter],
})
export class AccessModule {}
