import type { DatabaseOptions } from '@charter/service-kit';
import { CONTENT_SCHEMA, type ContentApiConfig } from '../config/content-api.config.js';
import { ContractEntity } from '../projection/contract.entity.js';
import { EnterpriseEntity } from '../projection/enterprise.entity.js';
import { CreateAccountProjection1764403200000 } from './migrations/1764403200000-create-account-projection.js';

/** The content schema: its entities and every migration, in order. */
export function contentDatabaseOptions(config: ContentApiConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    schema: CONTENT_SCHEMA,
    entities: [ContractEntity, EnterpriseEntity],
    migrations: [CreateAccountProjection1764403200000],
  };
}
