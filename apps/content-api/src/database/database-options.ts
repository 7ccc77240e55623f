import type { DatabaseOptions } from '@charter/service-kit';
import { CONTENT_SCHEMA, type ContentApiConfig } from '../config/content-api.config.js';
import { ContractEntity } from '../projection/contract.entity.js';
import { EnterpriseEntity } from '../projection/enterprise.entity.js';
import { RevokedTokenEntity } from '../revocation/revoked-token.entity.js';
import { CreateAccountProjection1764403200000 } from './migrations/1764403200000-create-account-projection.js';
import { CreateRevocationList1795949689452 } from './migrations/1795949689452-create-revocation-list.js';

/** The content schema: its entities and every migration, in order. */
export function contentDatabaseOptions(config: ContentApiConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    schema: CONTENT_SCHEMA,
    entities: [ContractEntity, EnterpriseEntity, RevokedTokenEntity],
    migrations: [CreateAccountProjection1764403200000, CreateRevocationList1795949689452],
  };
}
