export { AccessStateSync } from './access/access-state.sync.js';
export { CallerCoverage } from './access/caller-coverage.js';
export { ContractAccessCheck } from './access/contract-access.check.js';
export { ContractEnforcementGuard } from './access/contract-enforcement.guard.js';
export { ContractRateLimiter, type RateLimitDecision } from './access/contract-rate-limiter.js';
export { DatasetNotCovered } from './access/dataset.errors.js';
export { Datasets, DATASETS_KEY } from './access/datasets.decorator.js';
export { AccessState, type Versioned } from './access/domain/access-state.js';
export { ALL_DATASETS, type Coverage, coverageOf, covers } from './access/domain/coverage.js';
export { EnforcementOutcomes } from './access/enforcement-outcomes.js';
export { ContractApiEnv } from './contract-api-env.js';
export {
  ACCESS_STATE_ENTITIES,
  ACCESS_STATE_MIGRATIONS,
  accessStateDatabaseOptions,
} from './database/access-state-database.js';
export { CreateUsedDpopProofs1796980000002 } from './database/migrations/1796980000002-create-used-dpop-proofs.js';
export { AccountEventsConsumer } from './projection/account-events.consumer.js';
export { ContractEntity } from './projection/contract.entity.js';
export { EnterpriseEntity } from './projection/enterprise.entity.js';
export { isProjectionCommand, runProjectionCommand } from './projection/projection.command.js';
export { SystemAccountEntity } from './projection/system-account.entity.js';
export { UserEntity } from './projection/user.entity.js';
export type { EnforcementOutcome, EnforcementRefusal } from './refusals.js';
export { ResourceServerModule } from './resource-server.module.js';
export {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerModuleOptions,
  type ResourceServerSettings,
} from './resource-server.options.js';
export { RevocationListPruner } from './revocation/revocation-list.pruner.js';
export { RevokedTokenEntity } from './revocation/revoked-token.entity.js';
export { TokenRevocationsConsumer } from './revocation/token-revocations.consumer.js';
export { UsageFlusher } from './usage/usage-flusher.js';
export { UsageMeter } from './usage/usage-meter.js';
// What an API's controllers use, re-exported so one import is enough.
export { CurrentPrincipal, type Principal, Public, Scopes } from '@charter/auth';
// The public local-development event keys (an API's config defaults; refused in production).
export { LOCAL_EVENT_SIGNING_KEYS } from '@charter/events';
