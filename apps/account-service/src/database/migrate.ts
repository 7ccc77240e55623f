import 'reflect-metadata';
import { loadConfigOrExit, runMigrationCommand } from '@charter/service-kit';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { accountDatabaseOptions } from './database-options.js';

// `migration:run` applies pending migrations; `migration:generate <name>` then writes
// a migration (into src/, run from the app folder) for what the entities still differ by.
const config = loadConfigOrExit(AccountServiceConfig, process.env);
await runMigrationCommand(
  accountDatabaseOptions(config),
  process.argv.slice(2),
  new URL('../../src/database/migrations/', import.meta.url),
  'account-service',
);
