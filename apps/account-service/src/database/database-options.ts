import type { DatabaseOptions } from '@charter/service-kit';
import type { AccountServiceConfig } from '../config/account-service.config.js';
import { ACCOUNT_ENTITIES, ACCOUNTS_SCHEMA } from './entities.js';
import { ACCOUNT_MIGRATIONS } from './migrations/index.js';

/** The `accounts` schema: its entities and migrations (run at start and by `migration:run`). */
export function accountDatabaseOptions(config: AccountServiceConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    startupTimeoutMs: config.STARTUP_TIMEOUT_MS,
    migrate: config.MIGRATE_ON_START,
    schema: ACCOUNTS_SCHEMA,
    entities: ACCOUNT_ENTITIES,
    migrations: ACCOUNT_MIGRATIONS,
  };
}
