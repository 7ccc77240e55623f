import {
  CreateUsedDpopProofs1796980000002,
  accessStateDatabaseOptions,
  type ResourceServerModuleOptions,
} from '@charter/resource-server';
import type { DatabaseOptions } from '@charter/service-kit';
import { CONTENT_SCHEMA, type ContentApiConfig } from '../config/content-api.config.js';
import { CreateAccountProjection1764403200000 } from './migrations/1764403200000-create-account-projection.js';
import { CreateRevocationList1795949689452 } from './migrations/1795949689452-create-revocation-list.js';
import { AddContractDeletionAndUsers1795955930103 } from './migrations/1795955930103-add-contract-deletion-and-users.js';
import { AddContractDatasetsAndRateLimit1795960003760 } from './migrations/1795960003760-add-contract-datasets-and-rate-limit.js';
import { AddSystemAccounts1796658812624 } from './migrations/1796658812624-add-system-accounts.js';

/**
 * What this API tells @charter/resource-server: its name (durable consumers `content-api-*`), its
 * schema, and the schema's own migration history (the access state was this app's before the
 * package existed, so it keeps the five migrations that built it rather than the package's first;
 * the package's later ones follow).
 */
export const CONTENT_API: ResourceServerModuleOptions = {
  name: 'content-api',
  schema: CONTENT_SCHEMA,
  migrations: [
    CreateAccountProjection1764403200000,
    CreateRevocationList1795949689452,
    AddContractDeletionAndUsers1795955930103,
    AddContractDatasetsAndRateLimit1795960003760,
    AddSystemAccounts1796658812624,
    // The package's DPoP replay store (shared by the package's own history).
    CreateUsedDpopProofs1796980000002,
  ],
};

/** The content schema: the access state's entities and every migration, in order. */
export function contentDatabaseOptions(config: ContentApiConfig): DatabaseOptions {
  return accessStateDatabaseOptions(config, CONTENT_API);
}
