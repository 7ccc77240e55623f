export { Public } from '@charter/service-kit';
export { ACCESS_STATUS_CHECK, type AccessStatusCheck } from './access-status-check.js';
export { AuthModule } from './auth.module.js';
export { type AuthOptions } from './auth.options.js';
export {
  invalidToken,
  insufficientScope,
  insufficientUserAuthentication,
} from './bearer-errors.js';
export { type DpopOptions } from './auth.options.js';
export {
  DPOP_REPLAY_CACHE,
  type DpopReplayCache,
  InMemoryDpopReplayCache,
} from './dpop-replay-cache.js';
export * from './dpop.js';
export { CurrentPrincipal, Scopes } from './decorators.js';
export { type AccessTokenClaims, type Principal } from './principal.js';
export { ResourceServerEnv } from './resource-server-env.js';
export {
  type AcceptancePolicy,
  type AccessFacts,
  type AccessRefusal,
  type ClientFacts,
  type ClientStatus,
  type ContractFacts,
  type ContractStatus,
  type CredentialFacts,
  describeRefusal,
  type EnterpriseFacts,
  type EnterpriseStatus,
  factsNeeded,
  isCredentialUsable,
  isInForceAt,
  isUserToken,
  type TokenFacts,
  tokenRefusal,
  type UserFacts,
  type UserStatus,
} from './domain/token-acceptance.js';
