import 'reflect-metadata';
import { loadConfigOrExit, runMigrationCommand } from '@charter/service-kit';
import { ContentApiConfig } from '../config/content-api.config.js';
import { contentDatabaseOptions } from './database-options.js';

// `migration:run` applies pending migrations; `migration:generate <name>` then writes
// a migration (into src/, run from the app folder) for what the entities still differ by.
const config = loadConfigOrExit(ContentApiConfig, process.env);
await runMigrationCommand(
  contentDatabaseOptions(config),
  process.argv.slice(2),
  new URL('../../src/database/migrations/', import.meta.url),
  'content-api',
);
