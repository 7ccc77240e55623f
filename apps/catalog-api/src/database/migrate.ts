import 'reflect-metadata';
import { accessStateDatabaseOptions } from '@charter/resource-server';
import { loadConfigOrExit, runMigrationCommand } from '@charter/service-kit';
import { CATALOG_API } from '../app.module.js';
import { CatalogApiConfig } from '../config/catalog-api.config.js';

// `migration:run` applies pending migrations (the access state's, from @charter/resource-server).
const config = loadConfigOrExit(CatalogApiConfig, process.env);
await runMigrationCommand(
  accessStateDatabaseOptions(config, CATALOG_API),
  process.argv.slice(2),
  new URL('../../src/database/migrations/', import.meta.url),
  'catalog-api',
);
