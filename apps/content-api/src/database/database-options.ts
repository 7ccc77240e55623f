import type { DatabaseOptions } from '@charter/service-kit';
import { CONTENT_SCHEMA, type ContentApiConfig } from '../config/content-api.config.js';
import { ContractEntity } from '../projection/contract.entity.js';
import { EnterpriseEntity } from '../projection/enterprise.entity.js';
import { SystemAccountEntity } from '../projection/system-account.entity.js';
import { UserEntity } from '../projection/user.entity.js';
import { RevokedTokenEntity } from '../revocation/revoked-token.entity.js';
import { CreateAccountProjection1764403200000 } from './migrations/1764403200000-create-account-projection.js';
import { CreateRevocationList1795949689452 } from './migrations/1795949689452-create-revocation-list.js';
import { AddContractDeletionAndUsers1795955930103 } from './migrations/1795955930103-add-contract-deletion-and-users.js';
import { AddContractDatasetsAndRateLimit1795960003760 } from './migrations/1795960003760-add-contract-datasets-and-rate-limit.js';
import { AddSystemAccounts1796658812624 } from './migrations/1796658812624-add-system-accounts.js';

/** The content schema: its entities and every migration, in order. */
export function contentDatabaseOptions(config: ContentApiConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    startupTimeoutMs: config.STARTUP_TIMEOUT_MS,
    migrate: config.MIGRATE_ON_START,
    schema: CONTENT_SCHEMA,
    entities: [
      ContractEntity,
      EnterpriseEntity,
      UserEntity,
      SystemAccountEntity,
      RevokedTokenEntity,
    ],
    migrations: [
      CreateAccountProjection1764403200000,
      CreateRevocationList1795949689452,
      AddContractDeletionAndUsers1795955930103,
      AddContractDatasetsAndRateLimit1795960003760,
      AddSystemAccounts1796658812624,
    ],
  };
}
