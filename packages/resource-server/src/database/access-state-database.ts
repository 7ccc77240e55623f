import type { DatabaseOptions } from '@charter/service-kit';
import type { ContractApiEnv } from '../contract-api-env.js';
import { ContractEntity } from '../projection/contract.entity.js';
import { EnterpriseEntity } from '../projection/enterprise.entity.js';
import { SystemAccountEntity } from '../projection/system-account.entity.js';
import { UserEntity } from '../projection/user.entity.js';
import type { ResourceServerModuleOptions } from '../resource-server.options.js';
import { RevokedTokenEntity } from '../revocation/revoked-token.entity.js';
import { CreateAccessState1796716800000 } from './migrations/1796716800000-create-access-state.js';
import { CreateUsedDpopProofs1796980000002 } from './migrations/1796980000002-create-used-dpop-proofs.js';

/** The tables of the access-state projection, in the API's own schema. */
export const ACCESS_STATE_ENTITIES = [
  ContractEntity,
  EnterpriseEntity,
  UserEntity,
  SystemAccountEntity,
  RevokedTokenEntity,
] as const;

/** The history of a new API's schema: the access state as it is today, in one step. */
export const ACCESS_STATE_MIGRATIONS = [
  CreateAccessState1796716800000,
  CreateUsedDpopProofs1796980000002,
] as const;

/** The API's database: its schema, the access state's entities and its own, the migrations. */
export function accessStateDatabaseOptions(
  config: ContractApiEnv,
  options: ResourceServerModuleOptions,
): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    startupTimeoutMs: config.STARTUP_TIMEOUT_MS,
    migrate: config.MIGRATE_ON_START,
    schema: options.schema,
    entities: [...ACCESS_STATE_ENTITIES, ...(options.entities ?? [])],
    migrations: [...(options.migrations ?? ACCESS_STATE_MIGRATIONS)],
  };
}
