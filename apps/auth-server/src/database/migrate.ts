import 'reflect-metadata';
import { loadConfigOrExit, runMigrationCommand } from '@charter/service-kit';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { authDatabaseOptions } from './database-options.js';

// `migration:run` applies pending migrations; `migration:generate <name>` then writes
// a migration (into src/, run from the app folder) for what the entities still differ by.
const config = loadConfigOrExit(AuthServerConfig, process.env);
await runMigrationCommand(
  authDatabaseOptions(config),
  process.argv.slice(2),
  new URL('../../src/database/migrations/', import.meta.url),
  'auth-server',
);
