import 'reflect-metadata';
import { loadConfigOrExit, openDataSource } from '@charter/service-kit';
import { ContentApiConfig } from '../config/content-api.config.js';
import { contentDatabaseOptions } from './database-options.js';

// `migration:run`: opening the data source runs every pending migration (migrationsRun).
const config = loadConfigOrExit(ContentApiConfig, process.env);
const dataSource = await openDataSource(contentDatabaseOptions(config));
await dataSource.destroy();
process.stdout.write('content-api: migrations are up to date\n');
