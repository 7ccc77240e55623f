import type { DatabaseOptions } from '@charter/service-kit';
import { AUTH_SCHEMA, type AuthServerConfig } from '../config/auth-server.config.js';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './entities.js';

/** The auth-server's database: its own `auth` schema, its entities and migrations. */
export function authDatabaseOptions(config: AuthServerConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    startupTimeoutMs: config.STARTUP_TIMEOUT_MS,
    migrate: config.MIGRATE_ON_START,
    schema: AUTH_SCHEMA,
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
  };
}
